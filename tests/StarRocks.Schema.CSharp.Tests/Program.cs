// The C# facade used the way a C# caller uses it, with a small runner (no test adapter is served here) that writes
// the "passed failed skipped" summary build.fsx sums into its one closing line.
using System.Reflection;
using System.Text;
using StarRocks.Schema.CSharp;

var tests = new List<(string Name, Action Body)>
{
    ("a SQL model parses and renders as canonical CREATE statements", () =>
    {
        var model = SchemaParser.Parse("CREATE TABLE t (id INT NOT NULL, v VARCHAR(10)) DUPLICATE KEY(id)");
        Check.Equal(new[] { "t" }, model.Tables.ToArray(), "tables");
        Check.Contains(model.ToSql(), "`v` varchar(10) COMMENT \"\"", "rendered");
        Check.Equal(model.ToSql(), SchemaParser.Parse(model.ToSql()).ToSql(), "stable");
    }),
    ("TryParse gives the place of the first error; Parse throws it with Line and Column", () =>
    {
        Check.True(!SchemaParser.TryParse("CREATE TABLE t (id FROBNICATE)", out var model, out var error), "fails");
        Check.True(model is null && error is not null, "out values");
        Check.Equal(1, error!.Line, "line");
        Check.Contains(error.Message, "FROBNICATE", "message");
        try
        {
            SchemaParser.Parse("CREATE TABLE t (\n  id FROBNICATE)", "schema.sql");
            throw new CheckFailed("expected an exception");
        }
        catch (SchemaParseException e)
        {
            Check.Equal(2, e.Line, "line of the exception");
            Check.Contains(e.Message, "schema.sql:2:", "message names the place");
        }
    }),
    ("a plan between two models has steps with SQL, risk and job, and the script and JSON forms", () =>
    {
        var actual = SchemaParser.Parse("CREATE TABLE t (id INT, a INT) DUPLICATE KEY(id); CREATE TABLE old (id INT)");
        var desired = SchemaParser.Parse("CREATE TABLE t (id INT, a BIGINT, b INT) DUPLICATE KEY(id)");
        var plan = actual.DiffTo(desired);
        Check.Equal(2, plan.Steps.Count, "steps");
        Check.True(plan.HasDestructiveSteps, "the drop is destructive");
        var batch = plan.Steps[0];
        Check.Equal(StepJob.Column, batch.Job, "one schema-change job");
        Check.Equal(StepRisk.Rewrite, batch.Risk, "rewrite");
        Check.Equal(new[] { "ModifyColumn", "AddColumn" }, batch.Kinds.ToArray(), "batched");
        Check.Contains(plan.ToSql(), "DROP TABLE `old`;", "script");
        using var json = System.Text.Json.JsonDocument.Parse(plan.ToJson());
        Check.Equal("destructive", json.RootElement.GetProperty("maxRisk").GetString(), "json");
        Check.True(SchemaDiff.Plan(desired, desired).IsEmpty, "no changes");
    }),
    ("renames the desired model's SQL declares (-- srschema:renamed-from) are used with no setting", () =>
    {
        var actual = SchemaParser.Parse("CREATE TABLE old_orders (id INT NOT NULL, cust INT) DUPLICATE KEY(id)");
        var desired = SchemaParser.Parse(
            "CREATE TABLE orders ( -- srschema:renamed-from old_orders\n  id INT NOT NULL,\n  customer INT -- srschema:renamed-from cust\n) DUPLICATE KEY(id)");
        Check.Equal(
            new[] { "ALTER TABLE `old_orders` RENAME `orders`;", "ALTER TABLE `orders` RENAME COLUMN `cust` TO `customer`;" },
            actual.DiffTo(desired).Steps.Select(s => s.Sql).ToArray(),
            "renamed, nothing dropped");
    }),
    ("settings: an older release rebuilds what a newer one alters; renames, the default database and the run mode are used", () =>
    {
        var actual = SchemaParser.Parse("CREATE TABLE t (id INT, old_c INT)");
        var desired = SchemaParser.Parse("CREATE TABLE t (id INT, new_c INT)");
        var renamed = SchemaDiff.Plan(actual, desired, DiffSettings.Default.WithColumnRenamed("t", "new_c", "old_c"));
        Check.Equal("ALTER TABLE `t` RENAME COLUMN `old_c` TO `new_c`;", renamed.Steps.Single().Sql, "renamed");
        var older = SchemaDiff.Plan(actual, desired, DiffSettings.Default.WithServerVersion("3.3.1").WithColumnRenamed("t", "new_c", "old_c"));
        Check.True(older.Steps.Any(s => s.Kinds.Contains("SwapTable")), "rebuilt on 3.3.1");
        Check.Throws<ArgumentException>(() => DiffSettings.Default.WithServerVersion("three"), "bad version");
        var qualified = SchemaParser.Parse("CREATE TABLE shop.t (id INT, old_c INT)");
        Check.True(!SchemaDiff.Plan(qualified, actual).IsEmpty, "shop.t and t differ without a default database");
        Check.True(SchemaDiff.Plan(qualified, actual, DiffSettings.Default.WithDefaultDatabase("shop")).IsEmpty, "the default database");
        var medium = SchemaParser.Parse("CREATE TABLE t (id INT, old_c INT) PROPERTIES (\"storage_medium\" = \"SSD\")");
        Check.True(!SchemaDiff.Plan(actual, medium).IsEmpty, "storage_medium differs shared-nothing");
        Check.True(SchemaDiff.Plan(actual, medium, DiffSettings.Default.WithRunMode(RunMode.SharedData)).IsEmpty, "and means nothing shared-data");
    }),
    ("the bundled example: files read, the plan from the old shop to the model", () =>
    {
        var root = Repository.Root();
        var actual = SchemaParser.ParseFiles(Path.Combine(root, "examples", "actual"));
        var desired = SchemaParser.ParseFiles(Path.Combine(root, "examples", "schema"));
        var plan = actual.DiffTo(desired);
        Check.Equal(7, plan.Steps.Count, "the same seven statements as srschema diff");
        Check.True(plan.Differences.Any(d => d.Outcome == "ignored" && d.Reason is not null), "explanations");
    }),
    ("an unreachable database fails within seconds, naming host and port, never the password", () =>
    {
        var db = StarRocksDatabase.FromUrl("starrocks://admin:s3cret@127.0.0.1:1/shop?connect_timeout=2&ssl=none");
        Check.Equal("admin@127.0.0.1:1/shop", db.Display, "display");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            db.ReadAsync().GetAwaiter().GetResult();
            throw new CheckFailed("expected an exception");
        }
        catch (StarRocksException e)
        {
            Check.Contains(e.Message, "127.0.0.1:1", "host and port");
            Check.True(!e.Message.Contains("s3cret"), "no password");
        }

        Check.True(watch.Elapsed.TotalSeconds < 15, "within seconds");
        Check.Throws<ArgumentException>(() => StarRocksDatabase.FromUrl("mysql://x/y"), "bad URL");
    }),
    ("builders declare the same models as SQL, and their plan is the same", () =>
    {
        var built = new SchemaBuilder()
            .Add(new TableBuilder("my_orm_table")
                .Column("id", "BIGINT", nullable: false, comment: "primary key")
                .Column("name", "VARCHAR(64)", nullable: false)
                .PrimaryKey("id")
                .DistributedByHash(4, "id")
                .Property("replication_num", "1"))
            .Add(new TableBuilder("my_core_table")
                .Column("dt", "DATE", nullable: false)
                .Column("user_id", "BIGINT", nullable: false)
                .Column("clicks", "BIGINT", defaultValue: "0", aggregate: AggregateFunction.Sum)
                .AggregateKey("dt", "user_id")
                .PartitionByDateTrunc("day", "dt")
                .DistributedByHash(null, "user_id"))
            .Add(new ViewBuilder("user_view", "SELECT id, name FROM my_orm_table").Comment("users"))
            .Add(new MaterializedViewBuilder("user_stats_mv", "SELECT user_id, sum(clicks) AS clicks FROM my_core_table GROUP BY user_id")
                .DistributedByHash(null, "user_id")
                .RefreshEvery(1, "hour"))
            .Build();
        var sql = SchemaParser.Parse("""
            CREATE TABLE my_orm_table (id BIGINT NOT NULL COMMENT 'primary key', name VARCHAR(64) NOT NULL)
              PRIMARY KEY (id) DISTRIBUTED BY HASH(id) BUCKETS 4 PROPERTIES ("replication_num" = "1");
            CREATE TABLE my_core_table (dt DATE NOT NULL, user_id BIGINT NOT NULL, clicks BIGINT SUM DEFAULT '0')
              AGGREGATE KEY (dt, user_id) PARTITION BY date_trunc('day', dt) DISTRIBUTED BY HASH(user_id);
            CREATE VIEW user_view COMMENT 'users' AS SELECT id, name FROM my_orm_table;
            CREATE MATERIALIZED VIEW user_stats_mv DISTRIBUTED BY HASH(user_id) REFRESH ASYNC EVERY (INTERVAL 1 HOUR)
              AS SELECT user_id, sum(clicks) AS clicks FROM my_core_table GROUP BY user_id;
            """);
        Check.Equal(sql.ToSql(), built.ToSql(), "the same models");
        Check.True(built.DiffTo(sql).IsEmpty, "no plan between them");
    }),
    ("builders cover every clause: column value sources, indexes, RANGE/LIST/expression partitions, view and MV options", () =>
    {
        var built = new SchemaBuilder()
            .Add(new TableBuilder("shop.events")
                .Temporary()
                .Column("id", "BIGINT", c => c.NotNull().AutoIncrement().Comment("surrogate"))
                .Column("dt", "DATETIME", c => c.NotNull().DefaultCurrentTimestamp())
                .Column("code", "VARCHAR(36)", c => c.DefaultExpression("uuid()"))
                .Column("note", "STRING", c => c.Null().DefaultNull())
                .Column("twice", "BIGINT", c => c.GeneratedAs("id * 2"))
                .PrimaryKey("id", "dt")
                .Index("idx_note", ["note"], IndexKind.Gin, new Dictionary<string, string> { ["parser"] = "english" }, comment: "full text")
                .PartitionByRange(["dt"], p => p
                    .LessThan("p2023", ["2024-01-01"], new Dictionary<string, string> { ["replication_num"] = "1" })
                    .Between("p2024", ["2024-01-01"], ["2025-01-01"])
                    .LessThan("pmax", [PartitionValue.MaxValue]))
                .DistributedByHash(4, "id")
                .OrderBy("dt"))
            .Add(new TableBuilder("cities")
                .Column("city", "VARCHAR(20)", nullable: false)
                .Column("country", "VARCHAR(20)", nullable: false)
                .Column("n", "INT")
                .DuplicateKey("city", "country")
                .PartitionByList(["city", "country"], p => p
                    .PartitionOfTuples("p_cn", [["Beijing", "CN"], ["Shanghai", "CN"]])
                    .PartitionOfTuples("p_us", [["NYC", "US"]], new Dictionary<string, string> { ["replication_num"] = "1" }))
                .DistributedByRandom(2))
            .Add(new TableBuilder("logs")
                .Column("ts", "DATETIME", nullable: false)
                .Column("kind", "VARCHAR(10)")
                .DuplicateKey("ts")
                .PartitionByList(["kind"], p => p.Partition("p_ab", ["a", "b"]).Partition("p_null", [PartitionValue.Null])))
            .Add(new TableBuilder("metrics")
                .Column("ts", "DATETIME", nullable: false)
                .Column("v", "PERCENTILE", aggregate: AggregateFunction.PercentileUnion)
                .AggregateKey("ts")
                .PartitionBy("time_slice(ts, INTERVAL 1 hour)"))
            .Add(new TableBuilder("nums")
                .Column("k", "INT", nullable: false)
                .DuplicateKey("k")
                .PartitionByRange(["k"], p => p.Batch("1", "100", 10)))
            .Add(new ViewBuilder("v_cities", "SELECT city, n FROM cities")
                .Column("city", "the city")
                .Column("n")
                .Comment("cities")
                .Security(ViewSecurity.Invoker))
            .Add(new MaterializedViewBuilder("mv_daily", "SELECT date_trunc('day', ts) AS d, count(*) AS c FROM logs GROUP BY 1")
                .Column("d")
                .Column("c", "rows")
                .Comment("daily")
                .PartitionBy("d")
                .DistributedByRandom()
                .OrderBy("d")
                .RefreshOnChange(start: "2026-01-01 00:00:00", moment: RefreshMoment.Deferred)
                .Property("replication_num", "1"))
            .Add(new MaterializedViewBuilder("mv_manual", "SELECT kind FROM logs").RefreshManual())
            .Add(new MaterializedViewBuilder("mv_hourly", "SELECT kind FROM logs").RefreshEvery(1, "hour", moment: RefreshMoment.Immediate).DistributedByHash(null, "kind"))
            .Build();
        var sql = SchemaParser.Parse("""
            CREATE TEMPORARY TABLE shop.events (
              id BIGINT NOT NULL AUTO_INCREMENT COMMENT 'surrogate',
              dt DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
              code VARCHAR(36) DEFAULT (uuid()),
              note STRING NULL DEFAULT NULL,
              twice BIGINT AS id * 2,
              INDEX idx_note (note) USING GIN ('parser' = 'english') COMMENT 'full text'
            )
            PRIMARY KEY (id, dt)
            PARTITION BY RANGE (dt) (
              PARTITION p2023 VALUES LESS THAN ('2024-01-01') ('replication_num' = '1'),
              PARTITION p2024 VALUES [('2024-01-01'), ('2025-01-01')),
              PARTITION pmax VALUES LESS THAN MAXVALUE
            )
            DISTRIBUTED BY HASH(id) BUCKETS 4
            ORDER BY (dt);
            CREATE TABLE cities (city VARCHAR(20) NOT NULL, country VARCHAR(20) NOT NULL, n INT)
            DUPLICATE KEY (city, country)
            PARTITION BY LIST (city, country) (
              PARTITION p_cn VALUES IN (('Beijing', 'CN'), ('Shanghai', 'CN')),
              PARTITION p_us VALUES IN (('NYC', 'US')) ('replication_num' = '1')
            )
            DISTRIBUTED BY RANDOM BUCKETS 2;
            CREATE TABLE logs (ts DATETIME NOT NULL, kind VARCHAR(10)) DUPLICATE KEY (ts)
            PARTITION BY LIST (kind) (PARTITION p_ab VALUES IN ('a', 'b'), PARTITION p_null VALUES IN (NULL));
            CREATE TABLE metrics (ts DATETIME NOT NULL, v PERCENTILE PERCENTILE_UNION) AGGREGATE KEY (ts)
            PARTITION BY time_slice(ts, INTERVAL 1 HOUR);
            CREATE TABLE nums (k INT NOT NULL) DUPLICATE KEY (k) PARTITION BY RANGE (k) (START ('1') END ('100') EVERY (10));
            CREATE VIEW v_cities (city COMMENT 'the city', n) COMMENT 'cities' SECURITY INVOKER AS SELECT city, n FROM cities;
            CREATE MATERIALIZED VIEW mv_daily (d, c COMMENT 'rows') COMMENT 'daily' PARTITION BY d DISTRIBUTED BY RANDOM
            ORDER BY (d) REFRESH DEFERRED ASYNC START ('2026-01-01 00:00:00') PROPERTIES ('replication_num' = '1')
            AS SELECT date_trunc('day', ts) AS d, count(*) AS c FROM logs GROUP BY 1;
            CREATE MATERIALIZED VIEW mv_manual REFRESH MANUAL AS SELECT kind FROM logs;
            CREATE MATERIALIZED VIEW mv_hourly DISTRIBUTED BY HASH(kind) REFRESH IMMEDIATE ASYNC EVERY (INTERVAL 1 HOUR) AS SELECT kind FROM logs;
            """);
        Check.Equal(sql.ToSql(), built.ToSql(), "the same models");
        Check.Contains(built.ToCSharp("Shop", "ShopSchema"), ".PartitionOfTuples(\"p_cn\", [[\"Beijing\", \"CN\"], [\"Shanghai\", \"CN\"]])", "C# source");
        Check.Contains(built.ToFSharp("Shop"), "module Shop", "F# source");
        Check.Throws<ArgumentException>(() => new TableBuilder("t").PartitionBy("date_trunc('day'"), "a bad partition key at once");
        Check.Throws<ArgumentException>(() => new TableBuilder("a.b.c.d"), "a name of four parts");
        Check.Equal("CREATE TABLE `x.y` (\n  `k` int(11) COMMENT \"\"\n) ENGINE=OLAP;\n", new SchemaBuilder().Add(new TableBuilder("`x.y`").Column("k", "INT")).Build().ToSql(), "a backticked name with a dot");
    }),
    ("attribute-declared classes map to tables: properties in order, snake_case names, CLR types and nullability", () =>
    {
        var fromClass = new SchemaBuilder().AddTable<MyOrmTable>().Build();
        var sql = SchemaParser.Parse("""
            CREATE TABLE my_orm_table (
              id BIGINT NOT NULL COMMENT 'primary key',
              user_name VARCHAR(64) NOT NULL,
              nickname STRING NULL,
              score DOUBLE NULL,
              created_at DATETIME NOT NULL,
              active BOOLEAN NOT NULL DEFAULT '1'
            )
            PRIMARY KEY (id)
            COMMENT 'users'
            DISTRIBUTED BY HASH(id) BUCKETS 4
            PROPERTIES ("replication_num" = "1");
            """);
        Check.Equal(sql.ToSql(), fromClass.ToSql(), "the same table");
        Check.Throws<ArgumentException>(() => AttributeModels.Table(typeof(string)), "a class without the attribute");
    }),
    ("attribute-declared classes: PARTITION BY as SQL, aggregate functions, AUTO_INCREMENT and generated columns", () =>
    {
        var fromClasses = new SchemaBuilder().AddTable<PageView>().AddTable<Ticket>().Build();
        var sql = SchemaParser.Parse("""
            CREATE TABLE page_views (dt DATE NOT NULL, page_id BIGINT NOT NULL, views BIGINT SUM NOT NULL DEFAULT '0', visitors BITMAP BITMAP_UNION NOT NULL)
            AGGREGATE KEY (dt, page_id)
            PARTITION BY RANGE (dt) (START ('2026-01-01') END ('2026-04-01') EVERY (INTERVAL 1 MONTH))
            DISTRIBUTED BY HASH(page_id);
            CREATE TABLE tickets (id BIGINT NOT NULL AUTO_INCREMENT, title STRING NOT NULL,
              opened_at DATETIME NULL DEFAULT CURRENT_TIMESTAMP, title_length INT NULL AS length(title))
            PRIMARY KEY (id);
            """);
        Check.Equal(sql.ToSql(), fromClasses.ToSql(), "the same tables");
        try
        {
            AttributeModels.Table(typeof(BadAggregate));
            throw new CheckFailed("expected an ArgumentException");
        }
        catch (ArgumentException e)
        {
            Check.Contains(e.Message, "BadAggregate.V: 'AVERAGE' is not an aggregate function", "names the class, the property and the value");
        }
    }),
    ("migration errors become typed exceptions: refusals, the history and its lease, statements, cancellation", () =>
    {
        var settings = StarRocks.Schema.Database.Connection.parseUrl("starrocks://admin:s3cret@fe:9030/shop").ResultValue;
        Exception Map(StarRocks.Schema.Database.MigrationError e) => MigrationErrors.ToException(settings, e, CancellationToken.None);

        var wrongWay = Map(StarRocks.Schema.Database.MigrationError.NewPlanRefused(StarRocks.Schema.Database.Refusal.NewWrongDirection(
            StarRocks.Schema.Database.Direction.Up, "a1", Microsoft.FSharp.Core.FSharpOption<string>.Some("a1"), Microsoft.FSharp.Core.FSharpOption<string>.Some("c3"))));
        Check.True(wrongWay is MigrationRefusedException { Reason: MigrationRefusal.WrongDirection }, "a refusal");
        Check.Contains(wrongWay.Message, "use downgrade", "says what to do");

        var held = Map(StarRocks.Schema.Database.MigrationError.NewLeaseHeld("other@host", null));
        Check.True(held is MigrationHistoryException { LeaseHeld: true }, "the lease");
        Check.True(Map(StarRocks.Schema.Database.MigrationError.NewHistoryUnreadable("srschema_history", "lost")) is MigrationHistoryException { LeaseHeld: false }, "the history");

        var undecided = Map(StarRocks.Schema.Database.MigrationError.NewOutcomeUndecided("b2", StarRocks.Schema.Database.Direction.Down, 3, "DROP TABLE t", "neither"));
        Check.True(undecided is MigrationStatementException { Revision: "b2", Upgrading: false, Statement: 3, MayHaveRun: true }, "a statement");
        Check.True(Map(StarRocks.Schema.Database.MigrationError.NewMigrationCancelled("b2", StarRocks.Schema.Database.Direction.Up, 1, 2, true)) is OperationCanceledException, "cancelled");
        Check.True(Map(StarRocks.Schema.Database.MigrationError.NewServerUnavailable("down")) is StarRocksException, "the server");
        Check.True(!held.Message.Contains("s3cret") && !undecided.Message.Contains("s3cret"), "no password");
        var leaked = Map(StarRocks.Schema.Database.MigrationError.NewServerUnavailable("starrocks://admin:s3cret@fe:9030/shop: refused"));
        Check.True(!leaked.Message.Contains("s3cret") && leaked.Message.Contains("admin:***@fe"), "a URL in a message is redacted");
        try
        {
            StarRocksDatabase.FromUrl("mysql://admin:s3cret@fe:9030/shop");
            throw new CheckFailed("expected an ArgumentException");
        }
        catch (ArgumentException e)
        {
            Check.True(!e.Message.Contains("s3cret"), "no password in the URL error");
        }
    }),
    ("a migrations project: revisions, the SQL between them, the offline check; a server that is not there fails cleanly", () =>
    {
        var folder = Path.Combine(Path.GetTempPath(), "srschema-cs-" + Guid.NewGuid().ToString("N"));
        var source = Path.Combine(Repository.Root(), "examples", "walkthrough");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        try
        {
            var project = MigrationProject.Load(folder);
            Check.Equal("shop", project.Database, "database");
            var first = project.Revisions.Single();
            Check.True(first.Parent is null && first.Message == "create the models", "the revision");
            Check.Contains(project.Script(), "CREATE TABLE `my_orm_table`", "up from base to head");
            Check.Contains(project.Script("head", "base"), "DROP TABLE `my_orm_table`", "down from head to base");
            Check.Equal("", project.Script("head", "head"), "nothing between a revision and itself");
            Check.True(project.CheckOffline().IsEmpty, "the head is the model");
            Check.Equal(4, project.ReadModel().Tables.Count + project.ReadModel().Views.Count + project.ReadModel().MaterializedViews.Count, "the model");

            File.AppendAllText(Path.Combine(folder, "schema", "models.sql"), "\nCREATE TABLE later (id INT);\n");
            Check.Contains(project.CheckOffline().ToSql(), "CREATE TABLE `later`", "the model moved on");
            Check.Throws<ArgumentException>(() => project.Script("base", "nope"), "an unknown revision");

            var nowhere = StarRocksDatabase.FromUrl("starrocks://admin:s3cret@127.0.0.1:1/x?connect_timeout=2&ssl=none");
            try
            {
                project.UpgradeAsync(server: nowhere).GetAwaiter().GetResult();
                throw new CheckFailed("expected an exception");
            }
            catch (StarRocksException e)
            {
                Check.Contains(e.Message, "127.0.0.1:1/shop", "names the server and the project's database");
                Check.True(!e.Message.Contains("s3cret"), "no password");
            }
        }
        finally
        {
            Directory.Delete(folder, true);
        }

        try
        {
            MigrationProject.Load(Path.Combine(Path.GetTempPath(), "no-such-project-" + Guid.NewGuid().ToString("N")));
            throw new CheckFailed("expected an exception");
        }
        catch (MigrationProjectException e)
        {
            Check.Contains(e.Message, "srschema.json", "names the missing file");
        }
    }),
    ("a builder model that breaks a StarRocks rule is refused with every problem named", () =>
    {
        try
        {
            new SchemaBuilder().Add(new TableBuilder("t").Column("v", "INT").PrimaryKey("missing")).Build();
            throw new CheckFailed("expected a SchemaValidationException");
        }
        catch (SchemaValidationException e)
        {
            Check.Contains(e.Message, "table `t`", "names the object");
        }

        Check.Throws<ArgumentException>(() => new TableBuilder("t").Column("v", "FROBNICATE"), "a bad type at once");
    }),
    ("the public API matches its snapshot and shows no F# collection, option or function type", () =>
    {
        var surface = PublicApi.Describe(typeof(SchemaParser).Assembly);
        Check.True(!surface.Contains("Microsoft.FSharp"), "no F# types: " + string.Join(Environment.NewLine, surface.Split('\n').Where(l => l.Contains("Microsoft.FSharp"))));
        var snapshot = Path.Combine(Repository.Root(), "tests", "StarRocks.Schema.CSharp.Tests", "PublicApi.txt");
        if (Environment.GetEnvironmentVariable("SRSCHEMA_UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(snapshot, surface);
        }

        Check.Equal(File.ReadAllText(snapshot), surface, "PublicApi.txt (SRSCHEMA_UPDATE_GOLDEN=1 rewrites it after an intended change)");
    }),
};

var passed = 0;
var failed = 0;
foreach (var (name, body) in tests)
{
    try
    {
        body();
        passed++;
        Console.WriteLine($"passed: {name}");
    }
    catch (Exception e)
    {
        failed++;
        Console.WriteLine($"FAILED: {name}{Environment.NewLine}  {e.Message}");
    }
}

Console.WriteLine($"C# facade: {passed} passed, {failed} failed");
var summary = Environment.GetEnvironmentVariable("SRSCHEMA_TEST_SUMMARY");
if (!string.IsNullOrEmpty(summary))
{
    File.WriteAllText(summary, $"{passed} {failed} 0");
}

return failed == 0 ? 0 : 1;

/// <summary>A table declared the attribute way.</summary>
[StarRocksTable("my_orm_table", Key = TableKey.Primary, DistributedBy = "id", Buckets = 4, Comment = "users")]
[StarRocksProperty("replication_num", "1")]
internal sealed class MyOrmTable
{
    [StarRocksColumn(Key = true, Comment = "primary key")]
    public long Id { get; set; }

    [StarRocksColumn(Type = "VARCHAR(64)")]
    public string UserName { get; set; } = "";

    public string? Nickname { get; set; }

    public double? Score { get; set; }

    public DateTime CreatedAt { get; set; }

    [StarRocksColumn(Default = "1")]
    public bool Active { get; set; }
}

[StarRocksTable("page_views", Key = TableKey.Aggregate, PartitionBy = "RANGE (dt) (START ('2026-01-01') END ('2026-04-01') EVERY (INTERVAL 1 MONTH))", DistributedBy = "page_id")]
internal sealed class PageView
{
    [StarRocksColumn(Key = true)]
    public DateOnly Dt { get; set; }

    [StarRocksColumn(Key = true)]
    public long PageId { get; set; }

    [StarRocksColumn(Aggregate = "sum", Default = "0")]
    public long Views { get; set; }

    [StarRocksColumn(Type = "BITMAP", Aggregate = "BITMAP_UNION")]
    public object Visitors { get; set; } = new();
}

[StarRocksTable("tickets", Key = TableKey.Primary)]
internal sealed class Ticket
{
    [StarRocksColumn(Key = true, AutoIncrement = true)]
    public long Id { get; set; }

    public string Title { get; set; } = "";

    [StarRocksColumn(DefaultCurrentTimestamp = true)]
    public DateTime? OpenedAt { get; set; }

    // StarRocks wants generated columns after the ordinary ones.
    [StarRocksColumn(GeneratedAs = "length(title)")]
    public int? TitleLength { get; set; }
}

[StarRocksTable("bad")]
internal sealed class BadAggregate
{
    [StarRocksColumn(Aggregate = "AVERAGE")]
    public long V { get; set; }
}

/// <summary>A failed check.</summary>
internal sealed class CheckFailed(string message) : Exception(message);

/// <summary>Assertions.</summary>
internal static class Check
{
    public static void True(bool condition, string what)
    {
        if (!condition)
        {
            throw new CheckFailed(what);
        }
    }

    public static void Equal<T>(T expected, T actual, string what)
    {
        if (!EqualityComparer<T>.Default.Equals(expected, actual))
        {
            throw new CheckFailed($"{what}: expected {expected}, got {actual}");
        }
    }

    public static void Equal<T>(T[] expected, T[] actual, string what)
    {
        if (!expected.SequenceEqual(actual))
        {
            throw new CheckFailed($"{what}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
        }
    }

    public static void Contains(string text, string part, string what)
    {
        if (!text.Contains(part, StringComparison.Ordinal))
        {
            throw new CheckFailed($"{what}: '{part}' not found in{Environment.NewLine}{text}");
        }
    }

    public static void Throws<TException>(Action body, string what)
        where TException : Exception
    {
        try
        {
            body();
        }
        catch (TException)
        {
            return;
        }

        throw new CheckFailed($"{what}: no {typeof(TException).Name}");
    }
}

/// <summary>The repository root.</summary>
internal static class Repository
{
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "StarRocks.Schema.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("StarRocks.Schema.sln not found");
    }
}

/// <summary>A text description of an assembly's public surface, one member per line, sorted.</summary>
internal static class PublicApi
{
    public static string Describe(Assembly assembly)
    {
        var lines = new List<string>();
        foreach (var type in assembly.GetExportedTypes())
        {
            lines.Add($"type {Name(type)}");
            const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(flags))
            {
                var text = member switch
                {
                    MethodInfo m when !m.IsSpecialName => $"{Name(m.ReturnType)} {m.Name}({string.Join(", ", m.GetParameters().Select(p => Name(p.ParameterType)))})",
                    PropertyInfo p => $"{Name(p.PropertyType)} {p.Name}",
                    FieldInfo f => $"{Name(f.FieldType)} {f.Name}",
                    ConstructorInfo c => $"new({string.Join(", ", c.GetParameters().Select(p => Name(p.ParameterType)))})",
                    _ => null,
                };
                if (text is not null)
                {
                    lines.Add($"  {Name(type)}: {text}");
                }
            }
        }

        lines.Sort(StringComparer.Ordinal);
        return string.Join("\n", lines) + "\n";
    }

    private static string Name(Type t)
    {
        if (!t.IsGenericType)
        {
            return t.FullName ?? t.Name;
        }

        var name = t.GetGenericTypeDefinition().FullName!;
        name = name[..name.IndexOf('`')];
        return $"{name}<{string.Join(", ", t.GetGenericArguments().Select(Name))}>";
    }
}
