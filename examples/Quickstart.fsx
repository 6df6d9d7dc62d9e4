// The walkthrough in F#, with no server: declare the models with the Define functions, print the DDL that creates
// them, change them (add a column, change a property, add a table), and print the migration. Run after a build:
//   dotnet fsi build.fsx build && dotnet fsi examples/Quickstart.fsx
#r "nuget: FParsec, 1.1.1"
#r "../src/StarRocks.Schema/bin/Release/net10.0/StarRocks.Schema.dll"

open StarRocks.Schema

/// The seed's models; `changed` applies the walkthrough's step 7.
let models (changed: bool) =
    let orm =
        Define.table "my_orm_table" [
            Define.column "id" "BIGINT" |> Define.notNull |> Define.columnComment "primary key"
            Define.column "name" "VARCHAR(64)" |> Define.notNull
            if changed then
                Define.column "email" "VARCHAR(128)"
            Define.column "created_at" "DATETIME" |> Define.defaultCurrentTimestamp
        ]
        |> Define.primaryKey [ "id" ]
        |> Define.hashDistributed [ "id" ] (Some 4)
        |> Define.tableProperty "replication_num" "1"

    let core =
        Define.table "my_core_table" [
            Define.column "dt" "DATE" |> Define.notNull
            Define.column "user_id" "BIGINT" |> Define.notNull
            Define.column "clicks" "BIGINT" |> Define.aggregate Sum |> Define.defaultValue "0"
        ]
        |> Define.aggregateKey [ "dt"; "user_id" ]
        |> Define.partitionBy [ "date_trunc('day', dt)" ]
        |> Define.hashDistributed [ "user_id" ] None
        |> Define.tableProperty "replication_num" "1"
        |> if changed then Define.tableProperty "partition_live_number" "30" else id

    let userView =
        Define.view "user_view" "SELECT id, name FROM my_orm_table"
        |> Define.viewColumn "id" "the user"
        |> Define.viewColumn "name" ""
        |> Define.viewComment "users by name"

    let userStats =
        Define.materializedView
            "user_stats_mv"
            "SELECT user_id, sum(clicks) AS clicks FROM my_core_table GROUP BY user_id"
        |> Define.materializedViewHashDistributed [ "user_id" ] None
        |> Define.refresh (Async(None, Some(1, "HOUR")))
        |> Define.materializedViewProperty "replication_num" "1"

    let newTable =
        Define.table "my_new_table" [ Define.column "id" "BIGINT" |> Define.notNull; Define.column "note" "STRING" ]
        |> Define.duplicateKey [ "id" ]
        |> Define.hashDistributed [ "id" ] None
        |> Define.tableProperty "replication_num" "1"

    [
        TableObject orm
        TableObject core
        ViewObject userView
        MaterializedViewObject userStats
        if changed then
            TableObject newTable
    ]
    |> Define.schema // Result<Schema, string list>: every broken StarRocks rule, naming the object

let schemaOf changed =
    match models changed with
    | Ok schema -> schema
    | Error errors -> failwith (String.concat "\n" errors)

let first = schemaOf false
printfn "-- 1. the DDL that creates the models"
printf "%s" (Plan.sql (Diff.plan DiffOptions.defaults Schema.empty first))

let plan = Diff.plan DiffOptions.defaults first (schemaOf true)
printfn "-- 2. the migration after the change"
printf "%s" (Plan.sql plan)

if plan.Steps.Length <> 3 || Plan.maxRisk plan = Some Destructive then
    exit 1
