-- Example model: the tables of a small shop, written the way people write them.
CREATE TABLE IF NOT EXISTS orders (
    order_id    BIGINT       NOT NULL COMMENT 'order number',
    order_date  DATE         NOT NULL,
    customer_id INT          NOT NULL, -- srschema:renamed-from cust_id
    status      VARCHAR(16)  DEFAULT 'new',
    amount      DECIMAL(12, 2),
    tags        ARRAY<STRING>,
    created_at  DATETIME     DEFAULT CURRENT_TIMESTAMP
)
PRIMARY KEY (order_id, order_date)
COMMENT 'one row per order'
PARTITION BY date_trunc('month', order_date)
DISTRIBUTED BY HASH(order_id) BUCKETS 8
ORDER BY (customer_id)
PROPERTIES ("replication_num" = "1");

CREATE TABLE daily_sales (
    sale_date DATE,
    store_id  INT,
    revenue   DECIMAL(18, 2) SUM DEFAULT "0",
    visitors  BITMAP BITMAP_UNION
)
AGGREGATE KEY (sale_date, store_id)
PARTITION BY RANGE (sale_date) (
    START ("2026-01-01") END ("2027-01-01") EVERY (INTERVAL 1 MONTH)
)
DISTRIBUTED BY HASH(store_id);
