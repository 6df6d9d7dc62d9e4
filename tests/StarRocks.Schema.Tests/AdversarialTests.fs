/// The runner under a Jepsen-style review: faults at interactions the other lists leave alone (the lease reads inside
/// a history write, the reads right before a send), a run paused inside a history write while another takes over,
/// data migrations (INSERT ... VALUES, UPDATE) whose replies are lost, a downgrade after a partial upgrade.
module StarRocks.Schema.Tests.AdversarialTests

open System
open System.Threading
open Expecto
open StarRocks.Schema
open StarRocks.Schema.Database
open StarRocks.Schema.Tests.StarRocksDouble

module M = StarRocks.Schema.Tests.MigratorTests

/// Lets the server's time pass: statements still running on lost connections come to their end.
let private passTime (d: StarRocksDouble) =
    for _ in 1..60 do
        (d :> ISession).Query("SELECT CONNECTION_ID()", CancellationToken.None).Result
        |> ignore

let private isLeaseRead (sql: string) =
    sql.StartsWith "SELECT * FROM" && sql.Contains "WHERE revision = '__lock__'"

let tests =
    testList "adversarial" [
        test
            "a lease read lost inside the intent write (let go within the grace) moves the session to a new connection: the statement goes out on the one recorded, and its late completion is waited for, never sent twice" {
            let d = M.newDouble ()
            M.upTo d [ M.a1 ] Head |> ignore

            let r5 =
                M.revision "r5" (Some "a1") "CREATE TABLE t5 (id INT);\nDROP TABLE t5;" "SELECT 1;"

            let revisions = [ M.a1; r5 ]
            let mutable readConnection = false
            let mutable lostOnce = false

            d.Hide(fun sql ->
                if sql = "SELECT CONNECTION_ID()" then
                    readConnection <- true

                // the intent write's lease confirmation, right after the statement's connection id was read
                if readConnection && not lostOnce && isLeaseRead sql then
                    lostOnce <- true
                    true
                else
                    false)

            // the CREATE keeps running on its connection after its reply is lost
            d.FaultOn((fun sql -> sql.StartsWith "CREATE TABLE t5"), LateRun 20)
            let first = M.run d revisions Up Head
            passTime d
            d.Hide(fun _ -> false)

            if first.IsError then
                M.upUntilDone d revisions |> ignore

            passTime d
            Expect.isTrue lostOnce "the lease read was lost"
            Expect.equal d.Applied (M.ups revisions) "each statement once: the CREATE not sent again while it ran"

            Expect.isFalse
                (d.Schema.Tables |> Map.exists (fun q _ -> Name.value q.Name = "t5"))
                "t5 dropped, not created again after its drop"
        }
        test
            "a run paused inside its intent write while another takes over and finishes: its late write does not clobber the other's record, and its data INSERT is not sent again" {
            let d = M.newDouble ()
            M.upTo d [ M.a1 ] Head |> ignore

            let r2 =
                M.revision "r2" (Some "a1") "INSERT INTO t1 (id) VALUES (1);" "DELETE FROM t1 WHERE id = 1;"

            let revisions = [ M.a1; r2 ]
            let clockA = ref DateTimeOffset.UtcNow

            let runA = {
                M.options with
                    Owner = "a@host run 1"
                    Executor.Now = fun () -> clockA.Value
            }

            let runB = {
                M.options with
                    Owner = "b@host run 2"
                    Executor.Now = fun () -> DateTimeOffset.UtcNow.AddHours 1.0
            }

            let resultB = ref None
            let mutable paused = false

            d.Hide(fun sql ->
                // A's intent write of the INSERT is on its way when A pauses (GC, laptop sleep) past its lease: B
                // takes over and runs r2 to its end before A's write reaches the server
                if
                    not paused
                    && sql.StartsWith "INSERT INTO `srschema_history`"
                    && sql.Contains "'r2'"
                    && sql.Contains "'sent'"
                then
                    paused <- true
                    clockA.Value <- clockA.Value.AddHours 1.0
                    resultB.Value <- Some(M.runWith d runB revisions Up Head CancellationToken.None)

                false)

            let resultA = M.runWith d runA revisions Up Head CancellationToken.None
            d.Hide(fun _ -> false)
            Expect.isOk resultB.Value.Value "B finished"

            match resultA with
            | Error(LeaseTakenOver _) -> ()
            | other -> failtestf "A stops, having lost its lease: %A" other

            Expect.equal
                (d.DataStatements
                 |> List.filter (fun s -> s.StartsWith "INSERT INTO t1")
                 |> List.length)
                1
                "the INSERT ran once"

            Expect.equal (d.History["r2"]["state"]) (Some "applied") "B's record stands"
            Expect.equal (M.status d revisions).Current 1 "the history says r2 is applied"
            Expect.isFalse (d.History.ContainsKey History.LockKey) "no lease row left"
        }
        test
            "holds: an UPDATE of a data migration whose reply was lost is never sent again; the run says how to finish it" {
            let d = M.newDouble ()
            M.upTo d [ M.a1 ] Head |> ignore

            let r2 =
                M.revision
                    "r2"
                    (Some "a1")
                    "UPDATE t1 SET id = 2 WHERE id = 1;\nCREATE TABLE t6 (id INT);"
                    "DROP TABLE t6;"

            let revisions = [ M.a1; r2 ]
            d.FaultOn((fun sql -> sql.StartsWith "UPDATE t1"), AfterRun)

            match M.run d revisions Up Head with
            | Error(StatementFailed("r2", Up, 1, _, e)) -> Expect.isTrue (ExecutionError.mayHaveRun e) "unknown"
            | other -> failtestf "first run: %A" other

            match M.run d revisions Up Head with
            | Error(OutcomeUndecided("r2", Up, 1, _, _) as e) ->
                Expect.stringContains (MigrationError.describe e) "stamp" "how to finish"
            | other -> failtestf "second run: %A" other

            Expect.equal (d.Count "UPDATE t1") 1 "sent once"
            Expect.isFalse (d.History.ContainsKey History.LockKey) "no lease row left"
        }
        test "holds: a downgrade after a partial upgrade is refused and sends nothing; the upgrade then finishes" {
            let d = M.newDouble ()
            M.upTo d [ M.a1; M.b2 ] Head |> ignore
            // c3's second statement is refused: c3 stops after one of two
            d.FaultOn((fun sql -> sql.StartsWith "ALTER TABLE t1 SET"), Refuse)
            Expect.isError (M.run d M.chain Up Head) "stopped part-way"
            let sent = d.Applied

            match M.run d M.chain Down Base with
            | Error(PlanRefused(PartialInOtherDirection("c3", Up, 1, 2))) -> ()
            | other -> failtestf "%A" other

            Expect.equal d.Applied sent "nothing sent"
            M.upTo d M.chain Head |> ignore
            Expect.equal d.Applied (M.ups M.chain) "each statement once"
        }
    ]
