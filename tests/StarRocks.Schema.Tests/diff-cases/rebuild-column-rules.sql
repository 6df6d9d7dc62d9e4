-- Column changes StarRocks cannot make with MODIFY COLUMN, one table each: a DEFAULT change, NULL -> NOT NULL,
-- narrowing, AUTO_INCREMENT, an aggregate function, and a PRIMARY KEY column's type. Each is a copy and swap.
CREATE TABLE `t_default` (`id` int(11) NOT NULL COMMENT "", `v` int(11) NULL DEFAULT "1" COMMENT "") ENGINE=OLAP DUPLICATE KEY(`id`);
CREATE TABLE `t_not_null` (`id` int(11) NOT NULL COMMENT "", `v` int(11) NULL COMMENT "") ENGINE=OLAP DUPLICATE KEY(`id`);
CREATE TABLE `t_narrow` (`id` int(11) NOT NULL COMMENT "", `v` bigint(20) NULL COMMENT "") ENGINE=OLAP DUPLICATE KEY(`id`);
CREATE TABLE `t_auto` (`id` int(11) NOT NULL COMMENT "", `n` bigint(20) NOT NULL COMMENT "") ENGINE=OLAP DUPLICATE KEY(`id`);
CREATE TABLE `t_agg` (`k` int(11) NULL COMMENT "", `v` bigint(20) SUM NULL COMMENT "") ENGINE=OLAP AGGREGATE KEY(`k`);
CREATE TABLE `t_pk` (`id` int(11) NOT NULL COMMENT "", `v` int(11) NULL COMMENT "") ENGINE=OLAP PRIMARY KEY(`id`) DISTRIBUTED BY HASH(`id`);

-- @desired
CREATE TABLE t_default (id INT NOT NULL, v INT DEFAULT '2') DUPLICATE KEY(id);
CREATE TABLE t_not_null (id INT NOT NULL, v INT NOT NULL) DUPLICATE KEY(id);
CREATE TABLE t_narrow (id INT NOT NULL, v INT) DUPLICATE KEY(id);
CREATE TABLE t_auto (id INT NOT NULL, n BIGINT NOT NULL AUTO_INCREMENT) DUPLICATE KEY(id);
CREATE TABLE t_agg (k INT, v BIGINT MAX) AGGREGATE KEY(k);
CREATE TABLE t_pk (id BIGINT NOT NULL, v INT) PRIMARY KEY(id);
