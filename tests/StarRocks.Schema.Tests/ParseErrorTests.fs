/// Malformed input gives an error naming line, column and what was expected; never an exception, never a shorter
/// object.
module StarRocks.Schema.Tests.ParseErrorTests

open System
open Expecto
open StarRocks.Schema
open StarRocks.Schema.Tests.Support

/// Input -> expected (line, column) and a part of the message.
let errorCases = [
    "truncated inside the column list", "CREATE TABLE t (k INT", (1, 16), "'(': it is never closed"
    "unknown data type", "CREATE TABLE t (k FOO)", (1, 19), "unknown data type 'FOO'"
    "unknown nested data type", "CREATE TABLE t (k ARRAY<INTEGRAL>)", (1, 25), "unknown data type 'INTEGRAL'"
    "unbalanced closing parenthesis", "CREATE TABLE t (k INT))", (1, 23), "unbalanced ')'"
    "unterminated string", "CREATE TABLE t (k INT COMMENT 'oops)", (1, 31), "unterminated string literal"
    "unterminated quoted identifier", "CREATE TABLE `t (k INT)", (1, 14), "unterminated quoted identifier"
    "unterminated block comment", "/* never closed\nCREATE TABLE t (k INT)", (1, 1), "unterminated comment"
    "BUCKETS without a number", "CREATE TABLE t (k INT) DISTRIBUTED BY HASH(k) BUCKETS", (1, 54), "expected number"
    "a number too large", "CREATE TABLE t (k INT) DISTRIBUTED BY RANDOM BUCKETS 99999999999", (1, 54), "too large"
    "a query ending in a comma", "CREATE VIEW v AS SELECT a,", (1, 26), "ends in a ',' or '.'"
    "a query ending in a dot", "CREATE VIEW v AS SELECT t.", (1, 26), "ends in a ',' or '.'"
    "a missing query", "CREATE VIEW v AS  -- nothing", (1, 29), "the query is missing"
    "not a CREATE statement", "DROP TABLE t", (1, 1), "expected CREATE"
    "CREATE of something else", "CREATE INDEX i ON t (a)", (1, 8), "`CREATE INDEX` defines an index"
    "CREATE of an unknown kind", "CREATE FOO x", (1, 8), "expected OR REPLACE or TABLE, VIEW or MATERIALIZED VIEW"
    "an external table",
    "CREATE EXTERNAL TABLE `nation` (k INT) ENGINE=HIVE",
    (1, 17),
    "is not a native StarRocks table (CREATE EXTERNAL TABLE)"
    "another engine",
    "CREATE TABLE m (k INT NULL COMMENT \"\") ENGINE=MYSQL \nCOMMENT \"MYSQL\"",
    (1, 40),
    "(ENGINE=MYSQL)"
    "a catalog table as a catalog prints it",
    "CREATE TABLE `t1` (\n  `c1` int(11) DEFAULT NULL\n)\nPARTITION BY (c1)",
    (4, 1),
    "as external catalogs print them"
    "a Trino-style WITH clause",
    "CREATE TABLE `t` (\n  `id` int(11) NULL\n)\nWITH (\n partitioned_by = ARRAY [ dt ]\n)",
    (4, 1),
    "a WITH or LOCATION clause"
    "KEY on a column definition", "CREATE TABLE t (k INT KEY)", (1, 26), "KEY on a column definition is not supported"
    "a property given twice",
    "CREATE TABLE t (k INT) PROPERTIES (\"a\" = \"1\", \"a\" = \"2\")",
    (1, 24),
    "the key \"a\" is given more than once"
    "an error on a later line", "CREATE TABLE t (\n  k INT,\n  v BOGUS\n)", (3, 5), "unknown data type 'BOGUS'"
    "a clause out of order", "CREATE TABLE t (k INT) DISTRIBUTED BY HASH(k) DUPLICATE KEY(k)", (1, 47), "expected"
    "an empty column list", "CREATE TABLE t ()", (1, 17), "expected"
    "a semicolon inside parentheses", "CREATE TABLE t (k INT; v INT)", (1, 16), "not closed before the ';'"
    "a REFRESH given twice",
    "CREATE MATERIALIZED VIEW m REFRESH MANUAL REFRESH ASYNC AS SELECT 1",
    (1, 57),
    "REFRESH is given more than once"
    "an unknown refresh scheme", "CREATE MATERIALIZED VIEW m REFRESH SOMETIMES AS SELECT 1", (1, 36), "refresh scheme"
    "a synchronous materialized view over two tables",
    "CREATE MATERIALIZED VIEW m AS SELECT k FROM t, u",
    (1, 46),
    "FROM one table"
    "CREATE TABLE ... LIKE",
    "CREATE TABLE t2 LIKE t1",
    (1, 17),
    "CREATE TABLE ... LIKE copies another table's definition"
    "CTAS without columns", "CREATE TABLE t2 AS SELECT * FROM t1", (1, 17), "CTAS is not supported"
    "CTAS with clauses", "CREATE TABLE t2 PRIMARY KEY(k) AS SELECT k FROM t1", (1, 17), "CTAS is not supported"
    "CTAS with a column list", "CREATE TABLE t2 (k INT) AS SELECT 1", (1, 25), "CTAS is not supported"
    "a key column that does not exist",
    "CREATE TABLE t (k INT) DUPLICATE KEY(x)",
    (1, 1),
    "table `t`: KEY: `x` is not a column"
    "a statement cut after an unparenthesized partition expression (shrunk counterexample)",
    "CREATE TABLE t (k DATE) PARTITION BY date_trunc('day', k)\nDIS",
    (2, 1),
    "expected"
    "a view cut inside a string literal", "CREATE VIEW v AS SELECT 'abc", (1, 25), "unterminated string literal"
    "types nested 10,000 deep",
    "CREATE TABLE t (k "
    + String.replicate 10000 "ARRAY<"
    + "INT"
    + String.replicate 10000 ">"
    + ")",
    (1, 409),
    "types nested deeper than 64 levels"
    "parentheses nested 10,000 deep",
    "CREATE VIEW v AS SELECT "
    + String.replicate 10000 "("
    + "1"
    + String.replicate 10000 ")",
    (1, 89),
    "parentheses nested deeper than 64 levels"
]

/// Inputs that must give an error (of any kind), and never an exception.
let junk = [
    ""
    "("
    ")"
    "'"
    "`"
    "\""
    "CREATE"
    "CREATE TABLE"
    "CREATE TABLE t"
    "CREATE TABLE t ("
    "CREATE TABLE t (k"
    "CREATE TABLE t (k ARRAY<"
    "CREATE TABLE t (k MAP<INT>)"
    "CREATE TABLE t (k STRUCT<>)"
    "CREATE TABLE t (k DECIMAL(1, 2, 3))"
    "CREATE TABLE t (k INT) PARTITION BY"
    "CREATE TABLE t (k INT) PARTITION BY RANGE(k) (PARTITION p VALUES [(\"1\"), (\"2\"]"
    "CREATE TABLE t (k INT) PROPERTIES (\"a\")"
    "CREATE MATERIALIZED VIEW"
    "CREATE VIEW v (a COMMENT) AS SELECT 1"
    "\u0000\uffff"
    "CREATE TABLE ``(k INT)"
]

let tests =
    testList "parse errors" [
        testList "name line, column and what was expected" [
            for name, text, (line, column), fragment in errorCases ->
                testCase name
                <| fun () ->
                    match Parse.script "f.sql" text with
                    | Ok parsed -> failtestf "expected an error, parsed %A" parsed.Objects
                    | Error(e :: _) ->
                        Expect.stringContains e.Message fragment "message"
                        Expect.equal (e.Line, e.Column) (line, column) $"place of: %s{Diagnostic.format e}"
                        Expect.isFalse (e.Message.Contains "\n") "one line"
                    | Error [] -> failtest "no diagnostic"
        ]
        testList "junk gives an error, never an exception" [
            for text in junk ->
                testCase (sprintf "%A" text)
                <| fun () ->
                    match Parse.script "junk.sql" text with
                    | Ok parsed when not (String.IsNullOrWhiteSpace text) ->
                        failtestf "expected an error, parsed %A" parsed.Objects
                    | Ok _ -> ()
                    | Error es -> Expect.isNonEmpty es "errors"
        ]
        testList "Parse.columnType gives an error for junk, never an exception or a hang" [
            for text in
                [
                    "STRUCT<`a INT>"
                    "ARRAY<"
                    "MAP<INT,"
                    "STRUCT<a INT COMMENT 'x>"
                    "`"
                    ""
                    "INT("
                ] ->
                testCase (sprintf "%A" text)
                <| fun () ->
                    match Parse.columnType text with
                    | Ok t -> failtestf "expected an error, parsed %A" t
                    | Error e -> Expect.isGreaterThanOrEqual e.Column 1 "a place"
        ]
        testCase "every failing statement of a script is reported"
        <| fun () ->
            match Parse.script "f.sql" "CREATE TABLE a (k FOO);\nCREATE TABLE b (k INT);\nCREATE TABLE c (k BAR);" with
            | Error es -> Expect.equal (es |> List.map (fun e -> e.Line)) [ 1; 3 ] "both"
            | Ok _ -> failtest "expected errors"
        testCase "the formatted diagnostic is file:line:column: message"
        <| fun () ->
            let d = {
                Source = "schema/a.sql"
                Line = 3
                Column = 7
                Message = "boom"
            }

            Expect.equal (Diagnostic.format d) "schema/a.sql:3:7: boom" "format"
        testCase "Parse.createTable rejects a view with a clear message"
        <| fun () ->
            match Parse.createTable "CREATE VIEW v AS SELECT 1" with
            | Error e -> Expect.stringContains e.Message "expected a CREATE TABLE statement, found a view" "message"
            | Ok _ -> failtest "expected an error"
        testCase "Parse.statement rejects two statements"
        <| fun () ->
            match Parse.statement "CREATE TABLE a (k INT); CREATE TABLE b (k INT);" with
            | Error e -> Expect.stringContains e.Message "exactly one statement, found 2" "message"
            | Ok _ -> failtest "expected an error"
    ]
