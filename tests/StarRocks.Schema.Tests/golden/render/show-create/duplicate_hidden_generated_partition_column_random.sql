CREATE TABLE `events` (
  `event_time` datetime NULL COMMENT "",
  `event_type` varchar(32) NULL COMMENT "",
  `payload` varchar(1048576) NULL COMMENT "",
  `__generated_partition_column_0` date NULL AS date_trunc('day', `event_time`) COMMENT ""
) ENGINE=OLAP
DUPLICATE KEY(`event_time`)
PARTITION BY (`event_type`, `__generated_partition_column_0`)
DISTRIBUTED BY RANDOM
PROPERTIES (
"bucket_size" = "4294967296",
"compression" = "LZ4",
"fast_schema_evolution" = "true",
"partition_live_number" = "7",
"replicated_storage" = "true",
"replication_num" = "1"
);
