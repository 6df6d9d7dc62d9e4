CREATE MATERIALIZED VIEW `sales_by_day` (`sale_day`, `store`, `revenue` COMMENT "sum of revenue", 
  INDEX `idx_store` (`store`) USING BITMAP COMMENT 'store filter')
COMMENT "daily revenue"
PARTITION BY (date_trunc('day', `sale_day`))
DISTRIBUTED BY HASH(`store`) BUCKETS 6
ORDER BY (`store`)
REFRESH DEFERRED ASYNC START("2026-01-01 00:00:00") EVERY(INTERVAL 1 HOUR)
PROPERTIES (
"partition_refresh_number" = "2",
"replicated_storage" = "true",
"replication_num" = "1",
"session.query_timeout" = "600",
"storage_medium" = "HDD"
)
AS SELECT `sales`.`sale_time` AS `sale_day`, `sales`.`store`, sum(`sales`.`amount`) AS `revenue`
FROM `shop`.`sales`
GROUP BY `sales`.`sale_time`, `sales`.`store`;
