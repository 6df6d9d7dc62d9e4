-- The walkthrough's models, the ones examples/CSharpQuickstart and examples/Quickstart.fsx declare in code.

-- the "ORM" table: one row per user
CREATE TABLE my_orm_table (
    id          BIGINT NOT NULL COMMENT 'primary key',
    name        VARCHAR(64) NOT NULL,
    created_at  DATETIME DEFAULT CURRENT_TIMESTAMP
)
PRIMARY KEY (id)
DISTRIBUTED BY HASH(id) BUCKETS 4
PROPERTIES ("replication_num" = "1");

-- the "Core" table: clicks per user and day, summed on load
CREATE TABLE my_core_table (
    dt       DATE NOT NULL,
    user_id  BIGINT NOT NULL,
    clicks   BIGINT SUM DEFAULT '0'
)
AGGREGATE KEY (dt, user_id)
PARTITION BY date_trunc('day', dt)
DISTRIBUTED BY HASH(user_id)
PROPERTIES ("replication_num" = "1");

CREATE VIEW user_view (id COMMENT 'the user', name) COMMENT 'users by name'
AS SELECT id, name FROM my_orm_table;

CREATE MATERIALIZED VIEW user_stats_mv
DISTRIBUTED BY HASH(user_id)
REFRESH ASYNC EVERY (INTERVAL 1 HOUR)
PROPERTIES ("replication_num" = "1")
AS SELECT user_id, sum(clicks) AS clicks FROM my_core_table GROUP BY user_id;
