/// Example tests: every type spelling and every clause, as StarRocks prints it and as people write it.
module StarRocks.Schema.Tests.ParseTests

open Expecto
open StarRocks.Schema
open StarRocks.Schema.Tests.Support

let private n = Name.create
let private col = PartitionKey.Column << n

/// Spelling accepted in DDL -> the type it means.
let typeCases = [
    "BOOLEAN", Boolean
    "bool", Boolean
    "TINYINT", TinyInt
    "tinyint(4)", TinyInt
    "SMALLINT(6)", SmallInt
    "INT", Int
    "integer", Int
    "int(11)", Int
    "BIGINT(20)", BigInt
    "LARGEINT", LargeInt
    "largeint(40)", LargeInt
    "FLOAT", Float
    "DOUBLE", Double
    "DECIMAL", Decimal(10, 0)
    "DECIMAL(10)", Decimal(10, 0)
    "decimal(10, 2)", Decimal(10, 2)
    "DECIMAL32(9,2)", Decimal(9, 2)
    "decimal64(18, 4)", Decimal(18, 4)
    "decimal128(38, 9)", Decimal(38, 9)
    "DECIMAL256(76, 10)", Decimal(76, 10)
    "NUMERIC(5,1)", Decimal(5, 1)
    "DECIMALV2(27, 9)", DecimalV2(27, 9)
    "CHAR", Char 1
    "char(20)", Char 20
    "VARCHAR", Varchar 1
    "VARCHAR(255)", Varchar 255
    "STRING", Varchar 65533
    "text", Varchar 65533
    "VARBINARY", Varbinary None
    "binary(16)", Varbinary(Some 16)
    "DATE", Date
    "DATETIME", DateTime
    "JSON", Json
    "HLL", Hll
    "BITMAP", Bitmap
    "PERCENTILE", Percentile
    "VARIANT", Variant
    "ARRAY<INT>", Array Int
    "array<int(11)>", Array Int
    "array<DECIMAL64(10,2)>", Array(Decimal(10, 2))
    "ARRAY < ARRAY < STRING > >", Array(Array(Varchar 65533))
    "MAP<STRING, INT>", Map(Varchar 65533, Int)
    "MAP<varchar(65533),int(11)>", Map(Varchar 65533, Int)
    "STRUCT<a INT, b STRING>",
    Struct [
        {
            Name = n "a"
            Type = Int
            Comment = ""
        }
        {
            Name = n "b"
            Type = Varchar 65533
            Comment = ""
        }
    ]
    "struct<a int(11), `b c` varchar(20) COMMENT 'the b'>",
    Struct [
        {
            Name = n "a"
            Type = Int
            Comment = ""
        }
        {
            Name = n "b c"
            Type = Varchar 20
            Comment = "the b"
        }
    ]
    "MAP<INT, STRUCT<s ARRAY<JSON>>>",
    Map(
        Int,
        Struct [
            {
                Name = n "s"
                Type = Array Json
                Comment = ""
            }
        ]
    )
]

/// Type -> its canonical rendering.
let renderCases = [
    Boolean, "boolean"
    TinyInt, "tinyint(4)"
    SmallInt, "smallint(6)"
    Int, "int(11)"
    BigInt, "bigint(20)"
    LargeInt, "largeint(40)"
    Float, "float"
    Double, "double"
    Decimal(10, 2), "decimal(10, 2)"
    DecimalV2(27, 9), "decimalv2(27, 9)"
    Char 5, "char(5)"
    Varchar 65533, "varchar(65533)"
    Varbinary None, "varbinary"
    Varbinary(Some 8), "varbinary(8)"
    Date, "date"
    DateTime, "datetime"
    Json, "json"
    Hll, "hll"
    Bitmap, "bitmap"
    Percentile, "percentile"
    Variant, "variant"
    Array(Array Int), "array<array<int(11)>>"
    Map(Varchar 65533, Int), "MAP<varchar(65533),int(11)>"
    Struct [
        {
            Name = n "a b"
            Type = Int
            Comment = "it's"
        }
        {
            Name = n "c"
            Type = Date
            Comment = ""
        }
    ],
    "struct<`a b` int(11) COMMENT 'it\\'s', c date>"
]

let private columnOf (definition: string) =
    let t = tableOk $"CREATE TABLE t (k INT, %s{definition}) DUPLICATE KEY(k)"
    t.Columns[1]

/// Column definition -> the column it means.
let columnCases =
    let c = Column.create (n "c")

    [
        "c INT", c Int
        "c INT NULL", { c Int with Nullable = Some true }
        "c INT NOT NULL", { c Int with Nullable = Some false }
        "`c` varchar(20) NULL DEFAULT \"x\" COMMENT \"c\"",
        {
            c (Varchar 20) with
                Nullable = Some true
                Value = Some(Default(DefaultValue.Literal "x"))
                Comment = "c"
        }
        "c INT DEFAULT '18'",
        {
            c Int with
                Value = Some(Default(DefaultValue.Literal "18"))
        }
        "c INT DEFAULT 18",
        {
            c Int with
                Value = Some(Default(DefaultValue.Literal "18"))
        }
        "c VARCHAR(5) DEFAULT NULL",
        {
            c (Varchar 5) with
                Value = Some(Default DefaultValue.Null)
        }
        "c DATETIME NULL DEFAULT CURRENT_TIMESTAMP",
        {
            c DateTime with
                Nullable = Some true
                Value = Some(Default(DefaultValue.CurrentTimestamp None))
        }
        "c DATETIME DEFAULT CURRENT_TIMESTAMP(6)",
        {
            c DateTime with
                Value = Some(Default(DefaultValue.CurrentTimestamp(Some 6)))
        }
        "c DATETIME DEFAULT now()",
        {
            c DateTime with
                Value = Some(Default(DefaultValue.CurrentTimestamp None))
        }
        "c varchar(64) NULL DEFAULT (uuid())",
        {
            c (Varchar 64) with
                Nullable = Some true
                Value = Some(Default(DefaultValue.Expression(Expr.ofText "uuid()")))
        }
        "c bigint(20) NOT NULL AUTO_INCREMENT COMMENT \"\"",
        {
            c BigInt with
                Nullable = Some false
                Value = Some AutoIncrement
        }
        "c double NULL AS array_avg(`a`) COMMENT \"g\"",
        {
            c Double with
                Nullable = Some true
                Value = Some(Generated(Expr.ofText "array_avg(`a`)"))
                Comment = "g"
        }
        "c bigint NULL AS `v1` * (10 + 2)",
        {
            c BigInt with
                Nullable = Some true
                Value = Some(Generated(Expr.ofText "`v1` * (10 + 2)"))
        }
        "c INT COMMENT 'single \\'quoted\\''",
        {
            c Int with
                Comment = "single 'quoted'"
        }
        "c INT COMMENT \"line\\nbreak \\\\ and \\\"q\\\"\"",
        {
            c Int with
                Comment = "line\nbreak \\ and \"q\""
        }
        "c INT COMMENT 'it''s'", { c Int with Comment = "it's" }
        "c INT COMMENT '100\\%'", { c Int with Comment = "100\\%" }
        "`c` INT COMMENT \"主键ID\"", { c Int with Comment = "主键ID" }
    ]

let private aggregateCases = [
    "SUM", Sum
    "MIN", Min
    "MAX", Max
    "REPLACE", Replace
    "REPLACE_IF_NOT_NULL", ReplaceIfNotNull
    "HLL_UNION", HllUnion
    "BITMAP_UNION", BitmapUnion
    "PERCENTILE_UNION", PercentileUnion
]

let private aggregateType agg =
    match agg with
    | HllUnion -> "HLL"
    | BitmapUnion -> "BITMAP"
    | PercentileUnion -> "PERCENTILE"
    | _ -> "BIGINT"

let private partitioningOf text =
    (tableOk $"CREATE TABLE t (k DATE, c VARCHAR(10), ts BIGINT) DUPLICATE KEY(k) %s{text}").Partitioning

let private fixedPart name lo hi = Fixed(n name, lo, hi, Map.empty)

let partitionCases = [
    "RANGE, as SHOW CREATE prints it",
    "PARTITION BY RANGE(`k`)\n(PARTITION p1 VALUES [(\"0000-01-01\"), (\"2024-01-01\")),\nPARTITION p2 VALUES [(\"2024-01-01\"), (\"2024-02-01\")))",
    Partitioning.Range(
        [ col "k" ],
        [
            fixedPart "p1" [ Value "0000-01-01" ] [ Value "2024-01-01" ]
            fixedPart "p2" [ Value "2024-01-01" ] [ Value "2024-02-01" ]
        ]
    )
    "RANGE with LESS THAN and MAXVALUE",
    "PARTITION BY RANGE (k) (PARTITION p1 VALUES LESS THAN ('2024-01-01'), PARTITION pmax VALUES LESS THAN MAXVALUE)",
    Partitioning.Range(
        [ col "k" ],
        [
            LessThan(n "p1", [ Value "2024-01-01" ], Map.empty)
            LessThan(n "pmax", [ MaxValue ], Map.empty)
        ]
    )
    "RANGE on two columns with MAXVALUE in a tuple",
    "PARTITION BY RANGE (k, c) (PARTITION p1 VALUES LESS THAN (\"2024-01-01\", MAXVALUE))",
    Partitioning.Range([ col "k"; col "c" ], [ LessThan(n "p1", [ Value "2024-01-01"; MaxValue ], Map.empty) ])
    "RANGE batch by date interval",
    "PARTITION BY RANGE (k) (START (\"2021-01-01\") END (\"2021-02-01\") EVERY (INTERVAL 1 day))",
    Partitioning.Range([ col "k" ], [ Batch("2021-01-01", "2021-02-01", Interval(1, "DAY")) ])
    "RANGE batch by integer step",
    "PARTITION BY RANGE (ts) (START (\"1\") END (\"5\") EVERY (1))",
    Partitioning.Range([ col "ts" ], [ Batch("1", "5", Step 1) ])
    "RANGE partition with properties",
    "PARTITION BY RANGE(`k`) (PARTITION p1 VALUES [(\"2020-01-01\"), (\"2021-01-01\")) (\"replication_num\" = \"1\"))",
    Partitioning.Range(
        [ col "k" ],
        [
            Fixed(n "p1", [ Value "2020-01-01" ], [ Value "2021-01-01" ], Map.ofList [ "replication_num", "1" ])
        ]
    )
    "RANGE with no partitions", "PARTITION BY RANGE(`k`)\n()", Partitioning.Range([ col "k" ], [])
    "RANGE over an expression",
    "PARTITION BY RANGE(from_unixtime(ts))\n(PARTITION p1 VALUES [(\"2021-01-01 00:00:00\"), (\"2021-01-02 00:00:00\")))",
    Partitioning.Range(
        [ PartitionKey.Expression(Expr.ofText "from_unixtime(ts)") ],
        [
            fixedPart "p1" [ Value "2021-01-01 00:00:00" ] [ Value "2021-01-02 00:00:00" ]
        ]
    )
    "LIST on one column, as printed",
    "PARTITION BY LIST(`c`)(\n  PARTITION p1 VALUES IN ('n', 'o'),\n  PARTITION p2 VALUES IN ('x')\n)",
    Partitioning.List(
        [ col "c" ],
        [
            {
                Name = n "p1"
                Values = [ [ Value "n" ]; [ Value "o" ] ]
                Properties = Map.empty
            }
            {
                Name = n "p2"
                Values = [ [ Value "x" ] ]
                Properties = Map.empty
            }
        ]
    )
    "LIST on two columns, with NULL",
    "PARTITION BY LIST (k, c) (PARTITION p1 VALUES IN ((\"2022-04-01\", \"LA\"), (\"2022-04-02\", NULL)))",
    Partitioning.List(
        [ col "k"; col "c" ],
        [
            {
                Name = n "p1"
                Values = [ [ Value "2022-04-01"; Value "LA" ]; [ Value "2022-04-02"; NullValue ] ]
                Properties = Map.empty
            }
        ]
    )
    "date_trunc as printed (no backticks)",
    "PARTITION BY date_trunc('day', k)",
    Partitioning.Expression([ PartitionKey.DateTrunc("day", n "k") ], [])
    "date_trunc in upper case",
    "PARTITION BY DATE_TRUNC('DAY', `k`)",
    Partitioning.Expression([ PartitionKey.DateTrunc("day", n "k") ], [])
    "time_slice as written",
    "PARTITION BY time_slice(k, INTERVAL 7 day)",
    Partitioning.Expression([ PartitionKey.TimeSlice(n "k", 7, "day", None) ], [])
    "time_slice with a boundary",
    "PARTITION BY time_slice(k, INTERVAL 4 month, CEIL)",
    Partitioning.Expression([ PartitionKey.TimeSlice(n "k", 4, "month", Some "ceil") ], [])
    "time_slice as printed",
    "PARTITION BY time_slice(k, 4, 'day', 'floor')",
    Partitioning.Expression([ PartitionKey.TimeSlice(n "k", 4, "day", Some "floor") ], [])
    "column list in parentheses", "PARTITION BY (`k`,`c`)", Partitioning.Expression([ col "k"; col "c" ], [])
    "column list without parentheses", "PARTITION BY k, c", Partitioning.Expression([ col "k"; col "c" ], [])
    "mixed expressions and columns",
    "PARTITION BY (substring(c, 1, 5),`k`,date_trunc('month', k))",
    Partitioning.Expression(
        [
            PartitionKey.Expression(Expr.ofText "substring(c, 1, 5)")
            col "k"
            PartitionKey.DateTrunc("month", n "k")
        ],
        []
    )
    "an expression and a column without parentheses",
    "PARTITION BY from_unixtime(ts,'%Y%m%d'), c",
    Partitioning.Expression([ PartitionKey.Expression(Expr.ofText "from_unixtime(ts,'%Y%m%d')"); col "c" ], [])
    "created partitions and a dangling comma, as 3.0 printed them",
    "PARTITION BY date_trunc('month', k)\n(PARTITION p202302 VALUES [(\"2023-02-01\"), (\"2023-03-01\")),\n)",
    Partitioning.Expression(
        [ PartitionKey.DateTrunc("month", n "k") ],
        [ fixedPart "p202302" [ Value "2023-02-01" ] [ Value "2023-03-01" ] ]
    )
]

let private distributionOf text =
    (tableOk $"CREATE TABLE t (k INT, v INT) DUPLICATE KEY(k) %s{text}").Distribution

let distributionCases = [
    "DISTRIBUTED BY HASH(`k`) BUCKETS 8 ", Some(Distribution.Hash([ n "k" ], Some 8))
    "DISTRIBUTED BY HASH(k, v)", Some(Distribution.Hash([ n "k"; n "v" ], None))
    "distributed by random", Some(Distribution.Random None)
    "DISTRIBUTED BY RANDOM BUCKETS 10", Some(Distribution.Random(Some 10))
    "", None
]

let private mvOf text =
    match parseOk text with
    | MaterializedViewObject m -> m
    | other -> failtestf "expected a materialized view, got %A" other

let refreshCases = [
    "REFRESH ASYNC",
    {
        Moment = None
        Scheme = Async(None, None)
    }
    "REFRESH ASYNC EVERY(INTERVAL 1 HOUR)",
    {
        Moment = None
        Scheme = Async(None, Some(1, "HOUR"))
    }
    "REFRESH ASYNC START(\"2122-12-31 00:00:00\") EVERY(INTERVAL 1 DAY)",
    {
        Moment = None
        Scheme = Async(Some "2122-12-31 00:00:00", Some(1, "DAY"))
    }
    "REFRESH DEFERRED SCHEDULE START('2024-01-01 00:00:00') EVERY (INTERVAL 10 minute)",
    {
        Moment = Some Deferred
        Scheme = Async(Some "2024-01-01 00:00:00", Some(10, "MINUTE"))
    }
    "REFRESH IMMEDIATE ON_CHANGE",
    {
        Moment = Some Immediate
        Scheme = Async(None, None)
    }
    "REFRESH MANUAL", { Moment = None; Scheme = Manual }
    "REFRESH DEFERRED MANUAL",
    {
        Moment = Some Deferred
        Scheme = Manual
    }
    "REFRESH INCREMENTAL", { Moment = None; Scheme = Incremental }
]

let tests =
    testList "parse" [
        testList "types" [
            for text, expected in typeCases ->
                testCase text
                <| fun () -> Expect.equal (Parse.columnType text) (Ok expected) text
        ]
        testList "type rendering" [
            for t, expected in renderCases ->
                testCase expected
                <| fun () ->
                    Expect.equal (Render.columnType t) expected "rendered"
                    Expect.equal (Parse.columnType expected) (Ok t) "and parsed back"
        ]
        testCase "fragments on their own: names, partition keys, expressions, PARTITION BY clauses"
        <| fun () ->
            let n = Name.create

            Expect.equal
                (Parse.qualifiedName "cat.`my.db`.t")
                (Ok {
                    Catalog = Some(n "cat")
                    Database = Some(n "my.db")
                    Name = n "t"
                })
                "three parts, one backticked"

            Expect.equal (Parse.partitionKey " dt ") (Ok(PartitionKey.Column(n "dt"))) "a column"

            Expect.equal
                (Parse.partitionKey "date_trunc('DAY', dt)")
                (Ok(PartitionKey.DateTrunc("day", n "dt")))
                "date_trunc, unit lower-cased"

            Expect.equal
                (Parse.partitionKey "str2date(d, '%Y%m%d')")
                (Ok(PartitionKey.Expression(Expr.ofText "str2date(d, '%Y%m%d')")))
                "another expression"

            Expect.equal (Parse.expression "concat(a, ')')") (Ok(Expr.ofText "concat(a, ')')")) "quotes balance"

            match Parse.partitioning "PARTITION BY LIST (c) (PARTITION p1 VALUES IN ('a'))" with
            | Ok(Partitioning.List([ PartitionKey.Column c ], [ p ])) ->
                Expect.equal (c, p.Name, p.Values) (n "c", n "p1", [ [ Value "a" ] ]) "the list"
            | other -> failtestf "expected a LIST partitioning, got %A" other

            let errorAt (r: Result<_, Diagnostic>) =
                match r with
                | Error d -> d.Line, d.Column
                | Ok v -> failtestf "expected an error, got %A" v

            Expect.equal (errorAt (Parse.qualifiedName "a.b.c.d")) (1, 8) "four parts"
            Expect.equal (errorAt (Parse.expression "f(a")) (1, 4) "an open parenthesis"
            Expect.equal (errorAt (Parse.expression "a, b")) (1, 2) "a comma after an expression"
            Expect.equal (errorAt (Parse.partitionKey "")) (1, 1) "nothing"
        testList "columns" [
            for text, expected in columnCases -> testCase text <| fun () -> Expect.equal (columnOf text) expected text
        ]
        testList "aggregate functions" [
            for word, agg in aggregateCases ->
                testCase word
                <| fun () ->
                    let t =
                        tableOk $"CREATE TABLE t (k INT, v %s{aggregateType agg} %s{word} NULL) AGGREGATE KEY(k)"

                    Expect.equal t.Columns[1].Aggregate (Some agg) word
        ]
        testList "key models" [
            for word, model in
                [
                    "DUPLICATE", Duplicate
                    "AGGREGATE", Aggregate
                    "UNIQUE", Unique
                    "PRIMARY", Primary
                ] do
                yield
                    testCase word
                    <| fun () ->
                        let agg = if model = Aggregate then " SUM" else ""
                        let t = tableOk $"CREATE TABLE t (k INT NOT NULL, v INT%s{agg}) %s{word} KEY(`k`)"
                        Expect.equal t.Keys (Some { Model = model; Columns = [ n "k" ] }) word
            yield
                testCase "no key clause leaves the key unset"
                <| fun () -> Expect.isNone (tableOk "CREATE TABLE t (k INT)").Keys "unset"
        ]
        testList "partitioning" [
            for name, text, expected in partitionCases ->
                testCase name
                <| fun () -> Expect.equal (partitioningOf text) (Some expected) text
        ]
        testList "distribution" [
            for text, expected in distributionCases ->
                testCase (if text = "" then "omitted" else text)
                <| fun () -> Expect.equal (distributionOf text) expected text
        ]
        testList "table clauses" [
            testCase "ORDER BY as printed"
            <| fun () ->
                let t = tableOk "CREATE TABLE t (a INT, b INT) DUPLICATE KEY(a) ORDER BY(`b`, `a`)"
                Expect.equal t.OrderBy (Some [ n "b"; n "a" ]) "sort key"
            testCase "table COMMENT and ENGINE in any case"
            <| fun () ->
                let t =
                    tableOk "create table t (a int) engine = olap duplicate key(a) comment 'the table'"

                Expect.equal t.Comment "the table" "comment"
            testCase "COMMENT \"OLAP\" of old servers is kept as printed"
            <| fun () ->
                Expect.equal (tableOk "CREATE TABLE t (a INT) ENGINE=OLAP COMMENT \"OLAP\"").Comment "OLAP" "kept"
            testCase "PROPERTIES keep every key, including server defaults"
            <| fun () ->
                let t =
                    tableOk
                        "CREATE TABLE t (a INT) PROPERTIES (\n\"replication_num\" = \"3\",\n\"in_memory\" = \"false\",\n'compression' = 'LZ4'\n)"

                Expect.equal
                    t.Properties
                    (Map.ofList [ "replication_num", "3"; "in_memory", "false"; "compression", "LZ4" ])
                    "properties"
            testCase "property spacing of legacy printers (two spaces around =)"
            <| fun () ->
                let t = tableOk "CREATE TABLE t (a INT) PROPERTIES (\"k\"  =  \"v\")"
                Expect.equal t.Properties (Map.ofList [ "k", "v" ]) "properties"
            testCase "TEMPORARY table"
            <| fun () -> Expect.isTrue (tableOk "CREATE TEMPORARY TABLE t (a INT)").Temporary "temporary"
            testCase "IF NOT EXISTS and a database-qualified name"
            <| fun () ->
                let t = tableOk "CREATE TABLE IF NOT EXISTS `sales`.`orders` (a INT)"
                Expect.equal t.Name (QualifiedName.inDatabase (n "sales") (n "orders")) "name"
            testCase "a catalog-qualified name"
            <| fun () ->
                let t = tableOk "CREATE TABLE default_catalog.sales.orders (a INT)"
                Expect.equal t.Name.Catalog (Some(n "default_catalog")) "catalog"
            testCase "backticked names keep their spelling, doubled backticks unescape"
            <| fun () ->
                let t = tableOk "CREATE TABLE `My Table` (`a``b` INT, `列` INT)"
                Expect.equal (t.Columns |> List.map (fun c -> c.Name)) [ n "a`b"; n "列" ] "columns"
                Expect.equal t.Name.Name (n "My Table") "table"
            testCase "indexes: BITMAP with comment, GIN with properties, NGRAMBF, VECTOR, no USING"
            <| fun () ->
                let t =
                    tableOk
                        "CREATE TABLE t (a VARCHAR(10), b VARCHAR(10), c VARCHAR(10), d VARCHAR(10), v ARRAY<FLOAT> NOT NULL,\n  INDEX i1 (`a`) USING BITMAP COMMENT 'bm',\n  INDEX i2 (`b`) USING GIN(\"imp_lib\" = \"clucene\", \"parser\" = \"english\") COMMENT '',\n  INDEX i3 (c) USING NGRAMBF (\"gram_num\" = \"4\"),\n  INDEX i4 (v) USING VECTOR,\n  INDEX i5 (d))"

                Expect.equal
                    (t.Indexes |> List.map (fun i -> Name.value i.Name, i.Type, i.Comment))
                    [
                        "i1", Some BitmapIndex, "bm"
                        "i2", Some Gin, ""
                        "i3", Some NgramBloomFilter, ""
                        "i4", Some Vector, ""
                        "i5", None, ""
                    ]
                    "indexes"

                Expect.equal t.Indexes[1].Properties (Map.ofList [ "imp_lib", "clucene"; "parser", "english" ]) "GIN"
            testCase "hidden generated partition columns are kept and marked server-maintained"
            <| fun () ->
                let t =
                    tableOk
                        "CREATE TABLE t (`k` datetime NULL COMMENT \"\", `__generated_partition_column_0` date NULL AS date_trunc('month', `k`) COMMENT \"\") ENGINE=OLAP DUPLICATE KEY(`k`) PARTITION BY (`__generated_partition_column_0`)"

                Expect.isTrue (Column.isServerMaintained t.Columns[1]) "marked"
                Expect.isFalse (Column.isServerMaintained t.Columns[0]) "not the user's column"
            testCase "ROLLUP in CREATE TABLE is refused where it starts, saying how to declare it"
            <| fun () ->
                match Parse.script "f.sql" "CREATE TABLE t (a INT, b INT) DUPLICATE KEY(a) ROLLUP (r1 (b, a));" with
                | Ok parsed -> failtestf "expected an error, parsed %A" parsed.Objects
                | Error [ e ] ->
                    Expect.equal (e.Line, e.Column) (1, 48) "at ROLLUP"
                    Expect.stringContains e.Message "synchronous materialized view" "why"
                    Expect.stringContains e.Message "CREATE MATERIALIZED VIEW r1 AS SELECT" "how"
                | Error es -> failtestf "expected one error, got %A" es
            testCase "a CHARSET clause is kept as raw text and reported as a warning"
            <| fun () ->
                match
                    Parse.script
                        "f.sql"
                        "CREATE TABLE t (a INT, b INT) ENGINE=OLAP DEFAULT CHARSET = utf8 DUPLICATE KEY(a);"
                with
                | Ok parsed ->
                    match parsed.Objects with
                    | [ TableObject t ] ->
                        Expect.equal
                            t.Unmodelled
                            [
                                {
                                    Clause = "CHARSET"
                                    Text = "DEFAULT CHARSET = utf8"
                                }
                            ]
                            "kept"

                        Expect.stringContains (Render.table t) "DEFAULT CHARSET = utf8" "rendered back"
                    | other -> failtestf "unexpected %A" other

                    match parsed.Warnings with
                    | [ w ] ->
                        Expect.stringContains w.Message "CHARSET clause is not modelled" "warning"
                        Expect.equal (w.Line, w.Column) (1, 1) "at the statement"
                    | ws -> failtestf "expected one warning, got %A" ws
                | Error es -> failtestf "%A" es
            testCase "DEFAULT NULL without nullability is native when DISTRIBUTED BY or a key clause says so"
            <| fun () ->
                tableOk "CREATE TABLE t (c INT DEFAULT NULL) DISTRIBUTED BY HASH(c)" |> ignore
                tableOk "CREATE TABLE t (c INT DEFAULT NULL) UNIQUE KEY(c)" |> ignore
            testCase "a DISTRIBUTED inside a string or a comment does not make a catalog-style table native"
            <| fun () ->
                let e =
                    parseError
                        "CREATE TABLE t (c INT DEFAULT NULL) /* DISTRIBUTED */ PROPERTIES (\"x\" = \"DISTRIBUTED\")"

                Expect.stringContains e.Message "is not a native StarRocks table" "catalog"
            testCase "a table CHARSET is kept as raw text"
            <| fun () ->
                let t =
                    tableOk "CREATE TABLE t (a INT) ENGINE=OLAP DEFAULT CHARSET=utf8 DUPLICATE KEY(a)"

                Expect.equal
                    t.Unmodelled
                    [
                        {
                            Clause = "CHARSET"
                            Text = "DEFAULT CHARSET=utf8"
                        }
                    ]
                    "kept"
        ]
        testList "scripts" [
            testCase "several statements, comments of both kinds, any keyword case"
            <| fun () ->
                let text =
                    "-- a line comment; with a semicolon\n/* block; comment */ create table a (x int);\n\nCREATE VIEW v AS SELECT ';' AS s /* ; */ FROM a;\nCreate Materialized View m Refresh Manual As select 1"

                match Parse.script "s.sql" text with
                | Ok parsed ->
                    Expect.equal
                        (parsed.Objects |> List.map SchemaObject.kind)
                        [ "table"; "view"; "materialized view" ]
                        "kinds"

                    Expect.equal
                        (parsed.Statements |> List.map (fun s -> s.Line, s.Column))
                        [ 2, 22; 4, 1; 5, 1 ]
                        "places"
                | Error es -> failtestf "%A" es
            testCase "an empty script has no objects"
            <| fun () ->
                match Parse.script "e.sql" "  -- nothing\n ; ;" with
                | Ok parsed -> Expect.isEmpty parsed.Objects "no objects"
                | Error es -> failtestf "%A" es
            testCase "a raw CR LF inside a string literal is kept byte for byte"
            <| fun () ->
                let t = tableOk "CREATE TABLE t (a INT) COMMENT \"first\r\nsecond\""
                Expect.equal t.Comment "first\r\nsecond" "CR LF kept"
            testCase "Parse.schema joins files and reports an object defined twice at its second place"
            <| fun () ->
                let one = Parse.script "a.sql" "CREATE TABLE t (a INT);"
                let two = Parse.script "b.sql" "\n  CREATE VIEW t AS SELECT 1;"

                match one, two with
                | Ok a, Ok b ->
                    match Parse.schema [ a; b ] with
                    | Error [ e ] ->
                        Expect.equal (e.Source, e.Line, e.Column) ("b.sql", 2, 3) "place"
                        Expect.stringContains e.Message "defined more than once (first at a.sql:1:1)" "message"
                    | other -> failtestf "expected one error, got %A" other
                | _ -> failtest "both parse"
        ]
        testList "views" [
            testCase "column list with comments, comment and SECURITY, as printed"
            <| fun () ->
                match
                    parseOk
                        "CREATE VIEW `v` (`c1` COMMENT \"x\", `c2`)\nCOMMENT \"view\" SECURITY INVOKER AS SELECT 1 AS c1, 2 AS c2;"
                with
                | ViewObject v ->
                    Expect.equal
                        v.Columns
                        [ { Name = n "c1"; Comment = "x" }; { Name = n "c2"; Comment = "" } ]
                        "columns"

                    Expect.equal (v.Comment, v.Security) ("view", Some SecurityInvoker) "comment and security"
                    Expect.equal (Query.text v.Query) "SELECT 1 AS c1, 2 AS c2" "query"
                | other -> failtestf "%A" other
            testCase "CREATE OR REPLACE VIEW IF NOT EXISTS without a column list"
            <| fun () ->
                match parseOk "create or replace view if not exists db.v as select * from t" with
                | ViewObject v ->
                    Expect.isEmpty v.Columns "no columns"
                    Expect.equal v.Name (QualifiedName.inDatabase (n "db") (n "v")) "name"
                    Expect.equal v.Security None "unset"
                | other -> failtestf "%A" other
            testCase "the query keeps comments, line breaks and string literals exactly"
            <| fun () ->
                match parseOk "CREATE VIEW v AS ( select \n\"test\" as test_column  -- this is a comment\n);" with
                | ViewObject v ->
                    Expect.equal
                        (Query.text v.Query)
                        "( select \n\"test\" as test_column  -- this is a comment\n)"
                        "query"
                | other -> failtestf "%A" other
        ]
        testList "materialized views" [
            yield! [
                for text, expected in refreshCases ->
                    testCase text
                    <| fun () ->
                        let m = mvOf $"CREATE MATERIALIZED VIEW m %s{text} AS SELECT 1"
                        Expect.equal m.Refresh (Some expected) text
            ]
            yield
                testCase "every clause, as printed"
                <| fun () ->
                    let m =
                        mvOf
                            "CREATE MATERIALIZED VIEW `mv` (`k`, `d` COMMENT \"day\",\n  INDEX idx (`k`) USING BITMAP COMMENT 'bm')\nCOMMENT \"an mv\"\nPARTITION BY (date_trunc('day', `d`))\nDISTRIBUTED BY HASH(`k`) BUCKETS 8 \nORDER BY (k)\nREFRESH DEFERRED ASYNC START(\"2024-01-01 00:00:00\") EVERY(INTERVAL 1 HOUR)\nPROPERTIES (\n\"replication_num\" = \"1\"\n)\nAS SELECT `t`.`k`, `t`.`d` FROM `db`.`t`;"

                    Expect.equal m.Columns.Length 2 "columns"
                    Expect.equal (m.Indexes |> List.map (fun i -> i.Name)) [ n "idx" ] "index inside the column list"
                    Expect.equal m.Comment "an mv" "comment"
                    Expect.equal m.Partitioning (Some [ PartitionKey.DateTrunc("day", n "d") ]) "partitioning"
                    Expect.equal m.Distribution (Some(Distribution.Hash([ n "k" ], Some 8))) "distribution"
                    Expect.equal m.OrderBy (Some [ n "k" ]) "order by"
                    Expect.equal m.Properties (Map.ofList [ "replication_num", "1" ]) "properties"
                    Expect.equal (Query.text m.Query) "SELECT `t`.`k`, `t`.`d` FROM `db`.`t`" "query"
            yield
                testCase "clauses in any order, partition by a bare column"
                <| fun () ->
                    let m =
                        mvOf
                            "CREATE MATERIALIZED VIEW m (k, d) REFRESH MANUAL PARTITION BY d DISTRIBUTED BY RANDOM AS SELECT k, d FROM t"

                    Expect.equal m.Partitioning (Some [ col "d" ]) "partitioning"
                    Expect.equal m.Distribution (Some(Distribution.Random None)) "distribution"
            yield
                testCase "unquoted column names as a 3.1 server printed them"
                <| fun () ->
                    let m =
                        mvOf
                            "CREATE MATERIALIZED VIEW `mv2` (k1, count(v1))\nDISTRIBUTED BY RANDOM\nREFRESH ASYNC\nAS SELECT k1, count(v1) FROM t GROUP BY k1"

                    Expect.equal (m.Columns |> List.map (fun c -> c.Name)) [ n "k1"; n "count(v1)" ] "columns"
        ]
    ]
