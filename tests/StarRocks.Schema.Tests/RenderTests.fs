/// Exact-string tests of the renderer: the SHOW CREATE style, quoting and escaping.
module StarRocks.Schema.Tests.RenderTests

open Expecto
open StarRocks.Schema
open StarRocks.Schema.Tests.Support

let private n = Name.create

let tests =
    testList "render" [
        testCase "a table with every clause, in SHOW CREATE layout"
        <| fun () ->
            let t =
                tableOk
                    "create table db.t (k date not null, v bigint sum default '0' comment 'total', index i (k) using bitmap comment 'x') aggregate key (k) comment 'c' partition by range (k) (partition p1 values less than ('2026-01-01')) distributed by hash (k) buckets 3 properties ('b' = '2', 'a' = '1')"

            Expect.equal
                (Render.table t)
                "CREATE TABLE `db`.`t` (\n  `k` date NOT NULL COMMENT \"\",\n  `v` bigint(20) SUM DEFAULT \"0\" COMMENT \"total\",\n  INDEX `i` (`k`) USING BITMAP COMMENT 'x'\n) ENGINE=OLAP\nAGGREGATE KEY(`k`)\nCOMMENT \"c\"\nPARTITION BY RANGE(`k`)\n(PARTITION `p1` VALUES LESS THAN (\"2026-01-01\"))\nDISTRIBUTED BY HASH(`k`) BUCKETS 3\nPROPERTIES (\n\"a\" = \"1\",\n\"b\" = \"2\"\n);"
                "rendered"
        testCase "a minimal table prints only what was given"
        <| fun () ->
            Expect.equal
                (Render.table (tableOk "CREATE TABLE t (k INT)"))
                "CREATE TABLE `t` (\n  `k` int(11) COMMENT \"\"\n) ENGINE=OLAP;"
                "rendered"
        testCase "identifiers are backticked and backticks doubled; comments escape only backslash and double quote"
        <| fun () ->
            let c = {
                Column.create (n "a`b") Int with
                    Comment = "say \"hi\" \\ \n ok"
            }

            Expect.equal (Render.column c) "`a``b` int(11) COMMENT \"say \\\"hi\\\" \\\\ \n ok\"" "column"
        testCase "index and struct field comments use single quotes"
        <| fun () ->
            let t = tableOk "CREATE TABLE t (k INT, INDEX i (k) COMMENT \"it's\")"
            Expect.stringContains (Render.table t) "INDEX `i` (`k`) COMMENT 'it\\'s'" "index"
        testCase "LIST partitions, one and two columns"
        <| fun () ->
            let one =
                tableOk "CREATE TABLE t (c VARCHAR(5)) PARTITION BY LIST (c) (PARTITION p VALUES IN ('a', 'b'))"

            Expect.stringContains
                (Render.table one)
                "PARTITION BY LIST(`c`)(\n  PARTITION `p` VALUES IN (\"a\", \"b\")\n)"
                "one column"

            let two =
                tableOk
                    "CREATE TABLE t (c VARCHAR(5), d DATE) PARTITION BY LIST (c, d) (PARTITION p VALUES IN (('a', '2026-01-01')))"

            Expect.stringContains (Render.table two) "VALUES IN ((\"a\", \"2026-01-01\"))" "two columns"
        testCase "expression partitioning: one time function bare, otherwise parenthesized"
        <| fun () ->
            let render text =
                (tableOk $"CREATE TABLE t (k DATETIME, c INT) %s{text}") |> Render.table

            Expect.stringContains
                (render "PARTITION BY date_trunc('DAY', k)")
                "PARTITION BY date_trunc('day', `k`);"
                "date_trunc"

            Expect.stringContains
                (render "PARTITION BY time_slice(k, INTERVAL 2 hour)")
                "PARTITION BY time_slice(`k`, INTERVAL 2 hour);"
                "time_slice"

            Expect.stringContains (render "PARTITION BY c, k") "PARTITION BY (`c`, `k`);" "columns"
        testCase "RANDOM distribution with and without buckets"
        <| fun () ->
            Expect.stringContains
                (Render.table (tableOk "CREATE TABLE t (k INT) DISTRIBUTED BY RANDOM"))
                "\nDISTRIBUTED BY RANDOM;"
                "auto"

            Expect.stringContains
                (Render.table (tableOk "CREATE TABLE t (k INT) DISTRIBUTED BY RANDOM BUCKETS 4"))
                "\nDISTRIBUTED BY RANDOM BUCKETS 4;"
                "explicit"
        testCase "a view"
        <| fun () ->
            match parseOk "create view v (a comment 'x', b) comment 'c' security none as select 1 a, 2 b" with
            | ViewObject v ->
                Expect.equal
                    (Render.view v)
                    "CREATE VIEW `v` (`a` COMMENT \"x\", `b`)\nCOMMENT \"c\"\nSECURITY NONE\nAS select 1 a, 2 b;"
                    "rendered"
            | other -> failtestf "%A" other
        testCase "a materialized view"
        <| fun () ->
            match
                parseOk
                    "create materialized view m (k) partition by k distributed by hash(k) order by (k) refresh deferred async start ('2026-01-01 00:00:00') every (interval 1 day) properties ('a' = 'b') as select k from t"
            with
            | MaterializedViewObject m ->
                Expect.equal
                    (Render.materializedView m)
                    "CREATE MATERIALIZED VIEW `m` (`k`)\nPARTITION BY (`k`)\nDISTRIBUTED BY HASH(`k`)\nORDER BY (`k`)\nREFRESH DEFERRED ASYNC START(\"2026-01-01 00:00:00\") EVERY(INTERVAL 1 DAY)\nPROPERTIES (\n\"a\" = \"b\"\n)\nAS select k from t;"
                    "rendered"
            | other -> failtestf "%A" other
        testCase "newer refresh spellings render as ASYNC"
        <| fun () ->
            match parseOk "create materialized view m refresh schedule every (interval 5 minute) as select 1" with
            | MaterializedViewObject m ->
                Expect.stringContains (Render.materializedView m) "REFRESH ASYNC EVERY(INTERVAL 5 MINUTE)" "ASYNC"
            | other -> failtestf "%A" other
        testCase "a script separates statements with a blank line and ends with a newline"
        <| fun () ->
            match Parse.script "s" "create table a (k int); create table b (k int);" with
            | Ok s ->
                Expect.equal
                    (Render.script s.Objects)
                    "CREATE TABLE `a` (\n  `k` int(11) COMMENT \"\"\n) ENGINE=OLAP;\n\nCREATE TABLE `b` (\n  `k` int(11) COMMENT \"\"\n) ENGINE=OLAP;\n"
                    "script"
            | Error es -> failtestf "%A" es
        testCase "a schema renders tables, then views, then materialized views, each by name"
        <| fun () ->
            match
                Parse.script
                    "s"
                    "create materialized view m refresh manual as select 1; create view v as select 1; create table b (k int); create table a (k int);"
            with
            | Ok s ->
                match Validate.schema s.Objects with
                | Ok schema ->
                    let text = Render.schema schema
                    let order = [ "`a`"; "`b`"; "`v`"; "`m`" ] |> List.map text.IndexOf
                    Expect.equal order (List.sort order) "order"
                | Error es -> failtestf "%A" es
            | Error es -> failtestf "%A" es
    ]
