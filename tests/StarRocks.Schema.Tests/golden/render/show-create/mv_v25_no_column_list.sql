CREATE MATERIALIZED VIEW `store_counts`
COMMENT "MATERIALIZED_VIEW"
DISTRIBUTED BY HASH(`store`) BUCKETS 10
REFRESH MANUAL
PROPERTIES (
"replication_num" = "3",
"storage_medium" = "HDD"
)
AS SELECT `s`.`store`, count(*) AS `n` FROM `shop`.`sales` AS `s` GROUP BY `s`.`store`;
