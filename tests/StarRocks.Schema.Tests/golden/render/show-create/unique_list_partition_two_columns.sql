CREATE TABLE `regions` (
  `region` varchar(16) NOT NULL COMMENT "",
  `city` varchar(32) NOT NULL COMMENT "",
  `population` int(11) NULL COMMENT ""
) ENGINE=OLAP
UNIQUE KEY(`region`, `city`)
PARTITION BY LIST(`region`, `city`)(
  PARTITION `p_north` VALUES IN (("north", "oslo"), ("north", "bergen")),
  PARTITION `p_south` VALUES IN (("south", "rome"))
)
DISTRIBUTED BY HASH(`region`) BUCKETS 2
PROPERTIES (
"replication_num" = "1"
);
