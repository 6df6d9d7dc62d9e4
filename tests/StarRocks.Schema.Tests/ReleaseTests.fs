/// Releases as data (ServerRules.releases), the 26.2+ ON_CHANGE spelling of the untimed refresh in plans, and range
/// distribution (4.1+ shared-data): model, rendering, JSON, codegen, diff and reflection.
module StarRocks.Schema.Tests.ReleaseTests

open System.Threading
open Expecto
open Microsoft.FSharp.Reflection
open StarRocks.Schema
open StarRocks.Schema.Database
open StarRocks.Schema.Tests.Support
open StarRocks.Schema.Tests.LiveTests

let private v = ServerVersion.create


let private optionsFor (version: ServerVersion) (mode: RunMode) = {
    DiffOptions.defaults with
        ServerVersion = version
        RunMode = mode
}

let private statements (p: Plan) = p.Steps |> List.map Plan.statement

let private versionOf (text: string) =
    match ServerVersion.tryParse text with
    | Ok version -> version
    | Error e -> failtest e

// ---------------------------------------------------------------------------------------------------------------
// Releases as data

let private releaseTests =
    testList "releases" [
        test "releases are listed once each, oldest first, from 3.0" {
            let versions = ServerRules.releases |> List.map (fun r -> r.Version)
            Expect.equal versions (List.sort versions) "oldest first"
            Expect.equal (List.distinct versions) versions "once each"
            Expect.equal versions.Head ServerVersion.oldestSupported "from 3.0"

            Expect.equal
                (versions |> List.map string)
                [
                    "3.0.0"
                    "3.1.0"
                    "3.2.0"
                    "3.3.0"
                    "3.4.0"
                    "3.5.0"
                    "4.0.0"
                    "4.1.0"
                    "26.2.0"
                ]
                "the known lines"
        }
        test "every capability is introduced by some release" {
            let named =
                ServerRules.releases
                |> List.collect (fun r -> r.Changes)
                |> List.choose (function
                    | ReleaseChange.Introduces(c, _, _) -> Some c
                    | _ -> None)
                |> set

            for case in FSharpType.GetUnionCases typeof<Capability> do
                let c = FSharpValue.MakeUnion(case, [||]) :?> Capability
                Expect.isTrue (named.Contains c) $"%A{c} is in the table"
        }
        test "only the 26.x line is unconfirmed" {
            let unconfirmed =
                ServerRules.releases
                |> List.filter (fun r -> not r.Confirmed)
                |> List.map (fun r -> r.Version)

            Expect.equal unconfirmed [ v 26 2 0 ] "26.2"
        }
        test "a version between known lines behaves as the line before it" {
            let lineOf version =
                ServerRules.release version |> Option.map (fun r -> string r.Version)

            Expect.equal (lineOf (v 2 5 9)) None "before 3.0"
            Expect.equal (lineOf (v 3 3 7)) (Some "3.3.0") "3.3.7"
            Expect.equal (lineOf (v 4 2 0)) (Some "4.1.0") "4.2"
            Expect.equal (lineOf (v 26 1 3)) (Some "4.1.0") "26.1"
            Expect.equal (lineOf (v 26 2 0)) (Some "26.2.0") "26.2"
            Expect.equal (lineOf (v 26 10 0)) (Some "26.2.0") "26.10"
        }
        testList "range distribution: shared-data from 4.1" [
            for version, mode, expected in
                [
                    v 4 0 9, SharedData, false
                    v 4 1 0, SharedData, true
                    v 26 2 0, SharedData, true
                    v 4 1 0, SharedNothing, false
                ] do
                testCase $"%O{version} %A{mode}: %b{expected}"
                <| fun () ->
                    Expect.equal (ServerRules.allows version mode Capability.RangeDistribution) expected "allowed"
        ]
        testList "the untimed refresh is written ON_CHANGE from 26.2" [
            for text, expected in
                [
                    "4.1.1-ee", false
                    "26.1.9", false
                    "26.2.0-ee", true
                    "26.2.1", true
                    "26.10.0", true
                    "27.0.0", true
                ] do
                testCase $"%s{text}: %b{expected}"
                <| fun () ->
                    Expect.equal
                        (ServerRules.writes (versionOf text) Spelling.UntimedRefreshOnChange)
                        expected
                        "ON_CHANGE"
        ]
        test "the SCHEDULE spelling of 4.1 is printed, never written" {
            for version in [ v 4 1 0; v 26 2 0 ] do
                Expect.isFalse (ServerRules.writes version Spelling.TimedRefreshSchedule) (string version)
        }
        testList "ServerVersion.tryParse reads 26.x versions" [
            for text, expected in [ "26.2.0-ee", v 26 2 0; "26.2.1", v 26 2 1; "26.10.0", v 26 10 0 ] do
                testCase text <| fun () -> Expect.equal (versionOf text) expected text
            testCase "26.10 is later than 26.2"
            <| fun () -> Expect.isGreaterThan (versionOf "26.10.0") (versionOf "26.2.0-ee") "order"
        ]
    ]

// ---------------------------------------------------------------------------------------------------------------
// ON_CHANGE

let private mvWith (refresh: string) =
    $"CREATE TABLE `t` (`k` int(11) NOT NULL COMMENT \"\") DUPLICATE KEY(`k`) DISTRIBUTED BY HASH(`k`);\nCREATE MATERIALIZED VIEW `mv` DISTRIBUTED BY HASH(`k`) %s{refresh} AS SELECT `k` FROM `t`;"

let private baseOnly =
    "CREATE TABLE `t` (`k` int(11) NOT NULL COMMENT \"\") DUPLICATE KEY(`k`) DISTRIBUTED BY HASH(`k`);"

let private onChangeTests =
    testList "ON_CHANGE" [
        testList "CREATE MATERIALIZED VIEW in a plan" [
            for server, expected in
                [
                    "26.2.0-ee", "REFRESH ON_CHANGE"
                    "26.2.1", "REFRESH ON_CHANGE"
                    "4.1.0", "REFRESH ASYNC"
                    "26.1.0", "REFRESH ASYNC"
                ] do
                testCase server
                <| fun () ->
                    let p =
                        Diff.plan
                            (optionsFor (versionOf server) SharedNothing)
                            (schemaOk baseOnly)
                            (schemaOk (mvWith "REFRESH ASYNC"))

                    match statements p with
                    | [ create ] ->
                        Expect.stringContains create ("\n" + expected + "\n") "refresh"
                        Expect.isFalse (create.Contains "ON_CHANGE" && expected.Contains "ASYNC") "one spelling"
                    | other -> failtestf "expected one statement: %A" other
        ]
        test "no server known: DiffOptions.defaults writes ASYNC" {
            let p =
                Diff.plan DiffOptions.defaults (schemaOk baseOnly) (schemaOk (mvWith "REFRESH ASYNC"))

            Expect.stringContains (Plan.sql p) "REFRESH ASYNC\n" "ASYNC"
        }
        test "DEFERRED keeps its moment; a timed refresh keeps ASYNC ... EVERY on 26.2" {
            let o = optionsFor (v 26 2 0) SharedData

            let deferred =
                Diff.plan o (schemaOk baseOnly) (schemaOk (mvWith "REFRESH DEFERRED ASYNC"))

            Expect.stringContains (Plan.sql deferred) "REFRESH DEFERRED ON_CHANGE\n" "deferred"

            let timed =
                Diff.plan o (schemaOk baseOnly) (schemaOk (mvWith "REFRESH ASYNC EVERY(INTERVAL 1 HOUR)"))

            Expect.stringContains (Plan.sql timed) "REFRESH ASYNC EVERY(INTERVAL 1 HOUR)\n" "timed"
            Expect.isFalse ((Plan.sql timed).Contains "ON_CHANGE") "no ON_CHANGE"
        }
        testList "ALTER MATERIALIZED VIEW ... REFRESH in a plan" [
            for server, expected in
                [
                    "26.2.0-ee", "ALTER MATERIALIZED VIEW `mv` REFRESH ON_CHANGE;"
                    "4.1.0", "ALTER MATERIALIZED VIEW `mv` REFRESH ASYNC;"
                    "26.1.0", "ALTER MATERIALIZED VIEW `mv` REFRESH ASYNC;"
                ] do
                testCase server
                <| fun () ->
                    let p =
                        Diff.plan
                            (optionsFor (versionOf server) SharedNothing)
                            (schemaOk (mvWith "REFRESH MANUAL"))
                            (schemaOk (mvWith "REFRESH ASYNC"))

                    Expect.equal (statements p) [ expected ] "statements"
        ]
        test "the 26.2 statements parse back into the same operations" {
            let p =
                Diff.plan (optionsFor (v 26 2 0) SharedNothing) (schemaOk baseOnly) (schemaOk (mvWith "REFRESH ASYNC"))

            for step in p.Steps do
                match Parse.operations "plan.sql" (Plan.statement step) with
                | Ok [ back ] -> Expect.equal back.Operations step.Operations "operations"
                | other -> failtestf "%A" other
        }
        test "Render keeps ASYNC by default; refreshFor writes ON_CHANGE for 26.2" {
            let untimed = {
                Moment = Some Deferred
                Scheme = Async(None, None)
            }

            Expect.equal (Render.refresh untimed) "REFRESH DEFERRED ASYNC" "default"
            Expect.equal (Render.refreshFor (v 26 2 0) untimed) "REFRESH DEFERRED ON_CHANGE" "26.2"
            Expect.equal (Render.refreshFor (v 4 1 0) untimed) "REFRESH DEFERRED ASYNC" "4.1"

            let timed = {
                Moment = None
                Scheme = Async(None, Some(5, "MINUTE"))
            }

            Expect.equal (Render.refreshFor (v 26 2 0) timed) "REFRESH ASYNC EVERY(INTERVAL 5 MINUTE)" "timed"
        }
    ]

// ---------------------------------------------------------------------------------------------------------------
// Range distribution

let private unwritten =
    "CREATE TABLE `t` (\n  `k` int(11) NOT NULL COMMENT \"\",\n  `v` varchar(10) NULL COMMENT \"\"\n) ENGINE=OLAP\nDUPLICATE KEY(`k`)\nPROPERTIES (\n\"replication_num\" = \"1\"\n);"

let private tableOf (text: string) =
    match (schemaOk text).Tables |> Map.toList with
    | [ _, t ] -> t
    | other -> failtestf "expected one table: %A" other

let private ranged (text: string) =
    let t = tableOf text

    Schema.ofDistinct [
        TableObject {
            t with
                Distribution = Some Distribution.Range
        }
    ]

let private rangeTests =
    let sd41 = optionsFor (v 4 1 0) SharedData

    testList "range distribution" [
        test "is rendered as no DISTRIBUTED BY clause" {
            let t = {
                tableOf unwritten with
                    Distribution = Some Distribution.Range
            }

            let text = Render.table t
            Expect.isFalse (text.Contains "DISTRIBUTED BY") text
            Expect.equal (Render.table (tableOf unwritten)) text "as a table that does not state it"
        }
        test "a model without DISTRIBUTED BY and a server table reporting RANGE do not differ on 4.1+ shared-data" {
            let p = Diff.plan sd41 (ranged unwritten) (schemaOk unwritten)
            Expect.isTrue (Plan.isEmpty p) "no statement"
            Expect.isEmpty p.Differences "no difference"
        }
        test "the same on a PRIMARY KEY table (not taken for HASH of the key there)" {
            let pk = unwritten.Replace("DUPLICATE KEY", "PRIMARY KEY")
            let p = Diff.plan sd41 (ranged pk) (schemaOk pk)
            Expect.isTrue (Plan.isEmpty p) "no statement"
            Expect.isEmpty p.Differences "no difference"
        }
        test "where the server would not choose range, the difference is kept with a warning" {
            let p =
                Diff.plan (optionsFor (v 4 0 0) SharedData) (ranged unwritten) (schemaOk unwritten)

            Expect.isTrue (Plan.isEmpty p) "no statement"
            Expect.isNonEmpty (Plan.warnings p) "a warning"
        }
        test "range -> HASH is a rebuild into a table with the explicit clause" {
            let desired =
                unwritten.Replace("DUPLICATE KEY(`k`)", "DUPLICATE KEY(`k`)\nDISTRIBUTED BY HASH(`k`) BUCKETS 4")

            let p = Diff.plan sd41 (ranged unwritten) (schemaOk desired)

            Expect.exists
                (statements p)
                (fun s -> s.StartsWith "CREATE TABLE" && s.Contains "DISTRIBUTED BY HASH(`k`) BUCKETS 4")
                "the new table states HASH"

            Expect.exists p.Differences (fun d -> d.Outcome = Rebuilt) "rebuilt"
        }
        test "HASH -> range is a rebuild into a table without the clause on 4.1+ shared-data" {
            let actual =
                unwritten.Replace("DUPLICATE KEY(`k`)", "DUPLICATE KEY(`k`)\nDISTRIBUTED BY HASH(`k`) BUCKETS 4")

            let p = Diff.plan sd41 (schemaOk actual) (ranged unwritten)
            let creates = statements p |> List.filter (fun s -> s.StartsWith "CREATE TABLE")
            Expect.equal creates.Length 1 "one CREATE"
            Expect.isFalse (creates.Head.Contains "DISTRIBUTED BY") creates.Head
            let reached = Apply.operations (Plan.operations p) (schemaOk actual)

            match reached with
            | Ok s -> Expect.isTrue (Plan.isEmpty (Diff.plan sd41 s (ranged unwritten))) "reached"
            | Error e -> failtest e
        }
        test "HASH -> range is kept with a warning on a shared-nothing server" {
            let actual =
                unwritten.Replace("DUPLICATE KEY(`k`)", "DUPLICATE KEY(`k`)\nDISTRIBUTED BY HASH(`k`) BUCKETS 4")

            let p =
                Diff.plan (optionsFor (v 4 1 0) SharedNothing) (schemaOk actual) (ranged unwritten)

            Expect.isTrue (Plan.isEmpty p) "no statement"
            Expect.isNonEmpty (Plan.warnings p) "a warning"
        }
        test "JSON writes kind range" {
            let t = {
                tableOf unwritten with
                    Distribution = Some Distribution.Range
            }

            let text = SchemaJson.serialize [ TableObject t ]
            Expect.stringContains text "\"kind\": \"range\"" text
        }
        test "F# and C# codegen write the case" {
            let t = {
                tableOf unwritten with
                    Distribution = Some Distribution.Range
            }

            Expect.stringContains (Codegen.fsharp "M" [ TableObject t ]) "Distribution.Range" "F#"
            Expect.stringContains (Codegen.csharp "N" "C" [ TableObject t ]) ".DistributedByRange()" "C#"
        }
        test "Define.rangeDistributed" {
            let t = Define.table "t" [ Define.column "k" "INT" ] |> Define.rangeDistributed
            Expect.equal t.Distribution (Some Distribution.Range) "range"
        }
    ]

// ---------------------------------------------------------------------------------------------------------------
// Reflection

let private rows (columns: string list) (values: string list list) =
    Ok(ResultSet.create columns (values |> List.map (List.map Some)))

let private reflectionTests =
    let shown =
        "CREATE TABLE `t` (\n  `k` int(11) NOT NULL COMMENT \"\"\n) ENGINE=OLAP\nDUPLICATE KEY(`k`)\nPROPERTIES (\n\"replication_num\" = \"1\"\n);"

    let script (versionText: string) (mode: string) =
        let s = Scripted()
        s.On("current_version()", [ rows [ "current_version()" ] [ [ versionText ] ] ])
        s.On("@@run_mode", [ rows [ "@@run_mode" ] [ [ mode ] ] ])

        s.On(
            "information_schema.tables_config",
            [
                rows [ "TABLE_NAME"; "DISTRIBUTE_TYPE" ] [ [ "t"; "RANGE" ]; [ "h"; "HASH" ] ]
            ]
        )

        s.On("information_schema.tables", [ rows [ "TABLE_NAME"; "TABLE_TYPE" ] [ [ "t"; "BASE TABLE" ] ] ])

        s.On("SHOW CREATE TABLE `shop`.`t`", [ rows [ "Table"; "Create Table" ] [ [ "t"; shown ] ] ])
        s.On("SHOW MATERIALIZED VIEWS", [ rows [ "id"; "name"; "refresh_type"; "text" ] [] ])
        s

    testList "reflection of range distribution" [
        test "4.1 shared-data: one tables_config query marks the range-distributed tables" {
            let s = script "4.1.1-ee" "shared_data"

            match (Reflect.database [ s ] "shop" CancellationToken.None).Result with
            | Ok r ->
                let t = r.Schema.Tables |> Map.toList |> List.map snd |> List.exactlyOne
                Expect.equal t.Distribution (Some Distribution.Range) "range"
                Expect.equal (s.Count "tables_config") 1 "one query"
            | Error e -> failtest e
        }
        test "older or shared-nothing servers are not asked" {
            for versionText, mode in [ "4.0.5", "shared_data"; "4.1.0", "shared_nothing" ] do
                let s = script versionText mode

                match (Reflect.database [ s ] "shop" CancellationToken.None).Result with
                | Ok r ->
                    let t = r.Schema.Tables |> Map.toList |> List.map snd |> List.exactlyOne
                    Expect.equal t.Distribution None versionText
                    Expect.equal (s.Count "tables_config") 0 "no query"
                | Error e -> failtest e
        }
    ]

let tests =
    testList "releases, ON_CHANGE and range distribution" [ releaseTests; onChangeTests; rangeTests; reflectionTests ]
