-- Column changes of one table in one schema-change job; comment, rename and index changes around it.
CREATE TABLE `customers` (
  `id` int(11) NOT NULL COMMENT "",
  `name` varchar(32) NULL COMMENT "",
  `email` varchar(64) NULL COMMENT "",
  `fax` varchar(20) NULL COMMENT "",
  `score` float NULL COMMENT "",
  `region` varchar(8) NULL COMMENT "",
  INDEX idx_region (`region`) USING BITMAP COMMENT ''
) ENGINE=OLAP
DUPLICATE KEY(`id`)
DISTRIBUTED BY HASH(`id`) BUCKETS 8;

-- @desired
CREATE TABLE customers (
  id INT NOT NULL,
  full_name VARCHAR(64), -- srschema:renamed-from name
  email VARCHAR(64) COMMENT 'primary address',
  score DOUBLE,
  region VARCHAR(8),
  signup DATE,
  tier SMALLINT DEFAULT '1'
)
DUPLICATE KEY(id)
COMMENT 'our customers'
DISTRIBUTED BY HASH(id) BUCKETS 8;
