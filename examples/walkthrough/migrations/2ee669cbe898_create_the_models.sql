-- srschema revision 2ee669cbe898
-- parent: base
-- message: create the models
-- created: 2026-11-26T04:30:10Z

-- up

-- risk: metadata-only; job: none
CREATE TABLE `my_core_table` (
  `dt` date NOT NULL COMMENT "",
  `user_id` bigint(20) NOT NULL COMMENT "",
  `clicks` bigint(20) SUM DEFAULT "0" COMMENT ""
) ENGINE=OLAP
AGGREGATE KEY(`dt`, `user_id`)
PARTITION BY date_trunc('day', `dt`)
DISTRIBUTED BY HASH(`user_id`)
PROPERTIES (
"replication_num" = "1"
);

-- risk: metadata-only; job: none
CREATE TABLE `my_orm_table` (
  `id` bigint(20) NOT NULL COMMENT "primary key",
  `name` varchar(64) NOT NULL COMMENT "",
  `created_at` datetime DEFAULT CURRENT_TIMESTAMP COMMENT ""
) ENGINE=OLAP
PRIMARY KEY(`id`)
DISTRIBUTED BY HASH(`id`) BUCKETS 4
PROPERTIES (
"replication_num" = "1"
);

-- risk: metadata-only; job: none
CREATE MATERIALIZED VIEW `user_stats_mv`
DISTRIBUTED BY HASH(`user_id`)
REFRESH ASYNC EVERY(INTERVAL 1 HOUR)
PROPERTIES (
"replication_num" = "1"
)
AS SELECT user_id, sum(clicks) AS clicks FROM my_core_table GROUP BY user_id;

-- risk: metadata-only; job: none
CREATE VIEW `user_view` (`id` COMMENT "the user", `name`)
COMMENT "users by name"
AS SELECT id, name FROM my_orm_table;

-- down

-- the materialized view and its data are dropped
-- risk: destructive; job: none
DROP MATERIALIZED VIEW `user_stats_mv`;

-- risk: destructive; job: none
DROP VIEW `user_view`;

-- the table and its data are dropped
-- risk: destructive; job: none
DROP TABLE `my_core_table`;

-- the table and its data are dropped
-- risk: destructive; job: none
DROP TABLE `my_orm_table`;
