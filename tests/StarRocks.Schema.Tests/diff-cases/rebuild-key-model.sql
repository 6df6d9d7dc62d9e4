-- A DUPLICATE KEY table becomes a PRIMARY KEY table: copy and swap, with a dropped, a renamed and a generated column,
-- and a materialized view that reads it is reactivated.
CREATE TABLE `events` (
  `id` bigint(20) NOT NULL COMMENT "",
  `kind` varchar(16) NULL COMMENT "",
  `legacy` int(11) NULL COMMENT "",
  `payload` json NULL COMMENT ""
) ENGINE=OLAP
DUPLICATE KEY(`id`)
DISTRIBUTED BY HASH(`id`) BUCKETS 4
PROPERTIES (
"replication_num" = "1"
);
CREATE MATERIALIZED VIEW `event_counts` (`id`, `n`)
DISTRIBUTED BY RANDOM
REFRESH ASYNC
AS SELECT `events`.`id`, count(*) AS `n` FROM `events` GROUP BY `events`.`id`;

-- @desired
CREATE TABLE events (
  id BIGINT NOT NULL,
  event_kind VARCHAR(16), -- srschema:renamed-from kind
  payload JSON,
  payload_size INT AS json_length(payload)
)
PRIMARY KEY (id);
CREATE MATERIALIZED VIEW event_counts (id, n) DISTRIBUTED BY RANDOM REFRESH ASYNC
AS SELECT id, count(*) AS n FROM events GROUP BY id;
