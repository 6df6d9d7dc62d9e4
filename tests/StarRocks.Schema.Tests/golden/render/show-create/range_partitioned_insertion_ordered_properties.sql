CREATE TABLE `shipments` (
  `ship_date` date NOT NULL COMMENT "",
  `warehouse_id` int(11) NOT NULL COMMENT "warehouse",
  `carrier` varchar(32) NULL DEFAULT "unknown" COMMENT "",
  `weight_kg` decimal(10, 3) NULL DEFAULT "0.000" COMMENT "",
  `labels` array<varchar(65533)> NULL COMMENT "",
  `created_at` datetime NULL DEFAULT CURRENT_TIMESTAMP COMMENT "",
  INDEX `idx_carrier` (`carrier`) USING BITMAP COMMENT 'carrier lookups'
) ENGINE=OLAP
DUPLICATE KEY(`ship_date`, `warehouse_id`)
COMMENT "daily shipments"
PARTITION BY RANGE(`ship_date`)
(PARTITION `p2025` VALUES [("0000-01-01"), ("2026-01-01")),
PARTITION `p2026` VALUES [("2026-01-01"), ("2027-01-01")) ("replication_num" = "1"),
PARTITION `pmax` VALUES [("2027-01-01"), (MAXVALUE)))
DISTRIBUTED BY HASH(`warehouse_id`) BUCKETS 12
ORDER BY(`warehouse_id`, `ship_date`)
PROPERTIES (
"compression" = "LZ4",
"enable_persistent_index" = "false",
"in_memory" = "false",
"replicated_storage" = "true",
"replication_num" = "3",
"storage_format" = "DEFAULT"
);
