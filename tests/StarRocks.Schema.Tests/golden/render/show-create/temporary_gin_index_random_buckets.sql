CREATE TEMPORARY TABLE `scratch` (
  `k` int(11) NULL COMMENT "",
  `doc` varchar(65533) NULL COMMENT "",
  INDEX `gin_doc` (`doc`) USING GIN("imp_lib" = "clucene", "parser" = "english") COMMENT ''
) ENGINE=OLAP
DUPLICATE KEY(`k`)
DISTRIBUTED BY RANDOM BUCKETS 3
PROPERTIES (
"replication_num" = "1"
);
