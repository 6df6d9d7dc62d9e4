-- Range and list partitions added and dropped, properties set one per statement (replication reaching existing
-- partitions), a sort key, buckets, and an unset property the server has a non-default value for (kept, warned).
CREATE TABLE `sales` (
  `day` date NOT NULL COMMENT "",
  `shop` int(11) NOT NULL COMMENT "",
  `amount` decimal(12, 2) NULL COMMENT ""
) ENGINE=OLAP
DUPLICATE KEY(`day`, `shop`)
PARTITION BY RANGE(`day`)
(PARTITION p2025 VALUES [("0000-01-01"), ("2026-01-01")),
PARTITION p2026q1 VALUES [("2026-01-01"), ("2026-04-01")))
DISTRIBUTED BY HASH(`shop`) BUCKETS 4
PROPERTIES (
"colocate_with" = "g1",
"replication_num" = "3"
);
CREATE TABLE `cities` (
  `city` varchar(32) NOT NULL COMMENT "",
  `n` int(11) NULL COMMENT ""
) ENGINE=OLAP
DUPLICATE KEY(`city`)
PARTITION BY LIST(`city`)(
  PARTITION p_north VALUES IN ('Oslo', 'Helsinki'),
  PARTITION p_south VALUES IN ('Rome')
)
DISTRIBUTED BY HASH(`city`);

-- @desired
CREATE TABLE sales (day DATE NOT NULL, shop INT NOT NULL, amount DECIMAL(12, 2))
DUPLICATE KEY(day, shop)
PARTITION BY RANGE(day) (
  PARTITION p2026q1 VALUES [('2026-01-01'), ('2026-04-01')),
  PARTITION p2026q2 VALUES LESS THAN ('2026-07-01')
)
DISTRIBUTED BY HASH(shop) BUCKETS 4
ORDER BY (shop)
PROPERTIES ('replication_num' = '2', 'partition_live_number' = '8', 'dynamic_partition.enable' = 'false', 'dynamic_partition.time_unit' = 'MONTH');
CREATE TABLE cities (city VARCHAR(32) NOT NULL, n INT)
DUPLICATE KEY(city)
PARTITION BY LIST(city) (
  PARTITION p_north VALUES IN ('Oslo', 'Helsinki', 'Stockholm'),
  PARTITION p_east VALUES IN ('Warsaw')
)
DISTRIBUTED BY HASH(city);
