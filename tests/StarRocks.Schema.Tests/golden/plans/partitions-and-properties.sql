-- partition `p_south` and its data are dropped
-- risk: destructive; job: none
ALTER TABLE `cities` DROP PARTITION `p_south`;

-- partition `p_north` and its data are dropped
-- risk: destructive; job: none
ALTER TABLE `cities` DROP PARTITION `p_north`;

-- risk: metadata-only; job: none
ALTER TABLE `cities` ADD PARTITION `p_north` VALUES IN ("Oslo", "Helsinki", "Stockholm");

-- risk: metadata-only; job: none
ALTER TABLE `cities` ADD PARTITION `p_east` VALUES IN ("Warsaw");

-- risk: rewrite; job: COLUMN
ALTER TABLE `sales` ORDER BY (`shop`);

-- risk: metadata-only; job: none
ALTER TABLE `sales` SET ("dynamic_partition.enable" = "false", "dynamic_partition.time_unit" = "MONTH");

-- risk: metadata-only; job: none
ALTER TABLE `sales` SET ("partition_live_number" = "8");

-- risk: metadata-only; job: none
ALTER TABLE `sales` SET ("default.replication_num" = "2");

-- existing partitions get the new value too
-- risk: metadata-only; job: none
ALTER TABLE `sales` MODIFY PARTITION (*) SET ("replication_num" = "2");

-- partition `p2025` and its data are dropped
-- risk: destructive; job: none
ALTER TABLE `sales` DROP PARTITION `p2025`;

-- risk: metadata-only; job: none
ALTER TABLE `sales` ADD PARTITION `p2026q2` VALUES LESS THAN ("2026-07-01");

