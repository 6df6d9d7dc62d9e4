CREATE TABLE `default_catalog`.`forms`.`complex_defaults` (
  `id` bigint(20) NOT NULL COMMENT "",
  `tags` array<varchar(20)> DEFAULT ['a', 'b'] COMMENT "",
  `empty_ints` array<int(11)> DEFAULT [] COMMENT "",
  `nested` array<array<int(11)>> DEFAULT [[1], [2, 3]] COMMENT "",
  `labels` MAP<int(11),varchar(10)> DEFAULT map{1: 'a', 2: 'b'} COMMENT "",
  `point` struct<x double, y double, ok boolean> DEFAULT row(1.5, -2, true) COMMENT "",
  `maybe` array<int(11)> DEFAULT [1, NULL] COMMENT ""
) ENGINE=OLAP
DUPLICATE KEY(`id`)
DISTRIBUTED BY HASH(`id`) BUCKETS 2
PROPERTIES (
"fast_schema_evolution" = "true"
);

CREATE TABLE `forms`.`agg_states` (
  `k1` varchar(10) COMMENT "",
  `k2` date COMMENT "",
  `first_by` min_by(tinyint(4), datetime) COMMENT "",
  `weighted` percentile_approx_weighted(double, bigint(20), double) COMMENT "",
  `sketch` ds_theta_count_distinct(bigint(20) NOT NULL) COMMENT "",
  `flags` array_agg_distinct(boolean) COMMENT "",
  `total` bigint(20) SUM DEFAULT "0" COMMENT ""
) ENGINE=OLAP
AGGREGATE KEY(`k1`, `k2`)
PARTITION BY (`k1`)
DISTRIBUTED BY HASH(`k1`) BUCKETS 3;

CREATE TABLE `forms`.`events_by_city` (
  `dt` date NOT NULL COMMENT "",
  `city` varchar(20) NOT NULL COMMENT "",
  `hits` bigint(20) NULL COMMENT ""
) ENGINE=OLAP
DUPLICATE KEY(`dt`, `city`)
PARTITION BY (`dt`, `city`)
DISTRIBUTED BY RANDOM;
