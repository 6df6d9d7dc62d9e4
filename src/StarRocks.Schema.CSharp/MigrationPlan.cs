using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;
using Core = StarRocks.Schema;

namespace StarRocks.Schema.CSharp;

/// <summary>What a step costs and risks.</summary>
public enum StepRisk
{
    /// <summary>Metadata only: instant, nothing rewritten, nothing lost.</summary>
    MetadataOnly,

    /// <summary>Data rewritten by an asynchronous job (or copied).</summary>
    Rewrite,

    /// <summary>Data or objects lost or rebuilt.</summary>
    Destructive,
}

/// <summary>The asynchronous job a step starts.</summary>
public enum StepJob
{
    /// <summary>No job.</summary>
    None,

    /// <summary>A schema-change job (SHOW ALTER TABLE COLUMN).</summary>
    Column,

    /// <summary>An OPTIMIZE job (SHOW ALTER TABLE OPTIMIZE).</summary>
    Optimize,

    /// <summary>A ROLLUP job building a synchronous materialized view (SHOW ALTER MATERIALIZED VIEW).</summary>
    Rollup,
}

/// <summary>StarRocks's run mode.</summary>
public enum RunMode
{
    /// <summary>Shared-nothing (the default).</summary>
    SharedNothing,

    /// <summary>Shared-data.</summary>
    SharedData,
}

/// <summary>One statement of a plan.</summary>
public sealed class MigrationStep
{
    internal MigrationStep(Core.Step step)
    {
        Sql = Core.PlanModule.statement(step);
        Risk = Convert(step.Risk);
        Job = step.Job.IsColumnJob ? StepJob.Column
            : step.Job.IsOptimizeJob ? StepJob.Optimize
            : step.Job.IsRollupJob ? StepJob.Rollup
            : StepJob.None;
        Kinds = step.Operations.Select(Core.OperationModule.kind).ToList();
        Target = Core.QualifiedNameModule.display(Core.OperationModule.target(step.Operations.Head));
        Notes = step.Notes.ToList();
    }

    internal static StepRisk Convert(Core.Risk risk) =>
        risk.IsDestructive ? StepRisk.Destructive : risk.IsRewrite ? StepRisk.Rewrite : StepRisk.MetadataOnly;

    /// <summary>The statement, ending with ';'.</summary>
    public string Sql { get; }

    /// <summary>The risk class.</summary>
    public StepRisk Risk { get; }

    /// <summary>The job it starts.</summary>
    public StepJob Job { get; }

    /// <summary>The operations it is (e.g. AddColumn; several for a batched ALTER TABLE).</summary>
    public IReadOnlyList<string> Kinds { get; }

    /// <summary>The object it changes (dotted name).</summary>
    public string Target { get; }

    /// <summary>Why it is there, when that is not plain from the statement.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>True when data or objects are lost or rebuilt.</summary>
    public bool IsDestructive => Risk == StepRisk.Destructive;

    /// <summary>A one-line description: risk, job and target.</summary>
    public string Description => $"{string.Join(", ", Kinds)} on {Target} ({Risk}, job {Job})";
}

/// <summary>One difference the diff found, and what it does about it.</summary>
public sealed class SchemaDifference
{
    internal SchemaDifference(Core.Difference d)
    {
        Object = Core.QualifiedNameModule.display(d.Object);
        Attribute = Core.DiffAttributeModule.text(d.Attribute);
        Before = d.Before;
        After = d.After;
        (Outcome, Reason) = d.Outcome switch
        {
            Core.Outcome.Ignored i => ("ignored", i.reason),
            Core.Outcome.Kept k => ("kept", k.reason),
            Core.Outcome.Warned w => ("warned", w.reason),
            var o when o.IsRebuilt => ("rebuilt", (string?)null),
            _ => ("altered", null),
        };
    }

    /// <summary>The object.</summary>
    public string Object { get; }

    /// <summary>The attribute, e.g. column `c` type.</summary>
    public string Attribute { get; }

    /// <summary>The actual value.</summary>
    public string Before { get; }

    /// <summary>The desired value.</summary>
    public string After { get; }

    /// <summary>altered, rebuilt, ignored, kept or warned.</summary>
    public string Outcome { get; }

    /// <summary>Why, for ignored, kept and warned differences.</summary>
    public string? Reason { get; }
}

/// <summary>The statements that turn one schema into another, in order, with what was found.</summary>
public sealed class MigrationPlan
{
    internal MigrationPlan(Core.Plan plan)
        : this(plan, Enumerable.Empty<string>())
    {
    }

    /// <summary>A plan with more warnings (what the offline replay skipped, say).</summary>
    internal MigrationPlan(Core.Plan plan, IEnumerable<string> moreWarnings)
    {
        AsFSharp = plan;
        Steps = plan.Steps.Select(s => new MigrationStep(s)).ToList();
        Differences = plan.Differences.Select(d => new SchemaDifference(d)).ToList();
        Warnings = Core.PlanModule.warnings(plan).Concat(moreWarnings).ToList();
    }

    /// <summary>The core F# value the facade works on.</summary>
    internal Core.Plan AsFSharp { get; }

    /// <summary>The steps, in the order to run them.</summary>
    public IReadOnlyList<MigrationStep> Steps { get; }

    /// <summary>Every difference found.</summary>
    public IReadOnlyList<SchemaDifference> Differences { get; }

    /// <summary>Non-default values kept under unset options, and changes StarRocks may refuse (for an offline check,
    /// also the revision statements the replay skipped).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>True when nothing needs to change.</summary>
    public bool IsEmpty => Steps.Count == 0;

    /// <summary>True when a step loses data or rebuilds an object.</summary>
    public bool HasDestructiveSteps => Steps.Any(s => s.IsDestructive);

    /// <summary>The script: every statement with its comment lines (notes, risk, job).</summary>
    public string ToSql() => Core.PlanModule.sql(AsFSharp);

    /// <summary>The documented JSON form.</summary>
    public string ToJson() => Core.PlanJson.serialize(AsFSharp);
}

/// <summary>What the diff assumes about the server and what the model declares; immutable, changed with With* methods.</summary>
public sealed class DiffSettings
{
    internal DiffSettings(Core.DiffOptions options) => AsFSharp = options;

    /// <summary>The newest known release, shared-nothing, no default database, no renames.</summary>
    public static DiffSettings Default { get; } = new(Core.DiffOptionsModule.defaults);

    /// <summary>The core F# value the facade works on.</summary>
    internal Core.DiffOptions AsFSharp { get; }

    /// <summary>The server release, e.g. "3.3.2".</summary>
    /// <param name="version">major.minor[.patch]</param>
    public DiffSettings WithServerVersion(string version)
    {
        var parsed = Core.ServerVersionModule.tryParse(version);
        return parsed.IsOk
            ? With(version: parsed.ResultValue)
            : throw new ArgumentException(parsed.ErrorValue, nameof(version));
    }

    /// <summary>The run mode.</summary>
    /// <param name="mode">Shared-nothing or shared-data.</param>
    public DiffSettings WithRunMode(RunMode mode) =>
        With(mode: mode == RunMode.SharedData ? Core.RunMode.SharedData : Core.RunMode.SharedNothing);

    /// <summary>The connection's database: names qualified with it equal unqualified ones.</summary>
    /// <param name="database">The database name.</param>
    public DiffSettings WithDefaultDatabase(string database) =>
        With(database: FSharpOption<Core.Name>.Some(Core.NameModule.create(database)));

    /// <summary>Declares that a table was renamed (renames are never guessed).</summary>
    /// <param name="table">The new name.</param>
    /// <param name="from">The old name.</param>
    public DiffSettings WithTableRenamed(string table, string from) =>
        WithRename(Core.Rename.NewTableRenamed(Core.QualifiedNameModule.ofName(Core.NameModule.create(table)), Core.NameModule.create(from)));

    /// <summary>Declares that a column was renamed.</summary>
    /// <param name="table">The table (its new name, when it was renamed too).</param>
    /// <param name="column">The column's new name.</param>
    /// <param name="from">Its old name.</param>
    public DiffSettings WithColumnRenamed(string table, string column, string from) =>
        WithRename(Core.Rename.NewColumnRenamed(Core.QualifiedNameModule.ofName(Core.NameModule.create(table)), Core.NameModule.create(column), Core.NameModule.create(from)));

    private DiffSettings WithRename(Core.Rename rename) =>
        With(renames: ListModule.Append(AsFSharp.Renames, ListModule.Singleton(rename)));

    // a copy with the given fields changed (null keeps a field as it is)
    private DiffSettings With(
        Core.ServerVersion? version = null,
        Core.RunMode? mode = null,
        FSharpOption<Core.Name>? database = null,
        FSharpList<Core.Rename>? renames = null) =>
        new(new Core.DiffOptions(
            version ?? AsFSharp.ServerVersion,
            mode ?? AsFSharp.RunMode,
            database ?? AsFSharp.DefaultDatabase,
            renames ?? AsFSharp.Renames,
            AsFSharp.ManagePartitions));
}

/// <summary>Compares schemas and plans the DDL between them.</summary>
public static class SchemaDiff
{
    /// <summary>The plan that turns <paramref name="actual"/> into <paramref name="desired"/>; renames declared in the
    /// desired model's SQL are used.</summary>
    /// <param name="actual">The schema as it is.</param>
    /// <param name="desired">The schema as it should be.</param>
    /// <param name="settings">Server release, run mode, renames; <see cref="DiffSettings.Default"/> when null.</param>
    public static MigrationPlan Plan(SchemaModel actual, SchemaModel desired, DiffSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(desired);
        var options = settings ?? DiffSettings.Default;
        return new MigrationPlan(Core.Diff.planModel(options.AsFSharp, actual.AsFSharp, desired.Model));
    }

    /// <summary>Extension form: <c>actual.DiffTo(desired)</c>.</summary>
    /// <param name="actual">The schema as it is.</param>
    /// <param name="desired">The schema as it should be.</param>
    /// <param name="settings">Server release, run mode, renames.</param>
    public static MigrationPlan DiffTo(this SchemaModel actual, SchemaModel desired, DiffSettings? settings = null) =>
        Plan(actual, desired, settings);
}
