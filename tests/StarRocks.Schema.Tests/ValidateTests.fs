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

/// The server's static CREATE TABLE rules (Validate's sources are listed in docs/starrocks-support.md): the name of
/// the rule, a statement StarRocks refuses, what the message must say besides the table, and the nearest statement
/// StarRocks accepts (which Validate must accept too).
let serverRules = [
    "RANDOM distribution of a PRIMARY KEY table",
    "CREATE TABLE t (k INT NOT NULL, v INT) PRIMARY KEY(k) DISTRIBUTED BY RANDOM",
    "DISTRIBUTED BY RANDOM: PRIMARY KEY must use hash distribution",
    "CREATE TABLE t (k INT NOT NULL, v INT) PRIMARY KEY(k) DISTRIBUTED BY HASH(k)"
    "RANDOM distribution of a UNIQUE KEY table",
    "CREATE TABLE t (k INT, v INT) UNIQUE KEY(k) DISTRIBUTED BY RANDOM BUCKETS 4",
    "DISTRIBUTED BY RANDOM: UNIQUE KEY must use hash distribution",
    "CREATE TABLE t (k INT, v INT) UNIQUE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 4"
    "RANDOM distribution of an AGGREGATE KEY table with REPLACE",
    "CREATE TABLE t (k INT, v INT REPLACE_IF_NOT_NULL) AGGREGATE KEY(k) DISTRIBUTED BY RANDOM",
    "DISTRIBUTED BY RANDOM: AGGREGATE KEY with replace must use hash distribution (column `v` is REPLACE_IF_NOT_NULL)",
    "CREATE TABLE t (k INT, v INT REPLACE_IF_NOT_NULL) AGGREGATE KEY(k) DISTRIBUTED BY HASH(k)"
    "a floating-point key column",
    "CREATE TABLE t (k DOUBLE, v INT) DUPLICATE KEY(k)",
    "KEY: invalid data type of key column `k`: DOUBLE, use decimal instead",
    "CREATE TABLE t (k DECIMAL(10, 2), v DOUBLE) DUPLICATE KEY(k)"
    "a JSON key column",
    "CREATE TABLE t (k INT, j JSON) DUPLICATE KEY(k, j)",
    "KEY: invalid data type of key column `j`: JSON",
    "CREATE TABLE t (k INT, j JSON) DUPLICATE KEY(k)"
    "an ARRAY key column of a table without a key clause but with aggregate columns",
    "CREATE TABLE t (k INT, a ARRAY<INT>, v INT SUM) AGGREGATE KEY(k, a)",
    "KEY: invalid data type of key column `a`: ARRAY<INT>",
    "CREATE TABLE t (k INT, a VARCHAR(10), v INT SUM) AGGREGATE KEY(k, a)"
    "a CHAR primary key column",
    "CREATE TABLE t (k CHAR(10) NOT NULL, v INT) PRIMARY KEY(k)",
    "PRIMARY KEY: primary key column `k` type not supported: CHAR(10)",
    "CREATE TABLE t (k VARCHAR(10) NOT NULL, v INT) PRIMARY KEY(k)"
    "a generated key column",
    "CREATE TABLE t (k INT, g BIGINT AS k + 1) DUPLICATE KEY(k, g)",
    "column `g`: a generated column can not be a key column",
    "CREATE TABLE t (k INT, g BIGINT AS k + 1) DUPLICATE KEY(k)"
    "an ordinary column after a generated one",
    "CREATE TABLE t (k INT, g BIGINT AS k + 1, v INT) DUPLICATE KEY(k)",
    "column `v`: all generated columns must be defined after ordinary columns",
    "CREATE TABLE t (k INT, v INT, g BIGINT AS k + 1) DUPLICATE KEY(k)"
    "a value column in DISTRIBUTED BY HASH of an AGGREGATE KEY table",
    "CREATE TABLE t (k INT, v INT SUM) AGGREGATE KEY(k) DISTRIBUTED BY HASH(v)",
    "DISTRIBUTED BY HASH: distribution column `v` is not a key column",
    "CREATE TABLE t (k INT, v INT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(v)"
    "a FLOAT distribution column",
    "CREATE TABLE t (k INT, f FLOAT) DUPLICATE KEY(k) DISTRIBUTED BY HASH(f)",
    "DISTRIBUTED BY HASH: column `f`: FLOAT column can not be distribution column",
    "CREATE TABLE t (k INT, f DECIMAL(9, 3)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(f)"
    "an AGGREGATE KEY sort key that is not the key",
    "CREATE TABLE t (a INT, b INT, v INT SUM) AGGREGATE KEY(a, b) DISTRIBUTED BY HASH(a) ORDER BY (a)",
    "ORDER BY: the sort columns of AGGREGATE KEY table must be same with key columns (`a`, `b`)",
    "CREATE TABLE t (a INT, b INT, v INT SUM) AGGREGATE KEY(a, b) DISTRIBUTED BY HASH(a) ORDER BY (b, a)"
    "a UNIQUE KEY sort key with a value column",
    "CREATE TABLE t (a INT, v INT) UNIQUE KEY(a) DISTRIBUTED BY HASH(a) ORDER BY (a, v)",
    "ORDER BY: the sort columns of UNIQUE KEY table must be same with key columns (`a`)",
    "CREATE TABLE t (a INT, v INT) UNIQUE KEY(a) DISTRIBUTED BY HASH(a) ORDER BY (a)"
    "a DOUBLE sort column of a PRIMARY KEY table",
    "CREATE TABLE t (k INT NOT NULL, d DOUBLE) PRIMARY KEY(k) ORDER BY (d)",
    "ORDER BY: sort key column `d` type not supported: DOUBLE",
    "CREATE TABLE t (k INT NOT NULL, d DATE) PRIMARY KEY(k) ORDER BY (d)"
    "a partition column named twice",
    "CREATE TABLE t (d DATE, v INT) DUPLICATE KEY(d) PARTITION BY RANGE(d, D) ()",
    "PARTITION BY: duplicated partition column `d`",
    "CREATE TABLE t (d DATE, v INT) DUPLICATE KEY(d) PARTITION BY RANGE(d) ()"
    "a value column as partition column of a PRIMARY KEY table",
    "CREATE TABLE t (k INT NOT NULL, d DATE NOT NULL) PRIMARY KEY(k) PARTITION BY RANGE(d) ()",
    "PARTITION BY: the partition column could not be aggregated column: `d` is a value column of the PRIMARY KEY table",
    "CREATE TABLE t (k INT NOT NULL, d DATE NOT NULL) PRIMARY KEY(k, d) PARTITION BY RANGE(d) ()"
    "a DOUBLE partition column",
    "CREATE TABLE t (k INT, f DOUBLE) DUPLICATE KEY(k) PARTITION BY LIST(f) ()",
    "PARTITION BY: invalid partition column `f`: invalid data type DOUBLE",
    "CREATE TABLE t (k INT, f BIGINT) DUPLICATE KEY(k) PARTITION BY LIST(f) ()"
    "a BITMAP index on two columns",
    "CREATE TABLE t (a INT, b INT, INDEX i (a, b) USING BITMAP)",
    "INDEX `i`: bitmap index can only apply to a single column",
    "CREATE TABLE t (a INT, b INT, INDEX i (a) USING BITMAP)"
    "an index naming a column twice",
    "CREATE TABLE t (a VARCHAR(10), INDEX i (a, A) USING GIN)",
    "INDEX `i`: columns of index has duplicated",
    "CREATE TABLE t (a VARCHAR(10), INDEX i (a) USING GIN)"
    "two indexes on the same columns",
    "CREATE TABLE t (a VARCHAR(10), b INT, INDEX i (a), INDEX j (A) USING NGRAMBF)",
    "INDEX `j`: same index columns have multiple index name is not allowed (index `i` has the same columns)",
    "CREATE TABLE t (a VARCHAR(10), b INT, INDEX i (b), INDEX j (a) USING NGRAMBF)"
    "a BITMAP index on a FLOAT column",
    "CREATE TABLE t (k INT, f FLOAT, INDEX i (f)) DUPLICATE KEY(k)",
    "INDEX `i`: FLOAT is not supported in bitmap index. invalid column: `f`",
    "CREATE TABLE t (k INT, f DECIMAL(9, 3), INDEX i (f)) DUPLICATE KEY(k)"
    "a BITMAP index on a value column of an AGGREGATE KEY table",
    "CREATE TABLE t (k INT, v INT SUM, INDEX i (v) USING BITMAP) AGGREGATE KEY(k)",
    "INDEX `i`: BITMAP index only used in columns of DUP_KEYS/PRIMARY_KEYS table or key columns of UNIQUE_KEYS/AGG_KEYS table. invalid column: `v`",
    "CREATE TABLE t (k INT, v INT SUM, INDEX i (k) USING BITMAP) AGGREGATE KEY(k)"
    "a GIN index on an ARRAY column",
    "CREATE TABLE t (k INT, a ARRAY<VARCHAR(10)>, INDEX i (a) USING GIN) DUPLICATE KEY(k)",
    "INDEX `i`: the inverted index can only be build on column with type of scalar type; `a` is ARRAY<VARCHAR(10)>",
    "CREATE TABLE t (k INT, a VARCHAR(10), INDEX i (a) USING GIN) DUPLICATE KEY(k)"
    "an NGRAMBF index on an INT column",
    "CREATE TABLE t (k INT, v INT, INDEX i (v) USING NGRAMBF) DUPLICATE KEY(k)",
    "INDEX `i`: invalid ngram bloom filter column `v`: unsupported type INT",
    "CREATE TABLE t (k INT, v VARCHAR(10), INDEX i (v) USING NGRAMBF) DUPLICATE KEY(k)"
    "an NGRAMBF index on a value column of a UNIQUE KEY table",
    "CREATE TABLE t (k INT, s VARCHAR(10), INDEX i (s) USING NGRAMBF) UNIQUE KEY(k) DISTRIBUTED BY HASH(k)",
    "INDEX `i`: Ngram Bloom filter index only used in columns of DUP_KEYS/PRIMARY table or key columns of UNIQUE_KEYS/AGG_KEYS table. invalid column: `s`",
    "CREATE TABLE t (k INT NOT NULL, s VARCHAR(10), INDEX i (s) USING NGRAMBF) PRIMARY KEY(k) DISTRIBUTED BY HASH(k)"
    "a VECTOR index on ARRAY<DOUBLE>",
    "CREATE TABLE t (k INT, v ARRAY<DOUBLE> NOT NULL, INDEX i (v) USING VECTOR) DUPLICATE KEY(k)",
    "INDEX `i`: the vector index can only be build on column with type of array<float>; `v` is ARRAY<DOUBLE>",
    "CREATE TABLE t (k INT, v ARRAY<FLOAT> NOT NULL, INDEX i (v) USING VECTOR) DUPLICATE KEY(k)"
    "a VECTOR index in a UNIQUE KEY table",
    "CREATE TABLE t (k INT, v ARRAY<FLOAT> NOT NULL, INDEX i (v) USING VECTOR) UNIQUE KEY(k) DISTRIBUTED BY HASH(k)",
    "INDEX `i`: the vector index can only build on DUPLICATE or PRIMARY table, not on a UNIQUE_KEYS table",
    "CREATE TABLE t (k INT NOT NULL, v ARRAY<FLOAT> NOT NULL, INDEX i (v) USING VECTOR) PRIMARY KEY(k) DISTRIBUTED BY HASH(k)"
    "a VECTOR index on a nullable column",
    "CREATE TABLE t (k INT, v ARRAY<FLOAT>, INDEX i (v) USING VECTOR) DUPLICATE KEY(k)",
    "INDEX `i`: the vector index can only build on non-nullable column; declare `v` NOT NULL",
    "CREATE TABLE t (k INT, v ARRAY<FLOAT> NOT NULL, INDEX i (v) USING VECTOR) DUPLICATE KEY(k)"
    "replication_num 0",
    "CREATE TABLE t (k INT) PROPERTIES ('replication_num' = '0')",
    "PROPERTIES: \"replication_num\" = \"0\": replication num should larger than 0",
    "CREATE TABLE t (k INT) PROPERTIES ('replication_num' = '1')"
    "replication_num not a number",
    "CREATE TABLE t (k INT) PROPERTIES ('replication_num' = 'three')",
    "PROPERTIES: \"replication_num\" = \"three\": replication num must be a whole number from 1 to 32767",
    "CREATE TABLE t (k INT) PROPERTIES ('replication_num' = '3')"
    "replication_num 0 of a partition",
    "CREATE TABLE t (d DATE) DUPLICATE KEY(d) PARTITION BY RANGE(d) (PARTITION p VALUES LESS THAN ('2024-01-01') ('replication_num' = '0'))",
    "PARTITION BY: partition `p`: \"replication_num\" = \"0\": replication num should larger than 0",
    "CREATE TABLE t (d DATE) DUPLICATE KEY(d) PARTITION BY RANGE(d) (PARTITION p VALUES LESS THAN ('2024-01-01') ('replication_num' = '1'))"
    "bloom_filter_columns naming no column",
    "CREATE TABLE t (k INT, v VARCHAR(10)) DUPLICATE KEY(k) PROPERTIES ('bloom_filter_columns' = 'x')",
    "PROPERTIES \"bloom_filter_columns\": invalid bloom filter column `x`: not exists",
    "CREATE TABLE t (k INT, v VARCHAR(10)) DUPLICATE KEY(k) PROPERTIES ('bloom_filter_columns' = 'V')"
    "bloom_filter_columns on TINYINT",
    "CREATE TABLE t (k INT, b TINYINT) DUPLICATE KEY(k) PROPERTIES ('bloom_filter_columns' = 'b')",
    "PROPERTIES \"bloom_filter_columns\": invalid bloom filter column `b`: unsupported type TINYINT",
    "CREATE TABLE t (k INT, b SMALLINT) DUPLICATE KEY(k) PROPERTIES ('bloom_filter_columns' = 'b')"
    "bloom_filter_columns naming a column twice",
    "CREATE TABLE t (k INT, v VARCHAR(10)) DUPLICATE KEY(k) PROPERTIES ('bloom_filter_columns' = 'v, `V`')",
    "PROPERTIES \"bloom_filter_columns\": duplicate bloom filter column `v`",
    "CREATE TABLE t (k INT, v VARCHAR(10)) DUPLICATE KEY(k) PROPERTIES ('bloom_filter_columns' = 'k, `V`')"
    "bloom_filter_columns on a SUM column",
    "CREATE TABLE t (k INT, v INT SUM) AGGREGATE KEY(k) PROPERTIES ('bloom_filter_columns' = 'v')",
    "PROPERTIES \"bloom_filter_columns\": bloom filter index only used in columns of DUP_KEYS/PRIMARY table or key columns of UNIQUE_KEYS/AGG_KEYS table. invalid column: `v` (SUM)",
    "CREATE TABLE t (k INT, v INT SUM) AGGREGATE KEY(k) PROPERTIES ('bloom_filter_columns' = 'k')"
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
        testList "server rules" [
            for name, bad, fragment, good in serverRules ->
                testCase name
                <| fun () ->
                    let e = parseError bad
                    Expect.stringContains e.Message "table `t`: " "names the table"
                    Expect.stringContains e.Message fragment "names the clause, the column and the reason"
                    parseOk good |> ignore
        ]
        testCase "a materialized view's replication_num is checked too"
        <| fun () ->
            let e =
                parseError "CREATE MATERIALIZED VIEW m REFRESH ASYNC PROPERTIES ('replication_num' = '-1') AS SELECT 1"

            Expect.stringContains
                e.Message
                "`m`: PROPERTIES: \"replication_num\" = \"-1\": replication num should larger than 0"
                "message"

            parseOk "CREATE MATERIALIZED VIEW m REFRESH ASYNC PROPERTIES ('replication_num' = '1') AS SELECT 1"
            |> ignore
        testCase "hidden generated partition columns of a PRIMARY KEY table are accepted as partition columns"
        <| fun () ->
            tableOk
                "CREATE TABLE t (`k` datetime NOT NULL, `v` int NULL, `__generated_partition_column_0` date NULL AS date_trunc('month', `k`)) PRIMARY KEY(`k`) PARTITION BY (`__generated_partition_column_0`) DISTRIBUTED BY HASH(`k`)"
            |> ignore
        testCase "mixed expression partitioning: a column also inside a function is not a duplicate"
        <| fun () ->
            tableOk
                "CREATE TABLE t (k DATE, c VARCHAR(10)) DUPLICATE KEY(k) PARTITION BY (substring(c, 1, 5), `k`, date_trunc('month', k))"
            |> ignore
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
