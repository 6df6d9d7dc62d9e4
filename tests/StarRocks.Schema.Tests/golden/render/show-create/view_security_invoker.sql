CREATE VIEW `recent_sales` (`store` COMMENT "the store", `amount`)
COMMENT "sales of the last week"
SECURITY INVOKER
AS SELECT `shop`.`sales`.`store`, `shop`.`sales`.`amount`
FROM `shop`.`sales`
WHERE `shop`.`sales`.`sale_time` >= days_sub(now(), 7);
