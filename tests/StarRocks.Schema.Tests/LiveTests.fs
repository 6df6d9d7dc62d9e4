/// The live-server layer against a scripted session that answers with result sets shaped exactly as StarRocks
/// returns them (column names and value spellings of starrocks-ddl.md §6–§7, values as strings), counting round trips.
module StarRocks.Schema.Tests.LiveTests

open System
open System.Threading
open System.Threading.Tasks
open Expecto
open StarRocks.Schema
open StarRocks.Schema.Database

/// A session that answers from a script: the first rule whose pattern the SQL contains gives the next answer of its
/// queue (the last one repeats). Anything unscripted is refused, so a test sees unexpected SQL.
type Scripted() =
    let sent = ResizeArray<string>()

    let rules =
        ResizeArray<string * Collections.Generic.Queue<Result<ResultSet, SessionError>>>()

    member _.On(pattern: string, answers: Result<ResultSet, SessionError> list) =
        rules.Add(pattern, Collections.Generic.Queue answers)

    member _.Sent = lock sent (fun () -> List.ofSeq sent)

    member _.Count(pattern: string) =
        lock sent (fun () -> sent |> Seq.filter (fun s -> s.Contains pattern) |> Seq.length)

    member private _.Answer(sql: string) =
        lock sent (fun () ->
            sent.Add sql

            match rules |> Seq.tryFind (fun (p, _) -> sql.Contains p) with
            | Some(_, queue) when queue.Count > 1 -> queue.Dequeue()
            | Some(_, queue) when queue.Count = 1 -> queue.Peek()
            // the session's connection, unless a test scripts it
            | _ when sql = "SELECT CONNECTION_ID()" -> Ok(ResultSet.create [ "CONNECTION_ID()" ] [ [ Some "1" ] ])
            | _ -> Error(Refused(1064, $"unscripted SQL: %s{sql}")))

    interface ISession with
        member this.Query(sql, ct) =
            ct.ThrowIfCancellationRequested()
            Task.FromResult(this.Answer sql)

        member this.Execute(sql, ct) =
            ct.ThrowIfCancellationRequested()
            Task.FromResult(this.Answer sql |> Result.map ignore)

        member _.DisposeAsync() = ValueTask.CompletedTask

let private rows (columns: string list) (values: string list list) =
    Ok(ResultSet.create columns (values |> List.map (List.map (fun v -> if v = "NULL" then None else Some v))))

let private ok = Ok(ResultSet.create [] [])
let private refused code message = Error(Refused(code, message))

let private version (text: string) =
    rows [ "current_version()" ] [ [ text ] ]

let private runMode (mode: string) = rows [ "@@run_mode" ] [ [ mode ] ]

let private tablesOf (database: string) (objects: (string * string) list) =
    rows [
        "TABLE_CATALOG"
        "TABLE_SCHEMA"
        "TABLE_NAME"
        "TABLE_TYPE"
        "ENGINE"
        "VERSION"
        "ROW_FORMAT"
    ] [
        for name, kind in objects -> [ "def"; database; name; kind; "StarRocks"; "NULL"; "NULL" ]
    ]

let private showCreateTable (name: string) (text: string) =
    rows [ "Table"; "Create Table" ] [ [ name; text ] ]

let private showCreateView (name: string) (text: string) =
    rows [ "View"; "Create View"; "character_set_client"; "collation_connection" ] [
        [ name; text; "utf8"; "utf8_general_ci" ]
    ]

let private showCreateMv (name: string) (text: string) =
    rows [ "Materialized View"; "Create Materialized View" ] [ [ name; text ] ]

/// SHOW MATERIALIZED VIEWS rows (some of its columns): (name, refresh_type, text).
let private materializedViewList (views: (string * string * string) list) =
    rows [ "id"; "database_name"; "name"; "refresh_type"; "is_active"; "rows"; "text" ] [
        for i, (name, refresh, text) in List.indexed views ->
            [ string (i + 1); "shop"; name; refresh; "true"; "0"; text ]
    ]

let private noMaterializedViews = materializedViewList []

/// SHOW ALTER TABLE COLUMN rows: (JobId, State, Msg, Progress).
let private columnJobs (table: string) (jobs: (string * string * string * string) list) =
    rows [
        "JobId"
        "TableName"
        "CreateTime"
        "FinishTime"
        "IndexName"
        "IndexId"
        "OriginIndexId"
        "SchemaVersion"
        "TransactionId"
        "State"
        "Msg"
        "Progress"
        "Timeout"
    ] [
        for id, state, msg, progress in jobs ->
            [
                id
                table
                "2026-11-26 10:00:00"
                (if state = "FINISHED" || state = "CANCELLED" then
                     "2026-11-26 10:01:00"
                 else
                     "NULL")
                table
                "10021"
                "10020"
                "1:0"
                "2001"
                state
                msg
                progress
                "86400"
            ]
    ]

/// SHOW ALTER TABLE OPTIMIZE rows.
let private optimizeJobs (table: string) (jobs: (string * string * string * string) list) =
    rows [
        "JobId"
        "TableName"
        "CreateTime"
        "FinishTime"
        "Operation"
        "TransactionId"
        "State"
        "Msg"
        "Progress"
        "Timeout"
    ] [
        for id, state, msg, progress in jobs ->
            [
                id
                table
                "2026-11-26 10:00:00"
                "NULL"
                "ALTER"
                "3001"
                state
                msg
                progress
                "86400"
            ]
    ]

/// SHOW ALTER TABLE ROLLUP rows (note FinishedTime, not FinishTime).
let private rollupJobs (table: string) (jobs: (string * string) list) =
    rows [
        "JobId"
        "TableName"
        "CreateTime"
        "FinishedTime"
        "BaseIndexName"
        "RollupIndexName"
        "RollupId"
        "TransactionId"
        "State"
        "Msg"
        "Progress"
        "Timeout"
    ] [
        for id, state in jobs ->
            [
                id
                table
                "2026-11-26 09:00:00"
                "2026-11-26 09:05:00"
                table
                "r1"
                "10100"
                "1500"
                state
                ""
                "NULL"
                "86400"
            ]
    ]

/// A fake clock that moves only when the executor waits.
type private Clock() =
    let mutable now = DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero)
    let waits = ResizeArray<TimeSpan>()
    member _.Now() = now
    member _.Waits = List.ofSeq waits

    member _.Delay (d: TimeSpan) (_: CancellationToken) =
        waits.Add d
        now <- now + d
        Task.CompletedTask

let private options (clock: Clock) = {
    ExecutorOptions.defaults with
        Delay = clock.Delay
        Now = clock.Now
        JobTimeout = TimeSpan.FromMinutes 30.0
}

let private parseSchema (text: string) =
    match Parse.script "test.sql" text |> Result.bind (fun s -> Parse.schema [ s ]) with
    | Ok s -> s
    | Error es -> failtestf "%A" es

let private planOf (actual: string) (desired: string) =
    Diff.plan DiffOptions.defaults (parseSchema actual) (parseSchema desired)

let private execute (session: ISession) (clock: Clock) (actual: string) (desired: string) =
    let events = ResizeArray<ExecutionEvent>()

    let result =
        (Executor.run
            session
            (options clock)
            DiffOptions.defaults
            "shop"
            (parseSchema actual)
            (planOf actual desired)
            events.Add
            CancellationToken.None)
            .Result

    result, List.ofSeq events

/// The OPTIMIZE and ROLLUP job lists of a table, empty.
let private otherJobsIdle (s: Scripted) (table: string) =
    s.On($"SHOW ALTER TABLE OPTIMIZE FROM `shop` WHERE TableName = '%s{table}'", [ optimizeJobs table [] ])
    s.On($"SHOW ALTER TABLE ROLLUP FROM `shop` WHERE TableName = '%s{table}'", [ rollupJobs table [] ])

/// Every job list of a table, empty.
let private idle (s: Scripted) (table: string) =
    s.On($"SHOW ALTER TABLE COLUMN FROM `shop` WHERE TableName = '%s{table}'", [ columnJobs table [] ])
    otherJobsIdle s table

/// The statement goes out on connection 17 (read before its intent, and again right before the send); after its reply
/// is lost this session is 18, and SHOW PROCESSLIST lists 17 for the first `lingering` reads.
let private lostOn17 (s: Scripted) (lingering: int) =
    let connection id = rows [ "CONNECTION_ID()" ] [ [ id ] ]

    let processes ids =
        rows [ "Id"; "User"; "Host"; "Command" ] [ for id in ids -> [ id; "root"; "c:1"; "Query" ] ]

    s.On("SELECT CONNECTION_ID()", [ connection "17"; connection "17"; connection "18" ])
    s.On("SHOW PROCESSLIST", [ for _ in 1..lingering -> processes [ "17"; "18" ] ] @ [ processes [ "18" ] ])

/// A table comment changed: `ALTER TABLE t COMMENT = "b"`, no job.
let private commentChange =
    "CREATE TABLE t (id INT) DUPLICATE KEY(id) COMMENT 'a'", "CREATE TABLE t (id INT) DUPLICATE KEY(id) COMMENT 'b'"

let private addColumn =
    "CREATE TABLE t (id INT) DUPLICATE KEY(id)", "CREATE TABLE t (id INT, v INT) DUPLICATE KEY(id)"

let private connection =
    testList "connection" [
        test "a starrocks:// URL gives host, port (9030 by default), user, URL-decoded password, database and options" {
            match
                Connection.parseUrl
                    "starrocks://admin:p%40ss%3Aw@fe.example:9031/default_catalog.sales?connect_timeout=3&ssl=required"
            with
            | Ok s ->
                Expect.equal
                    (s.Host, s.Port, s.User, s.Password, s.Database)
                    ("fe.example", 9031, "admin", "p@ss:w", "sales")
                    "parts"

                Expect.equal s.ConnectTimeoutSeconds 3 "connect timeout"
                Expect.equal s.CommandTimeoutSeconds 0 "DDL never times out on the client"
                Expect.equal s.Ssl MySqlConnector.MySqlSslMode.Required "ssl"
            | Error e -> failtest e

            match Connection.parseUrl "starrocks://root@localhost/db" with
            | Ok s -> Expect.equal (s.Port, s.Password) (9030, "") "defaults"
            | Error e -> failtest e
        }
        test "bad URLs are errors that never repeat the password" {
            for url, expected in
                [
                    "mysql://u:secret@h/db", "unknown scheme"
                    "starrocks://u:secret@h", "names no database"
                    "starrocks://u:secret@h/hive.db", "only default_catalog"
                    "starrocks://u:secret@h/db?timeout=3", "unknown URL option"
                    "starrocks://u:secret@h/db?connect_timeout=soon", "a number of seconds"
                    "not a url", "not a valid URL"
                ] do
                match Connection.parseUrl url with
                | Ok _ -> failtestf "%s should fail" url
                | Error e ->
                    Expect.stringContains e expected url
                    Expect.isFalse (e.Contains "secret") "the password is not repeated"
        }
        test "the connection string keeps the settings StarRocks needs; the display has no password" {
            match Connection.parseUrl "starrocks://u:secret@h:9030/db" with
            | Ok s ->
                let cs = Connection.connectionString s
                Expect.stringContains cs "Connection Reset=False" "no COM_RESET_CONNECTION"
                Expect.stringContains cs "Allow User Variables=False" "no user variables"
                Expect.stringContains cs "Ignore Prepare=True" "text protocol"
                Expect.equal (Connection.display s) "u@h:9030/db" "display"
            | Error e -> failtest e
        }
        test "a MySqlConnector connection string is read too" {
            match Connection.ofConnectionString "Server=fe;Port=9030;User ID=root;Password=x;Database=sales" with
            | Ok s -> Expect.equal (s.Host, s.Database) ("fe", "sales") "parts"
            | Error e -> failtest e

            Expect.isError (Connection.ofConnectionString "Server=fe") "no database"
        }
        test "an unreachable server fails within the connect timeout with a one-line error naming host and port" {
            let settings = {
                (Connection.parseUrl "starrocks://u:secret@127.0.0.1:1/db?connect_timeout=2"
                 |> Result.defaultWith failwith) with
                    Ssl = MySqlConnector.MySqlSslMode.None
            }

            let session = MySqlSession settings :> ISession
            let watch = Diagnostics.Stopwatch.StartNew()

            match session.Query("SELECT 1", CancellationToken.None).Result with
            | Error(Unreachable m) ->
                Expect.stringContains m "127.0.0.1:1" "host and port"
                Expect.isFalse (m.Contains "secret") "no password"
                Expect.isFalse (m.Contains "\n") "one line"
            | other -> failtestf "expected Unreachable, got %A" other

            Expect.isLessThan watch.Elapsed.TotalSeconds 10.0 "within seconds"
        }
    ]

let private reflection =
    testList "reflection" [
        test "a 35-table database is read in 39 round trips (the reference needed 461)" {
            let s = Scripted()
            s.On("current_version()", [ version "3.3.5 abc1234" ])
            s.On("@@run_mode", [ runMode "shared_nothing" ])
            let names = [ for i in 1..35 -> $"t%02d{i}" ]
            s.On("information_schema.tables", [ tablesOf "shop" [ for n in names -> n, "BASE TABLE" ] ])
            s.On("SHOW MATERIALIZED VIEWS", [ noMaterializedViews ])

            for n in names do
                s.On(
                    $"SHOW CREATE TABLE `shop`.`%s{n}`",
                    [
                        showCreateTable
                            n
                            $"CREATE TABLE `%s{n}` (\n  `id` int(11) NOT NULL COMMENT \"\"\n) ENGINE=OLAP\nDUPLICATE KEY(`id`)\nDISTRIBUTED BY HASH(`id`) BUCKETS 4\nPROPERTIES (\n\"replication_num\" = \"3\"\n);"
                    ]
                )

            match (Reflect.database [ s ] "shop" CancellationToken.None).Result with
            | Ok r ->
                Expect.equal r.Schema.Tables.Count 35 "tables"
                Expect.equal r.Server.Version (ServerVersion.create 3 3 5) "version"
                Expect.equal r.Server.RunMode SharedNothing "run mode"
                Expect.isLessThanOrEqual s.Sent.Length 45 "at most 45 queries"

                Expect.equal
                    s.Sent.Length
                    39
                    "version, run mode, list, one SHOW CREATE each, the materialized views' list"
            | Error e -> failtest e
        }
        test "views and materialized views are read with SHOW CREATE TABLE in their own result shapes" {
            let s = Scripted()
            s.On("current_version()", [ version "4.0.1" ])
            s.On("@@run_mode", [ runMode "shared_data" ])

            s.On(
                "information_schema.tables",
                [
                    tablesOf "shop" [ "v", "VIEW"; "mv", "VIEW"; "sys", "SYSTEM VIEW"; "t", "BASE TABLE" ]
                ]
            )

            s.On(
                "SHOW CREATE TABLE `shop`.`t`",
                [
                    showCreateTable
                        "t"
                        "CREATE TABLE `t` (\n  `k` int(11) NULL COMMENT \"\",\n  `v` bigint(20) NULL COMMENT \"\"\n) ENGINE=OLAP\nDUPLICATE KEY(`k`)\nDISTRIBUTED BY RANDOM;"
                ]
            )

            // the asynchronous view is read with SHOW CREATE, the synchronous one from its text (as the server keeps
            // it: one line, as it was written, naming the database)
            s.On(
                "SHOW MATERIALIZED VIEWS FROM `shop`",
                [
                    materializedViewList [
                        "mv",
                        "MANUAL",
                        "CREATE MATERIALIZED VIEW `mv` (`x`) DISTRIBUTED BY RANDOM REFRESH MANUAL AS SELECT 1 AS `x`"
                        "by_k",
                        "ROLLUP",
                        "create materialized view shop.by_k as select k, sum(v) as total from shop.t group by k"
                    ]
                ]
            )

            s.On("SHOW CREATE TABLE `shop`.`v`", [ showCreateView "v" "CREATE VIEW `v` (`x`) AS SELECT 1 AS `x`;" ])

            s.On(
                "SHOW CREATE TABLE `shop`.`mv`",
                [
                    showCreateMv
                        "mv"
                        "CREATE MATERIALIZED VIEW `mv` (`x`)\nDISTRIBUTED BY RANDOM\nREFRESH MANUAL\nAS SELECT 1 AS `x`;"
                ]
            )

            match (Reflect.database [ s ] "shop" CancellationToken.None).Result with
            | Ok r ->
                Expect.equal r.Schema.Views.Count 1 "view"
                Expect.equal r.Schema.MaterializedViews.Count 1 "materialized view"

                Expect.equal
                    (r.Schema.SyncMaterializedViews.Values
                     |> Seq.map Render.syncMaterializedView
                     |> List.ofSeq)
                    [
                        "CREATE MATERIALIZED VIEW `by_k`\nAS SELECT k, sum(v) AS `total`\nFROM `t`\nGROUP BY k;"
                    ]
                    "the synchronous materialized view, named without the database"

                Expect.equal r.Server.RunMode SharedData "run mode"
                Expect.equal (s.Count "`sys`") 0 "system views are not read"
            | Error e -> failtest e
        }
        test "a server whose SHOW MATERIALIZED VIEWS has no refresh_type: a row whose text is a synchronous view is one" {
            let s = Scripted()
            s.On("current_version()", [ version "2.5.22" ])
            s.On("@@run_mode", [ refused 1193 "Unknown system variable 'run_mode'" ])
            s.On("ADMIN SHOW FRONTEND CONFIG", [ refused 1064 "denied" ])
            s.On("information_schema.tables", [ tablesOf "shop" [] ])

            s.On(
                "SHOW MATERIALIZED VIEWS",
                [
                    rows [ "id"; "name"; "database_name"; "text"; "rows" ] [
                        [
                            "1"
                            "mv"
                            "shop"
                            "CREATE MATERIALIZED VIEW `mv` DISTRIBUTED BY HASH(`k`) REFRESH MANUAL AS SELECT k FROM t"
                            "0"
                        ]
                        [
                            "2"
                            "by_k"
                            "shop"
                            "create materialized view by_k as select k, sum(v) from t group by k"
                            "0"
                        ]
                    ]
                ]
            )

            match (Reflect.database [ s ] "shop" CancellationToken.None).Result with
            | Ok r ->
                Expect.equal
                    (r.Schema.SyncMaterializedViews.Keys
                     |> Seq.map QualifiedName.display
                     |> List.ofSeq)
                    [ "by_k" ]
                    "the synchronous one"
            | Error e -> failtest e
        }
        test "catalog tables and objects dropped while being read are skipped with warnings" {
            let s = Scripted()
            s.On("current_version()", [ version "3.3.5" ])
            s.On("@@run_mode", [ runMode "shared_nothing" ])
            s.On("information_schema.tables", [ tablesOf "shop" [ "ext", "BASE TABLE"; "gone", "BASE TABLE" ] ])
            s.On("SHOW MATERIALIZED VIEWS", [ noMaterializedViews ])

            s.On(
                "SHOW CREATE TABLE `shop`.`ext`",
                [
                    showCreateTable
                        "ext"
                        "CREATE EXTERNAL TABLE `ext` (`k` int(11)) ENGINE=MYSQL PROPERTIES (\"host\" = \"h\");"
                ]
            )

            s.On("SHOW CREATE TABLE `shop`.`gone`", [ refused 1051 "Unknown table 'gone'" ])

            match (Reflect.database [ s ] "shop" CancellationToken.None).Result with
            | Ok r ->
                Expect.isTrue r.Schema.Tables.IsEmpty "nothing read"
                Expect.exists r.Warnings (fun w -> w.Contains "shop.ext: skipped, not a native table") "external"
                Expect.exists r.Warnings (fun w -> w.Contains "shop.gone: dropped while being read") "vanished"
            | Error e -> failtest e
        }
        test
            "the release falls back to @@version_comment; the run mode to the FE configuration, else shared-nothing with a warning" {
            let s = Scripted()
            s.On("current_version()", [ refused 1064 "Getting syntax error" ])
            s.On("@@version_comment", [ rows [ "@@version_comment" ] [ [ "StarRocks version 3.2.11" ] ] ])
            s.On("@@run_mode", [ refused 1193 "Unknown system variable 'run_mode'" ])

            s.On(
                "ADMIN SHOW FRONTEND CONFIG LIKE 'run_mode'",
                [
                    rows [ "Key"; "AliasNames"; "Value"; "Type"; "IsMutable"; "Comment" ] [
                        [ "run_mode"; "[]"; "shared_data"; "String"; "false"; "" ]
                    ]
                ]
            )

            match (Reflect.server s CancellationToken.None).Result with
            | Ok info ->
                Expect.equal info.Version (ServerVersion.create 3 2 11) "version"
                Expect.equal info.RunMode SharedData "run mode"
                Expect.isEmpty info.Warnings "nothing assumed"
            | Error e -> failtestf "%A" e

            let t = Scripted()
            t.On("current_version()", [ version "3.3.0" ])
            t.On("@@run_mode", [ refused 1193 "Unknown system variable 'run_mode'" ])

            t.On(
                "ADMIN SHOW FRONTEND CONFIG",
                [
                    refused 1227 "Access denied; you need (at least one of) the OPERATE privilege(s)"
                ]
            )

            match (Reflect.server t CancellationToken.None).Result with
            | Ok info ->
                Expect.equal info.RunMode SharedNothing "assumed"
                Expect.equal info.Warnings.Length 1 "said so"
            | Error e -> failtestf "%A" e
        }
        test "an object that does not parse is an error naming it" {
            let s = Scripted()
            s.On("current_version()", [ version "3.3.5" ])
            s.On("@@run_mode", [ runMode "shared_nothing" ])
            s.On("information_schema.tables", [ tablesOf "shop" [ "odd", "BASE TABLE" ] ])
            s.On("SHOW MATERIALIZED VIEWS", [ noMaterializedViews ])

            s.On(
                "SHOW CREATE TABLE `shop`.`odd`",
                [ showCreateTable "odd" "CREATE TABLE `odd` (`k` frobnicate) ENGINE=OLAP;" ]
            )

            match (Reflect.database [ s ] "shop" CancellationToken.None).Result with
            | Error e -> Expect.stringContains e "shop.odd:1:" "the object and place"
            | Ok _ -> failtest "expected an error"
        }
        test "SHOW CREATE runs spread over a pool of sessions" {
            let sessions = [ Scripted(); Scripted(); Scripted() ]
            let names = [ for i in 1..9 -> $"t%d{i}" ]

            for s in sessions do
                s.On("current_version()", [ version "3.3.5" ])
                s.On("@@run_mode", [ runMode "shared_nothing" ])
                s.On("information_schema.tables", [ tablesOf "shop" [ for n in names -> n, "BASE TABLE" ] ])
                s.On("SHOW MATERIALIZED VIEWS", [ noMaterializedViews ])

                for n in names do
                    s.On(
                        $"SHOW CREATE TABLE `shop`.`%s{n}`",
                        [
                            showCreateTable n $"CREATE TABLE `%s{n}` (`id` int(11) NULL COMMENT \"\") ENGINE=OLAP;"
                        ]
                    )

            match
                (Reflect.database (sessions |> List.map (fun s -> s :> ISession)) "shop" CancellationToken.None).Result
            with
            | Ok r ->
                Expect.equal r.Schema.Tables.Count 9 "all read"

                for s in sessions do
                    Expect.equal (s.Count "SHOW CREATE") 3 "an equal share"
            | Error e -> failtest e
        }
        test "Verify says whether the database matches a model" {
            let s = Scripted()
            s.On("current_version()", [ version "3.3.5" ])
            s.On("@@run_mode", [ runMode "shared_nothing" ])
            s.On("information_schema.tables", [ tablesOf "shop" [ "t", "BASE TABLE" ] ])
            s.On("SHOW MATERIALIZED VIEWS", [ noMaterializedViews ])

            s.On(
                "SHOW CREATE TABLE `shop`.`t`",
                [
                    showCreateTable
                        "t"
                        "CREATE TABLE `t` (\n  `id` int(11) NULL COMMENT \"\",\n  `v` int(11) NULL COMMENT \"\"\n) ENGINE=OLAP\nDUPLICATE KEY(`id`)\nDISTRIBUTED BY RANDOM;"
                ]
            )

            match
                (Verify.script s "shop" "CREATE TABLE shop.t (id INT, v INT) DUPLICATE KEY(id);" CancellationToken.None)
                    .Result
            with
            | Ok p -> Expect.isTrue (Plan.isEmpty p) "matches"
            | Error e -> failtest e

            match
                (Verify.script s "shop" "CREATE TABLE t (id INT, v BIGINT) DUPLICATE KEY(id);" CancellationToken.None)
                    .Result
            with
            | Ok p ->
                Expect.equal
                    (p.Steps |> List.map Plan.statement)
                    [ "ALTER TABLE `t` MODIFY COLUMN `v` bigint(20) NULL COMMENT \"\";" ]
                    "differs"
            | Error e -> failtest e
        }
    ]

let private executor =
    testList "executor" [
        test "a column change waits until the table is idle, sends one statement, and waits for its job to finish" {
            let s = Scripted()
            let clock = Clock()
            s.On("SHOW ALTER TABLE OPTIMIZE", [ optimizeJobs "t" [] ])
            s.On("SHOW ALTER TABLE ROLLUP", [ rollupJobs "t" [ "900", "FINISHED" ] ])

            s.On(
                "SHOW ALTER TABLE COLUMN",
                [
                    columnJobs "t" [ "41", "FINISHED", "", "NULL" ] // before: an old job
                    columnJobs "t" [ "41", "FINISHED", "", "NULL" ] // the floor, read right before the send
                    columnJobs "t" [ "41", "FINISHED", "", "NULL"; "42", "PENDING", "", "NULL" ]
                    columnJobs "t" [ "41", "FINISHED", "", "NULL"; "42", "RUNNING", "", "1/4" ]
                    columnJobs "t" [ "41", "FINISHED", "", "NULL"; "42", "FINISHED", "", "NULL" ]
                ]
            )

            s.On("ALTER TABLE `t` ADD COLUMN", [ ok ])
            let result, events = execute s clock (fst addColumn) (snd addColumn)
            Expect.equal result (Ok 1) "done"

            Expect.equal
                (events
                 |> List.choose (function
                     | JobProgress(_, _, id, state, _) -> Some(id, state)
                     | _ -> None))
                [ "42", "PENDING"; "42", "RUNNING"; "42", "FINISHED" ]
                "job states"

            Expect.equal
                s.Sent.Length
                10
                "3 idle checks, the connection's id (before the intent and right before the send), the job floor, 1 statement, 3 polls"

            Expect.equal clock.Waits [ TimeSpan.FromSeconds 1.0; TimeSpan.FromSeconds 2.0 ] "backoff between polls"
        }
        test "a cancelled job stops the plan with the job's message" {
            let s = Scripted()
            otherJobsIdle s "t"

            s.On(
                "SHOW ALTER TABLE COLUMN",
                [
                    columnJobs "t" []
                    columnJobs "t" []
                    columnJobs "t" [ "7", "RUNNING", "", "NULL" ]
                    columnJobs "t" [ "7", "CANCELLED", "Cancelled by user", "NULL" ]
                ]
            )

            s.On("ALTER TABLE `t` ADD COLUMN", [ ok ])

            match fst (execute s (Clock()) (fst addColumn) (snd addColumn)) with
            | Error {
                        Step = 1
                        Failure = JobCancelled("7", "Cancelled by user")
                    } -> ()
            | other -> failtestf "expected a cancelled job, got %A" other
        }
        test "a job that does not finish in time is a timeout naming the job" {
            let s = Scripted()
            otherJobsIdle s "t"

            s.On(
                "SHOW ALTER TABLE COLUMN",
                [
                    columnJobs "t" []
                    columnJobs "t" []
                    columnJobs "t" [ "8", "RUNNING", "", "1/9" ]
                ]
            )

            s.On("ALTER TABLE `t` ADD COLUMN", [ ok ])

            match fst (execute s (Clock()) (fst addColumn) (snd addColumn)) with
            | Error { Failure = JobTimedOut("8", waited) } ->
                Expect.isGreaterThan waited (TimeSpan.FromMinutes 30.0) "waited"
            | other -> failtestf "expected a timeout, got %A" other
        }
        test "no new job within the grace period means StarRocks applied it synchronously" {
            let s = Scripted()
            idle s "t"
            s.On("ALTER TABLE `t` ADD COLUMN", [ ok ])
            let result, events = execute s (Clock()) (fst addColumn) (snd addColumn)
            Expect.equal result (Ok 1) "done"
            Expect.contains events (NoJobAppeared 1) "said so"
        }
        test "an earlier job on the table is waited for before the statement is sent" {
            let s = Scripted()

            s.On(
                "SHOW ALTER TABLE OPTIMIZE",
                [
                    optimizeJobs "t" [ "5", "RUNNING", "", "10%" ]
                    optimizeJobs "t" [ "5", "FINISHED", "", "100%" ]
                ]
            )

            s.On("SHOW ALTER TABLE ROLLUP", [ rollupJobs "t" [] ])
            s.On("SHOW ALTER TABLE COLUMN", [ columnJobs "t" [] ])
            s.On("ALTER TABLE `t` ADD COLUMN", [ ok ])
            let result, events = execute s (Clock()) (fst addColumn) (snd addColumn)
            Expect.equal result (Ok 1) "done"
            Expect.contains events (WaitingForTable(1, "t", "5", "RUNNING")) "waited"
            let firstAlter = s.Sent |> List.findIndex (fun q -> q.StartsWith "ALTER TABLE")
            Expect.isGreaterThan firstAlter 3 "sent after the second idle check"
        }
        testList "every 'table is busy' text is retried with backoff" [
            for text in
                [
                    "The state of \"t\" is SCHEMA_CHANGE. Alter operation is only permitted if NORMAL"
                    "Table[t]'s state(SCHEMA_CHANGE) is not NORMAL. Do not allow doing ALTER ops"
                    "A schema change operation is in progress on the table \"t\". Please wait until the current operation completes.\nTo check the status of the operation, see https://docs.starrocks.io"
                    "A materialized view or rollup index is being created on the table \"t\". Please wait until the current operation completes."
                    "The table \"t\" is being altered or having a materialized view built on it. Please wait until the current operation completes."
                    "The table \"t\" is currently in state \"OPTIMIZE\""
                ] ->
                test text {
                    let s = Scripted()
                    idle s "t"
                    s.On("ALTER TABLE `t` ADD COLUMN", [ refused 1064 text; ok ])
                    let result, events = execute s (Clock()) (fst addColumn) (snd addColumn)
                    Expect.equal result (Ok 1) "done after a retry"

                    Expect.exists
                        events
                        (function
                        | Retrying(1, 1, _, _) -> true
                        | _ -> false)
                        "retried"

                    Expect.equal (s.Count "ALTER TABLE `t` ADD COLUMN") 2 "sent twice"
                }
        ]
        test "a table busy beyond the retries stops the plan; other refusals are not retried" {
            let s = Scripted()
            idle s "t"

            s.On(
                "ALTER TABLE `t` ADD COLUMN",
                [ refused 1064 "Table[t]'s state is not NORMAL. Do not allow doing ALTER ops" ]
            )

            match fst (execute s (Clock()) (fst addColumn) (snd addColumn)) with
            | Error { Failure = TableBusy _ } -> Expect.equal (s.Count "ADD COLUMN") 11 "1 + 10 retries"
            | other -> failtestf "expected TableBusy, got %A" other

            let r = Scripted()
            idle r "t"

            r.On(
                "ALTER TABLE `t` ADD COLUMN",
                [ refused 1064 "Getting analyzing error. Detail message: Unknown column 'x'." ]
            )

            match fst (execute r (Clock()) (fst addColumn) (snd addColumn)) with
            | Error { Failure = StatementRefused m } ->
                Expect.stringContains m "Unknown column" "the server's message"
                Expect.equal (r.Count "ADD COLUMN") 1 "not retried"
            | other -> failtestf "expected StatementRefused, got %A" other
        }
        test "a failure in the middle of a plan stops there; later statements are not sent" {
            let s = Scripted()
            idle s "t"
            s.On("ALTER TABLE `t` COMMENT", [ refused 1064 "Getting syntax error at line 1, column 20" ])
            s.On("CREATE TABLE", [ ok ])

            let result, _ =
                execute
                    s
                    (Clock())
                    "CREATE TABLE t (id INT) DUPLICATE KEY(id) COMMENT 'a'"
                    "CREATE TABLE t (id INT) DUPLICATE KEY(id) COMMENT 'b'; CREATE TABLE u (id INT); CREATE TABLE w (id INT)"

            match result with
            | Error e ->
                Expect.equal e.Step 1 "the comment is the first step"
                Expect.stringContains (ExecutionError.describe e) "step 1 failed" "described"
                Expect.equal (s.Count "CREATE TABLE") 0 "nothing after it"
            | Ok n -> failtestf "expected a failure, %d steps ran" n
        }
        test "a lost connection: once the old connection is gone, the one new job and the object say it ran" {
            let s = Scripted()
            s.On("SHOW ALTER TABLE OPTIMIZE", [ optimizeJobs "t" [] ])
            s.On("SHOW ALTER TABLE ROLLUP", [ rollupJobs "t" [] ])

            s.On(
                "SHOW ALTER TABLE COLUMN",
                [
                    columnJobs "t" [] // idle
                    columnJobs "t" [] // the floor
                    columnJobs "t" [ "9", "RUNNING", "", "NULL" ]
                    columnJobs "t" [ "9", "FINISHED", "", "NULL" ]
                ]
            )

            lostOn17 s 1

            s.On(
                "SHOW CREATE TABLE `shop`.`t`",
                [
                    showCreateTable
                        "t"
                        "CREATE TABLE `t` (\n  `id` int(11) NULL COMMENT \"\",\n  `v` int(11) NULL COMMENT \"\"\n) ENGINE=OLAP\nDUPLICATE KEY(`id`);"
                ]
            )

            s.On("ALTER TABLE `t` ADD COLUMN", [ Error(ConnectionLost "fe:9030: Connection reset by peer") ])
            let result, events = execute s (Clock()) (fst addColumn) (snd addColumn)
            Expect.equal result (Ok 1) "done"
            Expect.equal (s.Count "ADD COLUMN") 1 "sent once"
            Expect.equal (s.Count "SHOW PROCESSLIST") 2 "waited until connection 17 was gone"

            Expect.isLessThan
                (s.Sent |> List.findIndexBack (fun q -> q = "SHOW PROCESSLIST"))
                (s.Sent |> List.findIndex (fun q -> q.StartsWith "SHOW CREATE TABLE"))
                "nothing read as evidence before the old connection was gone"

            Expect.exists
                events
                (function
                | OutcomeChecked(1, f) -> f.Contains "it ran"
                | _ -> false)
                "decided from the job"
        }
        test "a lost connection: the object read again decides whether to send once more" {
            let before =
                "CREATE TABLE `t` (\n  `id` int(11) NULL COMMENT \"\"\n) ENGINE=OLAP\nDUPLICATE KEY(`id`)\nCOMMENT \"a\";"

            let after = before.Replace("COMMENT \"a\"", "COMMENT \"b\"")

            for shown, sends, finding in [ after, 1, "the statement ran"; before, 2, "the statement did not run" ] do
                let s = Scripted()
                idle s "t"
                lostOn17 s 0

                s.On("ALTER TABLE `t` COMMENT", [ Error(ConnectionLost "fe:9030: broken pipe"); ok ])
                s.On("SHOW CREATE TABLE `shop`.`t`", [ showCreateTable "t" shown ])

                let result, events = execute s (Clock()) (fst commentChange) (snd commentChange)

                Expect.equal result (Ok 1) finding
                Expect.equal (s.Count "ALTER TABLE `t` COMMENT") sends "sends"
                Expect.contains events (OutcomeChecked(1, finding)) "decided from the object"
        }
        test "a server that gives no connection id gets nothing sent: a lost reply could not be settled" {
            let s = Scripted()
            idle s "t"
            s.On("ALTER TABLE `t` COMMENT", [ ok ])
            s.On("SELECT CONNECTION_ID()", [ refused 1064 "Unknown function" ])

            match fst (execute s (Clock()) (fst commentChange) (snd commentChange)) with
            | Error({ Failure = StatementRefused m } as e) ->
                Expect.stringContains m "CONNECTION_ID()" "why"
                Expect.isFalse (ExecutionError.mayHaveRun e) "it did not run"
            | other -> failtestf "expected StatementRefused, got %A" other

            Expect.equal (s.Count "ALTER TABLE `t` COMMENT") 0 "nothing sent"
        }
        test "a lost connection with a state matching neither side is an unknown outcome" {
            let s = Scripted()
            idle s "t"
            s.On("ALTER TABLE `t` COMMENT", [ Error(ConnectionLost "fe:9030: broken pipe") ])
            lostOn17 s 0

            s.On(
                "SHOW CREATE TABLE `shop`.`t`",
                [
                    showCreateTable
                        "t"
                        "CREATE TABLE `t` (\n  `id` bigint(20) NULL COMMENT \"\"\n) ENGINE=OLAP\nDUPLICATE KEY(`id`);"
                ]
            )

            match fst (execute s (Clock()) (fst commentChange) (snd commentChange)) with
            | Error { Failure = OutcomeUnknown m } -> Expect.stringContains m "rerun from this step" "advice"
            | other -> failtestf "expected OutcomeUnknown, got %A" other
        }
        test "statements on new objects need no idle check; cancellation stops the run" {
            let s = Scripted()
            s.On("CREATE TABLE", [ ok ])
            let result, _ = execute s (Clock()) "" "CREATE TABLE t (id INT)"
            Expect.equal result (Ok 1) "done"

            Expect.equal
                s.Sent.Length
                3
                "the connection's id (before the intent and right before the send) and the statement"

            use cts = new CancellationTokenSource()
            cts.Cancel()

            let cancelled =
                (Executor.run
                    s
                    (options (Clock()))
                    DiffOptions.defaults
                    "shop"
                    Schema.empty
                    (planOf "" "CREATE TABLE u (id INT)")
                    ignore
                    cts.Token)
                    .Result

            match cancelled with
            | Error { Step = 1; Failure = Cancelled false } -> ()
            | other -> failtestf "expected a cancellation before sending, got %A" other

            Expect.equal (s.Count "CREATE TABLE u") 0 "not sent"
        }
    ]

let tests = testList "live" [ connection; reflection; executor ]
