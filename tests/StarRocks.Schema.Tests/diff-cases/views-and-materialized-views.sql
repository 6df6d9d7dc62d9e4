-- A new table with a view over it, a changed view, a view whose comment changes, and materialized views whose
-- refresh, properties and query change.
CREATE VIEW `active` (`id`) AS SELECT `db`.`users`.`id` FROM `db`.`users` WHERE `db`.`users`.`active` = 1;
CREATE VIEW `labelled` COMMENT "old" AS SELECT 1 AS `x`;
CREATE MATERIALIZED VIEW `daily` (`d`, `n`)
DISTRIBUTED BY RANDOM
REFRESH MANUAL
PROPERTIES (
"replication_num" = "3"
)
AS SELECT `d`, count(*) AS `n` FROM `visits` GROUP BY `d`;
CREATE MATERIALIZED VIEW `weekly` (`w`, `n`) DISTRIBUTED BY RANDOM REFRESH MANUAL AS SELECT `w`, count(*) AS `n` FROM `visits` GROUP BY `w`;
CREATE TABLE `users` (`id` int(11) NULL COMMENT "", `active` tinyint(4) NULL COMMENT "") ENGINE=OLAP DUPLICATE KEY(`id`);
CREATE TABLE `visits` (`d` date NULL COMMENT "", `w` int(11) NULL COMMENT "") ENGINE=OLAP DUPLICATE KEY(`d`);

-- @desired
CREATE TABLE users (id INT, active TINYINT) DUPLICATE KEY(id);
CREATE TABLE visits (d DATE, w INT) DUPLICATE KEY(d);
CREATE TABLE admins (id INT) DUPLICATE KEY(id);
CREATE VIEW admin_view AS SELECT id FROM admins;
CREATE VIEW active AS SELECT id FROM users WHERE active = 1 AND id > 0;
CREATE VIEW labelled COMMENT 'new' AS SELECT 1 AS x;
CREATE MATERIALIZED VIEW daily (d, n) DISTRIBUTED BY RANDOM REFRESH ASYNC EVERY (INTERVAL 1 DAY)
PROPERTIES ('replication_num' = '3', 'session.query_timeout' = '3600')
AS SELECT d, count(*) AS n FROM visits GROUP BY d;
CREATE MATERIALIZED VIEW weekly (w, n) DISTRIBUTED BY RANDOM REFRESH MANUAL AS SELECT w, count(DISTINCT d) AS n FROM visits GROUP BY w;
