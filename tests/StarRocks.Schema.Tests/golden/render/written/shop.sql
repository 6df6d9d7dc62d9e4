CREATE TABLE `shop`.`orders` (
  `order_id` bigint(20) NOT NULL COMMENT "order number",
  `order_day` date NOT NULL COMMENT "",
  `status` varchar(16) DEFAULT "new" COMMENT "",
  `total` decimal(12, 2) COMMENT "",
  `note` varchar(65533) COMMENT "free text; may hold 'quotes'"
) ENGINE=OLAP
PRIMARY KEY(`order_id`, `order_day`)
PARTITION BY RANGE(`order_day`)
(PARTITION `p_old` VALUES LESS THAN ("2026-01-01"),
START ("2026-01-01") END ("2026-07-01") EVERY (INTERVAL 1 MONTH),
PARTITION `p_future` VALUES LESS THAN MAXVALUE)
DISTRIBUTED BY HASH(`order_id`) BUCKETS 16
ORDER BY(`status`)
PROPERTIES (
"bloom_filter_columns" = "status",
"replication_num" = "1"
);

CREATE VIEW `shop`.`order_summary` (`status`, `orders` COMMENT "count")
AS SELECT status, count(*) AS orders FROM shop.orders WHERE note <> ';' GROUP BY status;

CREATE MATERIALIZED VIEW `shop`.`hourly`
PARTITION BY (date_trunc('hour', `order_time`))
DISTRIBUTED BY RANDOM
REFRESH ASYNC EVERY(INTERVAL 30 MINUTE)
AS select order_time, count(*) from shop.orders_log group by order_time;

CREATE TABLE `shop`.`ids` (
  `id` int(11) COMMENT "",
  `step` bigint(20) COMMENT ""
) ENGINE=OLAP
PARTITION BY RANGE(`id`)
(START ("1") END ("100") EVERY (10));
