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
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
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
    /// the plan from the head to the model (empty when the model has no change the migrations lack). Throws
    /// <see cref="MigrationProjectException"/> naming the first revision that does not replay.</summary>
    public MigrationPlan CheckOffline()
    {
        var checkedProject = Db.MigrationProjectModule.checkOffline(project, ReadModel().AsFSharp);
        return checkedProject.IsOk
            ? new MigrationPlan(checkedProject.ResultValue.Item2)
            : throw new MigrationProjectException(new[] { checkedProject.ErrorValue });
    }

    /// <summary>The revision the database is at (null: base), from its history table.</summary>
    /// <param name="server">The server; null for the one srschema.json names.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    public async Task<string?> CurrentAsync(StarRocksDatabase? server = null, CancellationToken cancellationToken = default)
    {
        var settings = Settings(server);
        await using var session = new Db.MySqlSession(settings);
        var status = await ReadStatus(session, settings, cancellationToken).ConfigureAwait(false);
        return IdAt(status.Current);
    }

    /// <summary>Upgrades the database to a revision (head by default): each statement runs in order, every
    /// schema-change job is waited for, and the history table records each one; a run that failed resumes at the
    /// statement that failed. Returns the revision reached.</summary>
    /// <param name="target">head, an id or prefix, or +N.</param>
    /// <param name="server">The server; null for the one srschema.json names.</param>
    /// <param name="progress">Receives one line per event, or null.</param>
    /// <param name="cancellationToken">Cancels between and during waits.</param>
    public Task<string?> UpgradeAsync(string target = "head", StarRocksDatabase? server = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default) =>
        Migrate(target, up: true, server, progress, cancellationToken);

    /// <summary>Downgrades the database to a revision (base, an id or prefix, or -N), running down parts newest
    /// first. Returns the revision reached (null: base).</summary>
    /// <param name="target">base, an id or prefix, or -N.</param>
    /// <param name="server">The server; null for the one srschema.json names.</param>
    /// <param name="progress">Receives one line per event, or null.</param>
    /// <param name="cancellationToken">Cancels between and during waits.</param>
    public Task<string?> DowngradeAsync(string target, StarRocksDatabase? server = null, IProgress<string>? progress = null, CancellationToken cancellationToken = default) =>
        Migrate(target, up: false, server, progress, cancellationToken);

    private async Task<string?> Migrate(string target, bool up, StarRocksDatabase? server, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var settings = Settings(server);
        await using var session = new Db.MySqlSession(settings);
        var status = await ReadStatus(session, settings, cancellationToken).ConfigureAwait(false);
        var index = Resolve(status.Current, target);
        if (up ? index < status.Current : index > status.Current)
        {
            throw new ArgumentException($"{(up ? "upgrade goes up" : "downgrade goes down")}: {target} is {(up ? "below" : "above")} the current revision", nameof(target));
        }

        var options = await Db.MigrationProjectModule.serverOptions(session, project.Config, cancellationToken).ConfigureAwait(false);
        if (options.IsError)
        {
            throw new StarRocksException($"{Db.Connection.display(settings)}: {Db.SessionErrorModule.describe(options.ErrorValue)}");
        }

        foreach (var warning in options.ResultValue.Item2)
        {
            progress?.Report("warning: " + warning);
        }

        var report = Microsoft.FSharp.Core.FuncConvert.FromAction<Tuple<string, string, Db.ExecutionEvent>>(e => progress?.Report($"{e.Item1} {e.Item2}: {e.Item3}"));
        var result = await Db.Migrator.migrate(session, project.Config, Db.MigratorOptionsModule.defaults, options.ResultValue.Item1, project.Chain, index, report, cancellationToken).ConfigureAwait(false);
        return result.IsOk ? IdAt(result.ResultValue) : throw new StarRocksException(result.ErrorValue);
    }

    private async Task<Db.MigrationStatus> ReadStatus(Db.MySqlSession session, Db.ConnectionSettings settings, CancellationToken cancellationToken)
    {
        var status = await Db.Migrator.readStatus(session, project, cancellationToken).ConfigureAwait(false);
        return status.IsOk
            ? status.ResultValue
            : throw new StarRocksException($"{Db.Connection.display(settings)}: {Db.SessionErrorModule.describe(status.ErrorValue)}");
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
        var index = Db.Chain.resolve(project.Chain, current, target);
        return index.IsOk ? index.ResultValue : throw new ArgumentException(index.ErrorValue, nameof(target));
    }
}
