-- rebuild of `customer_totals` (drop and create), because: query cannot be altered; distribution cannot be altered
-- risk: destructive; job: none
DROP MATERIALIZED VIEW `customer_totals`;

-- risk: metadata-only; job: none
ALTER TABLE `orders` RENAME COLUMN `cust_id` TO `customer_id`;

-- risk: rewrite; job: COLUMN
ALTER TABLE `orders`
  MODIFY COLUMN `status` varchar(16) NULL DEFAULT "new" COMMENT "",
  MODIFY COLUMN `amount` decimal(12, 2) NULL COMMENT "",
  ADD COLUMN `tags` array<varchar(65533)> NULL COMMENT "" AFTER `amount`;

-- risk: metadata-only; job: none
ALTER TABLE `orders` COMMENT = "one row per order";

-- the table and its data are dropped
-- risk: destructive; job: none
DROP TABLE `legacy_events`;

-- risk: metadata-only; job: none
ALTER VIEW `big_orders` (`order_id` COMMENT "the order", `amount`)
AS SELECT order_id, amount FROM orders WHERE amount > 1000;

-- risk: metadata-only; job: none
CREATE MATERIALIZED VIEW `customer_totals`
DISTRIBUTED BY HASH(`customer_id`)
REFRESH ASYNC EVERY(INTERVAL 1 HOUR)
AS SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id;

