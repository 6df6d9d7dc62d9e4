// The walkthrough in C#, with no server: declare the models with builders, print the DDL that creates them, change
// them (add a column, change a property, add a table), and print the migration.
using StarRocks.Schema.CSharp;

static SchemaModel Models(bool changed)
{
    var orm = new TableBuilder("my_orm_table")
        .Column("id", "BIGINT", nullable: false, comment: "primary key")
        .Column("name", "VARCHAR(64)", nullable: false);
    if (changed)
    {
        orm.Column("email", "VARCHAR(128)");
    }

    orm.Column("created_at", "DATETIME", c => c.DefaultCurrentTimestamp())
        .PrimaryKey("id").DistributedByHash(4, "id").Property("replication_num", "1");

    var core = new TableBuilder("my_core_table")
        .Column("dt", "DATE", nullable: false)
        .Column("user_id", "BIGINT", nullable: false)
        .Column("clicks", "BIGINT", defaultValue: "0", aggregate: AggregateFunction.Sum)
        .AggregateKey("dt", "user_id")
        .PartitionByDateTrunc("day", "dt")
        .DistributedByHash(null, "user_id")
        .Property("replication_num", "1");
    if (changed)
    {
        core.Property("partition_live_number", "30");
    }

    var schema = new SchemaBuilder()
        .Add(orm)
        .Add(core)
        .Add(new ViewBuilder("user_view", "SELECT id, name FROM my_orm_table")
            .Column("id", "the user")
            .Column("name")
            .Comment("users by name"))
        .Add(new MaterializedViewBuilder("user_stats_mv", "SELECT user_id, sum(clicks) AS clicks FROM my_core_table GROUP BY user_id")
            .DistributedByHash(null, "user_id")
            .RefreshEvery(1, "HOUR")
            .Property("replication_num", "1"));
    if (changed)
    {
        schema.Add(new TableBuilder("my_new_table")
            .Column("id", "BIGINT", nullable: false)
            .Column("note", "STRING")
            .DuplicateKey("id")
            .DistributedByHash(null, "id")
            .Property("replication_num", "1"));
    }

    return schema.Build();
}

var first = Models(changed: false);
Console.WriteLine("-- 1. the DDL that creates the models");
Console.Write(SchemaModel.Empty.DiffTo(first).ToSql());

var plan = first.DiffTo(Models(changed: true));
Console.WriteLine("-- 2. the migration after the change");
Console.Write(plan.ToSql());

foreach (var step in plan.Steps)
{
    Console.Error.WriteLine(step.Description);
}

return plan.Steps.Count == 3 && !plan.HasDestructiveSteps ? 0 : 1;
