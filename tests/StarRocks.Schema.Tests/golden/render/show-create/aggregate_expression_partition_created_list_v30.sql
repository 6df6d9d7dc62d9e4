CREATE TABLE `page_views` (
  `view_day` date NULL COMMENT "",
  `site` varchar(64) NULL COMMENT "",
  `pv` bigint(20) SUM NULL DEFAULT "0" COMMENT "",
  `uv` hll HLL_UNION NULL COMMENT "",
  `visitors` bitmap BITMAP_UNION NULL COMMENT "",
  `last_seen` datetime REPLACE NULL COMMENT "",
  `max_latency` double MAX NULL COMMENT "",
  `min_latency` double MIN NULL COMMENT "",
  `referrer` varchar(255) REPLACE_IF_NOT_NULL NULL COMMENT "",
  `latency_pct` percentile PERCENTILE_UNION NULL COMMENT ""
) ENGINE=OLAP
AGGREGATE KEY(`view_day`, `site`)
COMMENT "OLAP"
PARTITION BY date_trunc('month', `view_day`)
(PARTITION `p202601` VALUES [("2026-01-01"), ("2026-02-01")),
PARTITION `p202602` VALUES [("2026-02-01"), ("2026-03-01")))
DISTRIBUTED BY HASH(`site`) BUCKETS 4
PROPERTIES (
"compression" = "LZ4",
"in_memory" = "false",
"replication_num" = "1",
"storage_format" = "DEFAULT"
);
