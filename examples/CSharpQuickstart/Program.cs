// The walkthrough in C#, with no server: define the models, print the DDL that creates them, change them (add a
// column, change a property, add a table), and print the migration.
using StarRocks.Schema.CSharp;

const string models = """
    CREATE TABLE my_orm_table (
        id BIGINT NOT NULL COMMENT 'primary key',
        name VARCHAR(64) NOT NULL,
        created_at DATETIME DEFAULT CURRENT_TIMESTAMP
    )
    PRIMARY KEY (id)
    DISTRIBUTED BY HASH(id) BUCKETS 4
    PROPERTIES ("replication_num" = "1");

    CREATE TABLE my_core_table (
        dt DATE NOT NULL,
        user_id BIGINT NOT NULL,
        clicks BIGINT SUM DEFAULT '0'
    )
    AGGREGATE KEY (dt, user_id)
    PARTITION BY date_trunc('day', dt)
    DISTRIBUTED BY HASH(user_id)
    PROPERTIES ("replication_num" = "1");

    CREATE VIEW user_view (id COMMENT 'the user', name) COMMENT 'users by name'
    AS SELECT id, name FROM my_orm_table;

    CREATE MATERIALIZED VIEW user_stats_mv
    DISTRIBUTED BY HASH(user_id)
    REFRESH ASYNC EVERY (INTERVAL 1 HOUR)
    PROPERTIES ("replication_num" = "1")
    AS SELECT user_id, sum(clicks) AS clicks FROM my_core_table GROUP BY user_id;
    """;

var first = SchemaParser.Parse(models, "models.sql");
Console.WriteLine("-- 1. the DDL that creates the models");
Console.WriteLine(SchemaModel.Empty.DiffTo(first).ToSql());

// the walkthrough's step 7: add a column, change a property, add a table
var changed = SchemaParser.Parse(
    models
        .Replace("name VARCHAR(64) NOT NULL,", "name VARCHAR(64) NOT NULL,\n    email VARCHAR(128),")
        .Replace("DISTRIBUTED BY HASH(user_id)\nPROPERTIES (\"replication_num\" = \"1\");", "DISTRIBUTED BY HASH(user_id)\nPROPERTIES (\"replication_num\" = \"1\", \"partition_live_number\" = \"30\");")
    + "\nCREATE TABLE my_new_table (id BIGINT NOT NULL, note STRING) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) PROPERTIES (\"replication_num\" = \"1\");",
    "models.sql");

var plan = first.DiffTo(changed);
Console.WriteLine("-- 2. the migration after the change");
Console.Write(plan.ToSql());

foreach (var step in plan.Steps)
{
    Console.Error.WriteLine(step.Description);
}

return plan.Steps.Count == 3 && !plan.HasDestructiveSteps ? 0 : 1;
