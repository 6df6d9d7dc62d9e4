-- rebuild of `weekly` (drop and create), because: query cannot be altered
-- risk: destructive; job: none
DROP MATERIALIZED VIEW `weekly`;

-- risk: metadata-only; job: none
CREATE TABLE `admins` (
  `id` int(11) COMMENT ""
) ENGINE=OLAP
DUPLICATE KEY(`id`);

-- risk: metadata-only; job: none
ALTER VIEW `active`
AS SELECT id FROM users WHERE active = 1 AND id > 0;

-- risk: metadata-only; job: none
CREATE VIEW `admin_view`
AS SELECT id FROM admins;

-- risk: metadata-only; job: none
ALTER MATERIALIZED VIEW `daily` REFRESH ASYNC EVERY(INTERVAL 1 DAY);

-- risk: metadata-only; job: none
ALTER MATERIALIZED VIEW `daily` SET ("session.query_timeout" = "3600");

-- CREATE OR REPLACE: ALTER VIEW cannot change a comment, security or properties
-- risk: metadata-only; job: none
CREATE OR REPLACE VIEW `labelled`
COMMENT "new"
AS SELECT 1 AS x;

-- risk: metadata-only; job: none
CREATE MATERIALIZED VIEW `weekly` (`w`, `n`)
DISTRIBUTED BY RANDOM
REFRESH MANUAL
AS SELECT w, count(DISTINCT d) AS n FROM visits GROUP BY w;

