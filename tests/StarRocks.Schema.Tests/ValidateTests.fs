/// Model invariants: each rule, with the clause named in the message.
module StarRocks.Schema.Tests.ValidateTests

open Expecto
open StarRocks.Schema
open StarRocks.Schema.Tests.Support

let private n = Name.create

/// Statement -> part of the expected validation message.
let invalid = [
    "duplicate column", "CREATE TABLE t (a INT, A INT)", "columns: column `a` appears more than once"
    "key column missing", "CREATE TABLE t (a INT) DUPLICATE KEY(b)", "KEY: `b` is not a column"
    "keys not a prefix", "CREATE TABLE t (a INT, b INT) DUPLICATE KEY(b)", "key columns must be the leading columns"
    "keys out of order", "CREATE TABLE t (a INT, b INT) DUPLICATE KEY(b, a)", "key columns must be the leading columns"
    "aggregate on a key column",
    "CREATE TABLE t (a INT SUM, b INT SUM) AGGREGATE KEY(a)",
    "a key column cannot have an aggregate function"
    "value column without aggregate", "CREATE TABLE t (a INT, b INT) AGGREGATE KEY(a)", "needs an aggregate function"
    "aggregate outside AGGREGATE KEY",
    "CREATE TABLE t (a INT, b INT SUM) DUPLICATE KEY(a)",
    "only allowed in AGGREGATE KEY tables"
    "nullable primary key", "CREATE TABLE t (a INT NULL) PRIMARY KEY(a)", "a primary key column cannot be nullable"
    "AUTO_INCREMENT on INT", "CREATE TABLE t (a INT AUTO_INCREMENT)", "AUTO_INCREMENT needs a BIGINT column"
    "nullable AUTO_INCREMENT",
    "CREATE TABLE t (a BIGINT NULL AUTO_INCREMENT)",
    "an AUTO_INCREMENT column cannot be nullable"
    "two AUTO_INCREMENT columns",
    "CREATE TABLE t (a BIGINT AUTO_INCREMENT, b BIGINT AUTO_INCREMENT)",
    "only one AUTO_INCREMENT"
    "generated column in AGGREGATE KEY",
    "CREATE TABLE t (a INT, b INT REPLACE AS a + 1) AGGREGATE KEY(a)",
    "generated columns are not allowed"
    "hash column missing", "CREATE TABLE t (a INT) DISTRIBUTED BY HASH(x)", "DISTRIBUTED BY HASH: `x` is not a column"
    "zero buckets", "CREATE TABLE t (a INT) DISTRIBUTED BY RANDOM BUCKETS 0", "BUCKETS 0 must be at least 1"
    "sort column missing", "CREATE TABLE t (a INT) ORDER BY (x)", "ORDER BY: `x` is not a column"
    "partition column missing", "CREATE TABLE t (a INT) PARTITION BY RANGE(x) ()", "PARTITION BY: `x` is not a column"
    "partition named twice",
    "CREATE TABLE t (a INT) PARTITION BY RANGE(a) (PARTITION p VALUES LESS THAN ('1'), PARTITION p VALUES LESS THAN ('2'))",
    "partition `p` appears more than once"
    "index column missing", "CREATE TABLE t (a INT, INDEX i (x))", "INDEX `i`: `x` is not a column"
    "index named twice", "CREATE TABLE t (a INT, INDEX i (a), INDEX i (a))", "index `i` appears more than once"
    "decimal scale above precision", "CREATE TABLE t (a DECIMAL(5, 6))", "DECIMAL scale 6 is outside 0..5"
    "decimal precision too large", "CREATE TABLE t (a DECIMAL(77, 0))", "DECIMAL precision 77 is outside 1..76"
    "char too long", "CREATE TABLE t (a CHAR(256))", "CHAR length 256 is outside 1..255"
    "struct field twice", "CREATE TABLE t (a STRUCT<x INT, X INT>)", "STRUCT field `x` appears more than once"
    "view column twice", "CREATE VIEW v (a, a) AS SELECT 1, 2", "column list: column `a` appears more than once"
    "mv hash column missing",
    "CREATE MATERIALIZED VIEW m (a) DISTRIBUTED BY HASH(b) AS SELECT 1",
    "DISTRIBUTED BY HASH: `b` is not a column"
]

let tests =
    testList "validate" [
        testList "rejects" [
            for name, text, fragment in invalid ->
                testCase name
                <| fun () ->
                    let e = parseError text
                    Expect.stringContains e.Message fragment "message"
        ]
        testCase "REPLACE is tolerated outside AGGREGATE KEY tables"
        <| fun () -> tableOk "CREATE TABLE t (a INT, b INT REPLACE) UNIQUE KEY(a)" |> ignore
        testCase "column names compare case-insensitively in clauses"
        <| fun () ->
            tableOk "CREATE TABLE t (Id INT, v INT) DUPLICATE KEY(id) DISTRIBUTED BY HASH(ID)"
            |> ignore
        testCase "index properties without USING are invalid in a model built in code"
        <| fun () ->
            let t = {
                baseTable with
                    Indexes = [
                        {
                            Name = n "i"
                            Columns = [ n "k" ]
                            Type = None
                            Properties = Map.ofList [ "a", "b" ]
                            Comment = ""
                        }
                    ]
            }

            Expect.contains (Validate.table t) "INDEX `i`: properties need a USING clause" "message"
        testCase "partition bounds and LIST values cannot be empty in a model built in code"
        <| fun () ->
            let k = PartitionKey.Column(n "k")
            let withPartitioning p = { baseTable with Partitioning = Some p }

            let emptyList =
                Partitioning.List(
                    [ k ],
                    [
                        {
                            Name = n "p"
                            Values = []
                            Properties = Map.empty
                        }
                    ]
                )

            Expect.contains
                (Validate.table (withPartitioning emptyList))
                "PARTITION BY: LIST partition `p` needs at least one value in each tuple"
                "list"

            Expect.contains
                (Validate.table (withPartitioning (Partitioning.Range([ k ], [ LessThan(n "p", [], Map.empty) ]))))
                "PARTITION BY: partition `p` has an empty upper bound"
                "less than"

            Expect.contains
                (Validate.table (
                    withPartitioning (Partitioning.Range([ k ], [ Fixed(n "p", [], [ MaxValue ], Map.empty) ]))
                ))
                "PARTITION BY: partition `p` has an empty bound"
                "fixed"
        testCase "a materialized view with neither REFRESH nor DISTRIBUTED BY is synchronous: its query reads a table"
        <| fun () ->
            Expect.stringContains (parseError "CREATE MATERIALIZED VIEW m AS SELECT 1").Message "FROM" "message"
        testCase "Validate.schema builds the maps and rejects a name used twice"
        <| fun () ->
            let t = TableObject baseTable

            match Validate.schema [ t ] with
            | Ok s -> Expect.equal (Map.count s.Tables) 1 "one table"
            | Error es -> failtestf "%A" es

            match
                Validate.schema [
                    t
                    ViewObject {
                        Name = baseTable.Name
                        Columns = []
                        Comment = ""
                        Security = None
                        Properties = Map.empty
                        Query = Query.ofText "SELECT 1"
                    }
                ]
            with
            | Error [ e ] -> Expect.stringContains e "`t` is defined more than once" "message"
            | other -> failtestf "expected one error, got %A" other
    ]
