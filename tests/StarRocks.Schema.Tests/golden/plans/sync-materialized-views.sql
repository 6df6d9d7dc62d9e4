-- created again: its base table `events` is rebuilt by copy and swap, which leaves it on the old table
-- risk: destructive; job: none
DROP MATERIALIZED VIEW `events_per_day`;

-- created again: it reads `amount`, which the plan drops or changes: StarRocks refuses that while the view exists
-- risk: destructive; job: none
DROP MATERIALIZED VIEW `orders_by_customer`;

-- the synchronous materialized view is dropped (its base table keeps its data)
-- risk: destructive; job: none
DROP MATERIALIZED VIEW `orders_notes`;

-- a synchronous materialized view cannot be altered: it is dropped and created again
-- risk: destructive; job: none
DROP MATERIALIZED VIEW `visits_per_page`;

-- rebuild of `events` by copy and swap, because: key model DUPLICATE -> UNIQUE
-- risk: metadata-only; job: none
CREATE TABLE `events__srschema_new` (
  `id` bigint(20) NOT NULL COMMENT "",
  `day` date NOT NULL COMMENT "",
  `kind` varchar(16) COMMENT ""
) ENGINE=OLAP
UNIQUE KEY(`id`)
DISTRIBUTED BY HASH(`id`) BUCKETS 4
PROPERTIES (
"replication_num" = "1"
);

-- copied: `id`, `day`, `kind`
-- rows written to `events` after this copy and before the SWAP are lost:
-- stop loads into it for the rebuild, or gate the plan in CI with --fail-on rewrite
-- risk: rewrite; job: none
INSERT INTO `events__srschema_new` (`id`, `day`, `kind`)
SELECT `id`, `day`, `kind`
FROM `events`;

-- risk: metadata-only; job: none
ALTER TABLE `events` SWAP WITH `events__srschema_new`;

-- drops the previous table (now under the temporary name) and its data
-- risk: destructive; job: none
DROP TABLE `events__srschema_new`;

-- the data of dropped columns is lost: `note`
-- risk: destructive; job: COLUMN
ALTER TABLE `orders`
  DROP COLUMN `note`,
  MODIFY COLUMN `amount` bigint(20) NULL COMMENT "";

-- risk: rewrite; job: COLUMN
ALTER TABLE `visits` MODIFY COLUMN `spent` bigint(20) NULL COMMENT "";

-- created again: its base table `events` is rebuilt by copy and swap, which leaves it on the old table
-- risk: rewrite; job: ROLLUP
CREATE MATERIALIZED VIEW `events_per_day`
AS SELECT `day`, count(`id`) AS `n`
FROM `events`
GROUP BY `day`;

-- created again: it reads `amount`, which the plan drops or changes: StarRocks refuses that while the view exists
-- risk: rewrite; job: ROLLUP
CREATE MATERIALIZED VIEW `orders_by_customer`
AS SELECT customer, sum(amount) AS `total`
FROM `orders`
GROUP BY customer;

-- risk: rewrite; job: ROLLUP
CREATE MATERIALIZED VIEW `visits_per_page`
AS SELECT page, sum(spent) AS `spent`
FROM `visits`
WHERE page IS NOT NULL
GROUP BY page;

-- risk: rewrite; job: ROLLUP
CREATE MATERIALIZED VIEW `orders_biggest`
AS SELECT customer, max(amount) AS `biggest`
FROM `orders`
WHERE amount > 0
GROUP BY customer
ORDER BY customer;

