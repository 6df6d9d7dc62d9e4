-- Synchronous materialized views: one kept while a column it reads is widened (dropped before the ALTER, created
-- again after), one dropped with the column it reads, one kept on a table rebuilt by copy and swap (created again
-- on the new table: SWAP leaves it on the old one), one created, one changed (dropped and created again), and one
-- left alone while its table changes a column it does not read.
CREATE TABLE `orders` (
  `id` bigint(20) NOT NULL COMMENT "",
  `customer` int(11) NOT NULL COMMENT "",
  `amount` int(11) NULL COMMENT "",
  `note` varchar(64) NULL COMMENT ""
) ENGINE=OLAP
DUPLICATE KEY(`id`)
DISTRIBUTED BY HASH(`id`) BUCKETS 4
PROPERTIES (
"replication_num" = "1"
);
CREATE TABLE `events` (
  `id` bigint(20) NOT NULL COMMENT "",
  `day` date NOT NULL COMMENT "",
  `kind` varchar(16) NULL COMMENT ""
) ENGINE=OLAP
DUPLICATE KEY(`id`)
DISTRIBUTED BY HASH(`id`) BUCKETS 4
PROPERTIES (
"replication_num" = "1"
);
CREATE TABLE `visits` (
  `id` bigint(20) NOT NULL COMMENT "",
  `page` varchar(64) NULL COMMENT "",
  `spent` int(11) NULL COMMENT ""
) ENGINE=OLAP
DUPLICATE KEY(`id`)
DISTRIBUTED BY HASH(`id`) BUCKETS 4
PROPERTIES (
"replication_num" = "1"
);
CREATE MATERIALIZED VIEW orders_by_customer AS SELECT customer, sum(amount) AS total FROM orders GROUP BY customer;
CREATE MATERIALIZED VIEW orders_notes AS SELECT note, count(id) AS n FROM orders GROUP BY note;
CREATE MATERIALIZED VIEW events_per_day AS SELECT day, count(id) AS n FROM events GROUP BY day;
CREATE MATERIALIZED VIEW visits_per_page AS SELECT page, sum(spent) AS spent FROM visits GROUP BY page;
CREATE MATERIALIZED VIEW visits_per_id AS SELECT id, count(page) AS n FROM visits GROUP BY id;

-- @desired
CREATE TABLE orders (
  id BIGINT NOT NULL,
  customer INT NOT NULL,
  amount BIGINT
)
DUPLICATE KEY (id)
DISTRIBUTED BY HASH (id) BUCKETS 4;
CREATE TABLE events (
  id BIGINT NOT NULL,
  day DATE NOT NULL,
  kind VARCHAR(16)
)
UNIQUE KEY (id)
DISTRIBUTED BY HASH (id) BUCKETS 4;
CREATE TABLE visits (
  id BIGINT NOT NULL,
  page VARCHAR(64),
  spent BIGINT
)
DUPLICATE KEY (id)
DISTRIBUTED BY HASH (id) BUCKETS 4;
CREATE MATERIALIZED VIEW orders_by_customer AS SELECT customer, sum(amount) AS total FROM orders GROUP BY customer;
CREATE MATERIALIZED VIEW orders_biggest AS
SELECT customer, max(amount) AS biggest FROM orders WHERE amount > 0 GROUP BY customer ORDER BY customer;
CREATE MATERIALIZED VIEW events_per_day AS SELECT `day`, count(`id`) AS `n` FROM `events` GROUP BY `day`;
CREATE MATERIALIZED VIEW visits_per_page AS SELECT page, sum(spent) AS spent FROM visits WHERE page IS NOT NULL GROUP BY page;
CREATE MATERIALIZED VIEW visits_per_id AS SELECT id, count(page) AS n FROM visits GROUP BY id;
