/// Deciding whether a statement ran: the pure decision over generated evidence (never "ran" on evidence that does not
/// show it), the kinds of statements, and the load labels the runner gives INSERTs.
module StarRocks.Schema.Tests.RecognitionTests

open System.Text.RegularExpressions
open Expecto
open FsCheck
open FsCheck.FSharp
open StarRocks.Schema
open StarRocks.Schema.Database

let private labelState =
    Gen.oneof [
        Gen.elements [ LabelFinished; LabelCancelled; LabelAbsent ]
        Gen.elements [ "LOADING"; "COMMITTED"; "PENDING" ] |> Gen.map LabelRunning
    ]

let private jobs =
    Gen.oneof [
        Gen.constant None
        Gen.constant (Some NoNewJob)
        Gen.elements [ true; false ]
        |> Gen.map (fun cancelled -> Some(OneJob("7", cancelled)))
        Gen.constant (Some(SeveralJobs [ "7"; "8" ]))
    ]

let private properties =
    Gen.oneof [
        Gen.elements [ NoPropertiesSet; AllShown; ShownOtherwise ]
        Gen.constant (NotShown "replication_num")
    ]

let private count = Gen.elements [ 0L; 3L ]

/// Evidence of every kind, with every combination of what it shows.
let private evidence =
    let bool = Gen.elements [ true; false ]

    Gen.oneof [
        Gen.constant (NoTrace "an UPDATE")
        Gen.constant (Repeatable "SET")
        Gen.constant (NoStateAfter "there is no column `v`")
        Gen.constant (StillRunning "17")
        gen {
            let! label = Gen.elements [ Some "srschema_x"; None ]
            let! state = labelState
            let! expired = bool
            let! fresh = Gen.oneof [ Gen.constant None; Gen.zip count count |> Gen.map Some ]
            return Load(label, state, expired, fresh)
        }
        Gen.elements [ Some true; Some false; None ] |> Gen.map ActiveFlag
        Gen.listOf (Gen.elements [ Some true; Some false; None ])
        |> Gen.map PartitionValues
        Gen.zip bool bool |> Gen.map SyncViewListed
        Gen.zip bool bool |> Gen.map Swapped
        gen {
            let! j = jobs
            let! p = properties
            let! after = bool
            let! before = bool
            return ObjectState(j, p, after, before)
        }
    ]

let private decided = Arb.fromGen evidence

let private laws =
    testList "decide" [
        testPropertyWithConfig
            Support.config
            "never 'ran' on a load that is not shown finished, unless its own new table holds rows"
        <| Prop.forAll decided (fun e ->
            match e, Recognition.decide e with
            | Load(_, LabelFinished, _, _), _ -> ()
            | Load(_, _, _, Some(copied, source)), Ran ->
                Expect.isTrue (copied > 0L || source = 0L) "rows in the rebuild's new table (or none to copy)"
            | Load _, Ran -> failtest "a load not shown finished is never taken as run"
            | _ -> ())
        testPropertyWithConfig
            Support.config
            "an absent label that may have been forgotten, with nothing else, cannot tell"
        <| Prop.forAll decided (fun e ->
            match e, Recognition.decide e with
            | Load(_, LabelAbsent, true, None), r -> Expect.isTrue r.IsCannotTell "cannot tell"
            | Load(_, LabelRunning _, _, _), r -> Expect.isTrue r.IsCannotTell "still loading: cannot tell"
            | _ -> ())
        testPropertyWithConfig
            Support.config
            "several new jobs, drift, no trace and a connection that would not go never decide"
        <| Prop.forAll decided (fun e ->
            match e, Recognition.decide e with
            | ObjectState(Some(SeveralJobs _), _, _, _), r
            | NoStateAfter _, r
            | NoTrace _, r
            | StillRunning _, r -> Expect.isTrue r.IsCannotTell "cannot tell"
            | _ -> ())
        testPropertyWithConfig
            Support.config
            "an object is taken as changed only when it shows the state after, as unchanged only when it shows the state before"
        <| Prop.forAll decided (fun e ->
            match e, Recognition.decide e with
            | ObjectState(_, _, after, _), Ran -> Expect.isTrue after "shows the state after"
            | ObjectState(_, _, _, before), DidNotRun -> Expect.isTrue before "shows the state before"
            | ObjectState(_, NotShown _, _, _), r -> Expect.isTrue r.IsCannotTell "a property not printed"
            | Swapped(after, before), r -> Expect.equal r.IsRan (after && not before) "a swap runs when only after"
            | _ -> ())
        testPropertyWithConfig Support.config "a cancelled job never means 'ran'; a finished one never 'did not run'"
        <| Prop.forAll decided (fun e ->
            match e, Recognition.decide e with
            | ObjectState(Some(OneJob(_, true)), _, _, _), r -> Expect.isFalse r.IsRan "cancelled"
            | ObjectState(Some(OneJob(_, false)), _, _, _), r -> Expect.isFalse r.IsDidNotRun "finished"
            | _ -> ())
        test "examples" {
            Expect.equal (Recognition.decide (Load(Some "l", LabelCancelled, false, None))) DidNotRun "cancelled"
            Expect.equal (Recognition.decide (Load(Some "l", LabelAbsent, false, None))) DidNotRun "absent, recent"

            Expect.equal
                (Recognition.decide (Load(None, LabelAbsent, true, Some(3L, 3L))))
                Ran
                "copied into its own table"

            Expect.equal (Recognition.decide (Load(None, LabelAbsent, true, Some(0L, 3L)))) DidNotRun "not copied"
            Expect.equal (Recognition.decide (Repeatable "ANALYZE")) DidNotRun "sent again: changes nothing"
        }
    ]

let private kinds =
    testList "statement kinds" [
        test "data statements, statements that change no schema, and the rest" {
            let kind sql = StatementKind.ofStatement sql None
            Expect.equal (kind "INSERT INTO t VALUES (1)") DataInsert "insert"
            Expect.equal (kind "-- note\n/* x */ update t set a = 1") (DataChange "UPDATE") "update after comments"
            Expect.equal (kind "DELETE FROM t WHERE a = 1") (DataChange "DELETE") "delete"
            Expect.equal (kind "TRUNCATE TABLE t") (DataChange "TRUNCATE") "truncate"
            Expect.equal (kind "SET new_planner_optimize_timeout = 3000") (NoSchemaChange "SET") "set"
            Expect.equal (kind "REFRESH MATERIALIZED VIEW mv") (NoSchemaChange "REFRESH") "refresh"
            Expect.equal (kind "CREATE FUNCTION f(INT) RETURNS INT") Unmodelled "not modelled"
            Expect.isTrue (StatementKind.isInsert "insert overwrite t select * from u") "insert overwrite"
        }
    ]

let private labels =
    testList "labels" [
        test "a label goes after the table and its partitions; one written is kept; other statements go as they are" {
            let apply sql = Label.apply "l1" sql

            Expect.equal
                (apply "INSERT INTO db.t (a) VALUES (1)")
                ("INSERT INTO db.t WITH LABEL `l1` (a) VALUES (1)", Some "l1")
                "qualified name"

            Expect.equal
                (apply "INSERT /*+ SET_VAR(query_timeout = 10) */ OVERWRITE `t` PARTITION (p1, p2) SELECT * FROM u")
                ("INSERT /*+ SET_VAR(query_timeout = 10) */ OVERWRITE `t` PARTITION (p1, p2) WITH LABEL `l1` SELECT * FROM u",
                 Some "l1")
                "hint and partitions"

            Expect.equal
                (apply "INSERT INTO t TEMPORARY PARTITION (tp) VALUES (1)")
                ("INSERT INTO t TEMPORARY PARTITION (tp) WITH LABEL `l1` VALUES (1)", Some "l1")
                "temporary partition"

            Expect.equal
                (apply "INSERT INTO t WITH LABEL mine (a) VALUES (1)")
                ("INSERT INTO t WITH LABEL mine (a) VALUES (1)", Some "mine")
                "the statement's own label is kept"

            Expect.equal
                (apply "INSERT INTO FILES (\"path\" = \"s3://b/\") SELECT 1")
                ("INSERT INTO FILES (\"path\" = \"s3://b/\") SELECT 1", None)
                "an unload"

            Expect.equal (apply "UPDATE t SET a = 1") ("UPDATE t SET a = 1", None) "not an INSERT"
        }
        testPropertyWithConfig
            Support.config
            "a derived label is one StarRocks takes, and the same parts give the same label"
        <| Prop.forAll
            (Arb.fromGen (
                Gen.zip (ArbMap.generate<string> ArbMap.defaults) (Gen.listOf (ArbMap.generate<string> ArbMap.defaults))
            ))
            (fun (readable, parts) ->
                let readable = if isNull readable then "" else readable
                let parts = parts |> List.map (fun p -> if isNull p then "" else p)
                let label = Label.derive readable parts
                Expect.isTrue (Regex.IsMatch(label, @"^[-\w]{1,128}$", RegexOptions.ECMAScript)) label
                Expect.equal (Label.derive readable parts) label "deterministic"
                Expect.notEqual (Label.derive readable ("other" :: parts)) label "another statement, another label")
    ]

let tests = testList "recognition" [ laws; kinds; labels ]
