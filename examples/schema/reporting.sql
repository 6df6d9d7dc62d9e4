/* Views and materialized views over the shop tables. */
CREATE VIEW big_orders (order_id COMMENT 'the order', amount)
COMMENT 'orders over 1000'
AS SELECT order_id, amount FROM orders WHERE amount > 1000;

CREATE MATERIALIZED VIEW customer_totals
DISTRIBUTED BY HASH(customer_id)
REFRESH ASYNC EVERY (INTERVAL 1 HOUR)
AS SELECT customer_id, sum(amount) AS total FROM orders GROUP BY customer_id;
