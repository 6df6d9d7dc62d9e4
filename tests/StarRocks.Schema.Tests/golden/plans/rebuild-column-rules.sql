-- rebuild of `t_agg` by copy and swap, because: column `v`: the aggregate function cannot be changed
-- risk: metadata-only; job: none
CREATE TABLE `t_agg__srschema_new` (
  `k` int(11) COMMENT "",
  `v` bigint(20) MAX COMMENT ""
) ENGINE=OLAP
AGGREGATE KEY(`k`);

-- copied: `k`, `v`
-- rows written to `t_agg` after this copy and before the SWAP are lost:
-- stop loads into it for the rebuild, or gate the plan in CI with --fail-on rewrite
-- risk: rewrite; job: none
INSERT INTO `t_agg__srschema_new` (`k`, `v`)
SELECT `k`, `v`
FROM `t_agg`;

-- risk: metadata-only; job: none
ALTER TABLE `t_agg` SWAP WITH `t_agg__srschema_new`;

-- drops the previous table (now under the temporary name) and its data
-- risk: destructive; job: none
DROP TABLE `t_agg__srschema_new`;

-- rebuild of `t_auto` by copy and swap, because: column `n`: DEFAULT, AUTO_INCREMENT and generated expressions cannot be altered in place
-- risk: metadata-only; job: none
CREATE TABLE `t_auto__srschema_new` (
  `id` int(11) NOT NULL COMMENT "",
  `n` bigint(20) NOT NULL AUTO_INCREMENT COMMENT ""
) ENGINE=OLAP
DUPLICATE KEY(`id`);

-- copied: `id`, `n`
-- rows written to `t_auto` after this copy and before the SWAP are lost:
-- stop loads into it for the rebuild, or gate the plan in CI with --fail-on rewrite
-- risk: rewrite; job: none
INSERT INTO `t_auto__srschema_new` (`id`, `n`)
SELECT `id`, `n`
FROM `t_auto`;

-- risk: metadata-only; job: none
ALTER TABLE `t_auto` SWAP WITH `t_auto__srschema_new`;

-- drops the previous table (now under the temporary name) and its data
-- risk: destructive; job: none
DROP TABLE `t_auto__srschema_new`;

-- rebuild of `t_default` by copy and swap, because: column `v`: DEFAULT, AUTO_INCREMENT and generated expressions cannot be altered in place
-- risk: metadata-only; job: none
CREATE TABLE `t_default__srschema_new` (
  `id` int(11) NOT NULL COMMENT "",
  `v` int(11) DEFAULT "2" COMMENT ""
) ENGINE=OLAP
DUPLICATE KEY(`id`);

-- copied: `id`, `v`
-- rows written to `t_default` after this copy and before the SWAP are lost:
-- stop loads into it for the rebuild, or gate the plan in CI with --fail-on rewrite
-- risk: rewrite; job: none
INSERT INTO `t_default__srschema_new` (`id`, `v`)
SELECT `id`, `v`
FROM `t_default`;

-- risk: metadata-only; job: none
ALTER TABLE `t_default` SWAP WITH `t_default__srschema_new`;

-- drops the previous table (now under the temporary name) and its data
-- risk: destructive; job: none
DROP TABLE `t_default__srschema_new`;

-- rebuild of `t_narrow` by copy and swap, because: column `v`: type bigint(20) -> int(11) is not a conversion StarRocks makes in place
-- risk: metadata-only; job: none
CREATE TABLE `t_narrow__srschema_new` (
  `id` int(11) NOT NULL COMMENT "",
  `v` int(11) COMMENT ""
) ENGINE=OLAP
DUPLICATE KEY(`id`);

-- copied: `id`, `v`
-- rows written to `t_narrow` after this copy and before the SWAP are lost:
-- stop loads into it for the rebuild, or gate the plan in CI with --fail-on rewrite
-- risk: rewrite; job: none
INSERT INTO `t_narrow__srschema_new` (`id`, `v`)
SELECT `id`, `v`
FROM `t_narrow`;

-- risk: metadata-only; job: none
ALTER TABLE `t_narrow` SWAP WITH `t_narrow__srschema_new`;

-- drops the previous table (now under the temporary name) and its data
-- risk: destructive; job: none
DROP TABLE `t_narrow__srschema_new`;

-- rebuild of `t_not_null` by copy and swap, because: column `v`: NULL -> NOT NULL cannot be altered
-- risk: metadata-only; job: none
CREATE TABLE `t_not_null__srschema_new` (
  `id` int(11) NOT NULL COMMENT "",
  `v` int(11) NOT NULL COMMENT ""
) ENGINE=OLAP
DUPLICATE KEY(`id`);

-- copied: `id`, `v`
-- rows written to `t_not_null` after this copy and before the SWAP are lost:
-- stop loads into it for the rebuild, or gate the plan in CI with --fail-on rewrite
-- risk: rewrite; job: none
INSERT INTO `t_not_null__srschema_new` (`id`, `v`)
SELECT `id`, `v`
FROM `t_not_null`;

-- risk: metadata-only; job: none
ALTER TABLE `t_not_null` SWAP WITH `t_not_null__srschema_new`;

-- drops the previous table (now under the temporary name) and its data
-- risk: destructive; job: none
DROP TABLE `t_not_null__srschema_new`;

-- rebuild of `t_pk` by copy and swap, because: column `id`: a PRIMARY KEY column's type cannot be modified
-- risk: metadata-only; job: none
CREATE TABLE `t_pk__srschema_new` (
  `id` bigint(20) NOT NULL COMMENT "",
  `v` int(11) COMMENT ""
) ENGINE=OLAP
PRIMARY KEY(`id`)
DISTRIBUTED BY HASH(`id`);

-- copied: `id`, `v`
-- rows written to `t_pk` after this copy and before the SWAP are lost:
-- stop loads into it for the rebuild, or gate the plan in CI with --fail-on rewrite
-- risk: rewrite; job: none
INSERT INTO `t_pk__srschema_new` (`id`, `v`)
SELECT `id`, `v`
FROM `t_pk`;

-- risk: metadata-only; job: none
ALTER TABLE `t_pk` SWAP WITH `t_pk__srschema_new`;

-- drops the previous table (now under the temporary name) and its data
-- risk: destructive; job: none
DROP TABLE `t_pk__srschema_new`;

