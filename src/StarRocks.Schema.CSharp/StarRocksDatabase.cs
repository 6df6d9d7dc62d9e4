using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.FSharp.Collections;
using Core = StarRocks.Schema;
using Db = StarRocks.Schema.Database;

namespace StarRocks.Schema.CSharp;

/// <summary>Thrown when a server cannot be reached, read or changed as planned.</summary>
public sealed class StarRocksException : Exception
{
    internal StarRocksException(string message)
        : base(Db.Connection.redact(message))
    {
    }
}

/// <summary>A live StarRocks database: read it, verify it against a model, apply a plan to it.</summary>
public sealed class StarRocksDatabase
{
    private readonly Db.ConnectionSettings settings;

    private StarRocksDatabase(Db.ConnectionSettings settings) => this.settings = settings;

    /// <summary>A database from <c>starrocks://user:password@host:port/database</c> (password URL-encoded).</summary>
    /// <param name="url">The URL.</param>
    public static StarRocksDatabase FromUrl(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var parsed = Db.Connection.parseUrl(url);
        return parsed.IsOk ? new StarRocksDatabase(parsed.ResultValue) : throw new ArgumentException(Db.Connection.redact(parsed.ErrorValue), nameof(url));
    }

    internal Db.ConnectionSettings Settings => settings;

    /// <summary>Where it points (never the password).</summary>
    public string Display => Db.Connection.display(settings);

    /// <summary>Reads every table, view and materialized view; the settings carry the server's release and run mode.</summary>
    /// <param name="cancellationToken">Cancels the reading.</param>
    public async Task<(SchemaModel Schema, DiffSettings Settings)> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var session = new Db.MySqlSession(settings);
        var result = await Db.Reflect.database(ListModule.Singleton<Db.ISession>(session), settings.Database, cancellationToken).ConfigureAwait(false);
        if (result.IsError)
        {
            throw new StarRocksException($"{Display}: {result.ErrorValue}");
        }

        var read = result.ResultValue;
        var diff = new DiffSettings(Db.ServerInfoModule.diffOptions(settings.Database, read.Server));
        return (new SchemaModel(read.Schema), diff);
    }

    /// <summary>The plan from what the database has to a model: empty when they match. One call for an application's
    /// own tests: <c>Assert.True((await db.VerifyAsync(model)).IsEmpty)</c>.</summary>
    /// <param name="model">The schema the database should have.</param>
    /// <param name="cancellationToken">Cancels the reading.</param>
    public async Task<MigrationPlan> VerifyAsync(SchemaModel model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (live, diff) = await ReadAsync(cancellationToken).ConfigureAwait(false);
        return SchemaDiff.Plan(live, model, diff);
    }

    /// <summary>Runs a plan made from this database's current schema: one statement at a time, waiting for every
    /// schema-change and OPTIMIZE job, retrying busy tables. Returns the number of statements run.</summary>
    /// <param name="actual">The schema the plan was made from (from <see cref="ReadAsync"/>).</param>
    /// <param name="plan">The plan.</param>
    /// <param name="progress">Receives one line per event (statement started, job state, retry), or null.</param>
    /// <param name="cancellationToken">Cancels between and during waits.</param>
    public async Task<int> ApplyAsync(SchemaModel actual, MigrationPlan plan, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actual);
        ArgumentNullException.ThrowIfNull(plan);
        await using var session = new Db.MySqlSession(settings);
        var options = DiffSettings.Default.WithDefaultDatabase(settings.Database).AsFSharp;
        var report = Microsoft.FSharp.Core.FuncConvert.FromAction<Db.ExecutionEvent>(e => progress?.Report(e.ToString()));
        var result = await Db.Executor.run(session, Db.ExecutorOptionsModule.defaults, options, settings.Database, actual.AsFSharp, plan.AsFSharp, report, cancellationToken).ConfigureAwait(false);
        return result.IsOk ? result.ResultValue : throw new StarRocksException(Db.ExecutionErrorModule.describe(result.ErrorValue));
    }
}
