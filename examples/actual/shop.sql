-- What a StarRocks 3.3 server printed for the shop before this change (SHOW CREATE TABLE / VIEW / MATERIALIZED VIEW).
CREATE TABLE `orders` (
  `order_id` bigint(20) NOT NULL COMMENT "order number",
  `order_date` date NOT NULL COMMENT "",
  `cust_id` int(11) NOT NULL COMMENT "",
  `status` varchar(8) NULL DEFAULT "new" COMMENT "",
  `amount` decimal(10, 2) NULL COMMENT "",
  `created_at` datetime NULL DEFAULT CURRENT_TIMESTAMP COMMENT ""
) ENGINE=OLAP
PRIMARY KEY(`order_id`, `order_date`)
PARTITION BY date_trunc('month', `order_date`)
DISTRIBUTED BY HASH(`order_id`) BUCKETS 8
ORDER BY(`cust_id`)
PROPERTIES (
"compression" = "LZ4",
"enable_persistent_index" = "true",
"fast_schema_evolution" = "true",
"replicated_storage" = "true",
"replication_num" = "1"
);

CREATE TABLE `daily_sales` (
  `sale_date` date NULL COMMENT "",
  `store_id` int(11) NULL COMMENT "",
  `revenue` decimal(18, 2) SUM NULL DEFAULT "0" COMMENT "",
  `visitors` bitmap BITMAP_UNION NULL COMMENT ""
) ENGINE=OLAP
AGGREGATE KEY(`sale_date`, `store_id`)
PARTITION BY RANGE(`sale_date`)
(PARTITION p202601 VALUES [("2026-01-01"), ("2026-02-01")),
PARTITION p202602 VALUES [("2026-02-01"), ("2026-03-01")))
DISTRIBUTED BY HASH(`store_id`)
PROPERTIES (
"compression" = "LZ4",
"fast_schema_evolution" = "true",
"replicated_storage" = "true",
"replication_num" = "3"
);

CREATE TABLE `legacy_events` (
  `id` bigint(20) NULL COMMENT "",
  `payload` json NULL COMMENT ""
) ENGINE=OLAP
DUPLICATE KEY(`id`)
DISTRIBUTED BY RANDOM
PROPERTIES (
"compression" = "LZ4",
"replication_num" = "3"
);

CREATE VIEW `big_orders` (`order_id` COMMENT "the order", `amount`)
COMMENT "orders over 1000"
AS SELECT `shop`.`orders`.`order_id`, `shop`.`orders`.`amount`
FROM `shop`.`orders`
WHERE `shop`.`orders`.`amount` > 500;

CREATE MATERIALIZED VIEW `customer_totals` (`cust_id`, `total`)
DISTRIBUTED BY HASH(`cust_id`)
REFRESH MANUAL
PROPERTIES (
"replicated_storage" = "true",
"replication_num" = "3",
"storage_medium" = "HDD"
)
AS SELECT `shop`.`orders`.`cust_id`, sum(`shop`.`orders`.`amount`) AS `total`
FROM `shop`.`orders`
GROUP BY `shop`.`orders`.`cust_id`;
