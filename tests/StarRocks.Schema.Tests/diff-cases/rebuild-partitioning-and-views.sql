-- A partition scheme change (RANGE -> expression) is a copy and swap; a materialized view whose query changes is
-- dropped and created; one whose base table is rebuilt is reactivated; a view whose comment changes is replaced.
CREATE TABLE `logs` (
  `ts` datetime NOT NULL COMMENT "",
  `msg` varchar(200) NULL COMMENT ""
) ENGINE=OLAP
DUPLICATE KEY(`ts`)
PARTITION BY RANGE(`ts`)
(PARTITION p1 VALUES [("2026-01-01 00:00:00"), ("2026-02-01 00:00:00")))
DISTRIBUTED BY RANDOM;
CREATE MATERIALIZED VIEW `log_days` (`d`, `n`) DISTRIBUTED BY RANDOM REFRESH ASYNC
AS SELECT date_trunc('day', `logs`.`ts`) AS `d`, count(*) AS `n` FROM `logs` GROUP BY date_trunc('day', `logs`.`ts`);
CREATE MATERIALIZED VIEW `log_total` (`n`) DISTRIBUTED BY RANDOM REFRESH MANUAL AS SELECT count(*) AS `n` FROM `logs`;
CREATE VIEW `recent` COMMENT "recent logs" AS SELECT `logs`.`msg` FROM `logs`;

-- @desired
CREATE TABLE logs (ts DATETIME NOT NULL, msg VARCHAR(200))
DUPLICATE KEY(ts)
PARTITION BY date_trunc('day', ts)
DISTRIBUTED BY RANDOM;
CREATE MATERIALIZED VIEW log_days (d, n) DISTRIBUTED BY RANDOM REFRESH ASYNC
AS SELECT date_trunc('day', ts) AS d, count(*) AS n FROM logs GROUP BY date_trunc('day', ts);
CREATE MATERIALIZED VIEW log_total (n) DISTRIBUTED BY RANDOM REFRESH MANUAL AS SELECT count(*) AS n FROM logs WHERE msg IS NOT NULL;
CREATE VIEW recent COMMENT 'the last logs' AS SELECT msg FROM logs;
