-- rebuild of `events` by copy and swap, because: key model DUPLICATE -> PRIMARY
-- risk: metadata-only; job: none
CREATE TABLE `events__srschema_new` (
  `id` bigint(20) NOT NULL COMMENT "",
  `event_kind` varchar(16) COMMENT "",
  `payload` json COMMENT "",
  `payload_size` int(11) AS json_length(payload) COMMENT ""
) ENGINE=OLAP
PRIMARY KEY(`id`)
DISTRIBUTED BY HASH(`id`) BUCKETS 4
PROPERTIES (
"replication_num" = "1"
);

-- copied: `id`, `kind` -> `event_kind`, `payload`
-- new (their defaults or generated values): `payload_size`
-- not copied (their data is lost): `legacy`
-- rows written to `events` after this copy and before the SWAP are lost:
-- stop loads into it for the rebuild, or gate the plan in CI with --fail-on rewrite
-- risk: rewrite; job: none
INSERT INTO `events__srschema_new` (`id`, `event_kind`, `payload`)
SELECT `id`, `kind`, `payload`
FROM `events`;

-- risk: metadata-only; job: none
ALTER TABLE `events` SWAP WITH `events__srschema_new`;

-- drops the previous table (now under the temporary name) and its data
-- risk: destructive; job: none
DROP TABLE `events__srschema_new`;

-- a change of an object it reads made it inactive
-- risk: metadata-only; job: none
ALTER MATERIALIZED VIEW `event_counts` ACTIVE;

