/// Against a real StarRocks: a model created, read back and diffed is unchanged; every ALTER kind is applied,
/// waited for and read back; a failing statement stops a plan where it fails.
module StarRocks.Schema.IntegrationTests.RoundTripTests

open System
open System.Threading
open Expecto
open StarRocks.Schema
open StarRocks.Schema.Database
open StarRocks.Schema.IntegrationTests.Server

let private parse (text: string) =
    match Parse.script "model.sql" text |> Result.bind (fun s -> Parse.schema [ s ]) with
    | Ok s -> s
    | Error es -> failtestf "%A" es

/// A fresh database for one test, dropped afterwards.
let private withDatabase (target: Target) (body: ConnectionSettings -> Async<unit>) =
    async {
        let name = ("srschema_it_" + Guid.NewGuid().ToString "N").Substring(0, 24)

        let admin =
            new MySqlSession(
                {
                    target.Settings with
                        Database = "information_schema"
                }
            )
            :> ISession

        match!
            admin.Execute($"CREATE DATABASE %s{Sql.identifier name}", CancellationToken.None)
            |> Async.AwaitTask
        with
        | Error e -> failtestf "CREATE DATABASE: %s" (SessionError.describe e)
        | Ok() ->
            try
                do! body { target.Settings with Database = name }
            finally
                admin.Execute($"DROP DATABASE IF EXISTS %s{Sql.identifier name} FORCE", CancellationToken.None).Wait()
                admin.DisposeAsync().AsTask().Wait()
    }

/// Plans actual -> desired with the server's own release, runs the plan, and reads the database back.
let private apply (settings: ConnectionSettings) (actual: Schema) (desired: Schema) =
    async {
        let s = new MySqlSession(settings) :> ISession

        let! info = Reflect.server s CancellationToken.None |> Async.AwaitTask

        let server =
            info |> Result.defaultWith (fun e -> failtestf "%s" (SessionError.describe e))

        let options = {
            DiffOptions.defaults with
                ServerVersion = server.Version
                RunMode = server.RunMode
                DefaultDatabase = Some(Name.create settings.Database)
        }

        let plan = Diff.plan options actual desired

        let! result =
            Executor.run s ExecutorOptions.defaults options settings.Database actual plan ignore CancellationToken.None
            |> Async.AwaitTask

        let! reflected =
            Reflect.database [ s ] settings.Database CancellationToken.None
            |> Async.AwaitTask

        let reflected =
            reflected |> Result.defaultWith (fun e -> failtestf "reading back: %s" e)

        do! s.DisposeAsync().AsTask() |> Async.AwaitTask
        return options, plan, result, reflected
    }

let private expectNothingLeft options (reflected: Reflected) (desired: Schema) =
    let rest = Diff.plan options reflected.Schema desired

    if not (Plan.isEmpty rest) then
        failtestf "the database does not match the model; still to do:\n%s" (Plan.sql rest)

/// Single-backend servers need one replica.
let private one = "PROPERTIES ('replication_num' = '1')"

let private models = [
    "DUPLICATE KEY, RANGE partitions, an index",
    $"CREATE TABLE events (id BIGINT NOT NULL, day DATE NOT NULL, kind VARCHAR(16), INDEX ik (kind) USING BITMAP) DUPLICATE KEY(id, day) PARTITION BY RANGE(day) (PARTITION p1 VALUES [('2026-01-01'), ('2026-02-01')), PARTITION p2 VALUES [('2026-02-01'), ('2026-03-01'))) DISTRIBUTED BY HASH(id) BUCKETS 2 %s{one};"
    "AGGREGATE KEY, expression partitioning",
    $"CREATE TABLE totals (day DATE NOT NULL, shop INT NOT NULL, amount DECIMAL(18, 2) SUM DEFAULT '0', last_seen DATETIME REPLACE) AGGREGATE KEY(day, shop) PARTITION BY date_trunc('month', day) DISTRIBUTED BY HASH(shop) BUCKETS 2 %s{one};"
    "UNIQUE KEY, LIST partitions",
    $"CREATE TABLE cities (city VARCHAR(32) NOT NULL, n INT) UNIQUE KEY(city) PARTITION BY LIST(city) (PARTITION pn VALUES IN ('Oslo', 'Rome')) DISTRIBUTED BY HASH(city) BUCKETS 1 %s{one};"
    "PRIMARY KEY with a sort key",
    $"CREATE TABLE users (id BIGINT NOT NULL, name VARCHAR(64), score DOUBLE, tags ARRAY<STRING>, info STRUCT<a INT, b VARCHAR(8)>) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 2 ORDER BY (name) %s{one};"
    "a view and a materialized view",
    $"CREATE TABLE base (id INT NOT NULL, v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 %s{one}; CREATE VIEW big (id COMMENT 'the id', v) COMMENT 'big ones' AS SELECT id, v FROM base WHERE v > 10; CREATE MATERIALIZED VIEW sums DISTRIBUTED BY HASH(id) BUCKETS 1 REFRESH MANUAL {one} AS SELECT id, sum(v) AS total FROM base GROUP BY id;"
]

let private alterations =
    $"CREATE TABLE t (id BIGINT NOT NULL, day DATE NOT NULL, a INT, b VARCHAR(8), c INT COMMENT 'x', INDEX ia (a) USING BITMAP) DUPLICATE KEY(id, day) PARTITION BY RANGE(day) (PARTITION p1 VALUES [('2026-01-01'), ('2026-02-01'))) DISTRIBUTED BY HASH(id) BUCKETS 2 %s{one};",
    $"CREATE TABLE t (id BIGINT NOT NULL, day DATE NOT NULL, a BIGINT, b VARCHAR(32), c INT COMMENT 'y', d DATE, INDEX ib (b) USING BITMAP) DUPLICATE KEY(id, day) COMMENT 'altered' PARTITION BY RANGE(day) (PARTITION p1 VALUES [('2026-01-01'), ('2026-02-01')), PARTITION p2 VALUES [('2026-02-01'), ('2026-03-01'))) DISTRIBUTED BY HASH(id) BUCKETS 4 ORDER BY (id, a) PROPERTIES ('replication_num' = '1', 'partition_live_number' = '12');"

/// The migrations walkthrough against the server: two autogenerated revisions upgraded to head (the database then
/// equals the model), the history table records them, and a downgrade to base removes everything again.
let private walkthrough (target: Target) =
    testCaseAsync "migrations: two revisions upgraded to head and downgraded to base"
    <| withDatabase target (fun settings ->
        async {
            let first =
                parse
                    $"CREATE TABLE orders (id BIGINT NOT NULL, amount DECIMAL(12, 2)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 %s{one};"

            let second =
                parse
                    $"CREATE TABLE orders (id BIGINT NOT NULL, amount DECIMAL(12, 2), note VARCHAR(32)) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 %s{one}; CREATE TABLE customers (id INT NOT NULL) PRIMARY KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 %s{one};"

            let options = {
                DiffOptions.defaults with
                    ServerVersion = ServerVersion.create 3 3 5
            }

            let revision id parent before after =
                match Autogenerate.parts options true before after with
                | Some(_, up, down) ->
                    match
                        Revision.parse $"%s{id}.sql" (Revision.render id parent "step" "2026-11-26T00:00:00Z" up down)
                    with
                    | Ok r -> r
                    | Error e -> failtest e
                | None -> failtest "expected changes"

            let chain = [
                revision "aaaa" None Schema.empty first
                revision "bbbb" (Some "aaaa") first second
            ]

            let config = {
                ProjectConfig.defaults with
                    Database = settings.Database
            }

            let session = new MySqlSession(settings) :> ISession
            let! info = Reflect.server session CancellationToken.None |> Async.AwaitTask

            let server =
                info |> Result.defaultWith (fun e -> failtestf "%s" (SessionError.describe e))

            let project = {
                Folder = "."
                Config = config
                Chain = chain
            }

            let! up =
                Migrator.migrate session project MigratorOptions.defaults server Up Head ignore CancellationToken.None
                |> Async.AwaitTask

            Expect.equal (up |> Result.map (fun r -> r.Reached)) (Ok 1) "at head"

            let! verified =
                Verify.schema session settings.Database second [] CancellationToken.None
                |> Async.AwaitTask

            match verified with
            | Ok plan ->
                // the history table is the tool's own
                let rest =
                    plan.Steps
                    |> List.filter (fun s -> not ((Plan.statement s).Contains config.HistoryTable))

                Expect.isEmpty rest "the database equals the model"
            | Error e -> failtest e

            let! status =
                Migrator.readStatus session project CancellationToken.None |> Async.AwaitTask

            match status with
            | Ok s -> Expect.equal s.Current 1 "recorded"
            | Error e -> failtestf "%s" (MigrationError.describe e)

            let! down =
                Migrator.migrate
                    session
                    project
                    MigratorOptions.defaults
                    server
                    Down
                    Base
                    ignore
                    CancellationToken.None
                |> Async.AwaitTask

            Expect.equal (down |> Result.map (fun r -> r.Reached)) (Ok -1) "at base"
            do! session.DisposeAsync().AsTask() |> Async.AwaitTask
        })

let tests (target: Target) =
    testList "integration" [
        for name, model in models do
            yield
                testCaseAsync $"created from a model and read back, it needs no plan: %s{name}"
                <| withDatabase target (fun settings ->
                    async {
                        let desired = parse model
                        let! options, _, result, reflected = apply settings Schema.empty desired
                        Expect.isOk result "the CREATE statements ran"
                        expectNothingLeft options reflected desired
                    })
        yield
            testCaseAsync "every ALTER kind is applied, waited for and read back"
            <| withDatabase target (fun settings ->
                async {
                    let start = parse (fst alterations)
                    let! _, _, created, reflected = apply settings Schema.empty start
                    Expect.isOk created "created"
                    let desired = parse (snd alterations)
                    let! options, plan, result, after = apply settings reflected.Schema desired
                    Expect.isGreaterThan plan.Steps.Length 5 "several statements"
                    Expect.isOk result "the plan ran"
                    expectNothingLeft options after desired
                })
        yield walkthrough target
        yield
            testCaseAsync "a failing statement stops the plan where it fails; earlier statements stay applied"
            <| withDatabase target (fun settings ->
                async {
                    let desired =
                        parse
                            $"CREATE TABLE a_first (id INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 1 %s{one}; CREATE VIEW b_broken AS SELECT nothing FROM no_such_table;"

                    let! _, _, result, reflected = apply settings Schema.empty desired

                    match result with
                    | Error e ->
                        Expect.equal e.Step 2 "the view"
                        Expect.isTrue (reflected.Schema.Tables.Count = 1) "the table stays"
                    | Ok n -> failtestf "expected a failure, %d steps ran" n
                })
    ]
