-- risk: metadata-only; job: none
ALTER TABLE `customers` RENAME COLUMN `name` TO `full_name`;

-- risk: metadata-only; job: COLUMN
ALTER TABLE `customers` DROP INDEX `idx_region`;

-- the data of dropped columns is lost: `fax`
-- risk: destructive; job: COLUMN
ALTER TABLE `customers`
  DROP COLUMN `fax`,
  MODIFY COLUMN `full_name` varchar(64) NULL COMMENT "",
  MODIFY COLUMN `score` double NULL COMMENT "",
  ADD COLUMN `signup` date NULL COMMENT "" AFTER `region`,
  ADD COLUMN `tier` smallint(6) NULL DEFAULT "1" COMMENT "" AFTER `signup`;

-- risk: metadata-only; job: none
ALTER TABLE `customers` MODIFY COLUMN `email` COMMENT "primary address";

-- risk: metadata-only; job: none
ALTER TABLE `customers` COMMENT = "our customers";

