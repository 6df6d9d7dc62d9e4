/// Query canonicalization: what StarRocks treats as the same query compares equal, and every rule has a case that
/// must stay different.
module StarRocks.Schema.Tests.NormalizeTests

open Expecto
open FsCheck.FSharp
open StarRocks.Schema
open StarRocks.Schema.Tests.Support

let private q = Query.ofText

/// Pairs that mean the same query: written by a person, and as StarRocks stores or prints it.
let sameCases = [
    "white space, comments, keyword case and backticks",
    "select  a, b -- the columns\nfrom t /* where */",
    "SELECT `a`, `b` FROM `t`"
    "a database qualifier on a relation", "SELECT a FROM t", "SELECT a FROM `db`.`t`"
    "a catalog and database qualifier on a relation", "SELECT a FROM t", "SELECT a FROM `cat`.`db`.`t`"
    "the only relation's name on a column",
    "SELECT a FROM db.t WHERE b > 1",
    "SELECT `t`.`a` FROM `db`.`t` WHERE `t`.`b` > 1"
    "db.table.column for the only relation", "SELECT a FROM t", "SELECT `db`.`t`.`a` FROM `db`.`t`"
    "the only relation's alias on a column", "SELECT x.a FROM t x", "SELECT a FROM t AS x"
    "INNER JOIN is JOIN", "SELECT 1 FROM a JOIN b ON a.k = b.k", "SELECT 1 FROM a INNER JOIN b ON a.k = b.k"
    "LEFT OUTER JOIN is LEFT JOIN",
    "SELECT 1 FROM a LEFT JOIN b ON a.k = b.k",
    "SELECT 1 FROM a LEFT OUTER JOIN b ON a.k = b.k"
    "a column aliased to its own name", "SELECT a FROM t", "SELECT `t`.`a` AS `a` FROM `db`.`t`"
    "an expression aliased to its own text",
    "select k1, count(v1) from t_random group by k1",
    "SELECT `t_random`.`k1`, count(`t_random`.`v1`) AS `count(v1)`\nFROM `test`.`t_random`\nGROUP BY `t_random`.`k1`"
    "an alias generated with qualified names by old servers",
    "SELECT concat(k1, k2) FROM tbl1",
    "SELECT concat(`test`.`tbl1`.`k1`, `test`.`tbl1`.`k2`) AS `concat(test.tbl1.k1, test.tbl1.k2)` FROM `test`.`tbl1`"
    "an alias without AS", "SELECT count(*) n FROM t", "SELECT count(*) AS `n` FROM `t`"
    "a relation alias without AS",
    "SELECT t0.k FROM a t0 JOIN b t1 ON t0.k = t1.k",
    "SELECT t0.k FROM a AS t0 JOIN b AS t1 ON t0.k = t1.k"
    "a CAST type in its internal spelling",
    "SELECT CAST(a AS DECIMAL(10,0)) FROM t",
    "SELECT CAST(`t`.`a` AS DECIMAL64(10,0)) FROM `t`"
    "a CAST to INT with a display width", "SELECT CAST(a AS INT) FROM t", "SELECT CAST(a AS int(11)) FROM t"
    "a keyword-named column aliased to its own name", "SELECT `mod` FROM t", "SELECT `t`.`mod` AS `mod` FROM `db`.`t`"
    "a name with a space", "SELECT `user name` FROM t", "SELECT `t`.`user name` AS `user name` FROM t"
    "the quote style of a string literal", "SELECT \"x\" FROM t", "SELECT 'x' FROM t"
    "function name case", "SELECT COUNT(a) FROM t", "SELECT count(a) FROM t"
    "column name case", "SELECT A FROM t", "SELECT `a` FROM t"
    "a trailing semicolon", "SELECT 1", "SELECT 1 ;"
    "each block of a UNION has its own scope",
    "select k1 from t1 union all select k1 from t2",
    "SELECT `t1`.`k1` FROM `db`.`t1` UNION ALL SELECT `t2`.`k1` FROM `db`.`t2`"
    "a subquery has its own scope",
    "SELECT s.a FROM (SELECT a FROM t) s",
    "SELECT `s`.`a` FROM (SELECT `t`.`a` FROM `db`.`t`) AS `s`"
]

/// Pairs that must stay different.
let differentCases = [
    "string literal contents", "SELECT 'a b' FROM t", "SELECT 'a  b' FROM t"
    "string literal case", "SELECT 'A' FROM t", "SELECT 'a' FROM t"
    "comment markers inside a string", "SELECT 'x -- y' FROM t", "SELECT 'x' FROM t"
    "LEFT JOIN and JOIN", "SELECT 1 FROM a LEFT JOIN b ON a.k = b.k", "SELECT 1 FROM a JOIN b ON a.k = b.k"
    "a bare and a qualified column with two relations in scope",
    "SELECT a.k FROM a JOIN b ON a.k = b.k",
    "SELECT k FROM a JOIN b ON a.k = b.k"
    "columns of different aliases",
    "SELECT x.id FROM a x JOIN b y ON x.k = y.k",
    "SELECT y.id FROM a x JOIN b y ON x.k = y.k"
    "arithmetic precedence", "SELECT (a + b) * c FROM t", "SELECT a + b * c FROM t"
    "AND/OR grouping", "SELECT 1 FROM t WHERE (a OR b) AND c", "SELECT 1 FROM t WHERE a OR (b AND c)"
    "different tables", "SELECT a FROM t1", "SELECT a FROM t2"
    "table name case (table names are case-sensitive)", "SELECT a FROM Orders", "SELECT a FROM orders"
    "a CTE column list",
    "WITH c (x) AS (SELECT a FROM t) SELECT x FROM c",
    "WITH c AS (SELECT a AS x FROM t) SELECT x FROM c"
    "an alias that renames", "SELECT a AS b FROM t", "SELECT a FROM t"
    "a keyword-named column and the keyword", "SELECT `mod` FROM t", "SELECT mod FROM t"
    "a correlated reference to an outer relation",
    "SELECT a FROM o WHERE EXISTS (SELECT 1 FROM i WHERE i.k = o.k)",
    "SELECT a FROM o WHERE EXISTS (SELECT 1 FROM i WHERE i.k = k)"
    "a star whose columns are not known", "SELECT * FROM t", "SELECT a, b FROM t"
]

let private n = Name.create

let private propertyTests =
    testList "properties" [
        testList "values StarRocks reads case-insensitively get one case; others are kept" [
            for key, value, expected in
                [
                    "in_memory", "FALSE", "false"
                    "enable_persistent_index", "True", "true"
                    "compression", "lz4", "LZ4"
                    "compression", "zstd(3)", "ZSTD(3)"
                    "storage_medium", "ssd", "SSD"
                    "write_quorum", "majority", "MAJORITY"
                    "dynamic_partition.time_unit", "day", "DAY"
                    "query_rewrite_consistency", "CHECKED", "checked"
                    "bloom_filter_columns", "b, `A`,b", "a,b"
                    "colocate_with", "Group_1", "Group_1"
                    "partition_retention_condition", "dt >= '2024-01-01'", "dt >= '2024-01-01'"
                    "unknown.key", " Kept As Written ", " Kept As Written "
                ] ->
                testCase $"%s{key} = %s{value}"
                <| fun () -> Expect.equal (ServerRules.propertyValue key value) expected "value"
        ]
        testCase "keys compare case-insensitively"
        <| fun () -> Expect.equal (ServerRules.propertyKey " Replication_Num ") "replication_num" "key"
        testCase "replication_num defaults by run mode"
        <| fun () ->
            Expect.equal
                (ServerRules.propertyDefault SharedNothing PropertyOwner.Table "replication_num")
                (Some "3")
                "shared-nothing"

            Expect.equal
                (ServerRules.propertyDefault SharedData PropertyOwner.Table "replication_num")
                (Some "1")
                "shared-data"
        testCase "defaults differ between tables and materialized views"
        <| fun () ->
            Expect.equal
                (ServerRules.propertyDefault SharedNothing PropertyOwner.Table "compression")
                (Some "LZ4")
                "table"

            Expect.equal
                (ServerRules.propertyDefault SharedNothing PropertyOwner.MaterializedView "compression")
                None
                "mv"

            Expect.equal
                (ServerRules.propertyDefault SharedNothing PropertyOwner.MaterializedView "mv_rewrite_staleness_second")
                (Some "0")
                "mv"
        testCase "isDefault compares canonical values"
        <| fun () ->
            Expect.isTrue (ServerRules.isDefault SharedNothing PropertyOwner.Table "COMPRESSION" "lz4") "compression"

            Expect.isTrue (ServerRules.isDefault SharedNothing PropertyOwner.Table "replication_num" "3") "3 replicas"

            Expect.isFalse
                (ServerRules.isDefault SharedData PropertyOwner.Table "replication_num" "3")
                "not in shared-data"

            Expect.isFalse (ServerRules.isDefault SharedNothing PropertyOwner.Table "colocate_with" "g") "no default"
        testCase "shared-data ignores storage_medium, storage_cooldown_time and replicated_storage"
        <| fun () ->
            let props =
                Map.ofList [ "storage_medium", "SSD"; "Replicated_Storage", "TRUE"; "compression", "zstd" ]

            Expect.equal (ServerRules.properties SharedData props) (Map.ofList [ "compression", "ZSTD" ]) "shared-data"

            Expect.equal
                (ServerRules.properties SharedNothing props)
                (Map.ofList [ "storage_medium", "SSD"; "replicated_storage", "true"; "compression", "ZSTD" ])
                "shared-nothing"
    ]

/// The release and run-mode rules, at each boundary the docs name.
let private capabilityTests =
    let v = ServerVersion.create

    testList "server rules: what each release and run mode allows" [
        for capability, mode, version, expected in
            [
                Capability.RenameColumn, SharedNothing, v 3 3 1, false
                Capability.RenameColumn, SharedNothing, v 3 3 2, true
                Capability.RenameColumn, SharedData, v 4 0 0, true
                Capability.ColumnCommentAlone, SharedNothing, v 3 3 9, false
                Capability.ColumnCommentAlone, SharedNothing, v 3 4 0, true
                Capability.AlterDistribution, SharedNothing, v 3 1 9, false
                Capability.AlterDistribution, SharedNothing, v 3 2 0, true
                Capability.AlterDistribution, SharedData, v 4 1 0, false
                Capability.AlterSortKey, SharedNothing, v 3 2 9, false
                Capability.AlterSortKey, SharedNothing, v 3 3 0, true
                Capability.AlterPrimaryKeySortKey, SharedNothing, v 3 0 0, true
                Capability.AlterPrimaryKeySortKey, SharedNothing, v 2 5 9, false
                Capability.AlterTableComment, SharedNothing, v 3 0 9, false
                Capability.AlterTableComment, SharedData, v 3 1 0, true
                Capability.ReplaceView, SharedNothing, v 3 0 9, false
                Capability.ReplaceView, SharedNothing, v 3 1 0, true
                Capability.StructFieldEdits, SharedNothing, v 3 2 9, false
                Capability.StructFieldEdits, SharedNothing, v 3 2 10, true
                Capability.StructFieldEdits, SharedNothing, v 3 3 0, false
                Capability.StructFieldEdits, SharedNothing, v 3 3 1, false
                Capability.StructFieldEdits, SharedNothing, v 3 3 2, true
                Capability.StructFieldEdits, SharedData, v 4 1 0, false
            ] do
            testCase $"%A{capability} on %O{version} %A{mode}: %b{expected}"
            <| fun () -> Expect.equal (ServerRules.allows version mode capability) expected "allowed"
        testCase "immutable properties are table properties only, whatever their case"
        <| fun () ->
            Expect.isTrue (ServerRules.isImmutable PropertyOwner.Table "Compression") "compression"
            Expect.isTrue (ServerRules.isImmutable PropertyOwner.Table "storage_volume") "storage_volume"
            Expect.isFalse (ServerRules.isImmutable PropertyOwner.Table "replication_num") "replication_num"
            Expect.isFalse (ServerRules.isImmutable PropertyOwner.MaterializedView "compression") "a view's"
        testCase "SET groups: dynamic_partition. and binlog. keys together, any other key alone"
        <| fun () ->
            Expect.equal (ServerRules.setGroup "dynamic_partition.end") "dynamic_partition." "dynamic"
            Expect.equal (ServerRules.setGroup "binlog.ttl_second") "binlog." "binlog"
            Expect.equal (ServerRules.setGroup "replication_num") "replication_num" "alone"
        testCase "future partitions' keys"
        <| fun () ->
            Expect.equal (ServerRules.futurePartitionsKey "replication_num") (Some "default.replication_num") "replicas"
            Expect.equal (ServerRules.futurePartitionsKey "storage_medium") (Some "default.storage_medium") "medium"
            Expect.equal (ServerRules.futurePartitionsKey "compression") None "no partition value"
        testCase "DiffOptions.forServer: the newest release and shared-nothing when unknown"
        <| fun () ->
            Expect.equal (DiffOptions.forServer None None None) DiffOptions.defaults "defaults"

            let o =
                DiffOptions.forServer (Some(v 3 3 2)) (Some SharedData) (Some(Name.create "shop"))

            Expect.equal
                (o.ServerVersion, o.RunMode, o.DefaultDatabase)
                (v 3 3 2, SharedData, Some(Name.create "shop"))
                "given"
    ]

let private defaultTests =
    testList "defaults StarRocks resolves itself" [
        testCase "old servers' default comments mean no comment"
        <| fun () ->
            Expect.equal (Normalize.comment (parseOk "CREATE TABLE t (k INT) COMMENT \"OLAP\"")) "" "table"
            Expect.equal (Normalize.comment (parseOk "CREATE VIEW v COMMENT \"VIEW\" AS SELECT 1")) "" "view"

            Expect.equal
                (Normalize.comment (
                    parseOk "CREATE MATERIALIZED VIEW m COMMENT \"MATERIALIZED_VIEW\" REFRESH MANUAL AS SELECT 1"
                ))
                ""
                "mv"

            Expect.equal
                (Normalize.comment (parseOk "CREATE TABLE t (k INT) COMMENT \"VIEW\""))
                "VIEW"
                "only each kind's own default"
        testCase "nullability: PRIMARY KEY key columns are NOT NULL, everything else NULL, unless written"
        <| fun () ->
            let t = tableOk "CREATE TABLE t (k INT, v INT, w INT NOT NULL) PRIMARY KEY(k)"
            Expect.equal (t.Columns |> List.map (Normalize.nullable t)) [ false; true; false ] "primary"
            let d = tableOk "CREATE TABLE t (k INT, v INT) DUPLICATE KEY(k)"
            Expect.equal (d.Columns |> List.map (Normalize.nullable d)) [ true; true ] "duplicate"
        testCase "the sort key is ORDER BY, else the key"
        <| fun () ->
            Expect.equal
                (Normalize.sortKey (tableOk "CREATE TABLE t (k INT, v INT) DUPLICATE KEY(k) ORDER BY(v)"))
                (Some [ n "v" ])
                "order by"

            Expect.equal
                (Normalize.sortKey (tableOk "CREATE TABLE t (k INT, v INT) DUPLICATE KEY(k)"))
                (Some [ n "k" ])
                "key"

            Expect.equal (Normalize.sortKey (tableOk "CREATE TABLE t (k INT)")) None "neither"
        testCase "a PRIMARY KEY table without DISTRIBUTED BY is HASH of its key with automatic buckets"
        <| fun () ->
            Expect.equal
                (Normalize.distribution (tableOk "CREATE TABLE t (k INT) PRIMARY KEY(k)"))
                (Some(Distribution.Hash([ n "k" ], None)))
                "primary"

            Expect.equal
                (Normalize.distribution (tableOk "CREATE TABLE t (k INT) DUPLICATE KEY(k)"))
                None
                "duplicate: server decides"
    ]

let tests =
    testList "normalize" [
        propertyTests
        capabilityTests
        defaultTests
        testList "queries that are the same compare equal" [
            for name, a, b in sameCases ->
                testCase name
                <| fun () -> Expect.equal (Normalize.query (q a)) (Normalize.query (q b)) $"%s{a}\n%s{b}"
        ]
        testList "queries that differ stay different" [
            for name, a, b in differentCases ->
                testCase name
                <| fun () -> Expect.notEqual (Normalize.query (q a)) (Normalize.query (q b)) $"%s{a}\n%s{b}"
        ]
        testCase "a star stands for the output columns when they are known"
        <| fun () ->
            let columns = [ Name.create "k1"; Name.create "k2"; Name.create "k3" ]

            Expect.equal
                (Normalize.queryWithColumns columns (q "SELECT *, k2 AS k3 FROM tbl1"))
                (Normalize.queryWithColumns
                    columns
                    (q "SELECT `tbl1`.`k1`, `tbl1`.`k2`, `tbl1`.`k2` AS `k3` FROM `db`.`tbl1`"))
                "expanded"
        testCase "a star is kept when the column count does not fit"
        <| fun () ->
            let one = [ Name.create "k1" ]
            Expect.stringContains (Normalize.queryWithColumns one (q "SELECT *, a, b FROM t")) "*" "kept"
        testCase "the canonical form reads well"
        <| fun () ->
            Expect.equal
                (Normalize.query (
                    q
                        "select t0.k1, count(t1.v1) from db.t_hash t0 inner join t_random t1 on t0.k1 = t1.k1 group by t0.k1"
                ))
                "SELECT t0.k1 , count ( t1.v1 ) FROM t_hash AS t0 JOIN t_random AS t1 ON t0.k1 = t1.k1 GROUP BY t0.k1"
                "form"
        testPropertyWithConfig config "canonicalization is idempotent on generated queries"
        <| Prop.forAll (Arb.fromGen Generators.query) (fun query ->
            let once = Normalize.query query
            Normalize.query (Query.ofText once) = once)
        testPropertyWithConfig config "canonicalization never throws on damaged query text"
        <| Prop.forAll (Arb.fromGen (Generators.query |> Gen.bind (Query.text >> Laws.mutate))) (fun text ->
            Normalize.query (Query.ofText text) |> ignore)
    ]
