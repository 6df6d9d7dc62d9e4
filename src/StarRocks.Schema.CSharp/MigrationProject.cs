using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.FSharp.Collections;
using Core = StarRocks.Schema;
using Db = StarRocks.Schema.Database;

namespace StarRocks.Schema.CSharp;

/// <summary>Thrown when a migrations project cannot be read, or its revisions do not replay.</summary>
public sealed class MigrationProjectException : Exception
{
    internal MigrationProjectException(IReadOnlyList<string> errors)
        : base(Db.Connection.redact(string.Join(Environment.NewLine, errors)))
    {
        Errors = errors.Select(Db.Connection.redact).ToList();
    }

    /// <summary>Every problem, naming its file.</summary>
    public IReadOnlyList<string> Errors { get; }
}

/// <summary>A revision file of a migrations project.</summary>
public sealed class MigrationRevision
{
    internal MigrationRevision(Db.Revision revision)
    {
        Id = revision.Id;
        Parent = revision.Parent?.Value;
        Message = revision.Message;
        Path = revision.Path;
        Up = revision.Up.Select(s => s.Sql).ToList();
        Down = revision.Down.Select(s => s.Sql).ToList();
    }

    /// <summary>The revision id.</summary>
    public string Id { get; }

    /// <summary>The parent revision's id; null for the first.</summary>
    public string? Parent { get; }

    /// <summary>The message.</summary>
    public string Message { get; }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The up statements, without their ';'.</summary>
    public IReadOnlyList<string> Up { get; }

    /// <summary>The down statements, without their ';'.</summary>
    public IReadOnlyList<string> Down { get; }
}

/// <summary>A migrations project (<c>srschema.json</c>, a model folder, a migrations folder, as <c>srschema init</c>
/// makes): its revisions, the SQL between two of them, the offline check, and upgrade and downgrade against a server,
/// which record every statement in the history table and resume where a failed run stopped.</summary>
public sealed class MigrationProject
{
    private readonly Db.MigrationProject project;

    private MigrationProject(Db.MigrationProject project)
    {
        this.project = project;
        Revisions = project.Chain.Select(r => new MigrationRevision(r)).ToList();
    }

    /// <summary>Reads a project folder; throws <see cref="MigrationProjectException"/> naming every problem.</summary>
    /// <param name="folder">The folder holding srschema.json.</param>
    public static MigrationProject Load(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        var loaded = Db.MigrationProjectModule.load(folder);
        return loaded.IsOk ? new MigrationProject(loaded.ResultValue) : throw new MigrationProjectException(loaded.ErrorValue.ToList());
    }

    /// <summary>The project folder.</summary>
    public string Folder => project.Folder;

    /// <summary>The database the project manages.</summary>
    public string Database => project.Config.Database;

    /// <summary>The revisions, oldest first.</summary>
    public IReadOnlyList<MigrationRevision> Revisions { get; }

    /// <summary>The model: the project's schema folder.</summary>
    public SchemaModel ReadModel() => SchemaParser.ParseFiles(Db.MigrationProjectModule.modelPath(project));

    /// <summary>The statements from one revision to another (what <c>srschema upgrade --sql FROM:TO</c> prints): up parts
    /// when <paramref name="to"/> is above <paramref name="from"/>, down parts, newest first, when below.</summary>
    /// <param name="from">base, head, a revision id or a unique prefix of one.</param>
    /// <param name="to">base, head, an id or prefix, or +N / -N relative to <paramref name="from"/>.</param>
    public string Script(string from = "base", string to = "head")
    {
        var f = Resolve(-1, from);
        var t = Resolve(f, to);
        var parts = t >= f
            ? project.Chain.Skip(f + 1).Take(t - f).Select(r => Tuple.Create(r, true))
            : project.Chain.Skip(t + 1).Take(f - t).Reverse().Select(r => Tuple.Create(r, false));
        return Db.Chain.script(ListModule.OfSeq(parts));
    }

    /// <summary>The offline check: every revision's up part, then its down part, gives back the schema before it, and
    /// the plan from the head to the model (empty when the model has no change the migrations lack); its warnings also
    /// name the statements the replay skipped because they change data or settings, not the schema. Throws
    /// <see cref="MigrationProjectException"/> naming the first revision that does not replay.</summary>
    public MigrationPlan CheckOffline()
    {
        var checkedProject = Db.MigrationProjectModule.checkOffline(project, ReadModel().AsFSharp);
        return checkedProject.IsOk
            ? new MigrationPlan(checkedProject.ResultValue.Item2, checkedProject.ResultValue.Item3)
            : throw new MigrationProjectException(new[] { checkedProject.ErrorValue });
    }

    /// <summary>The revision the database is at (null: base), from its history table; only a history table that does
    /// not exist means base. Throws <see cref="MigrationHistoryException"/> when the history cannot be read or makes no
    /// sense for this chain.</summary>
    /// <param name="server">The server; null for the one srschema.json names.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    public async Task<string?> CurrentAsync(StarRocksDatabase? server = null, CancellationToken cancellationToken = default)
    {
        var settings = Settings(server);
        await using var session = new Db.MySqlSession(settings);
        var status = await Db.Migrator.readStatus(session, project, cancellationToken).ConfigureAwait(false);
        return status.IsOk ? IdAt(status.ResultValue.Current) : throw MigrationErrors.ToException(settings, status.ErrorValue, cancellationToken);
    }

    /// <summary>Upgrades the database to a revision (head by default): only up parts run, never a down part. Each
    /// statement is journaled in the history table (an intent before it, its outcome after), every schema-change job is
    /// waited for, and a run that stopped resumes at the statement where it stopped, reading the server first when that
    /// statement may have run. Returns the revision reached.</summary>
    /// <param name="target">head, an id or prefix, or +N.</param>
    /// <param name="server">The server; null for the one srschema.json names.</param>
    /// <param name="progress">Receives one line per event, or null.</param>
    /// <param name="cancellationToken">Stops between statements and during job waits; where it stopped is recorded and
    /// <see cref="OperationCanceledException"/> is thrown.</param>
    /// <exception cref="MigrationRefusedException">The target lies below the database, or the history does not allow
    /// the command; nothing ran.</exception>
    /// <exception cref="MigrationStatementException">A statement failed or could not be recognised.</exception>
    /// <exception cref="MigrationHistoryException">The history table could not be read or written, or the lease is held.</exception>
    public Task<string?> UpgradeAsync(string target = "head", StarRocksDatabase? server = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default) =>
        Migrate(target, Db.Direction.Up, server, progress, cancellationToken);

    /// <summary>Downgrades the database to a revision (base, an id or prefix, or -N): only down parts run, newest first,
    /// journaled like <see cref="UpgradeAsync"/>. Returns the revision reached (null: base).</summary>
    /// <param name="target">base, an id or prefix, or -N.</param>
    /// <param name="server">The server; null for the one srschema.json names.</param>
    /// <param name="progress">Receives one line per event, or null.</param>
    /// <param name="cancellationToken">Stops between statements and during job waits (see <see cref="UpgradeAsync"/>).</param>
    /// <exception cref="MigrationRefusedException">The target lies above the database, or the history does not allow
    /// the command; nothing ran.</exception>
    /// <exception cref="MigrationStatementException">A statement failed or could not be recognised.</exception>
    /// <exception cref="MigrationHistoryException">The history table could not be read or written, or the lease is held.</exception>
    public Task<string?> DowngradeAsync(string target, StarRocksDatabase? server = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default) =>
        Migrate(target, Db.Direction.Down, server, progress, cancellationToken);

    private async Task<string?> Migrate(string target, Db.Direction direction, StarRocksDatabase? server, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var parsed = Db.TargetModule.parse(target);
        if (parsed.IsError)
        {
            throw new ArgumentException(parsed.ErrorValue, nameof(target));
        }

        var settings = Settings(server);
        await using var session = new Db.MySqlSession(settings);
        var info = await Db.Reflect.server(session, cancellationToken).ConfigureAwait(false);
        if (info.IsError)
        {
            throw new StarRocksException($"{Db.Connection.display(settings)}: {Db.SessionErrorModule.describe(info.ErrorValue)}");
        }

        foreach (var warning in info.ResultValue.Warnings)
        {
            progress?.Report("warning: " + warning);
        }

        var report = Microsoft.FSharp.Core.FuncConvert.FromAction<Tuple<string, Db.Direction, Db.ExecutionEvent>>(
            e => progress?.Report($"{e.Item1} {Db.DirectionModule.label(e.Item2)}: {e.Item3}"));
        // the lease is renewed on a second connection while a long statement runs
        var options = Db.MigratorOptionsModule.renewingOn(
            Microsoft.FSharp.Core.FuncConvert.FromFunc<Db.ISession>(() => new Db.MySqlSession(settings)),
            Db.MigratorOptionsModule.forProject(project.Config, Db.MigratorOptionsModule.defaults));
        var result = await Db.Migrator.migrate(session, project, options, info.ResultValue, direction, parsed.ResultValue, report, cancellationToken).ConfigureAwait(false);
        return result.IsOk ? IdAt(result.ResultValue.Reached) : throw MigrationErrors.ToException(settings, result.ErrorValue, cancellationToken);
    }

    private string? IdAt(int index) => Db.Chain.idAt(project.Chain, index)?.Value;

    private Db.ConnectionSettings Settings(StarRocksDatabase? server)
    {
        if (server is not null)
        {
            return Db.MigrationProjectModule.onDatabase(project.Config, server.Settings);
        }

        var settings = Db.MigrationProjectModule.serverSettings(project.Config);
        return settings.IsOk ? settings.ResultValue : throw new MigrationProjectException(new[] { settings.ErrorValue });
    }

    private int Resolve(int current, string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var index = Db.MigrationPlanner.resolveText(project.Chain, current, target);
        return index.IsOk ? index.ResultValue : throw new ArgumentException(index.ErrorValue, nameof(target));
    }
}

/// <summary>Why a migration command was refused before anything ran.</summary>
public enum MigrationRefusal
{
    /// <summary>The target names no revision, several, or lies beyond the history.</summary>
    UnknownTarget,

    /// <summary>The target lies the other way (upgrade to an older revision, downgrade to a newer one).</summary>
    WrongDirection,

    /// <summary>A revision stopped part-way in the other direction.</summary>
    PartialInOtherDirection,

    /// <summary>Recorded revisions were edited since they ran.</summary>
    EditedRevisions,

    /// <summary>The database has revisions the migrations folder does not.</summary>
    UnknownRevisions,

    /// <summary>The history table holds a state this chain cannot reach.</summary>
    InconsistentHistory,

    /// <summary>The target would leave a revision stopped part-way in the command's direction.</summary>
    TargetLeavesPartial,
}

/// <summary>A migration command was refused by the planner: nothing was sent to the server.</summary>
public sealed class MigrationRefusedException : InvalidOperationException
{
    internal MigrationRefusedException(MigrationRefusal reason, string message)
        : base(Db.Connection.redact(message))
    {
        Reason = reason;
    }

    /// <summary>Why.</summary>
    public MigrationRefusal Reason { get; }
}

/// <summary>The history table could not be read or written, or another run holds its lease.</summary>
public sealed class MigrationHistoryException : Exception
{
    internal MigrationHistoryException(string message, bool leaseHeld)
        : base(Db.Connection.redact(message))
    {
        LeaseHeld = leaseHeld;
    }

    /// <summary>True when another run holds (or just took) the lease: try again later.</summary>
    public bool LeaseHeld { get; }
}

/// <summary>A statement of a revision failed, or an earlier run's statement could not be recognised on the server.</summary>
public sealed class MigrationStatementException : Exception
{
    internal MigrationStatementException(string message, string revision, bool upgrading, int statement, bool mayHaveRun)
        : base(Db.Connection.redact(message))
    {
        Revision = revision;
        Upgrading = upgrading;
        Statement = statement;
        MayHaveRun = mayHaveRun;
    }

    /// <summary>The revision.</summary>
    public string Revision { get; }

    /// <summary>True for its up part, false for its down part.</summary>
    public bool Upgrading { get; }

    /// <summary>The statement's 1-based index in the part.</summary>
    public int Statement { get; }

    /// <summary>True when it may have run: the next run reads the server before sending anything (or, when the server
    /// cannot tell, stops until it is settled by hand).</summary>
    public bool MayHaveRun { get; }
}

internal static class MigrationErrors
{
    internal static Exception ToException(Db.ConnectionSettings settings, Db.MigrationError error, CancellationToken cancellationToken)
    {
        var message = Db.MigrationErrorModule.describe(error);

        // the run's own error decides the kind; a lease left behind is only in the message
        var cause = error is Db.MigrationError.LeaseLeftBehind left ? left.error : error;
        return cause switch
        {
            Db.MigrationError.PlanRefused refused => new MigrationRefusedException(Reason(refused.Item), message),
            Db.MigrationError.LeaseHeld or Db.MigrationError.LeaseLost or Db.MigrationError.LeaseTakenOver => new MigrationHistoryException(message, leaseHeld: true),
            Db.MigrationError.HistoryUnreadable or Db.MigrationError.HistoryWriteFailed or Db.MigrationError.LeaseNotReleased
                => new MigrationHistoryException($"{Db.Connection.display(settings)}: {message}", leaseHeld: false),
            Db.MigrationError.StatementFailed failed => new MigrationStatementException(
                message, failed.revision, failed.direction.IsUp, failed.index, Db.ExecutionErrorModule.mayHaveRun(failed.error)),
            Db.MigrationError.OutcomeUndecided undecided => new MigrationStatementException(
                message, undecided.revision, undecided.direction.IsUp, undecided.index, mayHaveRun: true),
            Db.MigrationError.MigrationCancelled or { IsCancelledBeforeStart: true } => new OperationCanceledException(message, cancellationToken),
            _ => new StarRocksException($"{Db.Connection.display(settings)}: {message}"),
        };
    }

    private static MigrationRefusal Reason(Db.Refusal refusal) => refusal switch
    {
        Db.Refusal.UnknownTarget => MigrationRefusal.UnknownTarget,
        Db.Refusal.WrongDirection => MigrationRefusal.WrongDirection,
        Db.Refusal.PartialInOtherDirection => MigrationRefusal.PartialInOtherDirection,
        Db.Refusal.EditedRevisions => MigrationRefusal.EditedRevisions,
        Db.Refusal.UnknownRevisions => MigrationRefusal.UnknownRevisions,
        Db.Refusal.InconsistentHistory => MigrationRefusal.InconsistentHistory,
        Db.Refusal.TargetLeavesPartial => MigrationRefusal.TargetLeavesPartial,
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, "a refusal the facade does not know"),
    };
}
