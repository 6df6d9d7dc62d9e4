/// Column and table forms StarRocks accepts that are read by meaning: complex-type literal defaults, aggregate-state
/// column types, aggregate tables without a key clause, automatic LIST partitioning; and the CREATE statements that
/// are refused with a clear error (non-table objects, objects of another catalog).
module StarRocks.Schema.Tests.FormsTests

open Expecto
open StarRocks.Schema
open StarRocks.Schema.Tests.Support

let private n = Name.create

let private plan = DiffTests.planWith DiffOptions.defaults

let private statements (p: Plan) = p.Steps |> List.map Plan.statement

/// parse (render (parse text)) = parse text, for one statement.
let private roundTrips (text: string) =
    let o = parseOk text

    let rendered = Render.schemaObject o

    Expect.equal (parseOk rendered) o $"round trip of\n%s{rendered}"

let private columnOf (text: string) (name: string) =
    (tableOk text).Columns |> List.find (fun c -> Name.value c.Name = name)

let private defaultOf (columnDefinition: string) =
    match (columnOf $"CREATE TABLE t (id INT, %s{columnDefinition})" (columnDefinition.Split(' ')[0])).Value with
    | Some(Default d) -> d
    | other -> failtestf "expected a DEFAULT, got %A" other

let private errorAt (text: string) (line: int, column: int) (fragment: string) =
    let e = parseError text
    Expect.equal (e.Line, e.Column) (line, column) $"position of: %s{e.Message}"
    Expect.stringContains e.Message fragment "message"


let private complexDefaults =
    testList "complex-type literal defaults" [
        for definition, expected in
            [
                "a ARRAY<INT> DEFAULT [1, 2, 3]",
                ComplexLiteral.Array [
                    ComplexLiteral.Number "1"
                    ComplexLiteral.Number "2"
                    ComplexLiteral.Number "3"
                ]
                "a ARRAY<INT> DEFAULT []", ComplexLiteral.Array []
                "a ARRAY<ARRAY<INT>> DEFAULT [[1], [2, 3]]",
                ComplexLiteral.Array [
                    ComplexLiteral.Array [ ComplexLiteral.Number "1" ]
                    ComplexLiteral.Array [ ComplexLiteral.Number "2"; ComplexLiteral.Number "3" ]
                ]
                "a ARRAY<VARCHAR(8)> DEFAULT ['x', \"y\"]",
                ComplexLiteral.Array [ ComplexLiteral.Text "x"; ComplexLiteral.Text "y" ]
                "a MAP<INT, VARCHAR(8)> DEFAULT map{1: \"a\"}",
                ComplexLiteral.Map [ ComplexLiteral.Number "1", ComplexLiteral.Text "a" ]
                "a MAP<INT, INT> DEFAULT MAP{}", ComplexLiteral.Map []
                "a STRUCT<x INT, y VARCHAR(8), z BOOLEAN> DEFAULT row(1, 'b', TRUE)",
                ComplexLiteral.Row [
                    ComplexLiteral.Number "1"
                    ComplexLiteral.Text "b"
                    ComplexLiteral.Boolean true
                ]
                "a ARRAY<DOUBLE> DEFAULT [-1.5, NULL]",
                ComplexLiteral.Array [ ComplexLiteral.Number "-1.5"; ComplexLiteral.Null ]
            ] do
            test definition {
                Expect.equal (defaultOf definition) (DefaultValue.Complex expected) "model"
                roundTrips $"CREATE TABLE t (id INT, %s{definition})"
            }
        test "quote style, white space and the case of map/row/true do not count" {
            Expect.equal
                (defaultOf "a MAP<VARCHAR(8), ARRAY<INT>> DEFAULT map{'k' : [ 1 ,2 ]}")
                (defaultOf "a MAP<VARCHAR(8), ARRAY<INT>> DEFAULT MAP{\"k\": [1, 2]}")
                "same model"

            Expect.equal
                (defaultOf "a STRUCT<b BOOLEAN> DEFAULT ROW( true )")
                (defaultOf "a STRUCT<b BOOLEAN> DEFAULT row(TRUE)")
                "same model"
        }
        test "a number and a string are different elements" {
            Expect.notEqual (defaultOf "a ARRAY<INT> DEFAULT [1]") (defaultOf "a ARRAY<INT> DEFAULT ['1']") "apart"
        }
        test "renders in one canonical spelling" {
            let t =
                tableOk
                    "CREATE TABLE t (id INT, m MAP<INT, VARCHAR(8)> DEFAULT map{1 : \"a\"}, r STRUCT<x INT> DEFAULT ROW(1))"

            Expect.stringContains (Render.table t) "DEFAULT map{1: 'a'}" "map"
            Expect.stringContains (Render.table t) "DEFAULT row(1)" "row"
        }
        test "the diff sees a changed literal and not a respelled one" {
            Expect.isEmpty
                (statements (
                    plan
                        "CREATE TABLE t (id INT, a ARRAY<INT> DEFAULT [1,2])"
                        "CREATE TABLE t (id INT, a ARRAY<INT> DEFAULT [ 1, 2 ])"
                ))
                "respelled: no change"

            let p =
                plan
                    "CREATE TABLE t (id INT, a ARRAY<INT> DEFAULT [1, 2])"
                    "CREATE TABLE t (id INT, a ARRAY<INT> DEFAULT [1, 3])"

            Expect.isNonEmpty (statements p) "changed: planned"

            Expect.isTrue
                (p.Differences
                 |> List.exists (fun d -> d.Before.Contains "[1, 2]" && d.After.Contains "[1, 3]"))
                "the difference shows both literals"
        }
        test "adding a column with a complex default is an ADD COLUMN that parses back" {
            let p =
                plan "CREATE TABLE t (id INT)" "CREATE TABLE t (id INT, a ARRAY<INT> DEFAULT [1, 2])"

            Expect.equal
                (statements p)
                [
                    "ALTER TABLE `t` ADD COLUMN `a` array<int(11)> NULL DEFAULT [1, 2] COMMENT \"\" AFTER `id`;"
                ]
                "statement"

            match Parse.statementOperations "m.sql" (List.head (statements p)) with
            | Ok [ s ] -> Expect.equal s.Operations (Some(Plan.operations p)) "parses back to its operation"
            | other -> failtestf "expected one statement, got %A" other
        }
        test "JSON and code generation carry the literal" {
            let o = parseOk "CREATE TABLE t (id INT, a ARRAY<VARCHAR(8)> DEFAULT ['x'])"

            Expect.stringContains (SchemaJson.serialize [ o ]) "\"kind\": \"complex\"" "JSON"

            Expect.stringContains
                (Codegen.fsharp "Gen" [ o ])
                "DefaultValue.Complex(ComplexLiteral.Array [ ComplexLiteral.Text \"x\" ])"
                "F#"

            Expect.stringContains (Codegen.csharp "Gen" "Schema" [ o ]) "DefaultLiteral(\"['x']\")" "C#"

            Expect.equal
                (Define.column "a" "ARRAY<INT>" |> Define.defaultLiteral "[1]").Value
                (Some(Default(DefaultValue.Complex(ComplexLiteral.Array [ ComplexLiteral.Number "1" ]))))
                "Define"
        }
        test "the refusals StarRocks makes stay refusals" {
            errorAt "CREATE TABLE t (a ARRAY<TIME>)" (1, 25) "unknown data type 'TIME'"
            errorAt "CREATE TABLE t (a VARBINARY DEFAULT x'ab')" (1, 37) "default value"
            errorAt "CREATE TABLE t (a BIGINT NOT NULL DEFAULT '1' AUTO_INCREMENT)" (1, 47) "expected"
            errorAt "CREATE TABLE t (a ARRAY<INT> DEFAULT [1 + 1])" (1, 41) "expected"
        }
    ]

let private aggregateStates =
    let table =
        "CREATE TABLE t (k VARCHAR(10), a min_by(tinyint, datetime), b percentile_approx_weighted(double, bigint, double), c ds_theta_count_distinct(bigint not null), d ARRAY_AGG_DISTINCT(boolean NULL)) AGGREGATE KEY(k)"

    let arg t nullable : AggregateStateArgument = { Type = t; Nullable = nullable }

    testList "aggregate-state column types" [
        test "each is a type carrying the function (lower-case) and its arguments" {
            let t = tableOk table

            Expect.equal
                (t.Columns |> List.map (fun c -> c.Type))
                [
                    Varchar 10
                    AggregateState("min_by", [ arg TinyInt None; arg DateTime None ])
                    AggregateState("percentile_approx_weighted", [ arg Double None; arg BigInt None; arg Double None ])
                    AggregateState("ds_theta_count_distinct", [ arg BigInt (Some false) ])
                    AggregateState("array_agg_distinct", [ arg Boolean (Some true) ])
                ]
                "types"

            Expect.isTrue (t.Columns |> List.skip 1 |> List.forall Column.isAggregated) "value columns"
            Expect.equal (Validate.table t) [] "valid"
            roundTrips table
        }
        test "renders in place of the type" {
            Expect.stringContains
                (Render.table (tableOk table))
                "`c` ds_theta_count_distinct(bigint(20) NOT NULL) COMMENT \"\""
                "rendered"
        }
        test "Parse.columnType and Define read them; JSON and codegen carry them" {
            Expect.equal
                (Parse.columnType "MIN_BY(INT, DATE)")
                (Ok(AggregateState("min_by", [ arg Int None; arg Date None ])))
                "Parse.columnType"

            let o = parseOk table
            Expect.stringContains (SchemaJson.serialize [ o ]) "\"type\": \"aggregateState\"" "JSON"
            Expect.stringContains (Codegen.csharp "Gen" "Schema" [ o ]) "\"min_by(TINYINT, DATETIME)\"" "C#"
            Expect.stringContains (Codegen.fsharp "Gen" [ o ]) "AggregateState(\"min_by\"" "F#"
        }
        test "a changed function or argument is a rebuild" {
            let p =
                plan
                    "CREATE TABLE t (k INT, a min_by(int, date)) AGGREGATE KEY(k)"
                    "CREATE TABLE t (k INT, a min_by(int, datetime)) AGGREGATE KEY(k)"

            Expect.isTrue (Plan.operations p |> List.exists (fun o -> Operation.kind o = "SwapTable")) "rebuilt"
        }
        test "what is not a call shape, or not at the top of a type, is refused clearly" {
            errorAt
                "CREATE TABLE t (k INT, a 1fn(int)) AGGREGATE KEY(k)"
                (1, 26)
                "neither a data type nor an aggregate function"

            errorAt "CREATE TABLE t (k INT, a min_by) AGGREGATE KEY(k)" (1, 26) "unknown data type 'min_by'"
            errorAt "CREATE TABLE t (k INT, a ARRAY<min_by(int, date)>)" (1, 32) "unknown data type 'min_by'"
        }
        test "validation: only in AGGREGATE KEY tables, never with another aggregate function" {
            Expect.stringContains
                (parseError "CREATE TABLE t (k INT, a min_by(int, date)) DUPLICATE KEY(k)").Message
                "aggregate-state columns (min_by) are only allowed in AGGREGATE KEY tables"
                "DUPLICATE"

            Expect.stringContains
                (parseError "CREATE TABLE t (k INT, a min_by(int, date) SUM) AGGREGATE KEY(k)").Message
                "takes no SUM"
                "SUM too"
        }
    ]

let private keylessAggregate =
    testList "an aggregate table without a key clause" [
        test "the parser says AGGREGATE KEY on the leading columns without an aggregate" {
            let t =
                tableOk "CREATE TABLE t (k1 INT, k2 DATE, v BIGINT SUM, s min_by(int, date))"

            Expect.equal
                t.Keys
                (Some {
                    Model = Aggregate
                    Columns = [ n "k1"; n "k2" ]
                })
                "keys"
        }
        test "REPLACE counts as an aggregate function, as in StarRocks" {
            Expect.equal
                (tableOk "CREATE TABLE t (k INT, v INT REPLACE)").Keys
                (Some {
                    Model = Aggregate
                    Columns = [ n "k" ]
                })
                "keys"
        }
        test "a table without aggregates keeps no key clause" {
            Expect.isNone (tableOk "CREATE TABLE t (k INT, v INT)").Keys "none"
        }
        test "the keyless and the explicit form are the same table to the diff" {
            Expect.isEmpty
                (statements (
                    plan
                        "CREATE TABLE t (k INT, v BIGINT SUM) DISTRIBUTED BY HASH(k)"
                        "CREATE TABLE t (k INT, v BIGINT SUM) AGGREGATE KEY(k) DISTRIBUTED BY HASH(k)"
                ))
                "no change"

            roundTrips "CREATE TABLE t (k INT, v BIGINT SUM)"
        }
        test "a column without an aggregate after one with it is refused by validation" {
            Expect.stringContains
                (parseError "CREATE TABLE t (k INT, v BIGINT SUM, w INT)").Message
                "column `w`: every value column of an AGGREGATE KEY table needs an aggregate function"
                "refused"
        }
    ]

let private automaticList =
    let expressionOf text = (tableOk text).Partitioning

    testList "automatic LIST partitioning" [
        test "PARTITION BY LIST (col) without values is expression partitioning by that column" {
            Expect.equal
                (expressionOf "CREATE TABLE t (dt DATE, v INT) PARTITION BY LIST (dt)")
                (Some(Partitioning.Expression([ PartitionKey.Column(n "dt") ], [])))
                "model"

            Expect.equal
                (expressionOf "CREATE TABLE t (dt DATE, c INT, v INT) PARTITION BY LIST (dt, c) DISTRIBUTED BY RANDOM")
                (expressionOf "CREATE TABLE t (dt DATE, c INT, v INT) PARTITION BY (`dt`,`c`) DISTRIBUTED BY RANDOM")
                "two columns: as the server prints it"

            roundTrips "CREATE TABLE t (dt DATE, c INT, v INT) PARTITION BY LIST (dt, c)"
        }
        test "with a value list it stays LIST partitioning" {
            match expressionOf "CREATE TABLE t (c INT) PARTITION BY LIST (c) (PARTITION p1 VALUES IN ('1'))" with
            | Some(Partitioning.List _) -> ()
            | other -> failtestf "expected LIST, got %A" other
        }
        test "the diff sees no difference with the printed form" {
            Expect.isEmpty
                (statements (
                    plan
                        "CREATE TABLE t (dt DATE, v INT) PARTITION BY LIST (dt)"
                        "CREATE TABLE t (dt DATE, v INT) PARTITION BY (`dt`)"
                ))
                "no change"
        }
    ]

let private refusedStatements =
    testList "CREATE statements that are refused" [
        test "CREATE TABLE FUNCTION says what it defines, where" {
            errorAt
                "CREATE TABLE FUNCTION my_udtf(string) RETURNS string PROPERTIES (\"symbol\" = \"x\")"
                (1, 8)
                "`CREATE TABLE FUNCTION` defines a table function, not a table"
        }
        test "other objects too" {
            errorAt "CREATE AGGREGATE FUNCTION f(int) RETURNS int" (1, 8) "defines an aggregate function"
            errorAt "\n  CREATE DATABASE sales" (2, 10) "`CREATE DATABASE` defines a database"
            errorAt "CREATE EXTERNAL CATALOG hive PROPERTIES (\"type\" = \"hive\")" (1, 8) "defines a catalog"
        }
        test "a table named like a keyword still parses" {
            Expect.equal (tableOk "CREATE TABLE function (k INT)").Name (QualifiedName.ofName (n "function")) "name"
        }
        test "an object of another catalog is refused at its name, in the wording reflection skips" {
            for text, column in
                [
                    "CREATE TABLE hive_catalog.db.t (k INT)", 14
                    "CREATE VIEW hive_catalog.db.t AS SELECT 1", 13
                    "CREATE MATERIALIZED VIEW hive_catalog.db.t REFRESH MANUAL AS SELECT 1", 26
                ] do
                errorAt
                    text
                    (1, column)
                    "`hive_catalog.db.t` is in catalog `hive_catalog`: only tables of default_catalog are managed"

                errorAt text (1, column) "not a native StarRocks table"
        }
        test "default_catalog stays accepted" {
            let t = tableOk "CREATE TABLE default_catalog.db.t (k INT)"
            Expect.equal t.Name.Catalog (Some(n "default_catalog")) "catalog kept"
            roundTrips "CREATE TABLE default_catalog.db.t (k INT)"
        }
    ]

let tests =
    testList "forms" [
        complexDefaults
        aggregateStates
        keylessAggregate
        automaticList
        refusedStatements
    ]
