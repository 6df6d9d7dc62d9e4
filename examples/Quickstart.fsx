// The walkthrough in F#, with no server: define the models, print the DDL that creates them, change them (add a
// column, change a property, add a table), and print the migration. Run after a build:
//   dotnet fsi build.fsx build && dotnet fsi examples/Quickstart.fsx
#r "nuget: FParsec, 1.1.1"
#r "../src/StarRocks.Schema/bin/Release/net10.0/StarRocks.Schema.dll"

open StarRocks.Schema

let models =
    """
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
"""

let schemaOf (text: string) =
    match Parse.script "models.sql" text |> Result.bind (fun s -> Parse.schema [ s ]) with
    | Ok schema -> schema
    | Error errors -> failwith (errors |> List.map Diagnostic.format |> String.concat "\n")

let first = schemaOf models
printfn "-- 1. the DDL that creates the models"
printf "%s" (Plan.sql (Diff.plan DiffOptions.defaults Schema.empty first))

// the walkthrough's step 7: add a column, change a property, add a table
let changed =
    schemaOf (
        models
            .Replace("name VARCHAR(64) NOT NULL,", "name VARCHAR(64) NOT NULL,\n    email VARCHAR(128),")
            .Replace(
                "DISTRIBUTED BY HASH(user_id)\nPROPERTIES (\"replication_num\" = \"1\");",
                "DISTRIBUTED BY HASH(user_id)\nPROPERTIES (\"replication_num\" = \"1\", \"partition_live_number\" = \"30\");"
            )
        + "\nCREATE TABLE my_new_table (id BIGINT NOT NULL, note STRING) DUPLICATE KEY(id) DISTRIBUTED BY HASH(id) PROPERTIES (\"replication_num\" = \"1\");"
    )

let plan = Diff.plan DiffOptions.defaults first changed
printfn "-- 2. the migration after the change"
printf "%s" (Plan.sql plan)

if plan.Steps.Length <> 3 || Plan.maxRisk plan = Some Destructive then
    exit 1
