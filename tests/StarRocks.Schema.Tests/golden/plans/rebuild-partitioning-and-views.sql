-- rebuild of `log_total` (drop and create), because: query cannot be altered
-- risk: destructive; job: none
DROP MATERIALIZED VIEW `log_total`;

-- rebuild of `logs` by copy and swap, because: partitioning RANGE(ts) -> (date_trunc('day', ts))
-- risk: metadata-only; job: none
CREATE TABLE `logs__srschema_new` (
  `ts` datetime NOT NULL COMMENT "",
  `msg` varchar(200) COMMENT ""
) ENGINE=OLAP
DUPLICATE KEY(`ts`)
PARTITION BY date_trunc('day', `ts`)
DISTRIBUTED BY RANDOM;

-- copied: `ts`, `msg`
-- rows written to `logs` after this copy and before the SWAP are lost:
-- stop loads into it for the rebuild, or gate the plan in CI with --fail-on rewrite
-- risk: rewrite; job: none
INSERT INTO `logs__srschema_new` (`ts`, `msg`)
SELECT `ts`, `msg`
FROM `logs`;

-- risk: metadata-only; job: none
ALTER TABLE `logs` SWAP WITH `logs__srschema_new`;

-- drops the previous table (now under the temporary name) and its data
-- risk: destructive; job: none
DROP TABLE `logs__srschema_new`;

-- risk: metadata-only; job: none
CREATE MATERIALIZED VIEW `log_total` (`n`)
DISTRIBUTED BY RANDOM
REFRESH MANUAL
AS SELECT count(*) AS n FROM logs WHERE msg IS NOT NULL;

-- CREATE OR REPLACE: ALTER VIEW cannot change a comment, security or properties
-- risk: metadata-only; job: none
CREATE OR REPLACE VIEW `recent`
COMMENT "the last logs"
AS SELECT msg FROM logs;

-- a change of an object it reads made it inactive
-- risk: metadata-only; job: none
ALTER MATERIALIZED VIEW `log_days` ACTIVE;

