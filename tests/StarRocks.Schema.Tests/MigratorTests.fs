/// The migration runner: the pure planner (properties over generated chains and histories), the journaled runner
/// against the StarRocks double (every case of the migration-safety issue as an example), the crash-consistency law
/// (a fault at any point, then `upgrade head` until it succeeds, gives the head exactly once), and the CLI's exit codes.
module StarRocks.Schema.Tests.MigratorTests

open System
open System.IO
open System.Threading
open System.Threading.Tasks
open Expecto
open FsCheck
open FsCheck.FSharp
open StarRocks.Schema
open StarRocks.Schema.Database
open StarRocks.Schema.Cli
open StarRocks.Schema.Tests.StarRocksDouble

let revision (id: string) (parent: string option) (up: string) (down: string) =
    let text = Revision.render id parent "a change" "2026-11-26T10:00:00Z" up down

    match Revision.parse $"m/%s{id}.sql" text with
    | Ok r -> r
    | Error e -> failtest e

/// a1: three tables; b2: a fourth; c3: a column on it (a schema-change job).
let a1 =
    revision
        "a1"
        None
        "CREATE TABLE t1 (id INT);\nCREATE TABLE t2 (id INT);\nCREATE TABLE t3 (id INT);"
        "DROP TABLE t3;\nDROP TABLE t2;\nDROP TABLE t1;"

let b2 = revision "b2" (Some "a1") "CREATE TABLE t4 (id INT);" "DROP TABLE t4;"

let c3 =
    revision
        "c3"
        (Some "b2")
        "ALTER TABLE t4 ADD COLUMN v INT;\nALTER TABLE t1 SET (\"replication_num\" = \"1\");"
        "ALTER TABLE t1 SET (\"replication_num\" = \"3\");\nALTER TABLE t4 DROP COLUMN v;"

let chain = [ a1; b2; c3 ]

/// The journal's intent for a part's first statement, with no checksum recorded.
let private firstIntent (outcome: IntentOutcome) =
    Some {
        Index = 1
        Checksum = ""
        Outcome = outcome
        Sent = StatementIntent.unsent
    }

let config = {
    ProjectConfig.defaults with
        Database = "shop"
}

let project (revisions: Revision list) : MigrationProject = {
    Folder = "."
    Config = config
    Chain = revisions
}

let options = {
    MigratorOptions.defaults with
        Executor = noWait
        Owner = "me@test"
}

let server (version: ServerVersion) (mode: RunMode) = {
    Version = version
    RunMode = mode
    Warnings = []
}

let newDouble () =
    StarRocksDouble(ServerVersion.create 3 3 5, SharedNothing, config.HistoryTable)

let runWith
    (d: StarRocksDouble)
    (opts: MigratorOptions)
    (revisions: Revision list)
    (direction: Direction)
    (target: Target)
    (ct: CancellationToken)
    =
    (Migrator.migrate
        d
        (project revisions)
        opts
        (server (ServerVersion.create 3 3 5) SharedNothing)
        direction
        target
        ignore
        ct)
        .Result

let run (d: StarRocksDouble) (revisions: Revision list) (direction: Direction) (target: Target) =
    runWith d options revisions direction target CancellationToken.None

/// Calls f at the n-th poll of t4's column jobs (the first poll is the idle check before the ALTER, the second the job
/// floor read right before it is sent, the third the first poll of its job).
let private atPoll (d: StarRocksDouble) (n: int) (f: unit -> unit) =
    let polls = ref 0

    d.Hide(fun sql ->
        if sql.StartsWith "SHOW ALTER TABLE COLUMN" && sql.Contains "'t4'" then
            polls.Value <- polls.Value + 1

            if polls.Value = n then
                f ()

        false)

let status (d: StarRocksDouble) (revisions: Revision list) =
    match (Migrator.readStatus d (project revisions) CancellationToken.None).Result with
    | Ok s -> s
    | Error e -> failtestf "%s" (MigrationError.describe e)

let upTo (d: StarRocksDouble) (revisions: Revision list) (target: Target) =
    match run d revisions Up target with
    | Ok report -> report
    | Error e -> failtestf "upgrade: %s" (MigrationError.describe e)

let private ddl (d: StarRocksDouble) = d.Applied

/// Writes the lease row as another run does (no read first); Ok when the double took it.
let writeLeaseAs (d: StarRocksDouble) (owner: string) (until: DateTimeOffset) =
    (History.writeLease
        d
        "srschema_history"
        DateTimeOffset.UtcNow
        {
            Owner = owner
            ExpiresAt = Some until
        }
        CancellationToken.None)
        .Result

/// Decides a statement of one operation whose outcome is unknown, as a later run does (no connection recorded).
let private recognise (d: StarRocksDouble) (op: Operation) (before: Schema) =
    let statement = {
        Sql = Render.statement [ op ]
        Operations = [ op ]
        Job = Operation.statementJob [ op ]
        Label = None
        IntoFreshTable = false
    }

    (Executor.decide
        d
        noWait
        DiffOptions.defaults
        "shop"
        statement
        StatementIntent.unsent
        before
        StatementHooks.none
        ignore
        CancellationToken.None)
        .Result

let sqlOf (part: MigrationStatement list) = part |> List.map (fun s -> s.Sql)

// ---------------------------------------------------------------------------------------------------------------
// The planner

/// A chain of n revisions with 0 to 3 statements each.
let private chainGen =
    gen {
        let! n = Gen.choose (0, 5)
        let! sizes = Gen.listOfLength n (Gen.choose (0, 3))

        return
            sizes
            |> List.mapi (fun i size ->
                let id = $"r%d{i}"

                let statements k =
                    [ for j in 1..k -> $"CREATE TABLE t%d{i}_%d{j} (id INT);" ]
                    |> String.concat "\n"

                let drops k =
                    [ for j in k .. -1 .. 1 -> $"DROP TABLE t%d{i}_%d{j};" ] |> String.concat "\n"

                revision id (if i = 0 then None else Some $"r%d{i - 1}") (statements size) (drops size))
    }

/// A history this chain reaches: an applied prefix, maybe a revision in progress after it, with an intent.
let private historyGen (revisions: Revision list) =
    gen {
        let! applied = Gen.choose (0, revisions.Length)
        let! partial = Gen.elements [ true; false ]
        let! direction = Gen.elements [ Up; Down ]

        let! outcome =
            Gen.elements [
                None
                Some Sent
                Some(Failed "refused")
                Some(Unknown "lost")
                Some Unrecorded
            ]

        let entry (r: Revision) state = HistoryEntry.ofRevision r state None

        let inProgress =
            match List.tryItem applied revisions with
            | Some r when partial ->
                let total = (MigrationPlanner.part r direction).Length

                let doneGen = Gen.choose (0, total)

                doneGen
                |> Gen.map (fun done' ->
                    let intent =
                        match outcome with
                        | Some o when done' < total ->
                            Some {
                                Index = done' + 1
                                Checksum =
                                    (if o = Unrecorded then
                                         ""
                                     else
                                         MigrationPlanner.statementChecksum
                                             (List.item done' (MigrationPlanner.part r direction)).Sql)
                                Outcome = o
                                Sent = StatementIntent.unsent
                            }
                        | _ -> None

                    [ entry r (InProgress(direction, done', intent)) ])
            | _ -> Gen.constant []

        let! extra = inProgress

        return {
            Entries =
                (revisions |> List.truncate applied |> List.map (fun r -> entry r Applied))
                @ extra
            Lease = None
        }
    }

let private targetGen (revisions: Revision list) =
    Gen.oneof [
        Gen.constant Head
        Gen.constant Base
        Gen.choose (-4, 4) |> Gen.map Relative
        (if List.isEmpty revisions then
             Gen.constant Head
         else
             Gen.elements revisions |> Gen.map (fun r -> RevisionId r.Id))
        Gen.constant (RevisionId "zz")
    ]

let private scenarioGen =
    gen {
        let! revisions = chainGen
        let! history = historyGen revisions
        let! target = targetGen revisions
        let! direction = Gen.elements [ Up; Down ]
        return revisions, history, target, direction
    }

let private planner =
    testList "planner" [
        testPropertyWithConfig
            Support.config
            "upgrade never yields a down step, downgrade never an up step; steps are in order"
        <| Prop.forAll (Arb.fromGen scenarioGen) (fun (revisions, history, target, direction) ->
            match MigrationPlanner.plan revisions history direction target with
            | Error refusal ->
                let text = Refusal.describe refusal
                Expect.isNotEmpty text "a refusal says why"
            | Ok planned ->
                Expect.all planned.Steps (fun s -> s.Direction = direction) "one direction only"

                let positions = planned.Steps |> List.map (fun s -> s.Position)

                match direction with
                | Up ->
                    Expect.isGreaterThanOrEqual planned.Target planned.From "upgrade goes up"
                    Expect.equal positions [ planned.From + 1 .. planned.Target ] "each revision above, in order"
                | Down ->
                    Expect.isLessThanOrEqual planned.Target planned.From "downgrade goes down"

                    let expected = [ planned.From .. -1 .. planned.Target + 1 ]
                    // a revision stopped while downgrading comes first
                    Expect.equal
                        (positions |> List.filter (fun p -> p <= planned.From))
                        expected
                        "each revision below, newest first"

                for s in planned.Steps do
                    let statements = MigrationPlanner.part s.Revision s.Direction
                    let recognised = s.Recognise |> Option.toList

                    Expect.equal
                        (s.Done + recognised.Length + s.ToSend.Length)
                        statements.Length
                        "every statement once")
        testPropertyWithConfig Support.config "every refusal names the revisions or the target concerned"
        <| Prop.forAll (Arb.fromGen scenarioGen) (fun (revisions, history, target, direction) ->
            match MigrationPlanner.plan revisions history direction target with
            | Ok _ -> ()
            | Error refusal ->
                let text = Refusal.describe refusal

                let named =
                    match refusal with
                    | UnknownTarget(t, _) -> [ t ]
                    | WrongDirection(_, t, _, _) -> [ t ]
                    | PartialInOtherDirection(id, _, _, _) -> [ id ]
                    | EditedRevisions rs -> rs |> List.map fst
                    | UnknownRevisions ids -> ids
                    | TargetLeavesPartial(id, _, _, _) -> [ id ]
                    | InconsistentHistory _ -> []

                for n in named do
                    Expect.stringContains text n "named")
        testPropertyWithConfig
            Support.config
            "a consistent history is planned: up to head unless a revision stops part-way down, down to base unless one stops part-way up"
        <| Prop.forAll (Arb.fromGen scenarioGen) (fun (revisions, history, _, _) ->
            match MigrationPlanner.status revisions history with
            | Error r -> failtestf "a generated history is consistent: %s" (Refusal.describe r)
            | Ok s ->
                let partial = s.Partial |> Option.map (fun p -> p.Direction)

                if partial <> Some Down then
                    Expect.isOk (MigrationPlanner.plan revisions history Up Head) "upgrade head"

                if partial <> Some Up then
                    Expect.isOk (MigrationPlanner.plan revisions history Down Base) "downgrade base")
        test "part-way revisions: -1 counts from one stopped downgrading; a target that leaves one part-way is refused" {
            let entry (r: Revision) state = HistoryEntry.ofRevision r state None
            let applied = [ entry a1 Applied; entry b2 Applied ]

            let downing = {
                Entries = applied @ [ entry c3 (InProgress(Down, 1, None)) ]
                Lease = None
            }

            match MigrationPlanner.plan chain downing Down (Relative -1) with
            | Ok planned -> Expect.equal (planned.Steps |> List.map (fun s -> s.Revision.Id)) [ "c3" ] "only c3 goes"
            | Error r -> failtest (Refusal.describe r)

            let upping = {
                Entries = applied @ [ entry c3 (InProgress(Up, 1, None)) ]
                Lease = None
            }

            match MigrationPlanner.plan chain upping Up (Relative 0) with
            | Error(TargetLeavesPartial("c3", Up, 1, 2)) -> ()
            | other -> failtestf "upgrade +0: %A" other

            match MigrationPlanner.plan chain upping Down (RevisionId "b2") with
            | Error(PartialInOtherDirection("c3", Up, 1, 2)) -> ()
            | other -> failtestf "downgrade b2: %A" other

            // a part that stopped before anything of it may have run has not started
            let notStarted = {
                Entries = applied @ [ entry c3 (InProgress(Up, 0, firstIntent (Failed "refused"))) ]
                Lease = None
            }

            Expect.isOk (MigrationPlanner.plan chain notStarted Down Base) "downgrade is not blocked"
        }
        test "stamp repairs an inconsistent history (it refuses only revisions the folder lacks)" {
            let gap = {
                Entries = [ HistoryEntry.ofRevision b2 Applied None ]
                Lease = None
            }

            Expect.isError (MigrationPlanner.plan chain gap Up Head) "inconsistent: refused"

            match MigrationPlanner.stamp chain gap Head with
            | Ok plan -> Expect.equal (plan.Write |> List.map (fun e -> e.Revision)) [ "a1"; "b2"; "c3" ] "rewritten"
            | Error r -> failtest (Refusal.describe r)
        }
        test "upgrade to an older revision, -1 or base is refused; so is downgrade to a newer one or head" {
            let history = {
                Entries = [ for r in chain -> HistoryEntry.ofRevision r Applied None ]
                Lease = None
            }

            for target in [ RevisionId "a1"; Relative -1; Base ] do
                match MigrationPlanner.plan chain history Up target with
                | Error(WrongDirection(Up, _, _, Some "c3") as r) ->
                    Expect.stringContains (Refusal.describe r) "use downgrade" "says what to do"
                | other -> failtestf "upgrade %A: %A" target other

            let atA1 = {
                history with
                    Entries = List.truncate 1 history.Entries
            }

            for target in [ Head; RevisionId "c3"; Relative 1 ] do
                match MigrationPlanner.plan chain atA1 Down target with
                | Error(WrongDirection(Down, _, _, Some "a1")) -> ()
                | other -> failtestf "downgrade %A: %A" target other
        }
        test "a gap, two revisions in progress, or a count beyond the part are refused, never guessed" {
            let entry (r: Revision) state = HistoryEntry.ofRevision r state None

            for entries in
                [
                    [ entry b2 Applied ]
                    [
                        entry a1 (InProgress(Up, 1, None))
                        entry b2 (InProgress(Up, 0, firstIntent (Unrecorded)))
                    ]
                    [ entry a1 (InProgress(Up, 7, None)) ]
                ] do
                match MigrationPlanner.plan chain { Entries = entries; Lease = None } Up Head with
                | Error(InconsistentHistory problems) -> Expect.isNonEmpty problems "named"
                | other -> failtestf "%A: %A" entries other
        }
    ]

// ---------------------------------------------------------------------------------------------------------------
// The runner, against the double

let private runner =
    testList "runner" [
        test "an upgrade runs each up statement once, records each revision and gives the lease back" {
            let d = newDouble ()
            let report = upTo d chain Head
            Expect.equal report.Reached 2 "at head"
            Expect.equal (ddl d) (sqlOf a1.Up @ sqlOf b2.Up @ sqlOf c3.Up) "each statement once, in order"
            Expect.isFalse (d.History.ContainsKey History.LockKey) "lease released"
            Expect.equal (status d chain).Current 2 "recorded"
        }
        test "case 1: upgrade to an older revision, -1 or base sends nothing; downgrade head sends nothing" {
            let d = newDouble ()
            upTo d chain Head |> ignore
            let before = ddl d

            for target in [ RevisionId "a1"; Relative -1; Base ] do
                match run d chain Up target with
                | Error(PlanRefused(WrongDirection _)) -> ()
                | other -> failtestf "upgrade %A: %A" target other

            Expect.equal (ddl d) before "no DDL"
            Expect.isFalse (d.History.ContainsKey History.LockKey) "lease released after a refusal"

            let d2 = newDouble ()

            match run d2 chain Down Head with
            | Error(PlanRefused(WrongDirection(Down, _, _, None))) -> ()
            | other -> failtestf "downgrade head from base: %A" other

            Expect.isEmpty (ddl d2) "no DDL"
            upTo d2 chain (RevisionId "a1") |> ignore

            match run d2 chain Down Head with
            | Error(PlanRefused(WrongDirection(Down, _, _, _))) -> ()
            | other -> failtestf "downgrade head from a1: %A" other

            Expect.equal (ddl d2) (sqlOf a1.Up) "no DDL"
        }
        test "case 2: a history that cannot be read is an error naming the table, not base; no DDL" {
            let d = newDouble ()
            upTo d chain (RevisionId "a1") |> ignore
            let before = ddl d
            d.Hide(fun sql -> sql.StartsWith "SELECT * FROM")

            match (Migrator.readStatus d (project chain) CancellationToken.None).Result with
            | Error(HistoryUnreadable(table, _) as e) ->
                Expect.equal table "srschema_history" "named"
                Expect.stringContains (MigrationError.describe e) "srschema_history" "in the message"
            | other -> failtestf "%A" other

            match run d chain Up (Relative 1) with
            | Error(HistoryUnreadable _) -> ()
            | other -> failtestf "%A" other

            Expect.equal (ddl d) before "no DDL"

            // only a table that does not exist means base
            let fresh = newDouble ()
            Expect.equal (status fresh chain).Current -1 "base"
        }
        test "case 3: the first statement whose reply and re-read were lost is recognised, never sent twice" {
            let d = newDouble ()
            // interactions of a clean run up to the first CREATE, found by a dry run on another double
            let probe = newDouble ()
            upTo probe [ a1 ] Head |> ignore
            let createAt = probe.IndexOf(fun sql -> sql.StartsWith "CREATE TABLE t1")
            // the CREATE runs and its reply is lost; the SHOW CREATE that would decide is lost too
            d.Inject(Map.ofList [ createAt, AfterRun; createAt + 1, BeforeServer ])

            match run d [ a1 ] Up Head with
            | Error(StatementFailed("a1", Up, 1, 3, e)) -> Expect.isTrue (ExecutionError.mayHaveRun e) "unknown outcome"
            | other -> failtestf "%A" other

            upTo d [ a1 ] Head |> ignore
            Expect.equal (ddl d) (sqlOf a1.Up) "CREATE TABLE t1 applied once"
        }
        test "case 4: an MV whose column list only repeats its query's output names is the same MV, both ways" {
            let parse text =
                match Parse.script "x" text |> Result.bind (fun s -> Parse.schema [ s ]) with
                | Ok s -> s
                | Error e -> failtestf "%A" e

            let baseTable =
                "CREATE TABLE t (k INT, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1;"

            let model =
                parse (
                    baseTable
                    + "CREATE MATERIALIZED VIEW mv REFRESH ASYNC AS SELECT k, sum(v) AS v FROM t GROUP BY k;"
                )

            let printed =
                parse (
                    baseTable
                    + "CREATE MATERIALIZED VIEW mv (k, v) REFRESH ASYNC AS SELECT k, sum(v) AS v FROM t GROUP BY k;"
                )

            Expect.isTrue (Plan.isEmpty (Diff.plan DiffOptions.defaults printed model)) "server -> model"
            Expect.isTrue (Plan.isEmpty (Diff.plan DiffOptions.defaults model printed)) "model -> server"

            let renamed =
                parse (
                    baseTable
                    + "CREATE MATERIALIZED VIEW mv (k, total) REFRESH ASYNC AS SELECT k, sum(v) AS v FROM t GROUP BY k;"
                )

            Expect.isFalse
                (Plan.isEmpty (Diff.plan DiffOptions.defaults model renamed))
                "a list that renames is a change"

            let viewModel = parse (baseTable + "CREATE VIEW w AS SELECT k, v FROM t;")
            let viewPrinted = parse (baseTable + "CREATE VIEW w (k, v) AS SELECT k, v FROM t;")
            Expect.isTrue (Plan.isEmpty (Diff.plan DiffOptions.defaults viewModel viewPrinted)) "views too"
        }
        test "case 5: a property SET the server does not print is not taken as done (nor as not done)" {
            let d = newDouble ()
            upTo d [ a1 ] Head |> ignore

            let before =
                match Chain.replay [ a1 ] Schema.empty with
                | Ok s -> s
                | Error e -> failtest e

            // 3 is the default on shared-nothing: a server that does not print it cannot show whether it was set
            let op =
                SetTableProperties(QualifiedName.ofName (Name.create "t1"), Map.ofList [ "replication_num", "3" ])

            let after = Apply.operations [ op ] before |> Result.defaultValue before
            // the double prints what its model holds: t1 without the property, as a server that hides defaults
            let decided = recognise d op before

            match decided with
            | Ok(CannotTell finding) -> Expect.stringContains finding "replication_num" "names the property"
            | other -> failtestf "%A" other

            // printed with the value set: it ran; printed with another: it did not
            d.SetSchema after

            Expect.equal (recognise d op before) (Ok Ran) "ran"

            let other =
                Apply.operations
                    [
                        SetTableProperties(
                            QualifiedName.ofName (Name.create "t1"),
                            Map.ofList [ "replication_num", "2" ]
                        )
                    ]
                    before
                |> Result.defaultValue before

            d.SetSchema other

            Expect.equal (recognise d op other) (Ok DidNotRun) "did not run"
        }
        test "case 5: a failed history write stops the run before the next statement; the rerun finishes exactly" {
            let probe = newDouble ()
            upTo probe [ a1 ] Head |> ignore

            let intentAt =
                probe.IndexOf(fun sql -> sql.Contains "'a1'" && sql.Contains "'sent'" && sql.Contains "'2'")

            for fault in [ BeforeServer; AfterRun ] do
                let d = newDouble ()
                d.Inject(Map.ofList [ intentAt, fault ])

                match run d [ a1 ] Up Head with
                | Error(HistoryWriteFailed(_, what, _)) -> Expect.stringContains what "statement 2" "says which write"
                | other -> failtestf "%A" other

                Expect.equal (ddl d) [ a1.Up[0].Sql ] "statement 2 not sent"
                Expect.isFalse (d.History.ContainsKey History.LockKey) "lease released"
                upTo d [ a1 ] Head |> ignore
                Expect.equal (ddl d) (sqlOf a1.Up) "each once"
        }
        test "case 5: cancelled while a job runs: recorded as unknown, lease released, recognised on resume" {
            let d = newDouble ()
            upTo d [ a1; b2 ] Head |> ignore
            use cts = new CancellationTokenSource()

            // cancel at the first poll of the column job
            atPoll d 3 cts.Cancel

            let result = runWith d options chain Up Head cts.Token

            match result with
            | Error(MigrationCancelled("c3", Up, 0, 2, true) as e) ->
                Expect.stringContains (MigrationError.describe e) "run upgrade again" "how to resume"
            | other -> failtestf "%A" other

            Expect.isFalse (d.History.ContainsKey History.LockKey) "lease released"
            Expect.equal (d.History["c3"]["outcome"]) (Some "unknown") "the outcome is recorded as unknown"
            Expect.isSome (d.History["c3"]["job_id"] |> Option.filter ((<>) "")) "its job id is kept"
            d.Hide(fun _ -> false)
            upTo d chain Head |> ignore
            Expect.equal (ddl d) (sqlOf a1.Up @ sqlOf b2.Up @ sqlOf c3.Up) "the ALTER was not sent again"
        }
        test "a statement whose outcome cannot be read back stops the run with how to finish it" {
            let probe = newDouble ()
            upTo probe [ a1 ] Head |> ignore
            let at = probe.IndexOf(fun sql -> sql.StartsWith "CREATE TABLE t2")
            let d = newDouble ()
            d.Inject(Map.ofList [ at, AfterRun ])
            // the server shows t2 neither absent nor as the statement made it
            d.Disguise(
                "t2",
                "CREATE TABLE `t2` (\n  `id` bigint(20) NULL COMMENT \"\"\n) ENGINE=OLAP\nDUPLICATE KEY(`id`);"
            )

            match run d [ a1 ] Up Head with
            | Error(StatementFailed _) -> ()
            | other -> failtestf "first run: %A" other

            match run d [ a1 ] Up Head with
            | Error(OutcomeUndecided("a1", Up, 2, sql, _) as e) ->
                Expect.equal sql "CREATE TABLE t2 (id INT)" "the statement"
                let text = MigrationError.describe e
                Expect.stringContains text "stamp" "how to finish"
                Expect.stringContains text "by hand" "how to finish"
            | other -> failtestf "second run: %A" other

            Expect.equal (ddl d) (sqlOf a1.Up |> List.truncate 2) "nothing sent twice, nothing guessed"
            Expect.isFalse (d.History.ContainsKey History.LockKey) "lease released"
        }
        test "a lease another run took during a long job wait stops this run without another history write" {
            let d = newDouble ()
            upTo d [ a1; b2 ] Head |> ignore
            // while the ALTER's job runs, another run takes over the lease (ours counted as expired)
            atPoll d 3 (fun () ->
                Expect.isOk (writeLeaseAs d "other@host" (DateTimeOffset.UtcNow.AddHours 1.0)) "the other run writes")

            let eager = {
                options with
                    LeaseDuration = TimeSpan.Zero
            }

            let result = runWith d eager chain Up Head CancellationToken.None

            match result with
            | Error(LeaseTakenOver(Some "other@host", "c3", Up, 1) as e) ->
                Expect.stringContains (MigrationError.describe e) "statement 1" "names where it stopped"
            | other -> failtestf "%A" other

            Expect.equal (d.History[History.LockKey]["owner"]) (Some "other@host") "the other run's lease is kept"
            Expect.equal (d.History["c3"]["outcome"]) (Some "sent") "no outcome written after the lease was lost"
            Expect.equal (d.Count "ALTER TABLE t4 ADD COLUMN") 1 "sent once"
        }
        test "a renewal that fails once during a long job wait is tried again; the lease is renewed while waiting" {
            let d = newDouble ()
            upTo d [ a1; b2 ] Head |> ignore
            d.JobLength 4
            // a clock that moves 3 minutes with every pause: the 10-minute lease needs renewing during the wait
            let clock = ref DateTimeOffset.UtcNow

            let ticking = {
                options with
                    Executor = {
                        options.Executor with
                            Now = fun () -> clock.Value
                            Delay =
                                fun _ _ ->
                                    clock.Value <- clock.Value.AddMinutes 3.0
                                    Task.CompletedTask
                    }
            }

            let leaseWrites () = d.Count "'__lock__'"
            let mutable failedOnce = false
            let polls = ref 0

            d.Hide(fun sql ->
                if sql.StartsWith "SHOW ALTER TABLE COLUMN" && sql.Contains "'t4'" then
                    polls.Value <- polls.Value + 1

                // the first renewal's read during the wait is lost
                if polls.Value >= 3 && not failedOnce && sql.StartsWith "SELECT * FROM" then
                    failedOnce <- true
                    true
                else
                    false)

            let before = leaseWrites ()

            let result = runWith d ticking chain Up Head CancellationToken.None

            Expect.isOk result "a transient failure does not stop the run"
            Expect.isTrue failedOnce "a renewal failed once"
            Expect.isGreaterThan (leaseWrites () - before) 4 "renewed while waiting, not only before each statement"
            Expect.equal (ddl d) (sqlOf a1.Up @ sqlOf b2.Up @ sqlOf c3.Up) "each statement once"
        }
        test "a lost reply whose job the server cancelled: sent again, and the new job is the one waited for" {
            // where c3's ALTER falls in a run after a1 and b2, found on a probe
            let probe = newDouble ()
            upTo probe [ a1; b2 ] Head |> ignore
            let start = probe.Interactions
            upTo probe chain Head |> ignore

            let alter =
                probe.IndexOf(fun sql -> sql.StartsWith "ALTER TABLE t4 ADD COLUMN") - start

            let d = newDouble ()
            upTo d [ a1; b2 ] Head |> ignore
            d.CancelNextJob()
            d.Inject(Map.ofList [ d.Interactions + alter, AfterRun ])

            match run d chain Up Head with
            | Ok report -> Expect.equal report.Reached 2 "at head"
            | Error e -> failtest (MigrationError.describe e)

            Expect.equal (d.Count "ALTER TABLE t4 ADD COLUMN") 2 "sent again after its job was cancelled"

            let t4 =
                d.Schema.Tables
                |> Map.toList
                |> List.find (fun (q, _) -> Name.value q.Name = "t4")
                |> snd

            Expect.isTrue (t4.Columns |> List.exists (fun c -> Name.value c.Name = "v")) "the column is there"
            Expect.equal (status d chain).Current 2 "recorded"
            Expect.isSome (d.History["c3"]["job_id"] |> Option.filter ((<>) "")) "the job that ran is recorded"
        }
        test "Ctrl-C between revisions leaves none part-way; the other direction is not blocked" {
            let d = newDouble ()
            use cts = new CancellationTokenSource()

            d.Hide(fun sql ->
                if sql.Contains "'a1'" && sql.Contains "'applied'" then
                    cts.Cancel()

                false)

            let result = runWith d options chain Up Head cts.Token

            match result with
            | Error(MigrationCancelled("b2", Up, 0, 1, false)) -> ()
            | other -> failtestf "%A" other

            Expect.isFalse (d.History.ContainsKey "b2") "b2 has no row"
            d.Hide(fun _ -> false)

            match run d chain Down Base with
            | Ok report -> Expect.equal report.Ran [ "a1", Down ] "a1 goes down"
            | Error e -> failtest (MigrationError.describe e)
        }
        test "a lease written but not read back is given back" {
            let probe = newDouble ()
            upTo probe [ a1 ] Head |> ignore
            let d = newDouble ()
            // the first SELECT reads the history, the lease write follows, then the read-back
            let lease = probe.IndexOf(fun sql -> sql.Contains "'__lock__'")
            d.Inject(Map.ofList [ lease + 1, BeforeServer ])

            match run d [ a1 ] Up Head with
            | Error(HistoryUnreadable _) -> ()
            | other -> failtestf "%A" other

            Expect.isFalse (d.History.ContainsKey History.LockKey) "no lease left"
            Expect.isEmpty (ddl d) "nothing sent"
        }
        test "a history table an earlier srschema made is carried forward: its rows read, the journal's columns added" {
            let d = newDouble ()
            upTo d [ a1 ] Head |> ignore

            d.LegacyHistory [
                Map.ofList [
                    "revision", Some "a1"
                    "parent", None
                    "message", Some "a change"
                    "checksum", Some a1.Checksum
                    "state", Some "applied"
                    "statements_done", Some "3"
                ]
            ]

            Expect.equal (status d chain).Current 0 "read as at a1"
            upTo d chain Head |> ignore
            Expect.equal (d.Count "ALTER TABLE `srschema_history`") 1 "one ALTER of the history table"

            Expect.equal (d.Count "ADD COLUMN `statement_index`") 1 "it adds the journal's columns"
            Expect.equal (d.Count "MODIFY") 0 "and changes nothing else"
            Expect.equal (status d chain).Current 2 "at head"

            Expect.equal
                (ddl d |> List.filter (fun s -> s.StartsWith "CREATE"))
                (sqlOf a1.Up @ sqlOf b2.Up)
                "a1 not run again"
        }
        test "stamp rewrites the history without running anything, and repairs a part-way revision" {
            let d = newDouble ()
            let d' = d :> ISession

            match
                (Migrator.stamp
                    d'
                    (project chain)
                    options
                    (server (ServerVersion.create 3 3 5) SharedNothing)
                    (RevisionId "b2")
                    CancellationToken.None)
                    .Result
            with
            | Ok 1 -> ()
            | other -> failtestf "%A" other

            Expect.isEmpty (ddl d) "nothing ran"
            Expect.equal (status d chain).Current 1 "at b2"

            match
                (Migrator.stamp
                    d'
                    (project chain)
                    options
                    (server (ServerVersion.create 3 3 5) SharedNothing)
                    Base
                    CancellationToken.None)
                    .Result
            with
            | Ok -1 -> Expect.equal (status d chain).Current -1 "at base"
            | other -> failtestf "%A" other
        }
        test "an applied migration edited since is refused, naming the file; nothing runs" {
            let d = newDouble ()
            upTo d [ a1 ] Head |> ignore
            let edited = { a1 with Checksum = "0000" }

            match run d [ edited; b2 ] Up Head with
            | Error(PlanRefused(EditedRevisions [ "a1", "m/a1.sql" ])) -> ()
            | other -> failtestf "%A" other

            Expect.equal (ddl d) (sqlOf a1.Up) "nothing more ran"
        }
        test "a lease held by another run is respected until it expires; a lost race is detected" {
            let d = newDouble ()
            let later = DateTimeOffset.UtcNow.AddHours 1.0

            let write (lease: Lease) =
                writeLeaseAs d lease.Owner (defaultArg lease.ExpiresAt DateTimeOffset.MinValue)

            Expect.isOk
                ((d :> ISession).Execute(History.createSql "srschema_history" Map.empty, CancellationToken.None).Result)
                "created"

            Expect.isOk
                (write {
                    Owner = "other@host"
                    ExpiresAt = Some later
                })
                "written"

            match run d [ a1 ] Up Head with
            | Error(LeaseHeld("other@host", Some _) as e) ->
                Expect.stringContains (MigrationError.describe e) "other@host" "named"
            | other -> failtestf "%A" other

            Expect.isOk
                (write {
                    Owner = "other@host"
                    ExpiresAt = Some(DateTimeOffset.UtcNow.AddHours -1.0)
                })
                "written"

            upTo d [ a1 ] Head |> ignore

            let racer = {
                options with
                    Executor = {
                        options.Executor with
                            Delay =
                                fun _ _ ->
                                    Expect.isOk
                                        (write {
                                            Owner = "racer@host"
                                            ExpiresAt = Some later
                                        })
                                        "the racer writes"

                                    Task.CompletedTask
                    }
            }

            match
                (MigrationLease.acquire d config racer MigrationHistory.empty (ref false) CancellationToken.None).Result
            with
            | Error(LeaseLost "racer@host") -> ()
            | other -> failtestf "%A" other
        }
    ]

// ---------------------------------------------------------------------------------------------------------------
// Crash consistency

/// Repeats a command until it succeeds (at most 12 runs: each fault fires once), each run with its own token (a
/// CancelRun fault cancels it).
/// Repeats a command until it succeeds, as untilDone; <c>waitOut</c> is what happens when another run's lease is in the
/// way (a user waits for it to expire).
let untilDoneWith
    (opts: MigratorOptions)
    (waitOut: unit -> unit)
    (d: StarRocksDouble)
    (revisions: Revision list)
    (version: ServerVersion)
    (mode: RunMode)
    direction
    =
    let rec go n (errors: string list) =
        use cts = new CancellationTokenSource()
        d.OnCancel cts.Cancel

        let result =
            (Migrator.migrate
                d
                (project revisions)
                opts
                (server version mode)
                direction
                (if direction = Up then Head else Base)
                ignore
                cts.Token)
                .Result

        match result with
        | Ok _ -> Ok(List.rev errors)
        | Error e when n < 12 ->
            match e with
            | LeaseHeld _ -> waitOut ()
            | _ -> ()

            go (n + 1) (MigrationError.describe e :: errors)
        | Error e -> Error(MigrationError.describe e :: errors |> List.rev)

    go 1 []

let untilDone d revisions version mode direction =
    untilDoneWith options ignore d revisions version mode direction

/// Runs a chain up to head and down to base under faults, and checks exactly-once application and a complete history.
let private crashConsistent
    (revisions: Revision list)
    (version: ServerVersion)
    (mode: RunMode)
    (jobLength: int)
    (expectedHead: Schema)
    (o: DiffOptions)
    (upFaults: Map<int, Fault>)
    (downFaults: Map<int, Fault>)
    =
    let d = StarRocksDouble(version, mode, config.HistoryTable)
    d.JobLength jobLength
    d.Inject upFaults
    // a pause moves the clock an hour on (the runner's lease expires), and another run takes over and goes to the end
    let offset = ref TimeSpan.Zero
    let direction = ref Up
    let mutable paused = false

    let runs = {
        options with
            Executor.Now = fun () -> DateTimeOffset.UtcNow + offset.Value
    }

    // a lease the other run left behind (its removal failed) expires while the user waits
    let expire () =
        offset.Value <- offset.Value + options.LeaseDuration + TimeSpan.FromMinutes 1.0

    d.OnPause(fun () ->
        if not paused then
            paused <- true
            offset.Value <- offset.Value + TimeSpan.FromHours 1.0

            // its result does not matter: the paused run and the runs after it finish the work
            match
                (Migrator.migrate
                    d
                    (project revisions)
                    {
                        runs with
                            Owner = "second@host run 2"
                    }
                    (server version mode)
                    direction.Value
                    (if direction.Value = Up then Head else Base)
                    ignore
                    CancellationToken.None)
                    .Result
            with
            | Ok _
            | Error _ -> ()

            paused <- false)

    match untilDoneWith runs expire d revisions version mode Up with
    | Error errors -> failtestf "upgrade never succeeded:\n%s" (String.concat "\n" errors)
    | Ok _ ->
        // faults not reached by the runs do not fire in the checks
        d.Inject Map.empty
        let ups = revisions |> List.collect (fun r -> sqlOf r.Up)
        Expect.equal d.Applied ups "every up statement applied exactly once, in order"

        let rest = Diff.plan o d.Schema expectedHead

        if not (Plan.isEmpty rest) then
            failtestf "not at head:\n%s" (Plan.sql rest)

        let s = status d revisions
        Expect.equal s.Current (revisions.Length - 1) "history complete"
        Expect.isNone s.Partial "nothing part-way"
        Expect.isFalse (d.History.ContainsKey History.LockKey) "no lease left"

        let offset = d.Interactions
        d.Inject(downFaults |> Map.toList |> List.map (fun (k, f) -> k + offset, f) |> Map.ofList)

        direction.Value <- Down

        match untilDoneWith runs expire d revisions version mode Down with
        | Error errors -> failtestf "downgrade never succeeded:\n%s" (String.concat "\n" errors)
        | Ok _ ->
            d.Inject Map.empty
            let downs = revisions |> List.rev |> List.collect (fun r -> sqlOf r.Down)
            Expect.equal (d.Applied |> List.skip ups.Length) downs "every down statement applied exactly once"
            Expect.isTrue (Schema.objects d.Schema |> List.isEmpty) "at base the schema is empty"
            Expect.isEmpty (d.History |> Map.filter (fun k _ -> k <> History.LockKey)) "no revision rows"
            Expect.isFalse (d.History.ContainsKey History.LockKey) "no lease left"

/// A chain of autogenerated revisions: empty -> a -> b.
let private generatedChain =
    gen {
        let! o, a, b, _ = Generators.schemaPair
        let first = Autogenerate.parts { o with Renames = [] } true Schema.empty a
        let second = Autogenerate.parts o true a b

        let revisions =
            [ first; second ]
            |> List.choose id
            |> List.mapi (fun i (_, up, down) -> i, up, down)
            |> List.fold
                (fun (acc: Revision list) (i, up, down) ->
                    let parent = acc |> List.tryLast |> Option.map (fun r -> r.Id)
                    acc @ [ revision $"g%d{i}" parent up down ])
                []

        let! faultCount = Gen.choose (1, 3)
        // where the faults fall, as fractions of a clean run's interactions
        let point =
            Gen.zip
                (Gen.choose (0, 999))
                (Gen.oneof [
                    Gen.elements [ BeforeServer; AfterRun; Refuse; CancelRun; ForeignChange; Pause ]
                    Gen.choose (0, 4) |> Gen.map LateRun
                ])

        let! upFaults = Gen.listOfLength faultCount point
        let! downFaults = Gen.listOfLength faultCount point
        // jobs that run for one to three polls
        let! jobLength = Gen.choose (1, 3)
        return o, b, revisions, upFaults, downFaults, jobLength
    }

/// Fault points at fractions of a clean run's interactions, up and down.
let private scaled
    (revisions: Revision list)
    (o: DiffOptions)
    (jobLength: int)
    (upFaults: (int * Fault) list)
    (downFaults: (int * Fault) list)
    =
    let clean = StarRocksDouble(o.ServerVersion, o.RunMode, config.HistoryTable)
    clean.JobLength jobLength

    let count direction =
        let before = clean.Interactions
        Expect.isOk (untilDone clean revisions o.ServerVersion o.RunMode direction) "a clean run succeeds"
        clean.Interactions - before

    let ups = count Up
    let downs = count Down

    let at (n: int) (faults: (int * Fault) list) =
        faults |> List.map (fun (f, fault) -> f * n / 1000, fault) |> Map.ofList

    at ups upFaults, at downs downFaults

let private crash =
    testList "crash consistency" [
        testPropertyWithConfig
            Support.config
            "autogenerated chains, faults anywhere: upgrade head until done gives the head exactly once; downgrade base too"
        <| Prop.forAll (Arb.fromGen generatedChain) (fun (o, b, revisions, upFaults, downFaults, jobLength) ->
            let up, down = scaled revisions o jobLength upFaults downFaults
            crashConsistent revisions o.ServerVersion o.RunMode jobLength b o up down)
        // from a generated chain that failed in CI: a journal write's reply was lost just before a rebuild's SWAP, so
        // the next run had to recognise the SWAP. The new table states no distribution (range, 4.1 shared-data), so the
        // swapped table alone looked the same before and after, and the SWAP was taken as run: then the DROP of the
        // temporary name dropped the new table instead of the old one.
        test "a rebuild's SWAP whose outcome is unknown is recognised from both tables, even when one looks the same" {
            let version, mode = ServerVersion.create 4 1 0, SharedData

            let chain = [
                revision
                    "r0"
                    None
                    "CREATE TABLE t0 (id INT NOT NULL, v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 27;"
                    "DROP TABLE t0;"
                revision
                    "r1"
                    (Some "r0")
                    ("CREATE TABLE t0__srschema_new (id INT NOT NULL, v INT) DUPLICATE KEY(id);\n"
                     + "INSERT INTO `t0__srschema_new` (`id`, `v`)\nSELECT `id`, `v`\nFROM `t0`;\n"
                     + "ALTER TABLE t0 SWAP WITH t0__srschema_new;\n"
                     + "DROP TABLE t0__srschema_new;")
                    ("CREATE TABLE t0__srschema_new (id INT NOT NULL, v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) BUCKETS 27;\n"
                     + "INSERT INTO `t0__srschema_new` (`id`, `v`)\nSELECT `id`, `v`\nFROM `t0`;\n"
                     + "ALTER TABLE t0 SWAP WITH t0__srschema_new;\n"
                     + "DROP TABLE t0__srschema_new;")
            ]

            let probe = StarRocksDouble(version, mode, config.HistoryTable)
            Expect.isOk (untilDone probe chain version mode Up) "a clean run up"
            let head = probe.Schema
            let swap = probe.IndexOf(fun sql -> sql.StartsWith "ALTER TABLE t0 SWAP")
            let downStart = probe.Interactions
            Expect.isOk (untilDone probe chain version mode Down) "a clean run down"

            // the down part swaps back to the range-distributed table
            let swapDown =
                probe.Sent
                |> List.skip downStart
                |> List.findIndex (fun sql -> sql.StartsWith "ALTER TABLE t0 SWAP")

            let options = {
                DiffOptions.defaults with
                    ServerVersion = version
                    RunMode = mode
            }

            for fault, at in [ BeforeServer, swap; AfterRun, swap; AfterRun, swap - 1 ] do
                crashConsistent chain version mode 1 head options (Map.ofList [ at, fault ]) Map.empty

            for fault, at in [ BeforeServer, swapDown; AfterRun, swapDown; AfterRun, swapDown - 1 ] do
                crashConsistent chain version mode 1 head options Map.empty (Map.ofList [ at, fault ])
        }
        test "every fault point of a chain with tables, a column job and a property, of every kind" {
            let clean = newDouble ()
            let before = clean.Interactions
            Expect.isOk (untilDone clean chain (ServerVersion.create 3 3 5) SharedNothing Up) "up"
            let upCount = clean.Interactions - before
            let expected = clean.Schema
            let middle = clean.Interactions
            Expect.isOk (untilDone clean chain (ServerVersion.create 3 3 5) SharedNothing Down) "down"
            let downCount = clean.Interactions - middle

            for fault in [ BeforeServer; AfterRun; Refuse; CancelRun; ForeignChange; LateRun 2; Pause ] do
                for at in 0 .. max upCount downCount - 1 do
                    crashConsistent
                        chain
                        (ServerVersion.create 3 3 5)
                        SharedNothing
                        1
                        expected
                        DiffOptions.defaults
                        (if at < upCount then Map.ofList [ at, fault ] else Map.empty)
                        (if at < downCount then
                             Map.ofList [ at, fault ]
                         else
                             Map.empty)
        }
    ]

// ---------------------------------------------------------------------------------------------------------------
// Exactly once: each way the adversarial review found to lose data, apply a statement twice or report a false success

/// r0: two tables of 3 rows each; r1: a data migration that copies one into the other, then drops the source.
let private archiving = [
    revision
        "r0"
        None
        "CREATE TABLE old (id INT);\nCREATE TABLE archive (id INT);"
        "DROP TABLE archive;\nDROP TABLE old;"
    revision
        "r1"
        (Some "r0")
        "INSERT INTO archive (id) SELECT id FROM old;\nDROP TABLE old;"
        "CREATE TABLE old (id INT);"
]

/// r0: a table of 3 rows; r1: its rebuild by copy and swap.
let private rebuilding = [
    revision "r0" None "CREATE TABLE t0 (id INT NOT NULL, v INT) DUPLICATE KEY(id);" "DROP TABLE t0;"
    revision
        "r1"
        (Some "r0")
        ("CREATE TABLE t0__srschema_new (id INT NOT NULL, v BIGINT) DUPLICATE KEY(id);\n"
         + "INSERT INTO `t0__srschema_new` (`id`, `v`)\nSELECT `id`, `v`\nFROM `t0`;\n"
         + "ALTER TABLE t0 SWAP WITH t0__srschema_new;\n"
         + "DROP TABLE t0__srschema_new;")
        ("CREATE TABLE t0__srschema_new (id INT NOT NULL, v INT) DUPLICATE KEY(id);\n"
         + "INSERT INTO `t0__srschema_new` (`id`, `v`)\nSELECT `id`, `v`\nFROM `t0`;\n"
         + "ALTER TABLE t0 SWAP WITH t0__srschema_new;\n"
         + "DROP TABLE t0__srschema_new;")
]

let upUntilDone (d: StarRocksDouble) (revisions: Revision list) =
    match untilDone d revisions (ServerVersion.create 3 3 5) SharedNothing Up with
    | Ok errors -> errors
    | Error errors -> failtestf "upgrade never succeeded:\n%s" (String.concat "\n" errors)

let ups (revisions: Revision list) =
    revisions |> List.collect (fun r -> sqlOf r.Up)

let private exactlyOnce =
    testList "exactly once" [
        test
            "1. a hand-written INSERT ... SELECT into a table with rows, lost before the server: sent again, never skipped" {
            for fault in [ BeforeServer; CancelRun ] do
                let d = newDouble ()
                d.FaultOn((fun sql -> sql.StartsWith "INSERT INTO archive"), fault)
                upUntilDone d archiving |> ignore
                Expect.equal d.Applied (ups archiving) $"%A{fault}: each statement once, the copy before the drop"
                Expect.equal (d.RowCount "archive") 6L $"%A{fault}: the rows were copied before the source was dropped"

                Expect.isTrue
                    (d.AppliedAsSent
                     |> List.exists (fun sql -> sql.Contains "INSERT INTO archive WITH LABEL `srschema_r1_up1_"))
                    "sent with its label"
        }
        test "data migrations: an UPDATE whose reply was lost stops the run saying what to check; SET is sent again" {
            let data =
                revision
                    "d1"
                    (Some "a1")
                    "SET query_timeout = 600;\nUPDATE t1 SET id = id + 1 WHERE id > 0;"
                    "UPDATE t1 SET id = id - 1 WHERE id > 1;"

            let d = newDouble ()
            upTo d [ a1 ] Head |> ignore
            d.FaultOn((fun sql -> sql.StartsWith "SET query_timeout"), AfterRun)
            d.FaultOn((fun sql -> sql.StartsWith "UPDATE t1"), AfterRun)

            match run d [ a1; data ] Up Head with
            | Error(StatementFailed("d1", Up, 2, 2, e)) ->
                Expect.isTrue (ExecutionError.mayHaveRun e) "unknown"
                Expect.stringContains (ExecutionError.describe e) "an UPDATE" "names what it is"
            | other -> failtestf "first run: %A" other

            Expect.equal (d.Count "SET query_timeout") 2 "a SET whose reply was lost is simply sent again"

            match run d [ a1; data ] Up Head with
            | Error(OutcomeUndecided("d1", Up, 2, _, finding) as e) ->
                Expect.stringContains finding "no trace" "why"
                Expect.stringContains (MigrationError.describe e) "by hand" "what to do"
            | other -> failtestf "second run: %A" other

            Expect.equal (d.Count "UPDATE t1") 1 "never sent twice"
        }
        test "1. the label of a part applied again (up, down, up) is new; a resumed part's is the same" {
            let d = newDouble ()
            upUntilDone d archiving |> ignore
            Expect.isOk (untilDone d archiving (ServerVersion.create 3 3 5) SharedNothing Down) "down"
            upUntilDone d archiving |> ignore
            let labels = d.Labels |> Map.toList

            Expect.equal (labels |> List.map snd) [ "FINISHED"; "FINISHED" ] "two loads, each finished"
            Expect.equal (d.RowCount "archive") 6L "copied again on the second upgrade"
        }
        test "2. statements that complete after their reply was lost are waited for, never sent twice" {
            for revisions, statement in
                [
                    rebuilding, "INSERT INTO `t0__srschema_new`"
                    rebuilding, "ALTER TABLE t0 SWAP"
                    chain, "ALTER TABLE t4 ADD COLUMN"
                ] do
                for reads in [ 1; 3; 8 ] do
                    let d = newDouble ()
                    d.FaultOn((fun sql -> sql.StartsWith statement), LateRun reads)
                    upUntilDone d revisions |> ignore
                    Expect.equal d.Applied (ups revisions) $"%s{statement}, %d{reads} reads: each statement once"
                    Expect.equal (status d revisions).Current (revisions.Length - 1) "history complete"

                    if revisions = rebuilding then
                        Expect.equal (d.RowCount "t0") 3L "the rebuilt table has its rows once"
        }
        test "2. a statement still running past the wait is killed, then decided" {
            let d = newDouble ()
            // the SWAP lingers far longer than the runner waits for its connection: it is killed and sent again
            d.FaultOn((fun sql -> sql.StartsWith "ALTER TABLE t0 SWAP"), LateRun 10000)

            let quick = {
                options with
                    Executor.ConnectionGoneTimeout = TimeSpan.Zero
            }

            let rec go n =
                match runWith d quick rebuilding Up Head CancellationToken.None with
                | Ok _ -> ()
                | Error _ when n < 5 -> go (n + 1)
                | Error e -> failtest (MigrationError.describe e)

            go 1
            Expect.equal d.Applied (ups rebuilding) "the killed SWAP did not land; the one sent again did, once"
            Expect.equal (d.RowCount "t0") 3L "rows once"
            Expect.isGreaterThanOrEqual (d.Count "KILL CONNECTION") 1 "killed"
        }
        // from the crash law: an injected refusal of SELECT CONNECTION_ID() let the next statement go out without a
        // connection id; its reply was lost while it still ran, and no run could ever decide it
        test "2. no statement goes out without its connection's id" {
            let d = newDouble ()
            d.FaultOn((fun sql -> sql = "SELECT CONNECTION_ID()"), Refuse)
            d.FaultOn((fun sql -> sql.StartsWith "CREATE TABLE t1"), LateRun 2)
            upUntilDone d [ a1 ] |> ignore
            Expect.equal d.Applied (sqlOf a1.Up) "each statement once"
            Expect.equal (status d [ a1 ]).Current 0 "history complete"
        }
        test "3. a run paused past its lease stops when it wakes: the run that took over finished the revision" {
            let d = newDouble ()
            upTo d [ a1; b2 ] Head |> ignore
            let clockA = ref DateTimeOffset.UtcNow

            let runA = {
                options with
                    Owner = "a@host run 1"
                    Executor.Now = fun () -> clockA.Value
            }

            let runB = {
                options with
                    Owner = "b@host run 2"
                    Executor.Now = fun () -> DateTimeOffset.UtcNow.AddHours 1.0
            }

            let resultB = ref None
            let mutable polls = 0

            d.Hide(fun sql ->
                if sql.StartsWith "SHOW ALTER TABLE COLUMN" && sql.Contains "'t4'" then
                    polls <- polls + 1

                    // A is paused at its job's first poll (laptop sleep): B takes over and finishes
                    if polls = 3 then
                        clockA.Value <- clockA.Value.AddHours 1.0
                        resultB.Value <- Some(runWith d runB chain Up Head CancellationToken.None)

                false)

            match runWith d runA chain Up Head CancellationToken.None with
            | Error(LeaseTakenOver(None, "c3", Up, _) as e) ->
                Expect.stringContains
                    (MigrationError.describe e)
                    "the lease was lost (its row is gone)"
                    "says why it stopped"
            | other -> failtestf "A: %A" other

            Expect.isOk resultB.Value.Value "B finished"
            Expect.equal (d.History["c3"]["state"]) (Some "applied") "B's record stands"
            Expect.isFalse (d.History.ContainsKey History.LockKey) "no lease row re-created"
            Expect.equal d.Applied (ups chain) "each statement once"
        }
        test "4. another client's job on the same table is never taken for the statement's own" {
            // the ALTER never reaches the server, while a DBA's change lands on the table
            let d = newDouble ()
            upTo d [ a1; b2 ] Head |> ignore

            let mutable lostOnce = false

            d.Hide(fun sql ->
                if sql.StartsWith "ALTER TABLE t4 ADD COLUMN" && not lostOnce then
                    lostOnce <- true
                    d.ForeignJob("t4", 0)
                    true
                else
                    false)

            match run d chain Up Head with
            | Error(StatementFailed("c3", Up, 1, _, e)) ->
                Expect.isTrue (ExecutionError.mayHaveRun e) "undecided, not done"
                Expect.stringContains (ExecutionError.describe e) "does not show the statement's change" "why"
            | other -> failtestf "first run: %A" other

            upTo d chain Head |> ignore
            Expect.equal d.Applied (ups chain) "the ALTER applied once, by the next run"

            // the table is busy with a DBA's job when it is sent: refused, retried; the floor read again, so the job
            // waited for and recorded is the statement's own
            let d = newDouble ()
            upTo d [ a1; b2 ] Head |> ignore
            let mutable once = false

            d.Hide(fun sql ->
                if sql.StartsWith "ALTER TABLE t4 ADD COLUMN" && not once then
                    once <- true
                    d.ForeignJob("t4", 2)

                false)

            upTo d chain Head |> ignore
            Expect.isGreaterThan (d.Count "ALTER TABLE t4 ADD COLUMN") 1 "refused while busy, then sent"
            Expect.equal d.Applied (ups chain) "applied once"
            Expect.equal (d.History["c3"]["job_id"]) (Some(string d.LastJobId)) "its own job recorded"
        }
        test "5. the grace for failed renewals counts from the last renewal, across revisions" {
            let d = newDouble ()
            let clock = ref DateTimeOffset.UtcNow

            let ticking = {
                options with
                    Executor.Now = fun () -> clock.Value
            }

            let mutable statements = 0

            d.Hide(fun sql ->
                if sql.StartsWith "CREATE TABLE t" then
                    statements <- statements + 1
                    clock.Value <- clock.Value.AddMinutes 3.0

                // after the first statement, every lease write is lost
                statements >= 1 && sql.Contains "'__lock__'" && sql.StartsWith "INSERT")

            match runWith d ticking chain Up Head CancellationToken.None with
            | Error e -> Expect.stringContains (MigrationError.describe e) "renewing the lease" "why"
            | Ok _ -> failtest "a run whose renewals all fail must stop before its lease runs out"

            Expect.equal d.Applied (sqlOf a1.Up) "b2 not sent: 9 minutes after the last renewal of a 10-minute lease"
        }
        test "4. the lease is renewed on a second connection while a long statement runs, and stays this run's" {
            let d = newDouble ()
            upTo d [ a1 ] Head |> ignore
            let clock = ref DateTimeOffset.UtcNow

            // every pause moves the clock on: the statement takes 8 quarters of a 10-minute lease, 20 minutes
            let slowRun =
                {
                    options with
                        Executor = {
                            options.Executor with
                                Now = fun () -> clock.Value
                                Delay =
                                    fun pause _ ->
                                        clock.Value <- clock.Value + pause
                                        Task.CompletedTask
                        }
                }
                |> MigratorOptions.renewingOn (fun () -> d)

            d.SlowOn((fun sql -> sql.StartsWith "CREATE TABLE t4"), 8)
            let started = clock.Value
            let mutable refused = None
            let mutable tried = false

            d.Hide(fun _ ->
                // halfway through, another run tries to take the lease
                if d.SlowRunning && clock.Value - started > TimeSpan.FromMinutes 12.0 && not tried then
                    tried <- true

                    let other = {
                        options with
                            Owner = "other@host run 2"
                            Executor.Now = fun () -> clock.Value
                    }

                    refused <- Some(runWith d other [ a1; b2 ] Up Head CancellationToken.None)

                false)

            Expect.isOk (runWith d slowRun [ a1; b2 ] Up Head CancellationToken.None) "the run ends well"
            Expect.isGreaterThan (clock.Value - started) (TimeSpan.FromMinutes 20.0) "the statement outlived its lease"

            match refused with
            | Some(Error(LeaseHeld("me@test", _))) -> ()
            | other -> failtestf "the other run: %A" other

            Expect.equal d.Applied (sqlOf a1.Up @ sqlOf b2.Up) "each statement once"
        }
        test "6. two processes with the same user@host:pid hold different leases" {
            Expect.isMatch
                MigratorOptions.defaults.Owner
                @"^.+@.+:\d+ run [0-9a-f]{16}$"
                "the owner carries the process's run id"

            let d = newDouble ()

            Expect.isOk
                ((d :> ISession).Execute(History.createSql "srschema_history" Map.empty, CancellationToken.None).Result)
                "created"

            Expect.isOk
                (writeLeaseAs d "root@web:1 run aaaa" (DateTimeOffset.UtcNow.AddHours 1.0))
                "the first holds the lease"

            match
                runWith
                    d
                    {
                        options with
                            Owner = "root@web:1 run bbbb"
                    }
                    [ a1 ]
                    Up
                    Head
                    CancellationToken.None
            with
            | Error(LeaseHeld("root@web:1 run aaaa", _)) -> ()
            | other -> failtestf "%A" other

            Expect.equal (d.History[History.LockKey]["owner"]) (Some "root@web:1 run aaaa") "its lease kept"
            Expect.isEmpty d.Applied "nothing sent"
        }
        test "7. a lost reply on an object changed by hand is undecided, never done" {
            let d = newDouble ()
            upTo d chain Head |> ignore

            let d4 =
                revision "d4" (Some "c3") "ALTER TABLE t4 DROP COLUMN v;" "ALTER TABLE t4 ADD COLUMN v INT;"
            // a DBA dropped the column by hand: the server refuses the DROP, and its reply is lost
            let t4 = QualifiedName.ofName (Name.create "t4")

            d.SetSchema(
                match Apply.operations [ DropColumn(t4, Name.create "v") ] d.Schema with
                | Ok s -> s
                | Error e -> failtest e
            )

            d.FaultOn((fun sql -> sql.StartsWith "ALTER TABLE t4 DROP COLUMN"), AfterRun)

            match run d (chain @ [ d4 ]) Up Head with
            | Error(StatementFailed("d4", Up, 1, _, e)) ->
                Expect.isTrue (ExecutionError.mayHaveRun e) "unknown, not done"
                Expect.stringContains (ExecutionError.describe e) "does not apply to the state before it" "why"
            | other -> failtestf "%A" other

            Expect.isNone (d.History["d4"]["state"] |> Option.filter ((=) "applied")) "not recorded applied"
        }
        test "a resend refused after a lost connection is not 'did not run' (a read that lagged made it look unsent)" {
            let d = newDouble ()
            upTo d [ a1 ] Head |> ignore

            let r2 =
                revision "r2" (Some "a1") "ALTER TABLE t1 RENAME t9;" "ALTER TABLE t9 RENAME t1;"
            // the rename runs, its reply is lost, and the read that decides still shows t1 (a follower behind)
            d.FaultOn((fun sql -> sql.StartsWith "ALTER TABLE t1 RENAME"), AfterRun)

            let mutable stale = false

            d.Hide(fun sql ->
                if sql.StartsWith "ALTER TABLE t1 RENAME" && not stale then
                    stale <- true

                    d.StaleOnce(
                        "t1",
                        "CREATE TABLE `t1` (\n  `id` int(11) NULL COMMENT \"\"\n) ENGINE=OLAP\nDUPLICATE KEY(`id`);"
                    )

                false)

            match run d [ a1; r2 ] Up Head with
            | Error(StatementFailed("r2", Up, 1, _, e)) ->
                Expect.isTrue (ExecutionError.mayHaveRun e) "the refusal of the resend leaves it unknown"
            | other -> failtestf "%A" other

            upTo d [ a1; r2 ] Head |> ignore
            Expect.equal (status d [ a1; r2 ]).Current 1 "the next run recognises the rename"
            Expect.equal (d.Applied |> List.filter (fun s -> s.Contains "RENAME")) [ "ALTER TABLE t1 RENAME t9" ] "once"
        }
    ]

// ---------------------------------------------------------------------------------------------------------------
// The CLI against the double

/// Runs a body in a temporary project folder (srschema.json naming a server, the revisions' files, an empty schema/).
let private withProject (revisions: Revision list) (body: string -> unit) =
    let dir =
        Path.Combine(Path.GetTempPath(), "srschema-cli-" + Guid.NewGuid().ToString "N")

    try
        Directory.CreateDirectory(Path.Combine(dir, "migrations")) |> ignore
        Directory.CreateDirectory(Path.Combine(dir, "schema")) |> ignore

        File.WriteAllText(
            Path.Combine(dir, "srschema.json"),
            ProjectConfig.render {
                config with
                    Url = Some "starrocks://root@127.0.0.1:9030/shop"
            }
        )

        for r in revisions do
            File.WriteAllText(
                Path.Combine(dir, "migrations", Path.GetFileName r.Path),
                Revision.render
                    r.Id
                    r.Parent
                    r.Message
                    "2026-11-26T10:00:00Z"
                    (String.concat ";\n" (sqlOf r.Up) + ";")
                    (String.concat ";\n" (sqlOf r.Down) + ";")
            )

        body dir
    finally
        Directory.Delete(dir, true)

let private cli =
    testList "srschema against the double" [
        test
            "progress when stderr is redirected: a line per statement, a job's state with its elapsed time; none with -q" {
            withProject chain (fun dir ->

                let d = newDouble ()

                let env: MigrationCommands.ServerEnv = {
                    Connect = (fun _ -> d :> ISession)
                    Cancel = CancellationToken.None
                    Interruption = fun () -> Output.Interrupted
                    Migrator = options
                }

                let srschema args =
                    use out = new StringWriter()
                    use err = new StringWriter()
                    let code = CommandLine.runWith env (args @ [ "--project"; dir ]) out err
                    code, err.ToString()

                let code, err = srschema [ "upgrade"; "head" ]
                Expect.equal code 0 err
                Expect.stringContains err "a1 up: statement 1\n" "each statement as it starts"
                Expect.stringContains err "c3 up: statement 2\n" "in every revision"

                Expect.isTrue
                    (Text.RegularExpressions.Regex.IsMatch(
                        err,
                        @"c3 up: statement 1: COLUMN job \S+ \w+ .*\(\d\d:\d\d:\d\d\)"
                    ))
                    $"the ADD COLUMN's job with its elapsed time:\n%s{err}"

                let code, err = srschema [ "downgrade"; "base"; "-q" ]
                Expect.equal (code, err) (0, "") "-q: no progress, no summary")
        }
        test
            "exit codes: wrong direction and edited files are invalid input (1); the release is read once; check reads the history" {
            withProject [ a1; b2 ] (fun dir ->

                File.WriteAllText(
                    Path.Combine(dir, "schema", "model.sql"),
                    "CREATE TABLE t1 (id INT); CREATE TABLE t2 (id INT); CREATE TABLE t3 (id INT); CREATE TABLE t4 (id INT);"
                )

                let d = newDouble ()

                let env: MigrationCommands.ServerEnv = {
                    Connect = (fun _ -> d :> ISession)
                    Cancel = CancellationToken.None
                    Interruption = fun () -> Output.Interrupted
                    Migrator = options
                }

                let srschema args =
                    use out = new StringWriter()
                    use err = new StringWriter()
                    let code = CommandLine.runWith env (args @ [ "--project"; dir ]) out err
                    code, out.ToString(), err.ToString()

                let code, _, err = srschema [ "upgrade"; "head" ]
                Expect.equal code 0 err
                Expect.equal (d.Count "current_version()") 1 "the release is read once per command"
                Expect.equal (d.Count "@@run_mode") 1 "the run mode is read once per command"

                let code, _, err = srschema [ "upgrade"; "a1" ]
                Expect.equal code ExitCodes.ExitCode.InvalidInput "wrong direction: invalid input"
                Expect.stringContains err "use downgrade" err

                let code, _, err = srschema [ "downgrade"; "head" ]
                Expect.equal (code, err.Contains "nothing to run") (0, true) "at head, downgrade head does nothing"

                let code, _, err = srschema [ "check" ]
                Expect.equal code 0 err

                let code, out, _ = srschema [ "stamp"; "base" ]
                Expect.equal (code, out.Trim()) (0, "base") "stamped"

                let code, _, err = srschema [ "check" ]
                Expect.equal code ExitCodes.ExitCode.Changes "after stamp base the history is not at head"
                Expect.stringContains err "not at the head" err

                // a history that cannot be read is not base: revision --autogenerate says why, and sends nothing
                d.Hide(fun sql -> sql.StartsWith "SELECT * FROM")
                let sent = d.Applied.Length

                let code, _, err = srschema [ "revision"; "-m"; "next"; "--autogenerate" ]

                Expect.equal code ExitCodes.ExitCode.ServerFailure "unreadable history: server failure"
                Expect.stringContains err "srschema_history cannot be read" err
                Expect.isFalse (err.Contains "not at the head") "not the wrong reason"
                Expect.equal d.Applied.Length sent "no DDL"
                d.Hide(fun _ -> false)

                // Ctrl-C before anything is sent: 130, and the lease is not left behind
                use cts = new CancellationTokenSource()
                cts.Cancel()

                let cancelledEnv: MigrationCommands.ServerEnv = {
                    Connect = (fun _ -> d :> ISession)
                    Cancel = cts.Token
                    Interruption = fun () -> Output.Interrupted
                    Migrator = options
                }

                use out = new StringWriter()
                use err = new StringWriter()

                let code =
                    CommandLine.runWith cancelledEnv [ "downgrade"; "base"; "--project"; dir ] out err

                Expect.equal code ExitCodes.ExitCode.Cancelled (err.ToString())
                Expect.isFalse (d.History.ContainsKey History.LockKey) "no lease left"

                srschema [ "stamp"; "head" ] |> ignore

                let file =
                    Directory.GetFiles(Path.Combine(dir, "migrations"))
                    |> Array.find (fun f -> f.Contains "a1")

                File.AppendAllText(file, "\n-- an edit\n")
                let code, _, err = srschema [ "upgrade" ]
                Expect.equal code ExitCodes.ExitCode.InvalidInput "edited: invalid input"
                Expect.stringContains err "a1" err)
        }
        test "SIGTERM stops a run as Ctrl-C does, says terminated, where it stopped and how to resume, and exits 143" {
            withProject chain (fun dir ->

                // the signal arrives once a1 is recorded as applied: the run stops before b2's statement
                let stoppedBy (interruption: Output.Interruption) =
                    let d = newDouble ()
                    use cts = new CancellationTokenSource()

                    d.Hide(fun sql ->
                        if sql.Contains "'a1'" && sql.Contains "'applied'" then
                            cts.Cancel()

                        false)

                    let env: MigrationCommands.ServerEnv = {
                        Connect = (fun _ -> d :> ISession)
                        Cancel = cts.Token
                        Interruption = fun () -> interruption
                        Migrator = options
                    }

                    use out = new StringWriter()
                    use err = new StringWriter()
                    let code = CommandLine.runWith env [ "upgrade"; "head"; "--project"; dir ] out err
                    code, err.ToString(), d

                let code, err, d = stoppedBy Output.Terminated
                Expect.equal code ExitCodes.ExitCode.Terminated err
                Expect.equal code 143 "128 + SIGTERM"

                Expect.stringContains
                    err
                    "terminated (SIGTERM): cancelled: revision b2 (up) stopped after 0 of 1 statement(s); run upgrade again to resume"
                    "terminated, where it stopped, how to resume"

                Expect.isFalse (d.History.ContainsKey History.LockKey) "the lease is given back"

                let code, err, _ = stoppedBy Output.Interrupted
                Expect.equal code ExitCodes.ExitCode.Cancelled err
                Expect.isFalse (err.Contains "terminated") $"Ctrl-C is not said as SIGTERM:\n%s{err}"
                Expect.stringContains err "cancelled: revision b2 (up) stopped after 0 of 1" "the same stop")
        }
    ]

let tests = testList "migrator" [ planner; runner; crash; exactlyOnce; cli ]
