/// Synchronous materialized views: read from CREATE statements and from SHOW MATERIALIZED VIEWS, written back,
/// checked against their base table, compared (created, dropped, created again around what StarRocks refuses while
/// they exist), and carried through a base-table rebuild against the StarRocks double, with a fault at every step.
module StarRocks.Schema.Tests.SyncViewTests

open System
open System.IO
open System.Threading
open System.Threading.Tasks
open Expecto
open StarRocks.Schema
open StarRocks.Schema.Database
open StarRocks.Schema.Tests.Support
open StarRocks.Schema.Tests.StarRocksDouble

let private syncOk (text: string) =
    match parseOk text with
    | SyncMaterializedViewObject m -> m
    | other -> failtestf "expected a synchronous materialized view, got %A" other

let private schemaResult (text: string) =
    Parse.script "schema.sql" text |> Result.bind (fun s -> Parse.schema [ s ])


let private schemaErrors (text: string) =
    match schemaResult text with
    | Ok _ -> failtestf "expected errors for:\n%s" text
    | Error es -> es

let private table =
    "CREATE TABLE t (k INT, v BIGINT, w INT) DUPLICATE KEY (k) DISTRIBUTED BY HASH (k) BUCKETS 2;\n"

let private q (name: string) = QualifiedName.ofName (Name.create name)

let private plan (actual: string) (desired: string) =
    Diff.plan DiffOptions.defaults (schemaOk actual) (schemaOk desired)

let private statements (p: Plan) = p.Steps |> List.map Plan.statement

let private parsing =
    testList "parse and render" [
        test "every clause reads into the model, and the rendering reads back to the same model" {
            let m =
                syncOk
                    "CREATE MATERIALIZED VIEW IF NOT EXISTS sales.mv COMMENT \"per k\" PROPERTIES (\"replication_num\" = \"1\")\nAS SELECT k, sum(v) AS total, max(w) top FROM sales.t WHERE w > 0 AND k IS NOT NULL GROUP BY k ORDER BY k"

            Expect.equal (QualifiedName.display m.Name) "sales.mv" "name"
            Expect.equal (QualifiedName.display m.Base) "sales.t" "base"

            Expect.equal
                (m.Select
                 |> List.map (fun i -> Expr.text i.Expression, i.Alias |> Option.map Name.value))
                [ "k", None; "sum(v)", Some "total"; "max(w)", Some "top" ]
                "select list"

            Expect.equal (m.Where |> Option.map Expr.text) (Some "w > 0 AND k IS NOT NULL") "where"
            Expect.equal (m.GroupBy |> List.map Expr.text) [ "k" ] "group by"
            Expect.equal (m.OrderBy |> List.map Expr.text) [ "k" ] "order by"
            Expect.equal m.Comment "per k" "comment"
            Expect.equal m.Properties (Map.ofList [ "replication_num", "1" ]) "properties"
            Expect.equal (syncOk (Render.syncMaterializedView m)) m "round trip"

            Expect.equal
                (Render.syncMaterializedView m)
                "CREATE MATERIALIZED VIEW `sales`.`mv`\nCOMMENT \"per k\"\nPROPERTIES (\n\"replication_num\" = \"1\"\n)\nAS SELECT k, sum(v) AS `total`, max(w) AS `top`\nFROM `sales`.`t`\nWHERE w > 0 AND k IS NOT NULL\nGROUP BY k\nORDER BY k;"
                "rendering"
        }
        test "the one-line lower-case text a server keeps reads too; so do expressions with AS inside them" {
            let m =
                syncOk
                    "create materialized view mv as select k, bitmap_union(to_bitmap(cast(v as int))) as u, count(case when w > 1 then 1 else null end) c from t group by k"

            Expect.equal
                (m.Select |> List.map (fun i -> i.Alias |> Option.map Name.value))
                [ None; Some "u"; Some "c" ]
                "aliases"

            Expect.equal
                (Expr.text m.Select[1].Expression)
                "bitmap_union(to_bitmap(cast(v as int)))"
                "the CAST's AS stays inside"
        }
        test "a materialized view with REFRESH or DISTRIBUTED BY stays asynchronous" {
            match parseOk "CREATE MATERIALIZED VIEW mv DISTRIBUTED BY RANDOM AS SELECT k FROM t" with
            | MaterializedViewObject _ -> ()
            | other -> failtestf "expected an asynchronous view, got %A" other

            match parseOk "CREATE MATERIALIZED VIEW mv REFRESH MANUAL AS SELECT k FROM t" with
            | MaterializedViewObject _ -> ()
            | other -> failtestf "expected an asynchronous view, got %A" other
        }
        test "what a synchronous view cannot have is refused at its place, saying why" {
            for text, expected in
                [
                    "CREATE MATERIALIZED VIEW mv (a) AS SELECT k FROM t", "takes no column list"
                    "CREATE MATERIALIZED VIEW mv PARTITION BY k AS SELECT k FROM t", "PARTITION BY or ORDER BY"
                    "CREATE MATERIALIZED VIEW mv ORDER BY (k) AS SELECT k FROM t", "add REFRESH"
                    "CREATE MATERIALIZED VIEW mv AS SELECT t.k FROM t JOIN u ON t.k = u.k", "FROM one table"
                    "CREATE MATERIALIZED VIEW mv AS SELECT k FROM t GROUP BY k HAVING count(*) > 1", "FROM one table"
                    "CREATE MATERIALIZED VIEW mv AS SELECT 1", "FROM"
                ] do
                let e = parseError text
                Expect.stringContains e.Message expected text
                Expect.equal e.Line 1 $"line of %s{text}"
        }
        test "aliases are unique" {
            let e =
                parseError "CREATE MATERIALIZED VIEW mv AS SELECT k AS a, sum(v) AS A FROM t GROUP BY k"

            Expect.stringContains e.Message "alias `a` appears more than once" "message"
        }
    ]

let private validation =
    testList "the base table" [
        test "a PRIMARY KEY base table is refused at the view's statement, naming both" {
            match
                schemaErrors (
                    "CREATE TABLE p (k INT NOT NULL, v BIGINT) PRIMARY KEY (k) DISTRIBUTED BY HASH (k);\n"
                    + "CREATE MATERIALIZED VIEW mv AS SELECT k, sum(v) FROM p GROUP BY k;"
                )
            with
            | [ e ] ->
                Expect.equal e.Line 2 "the view's line"
                Expect.stringContains e.Message "`mv`" "the view"
                Expect.stringContains e.Message "primary key table `p`" "the table and the rule"
            | es -> failtestf "expected one error, got %A" es
        }
        test "a base table the schema lacks is refused; a view named like a table is a redefinition" {
            match schemaErrors "CREATE MATERIALIZED VIEW mv AS SELECT k FROM nowhere;" with
            | [ e ] -> Expect.stringContains e.Message "`nowhere`, which is not a table of the schema" "message"
            | es -> failtestf "expected one error, got %A" es

            match schemaErrors (table + "CREATE MATERIALIZED VIEW t AS SELECT k FROM t;") with
            | [ e ] -> Expect.stringContains e.Message "is defined more than once" "message"
            | es -> failtestf "expected one error, got %A" es
        }
        test "a base table named with its database matches the table named without it, and the other way" {
            Expect.equal
                (schemaOk (table + "CREATE MATERIALIZED VIEW mv AS SELECT k FROM shop.t;")).SyncMaterializedViews.Count
                1
                "qualified base"
        }
    ]

let private applying =
    testList "apply" [
        let s =
            schemaOk (
                table
                + "CREATE TABLE u (k INT) DUPLICATE KEY (k);\nCREATE MATERIALIZED VIEW mv AS SELECT k, sum(v) FROM t GROUP BY k;"
            )

        test "a column the view reads cannot be dropped, changed or renamed; one it does not read can" {
            for op in
                [
                    DropColumn(q "t", Name.create "v")
                    RenameColumn(q "t", Name.create "v", Name.create "v2")
                    ModifyColumn(
                        q "t",
                        {
                            Column = Column.create (Name.create "v") LargeInt
                            Key = false
                            Position = None
                        }
                    )
                ] do
                match Apply.operation op s with
                | Error e -> Expect.stringContains e "read by synchronous materialized view `mv`" (sprintf "%A" op)
                | Ok _ -> failtestf "%A was applied" op

            Expect.isOk (Apply.operation (DropColumn(q "t", Name.create "w")) s) "w is not read"
        }

        test "SWAP leaves the view on the old table; DROP TABLE takes it away; RENAME carries it" {
            let swapped =
                Apply.operation (SwapTable(q "t", Name.create "u")) s
                |> Result.defaultWith failwith

            Expect.equal swapped.SyncMaterializedViews[q "mv"].Base (q "u") "on the old table, now u"

            let dropped = Apply.operation (DropTable(q "t")) s |> Result.defaultWith failwith
            Expect.isEmpty dropped.SyncMaterializedViews "gone with the table"

            let renamed =
                Apply.operation (RenameTable(q "t", Name.create "t2")) s
                |> Result.defaultWith failwith

            Expect.equal renamed.SyncMaterializedViews[q "mv"].Base (q "t2") "renamed with the table"
        }

        test "DROP MATERIALIZED VIEW drops either kind; CREATE refuses a PRIMARY KEY table and a taken name" {
            let dropped =
                Apply.operation (DropMaterializedView(q "mv")) s |> Result.defaultWith failwith

            Expect.isEmpty dropped.SyncMaterializedViews "dropped"

            Expect.isError (Apply.operation (CreateSyncMaterializedView s.SyncMaterializedViews[q "mv"]) s) "taken"

            let pk =
                schemaOk "CREATE TABLE p (k INT NOT NULL, v BIGINT) PRIMARY KEY (k) DISTRIBUTED BY HASH (k);"

            let onPk =
                syncOk "CREATE MATERIALIZED VIEW mv AS SELECT k, sum(v) FROM p GROUP BY k"

            Expect.isError (Apply.operation (CreateSyncMaterializedView onPk) pk) "primary key"
        }
    ]

let private comparing =
    testList "diff" [
        test "created: a ROLLUP job that rewrites; dropped: its own statement" {
            let p =
                plan table (table + "CREATE MATERIALIZED VIEW mv AS SELECT k, sum(v) FROM t GROUP BY k;")

            match p.Steps with
            | [ step ] ->
                Expect.equal step.Job RollupJob "job"
                Expect.equal step.Risk Rewrite "risk"
            | steps -> failtestf "expected one step, got %A" steps

            Expect.equal
                (statements (plan (table + "CREATE MATERIALIZED VIEW mv AS SELECT k, sum(v) FROM t GROUP BY k;") table))
                [ "DROP MATERIALIZED VIEW `mv`;" ]
                "dropped"
        }
        test "the same view spelled otherwise (backticks, keyword case, AS) is no change" {
            Expect.isTrue
                (Plan.isEmpty (
                    plan
                        (table
                         + "CREATE MATERIALIZED VIEW mv AS SELECT k, sum(v) total FROM t GROUP BY k;")
                        (table
                         + "create materialized view `mv` as select `k`, SUM(`v`) AS `total` from `t` group by `k`;")
                ))
                "no change"
        }
        test "any change is a drop and a create; a change of a column it does not read leaves it alone" {
            let before =
                table + "CREATE MATERIALIZED VIEW mv AS SELECT k, sum(v) FROM t GROUP BY k;"

            Expect.equal
                (statements (
                    plan
                        before
                        (table
                         + "CREATE MATERIALIZED VIEW mv COMMENT \"c\" AS SELECT k, sum(v) FROM t GROUP BY k;")
                ))
                [
                    "DROP MATERIALIZED VIEW `mv`;"
                    "CREATE MATERIALIZED VIEW `mv`\nCOMMENT \"c\"\nAS SELECT k, sum(v)\nFROM `t`\nGROUP BY k;"
                ]
                "comment"

            let widenedW =
                "CREATE TABLE t (k INT, v BIGINT, w BIGINT) DUPLICATE KEY (k) DISTRIBUTED BY HASH (k) BUCKETS 2;\n"
                + "CREATE MATERIALIZED VIEW mv AS SELECT k, sum(v) FROM t GROUP BY k;"

            Expect.equal
                (statements (plan before widenedW))
                [ "ALTER TABLE `t` MODIFY COLUMN `w` bigint(20) NULL COMMENT \"\";" ]
                "w is not read"
        }
        test "a declared rename of its base table keeps it" {
            let p =
                Diff.planModel
                    DiffOptions.defaults
                    (schemaOk (table + "CREATE MATERIALIZED VIEW mv AS SELECT k, sum(v) FROM t GROUP BY k;"))
                    (match
                        Parse.script
                            "m.sql"
                            "CREATE TABLE t2 (k INT, v BIGINT, w INT) -- srschema:renamed-from t\nDUPLICATE KEY (k) DISTRIBUTED BY HASH (k) BUCKETS 2;\nCREATE MATERIALIZED VIEW mv AS SELECT k, sum(v) FROM t2 GROUP BY k;"
                        |> Result.bind (fun s -> Parse.model [ s ])
                     with
                     | Ok m -> m
                     | Error es -> failtestf "%A" es)

            Expect.equal (statements p) [ "ALTER TABLE `t` RENAME `t2`;" ] "only the rename"
        }
        test "a release that would refuse the view is warned of: shared-data before 3.4, WHERE before 3.1.8" {
            let warnings version mode =
                Diff.plan
                    {
                        DiffOptions.defaults with
                            ServerVersion = version
                            RunMode = mode
                    }
                    (schemaOk table)
                    (schemaOk (
                        table
                        + "CREATE MATERIALIZED VIEW mv AS SELECT k, sum(v) FROM t WHERE w > 0 GROUP BY k;"
                    ))
                |> fun p ->
                    p.Differences
                    |> List.choose (fun d ->
                        match d.Outcome with
                        | Warned reason -> Some reason
                        | _ -> None)

            Expect.isEmpty (warnings (ServerVersion.create 3 4 0) SharedData) "3.4 shared-data"
            Expect.isEmpty (warnings (ServerVersion.create 3 1 8) SharedNothing) "3.1.8"

            Expect.exists
                (warnings (ServerVersion.create 3 3 5) SharedData)
                (fun w -> w.Contains "shared-data cluster has no synchronous materialized views")
                "3.3 shared-data"

            Expect.exists (warnings (ServerVersion.create 3 1 7) SharedNothing) (fun w -> w.Contains "WHERE") "3.1.7"
        }
        test "a base table rebuilt by copy and swap gets its views again after the old table is dropped" {
            let p =
                plan
                    (table + "CREATE MATERIALIZED VIEW mv AS SELECT k, sum(v) FROM t GROUP BY k;")
                    ("CREATE TABLE t (k INT, v BIGINT, w INT) UNIQUE KEY (k) DISTRIBUTED BY HASH (k) BUCKETS 2;\n"
                     + "CREATE MATERIALIZED VIEW mv AS SELECT k, sum(v) FROM t GROUP BY k;")

            let kinds = p.Steps |> List.map (fun s -> Operation.kind s.Operations.Head)

            Expect.equal
                kinds
                [
                    "DropMaterializedView"
                    "CreateTable"
                    "CopyRows"
                    "SwapTable"
                    "DropTable"
                    "CreateSyncMaterializedView"
                ]
                "drop the view, rebuild, create it again"
        }
    ]

// ---------------------------------------------------------------------------------------------------------------
// Against the double: reflection, the ROLLUP job, faults

let private case =
    let text =
        File.ReadAllText(Path.Combine(projectDir, "diff-cases", "sync-materialized-views.sql"))

    let cut = text.IndexOf "-- @desired"
    schemaOk (text.Substring(0, cut)), schemaOk (text.Substring cut)

let private reflect (d: StarRocksDouble) =
    match (Reflect.database [ d ] "shop" CancellationToken.None).Result with
    | Ok r -> r.Schema
    | Error e -> failtest e

/// Reads the double and runs the plan to the case's desired schema; an error (of the reading or the run) in words.
let private runPlan (d: StarRocksDouble) (events: ResizeArray<ExecutionEvent>) =
    match (Reflect.database [ d ] "shop" CancellationToken.None).Result with
    | Error e -> Error e
    | Ok r ->
        let _, desired = case

        (Executor.run
            d
            noWait
            DiffOptions.defaults
            "shop"
            r.Schema
            (Diff.plan DiffOptions.defaults r.Schema desired)
            events.Add
            CancellationToken.None)
            .Result
        |> Result.mapError ExecutionError.describe

/// A double whose database the case's actual schema was created in (by a plan from nothing, run by the executor).
let private fresh () =
    let d =
        StarRocksDouble(ServerVersion.create 3 3 5, SharedNothing, "srschema_history")

    match
        (Executor.run
            d
            noWait
            DiffOptions.defaults
            "shop"
            Schema.empty
            (Diff.plan DiffOptions.defaults Schema.empty (fst case))
            ignore
            CancellationToken.None)
            .Result
    with
    | Ok _ -> d
    | Error e -> failtestf "creating the actual schema: %s" (ExecutionError.describe e)

let private live =
    testList "against the double" [
        test
            "reflection lists the views with the tables; the plan runs, waits for each ROLLUP job, and reaches the model" {
            let d = fresh ()
            Expect.equal (reflect d).SyncMaterializedViews.Count 5 "read from SHOW MATERIALIZED VIEWS"
            let events = ResizeArray()

            match runPlan d events with
            | Ok _ -> ()
            | Error e -> failtest e

            let rollups =
                events
                |> Seq.choose (function
                    | JobProgress(step, RollupJob, _, "FINISHED", _) -> Some step
                    | _ -> None)
                |> Seq.distinct
                |> Seq.length

            Expect.equal rollups 4 "each CREATE waited for its ROLLUP job to finish"

            let after = reflect d
            Expect.isTrue (Plan.isEmpty (Diff.plan DiffOptions.defaults after (snd case))) "the model is reached"

            Expect.equal
                (QualifiedName.display after.SyncMaterializedViews[q "events_per_day"].Base)
                "events"
                "on the rebuilt table"
        }
        test
            "a fault at any interaction, then plans made again from the server and run until one finishes, reach the model" {
            let clean = fresh ()
            let start = clean.Interactions
            Expect.isOk (runPlan clean (ResizeArray())) "clean run"
            let count = clean.Interactions - start

            for fault in [ BeforeServer; AfterRun; Refuse ] do
                for at in 0 .. count - 1 do
                    let d = fresh ()
                    d.Inject(Map.ofList [ d.Interactions + at, fault ])

                    // the first run stops at the fault; then read, plan and run again until a run finishes (a plan
                    // read while a job still ran may be refused once: the job's change shows only when it ends)
                    let rec untilDone attempts =
                        match runPlan d (ResizeArray()) with
                        | Ok _ -> ()
                        | Error e when attempts >= 3 -> failtestf "%A at %d: still failing: %s" fault at e
                        | Error _ ->
                            d.Inject Map.empty
                            untilDone (attempts + 1)

                    untilDone 1

                    Expect.isTrue
                        (Plan.isEmpty (Diff.plan DiffOptions.defaults (reflect d) (snd case)))
                        $"%A{fault} at %d{at}: the model is reached"

                    // sent again at most once: after a fault, or when a plan read while its ROLLUP job still ran
                    // (the server lists the view only once the job ends) creates it again and the server refuses
                    Expect.isLessThanOrEqual
                        (d.Count "CREATE MATERIALIZED VIEW `orders_biggest`")
                        2
                        $"%A{fault} at %d{at}: how often the CREATE was sent"
        }
        test "a lost reply to CREATE is recognised once its ROLLUP job ends: the run goes on, nothing is sent twice" {
            let clean = fresh ()
            let start = clean.Interactions
            Expect.isOk (runPlan clean (ResizeArray())) "clean run"

            let at =
                clean.Sent
                |> List.findIndex (fun sql -> sql.StartsWith "CREATE MATERIALIZED VIEW `orders_biggest`")

            let d = fresh ()
            d.Inject(Map.ofList [ d.Interactions + at - start, AfterRun ])

            match runPlan d (ResizeArray()) with
            | Ok _ -> ()
            | Error e -> failtestf "the run stopped: %s" e

            Expect.equal (d.Count "CREATE MATERIALIZED VIEW `orders_biggest`") 1 "sent once"
            Expect.isTrue (Plan.isEmpty (Diff.plan DiffOptions.defaults (reflect d) (snd case))) "the model is reached"
        }
    ]

let tests =
    testList "synchronous materialized views" [ parsing; validation; applying; comparing; live ]
