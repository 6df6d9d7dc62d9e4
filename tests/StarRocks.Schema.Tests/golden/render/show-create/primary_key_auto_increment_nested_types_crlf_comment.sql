CREATE TABLE `accounts` (
  `account_id` bigint(20) NOT NULL AUTO_INCREMENT COMMENT "",
  `email` varchar(255) NOT NULL COMMENT "login \"email\" \\ unique",
  `profile` json NULL COMMENT "",
  `prefs` MAP<varchar(65533),int(11)> NULL COMMENT "",
  `address` struct<street varchar(100), zip char(5) COMMENT 'postal'> NULL COMMENT "",
  `balance` decimal(18, 2) NULL COMMENT "",
  `token` varchar(64) NULL DEFAULT (uuid()) COMMENT "",
  `email_domain` varchar(255) NULL AS split_part(`email`, '@', 2) COMMENT ""
) ENGINE=OLAP
PRIMARY KEY(`account_id`)
COMMENT "user accounts
second line"
DISTRIBUTED BY HASH(`account_id`)
PROPERTIES (
"compression" = "LZ4",
"enable_persistent_index" = "true",
"fast_schema_evolution" = "true",
"persistent_index_type" = "LOCAL",
"replicated_storage" = "true",
"replication_num" = "1"
);
