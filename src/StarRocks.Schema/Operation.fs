namespace StarRocks.Schema

type ColumnPosition =
    | First
    | After of Name

type ColumnDefinition = {
    Column: Column
    Key: bool
    Position: ColumnPosition option
}

type Operation =
    | CreateTable of Table
    | DropTable of table: QualifiedName
    | RenameTable of table: QualifiedName * newName: Name
    | AddColumn of table: QualifiedName * column: ColumnDefinition
    | DropColumn of table: QualifiedName * column: Name
    | ModifyColumn of table: QualifiedName * column: ColumnDefinition
    | SetColumnComment of table: QualifiedName * column: Name * comment: string
    | RenameColumn of table: QualifiedName * column: Name * newName: Name
    | AddField of
        table: QualifiedName *
        column: Name *
        path: Name list *
        field: StructField *
        position: ColumnPosition option
    | DropField of table: QualifiedName * column: Name * path: Name list * field: Name
    | SetTableComment of table: QualifiedName * comment: string
    | SetTableProperties of table: QualifiedName * properties: Map<string, string>
    | SetPartitionProperties of table: QualifiedName * properties: Map<string, string>
    | SetDistribution of table: QualifiedName * distribution: Distribution
    | SetOrderBy of table: QualifiedName * columns: Name list
    | AddRangePartition of table: QualifiedName * partition: RangePartition
    | AddListPartition of table: QualifiedName * partition: ListPartition
    | DropPartition of table: QualifiedName * partition: Name
    | AddIndex of table: QualifiedName * index: Index
    | DropIndex of table: QualifiedName * index: Name
    | CopyRows of source: QualifiedName * target: QualifiedName * columns: (Name * Name) list
    | SwapTable of table: QualifiedName * other: Name
    | CreateView of View
    | ReplaceView of View
    | AlterView of view: QualifiedName * columns: ViewColumn list * query: Query
    | DropView of view: QualifiedName
    | CreateMaterializedView of MaterializedView
    | DropMaterializedView of view: QualifiedName
    | CreateSyncMaterializedView of SyncMaterializedView
    | SetRefresh of view: QualifiedName * refresh: Refresh
    | SetMaterializedViewProperties of view: QualifiedName * properties: Map<string, string>
    | ActivateMaterializedView of view: QualifiedName

type Rename =
    | TableRenamed of table: QualifiedName * from: Name
    | ColumnRenamed of table: QualifiedName * column: Name * from: Name

[<RequireQualifiedAccess>]
module Rename =
    let reverse (rename: Rename) =
        match rename with
        | TableRenamed(q, old) -> TableRenamed({ q with Name = old }, q.Name)
        | ColumnRenamed(q, c, old) -> ColumnRenamed(q, old, c)

[<NoComparison>]
type Risk =
    | MetadataOnly
    | Rewrite
    | Destructive

type Job =
    | NoJob
    | ColumnJob
    | OptimizeJob
    | RollupJob

[<RequireQualifiedAccess>]
module Risk =
    let rank (risk: Risk) =
        match risk with
        | MetadataOnly -> 0
        | Rewrite -> 1
        | Destructive -> 2

    let atLeast (limit: Risk) (risk: Risk) = rank risk >= rank limit

    let label (risk: Risk) =
        match risk with
        | MetadataOnly -> "metadata-only"
        | Rewrite -> "rewrite"
        | Destructive -> "destructive"

type StatementForm =
    | AlterTableClause
    | AlterMaterializedViewClause
    | OwnStatement

[<RequireQualifiedAccess>]
module Operation =
    let target (op: Operation) : QualifiedName =
        match op with
        | CreateTable t -> t.Name
        | CreateView v
        | ReplaceView v -> v.Name
        | CreateMaterializedView m -> m.Name
        | CreateSyncMaterializedView m -> m.Name
        | CopyRows(_, target, _) -> target
        | DropTable q
        | RenameTable(q, _)
        | AddColumn(q, _)
        | DropColumn(q, _)
        | ModifyColumn(q, _)
        | SetColumnComment(q, _, _)
        | RenameColumn(q, _, _)
        | AddField(q, _, _, _, _)
        | DropField(q, _, _, _)
        | SetTableComment(q, _)
        | SetTableProperties(q, _)
        | SetPartitionProperties(q, _)
        | SetDistribution(q, _)
        | SetOrderBy(q, _)
        | AddRangePartition(q, _)
        | AddListPartition(q, _)
        | DropPartition(q, _)
        | AddIndex(q, _)
        | DropIndex(q, _)
        | SwapTable(q, _)
        | AlterView(q, _, _)
        | DropView q
        | DropMaterializedView q
        | SetRefresh(q, _)
        | SetMaterializedViewProperties(q, _)
        | ActivateMaterializedView q -> q

    let form (op: Operation) : StatementForm =
        match op with
        | SetRefresh _
        | SetMaterializedViewProperties _
        | ActivateMaterializedView _ -> AlterMaterializedViewClause
        | CreateTable _
        | DropTable _
        | CopyRows _
        | CreateView _
        | ReplaceView _
        | AlterView _
        | DropView _
        | CreateMaterializedView _
        | DropMaterializedView _
        | CreateSyncMaterializedView _ -> OwnStatement
        | RenameTable _
        | AddColumn _
        | DropColumn _
        | ModifyColumn _
        | SetColumnComment _
        | RenameColumn _
        | AddField _
        | DropField _
        | SetTableComment _
        | SetTableProperties _
        | SetPartitionProperties _
        | SetDistribution _
        | SetOrderBy _
        | AddRangePartition _
        | AddListPartition _
        | DropPartition _
        | AddIndex _
        | DropIndex _
        | SwapTable _ -> AlterTableClause

    let kind (op: Operation) : string =
        match op with
        | CreateTable _ -> "CreateTable"
        | DropTable _ -> "DropTable"
        | RenameTable _ -> "RenameTable"
        | AddColumn _ -> "AddColumn"
        | DropColumn _ -> "DropColumn"
        | ModifyColumn _ -> "ModifyColumn"
        | SetColumnComment _ -> "SetColumnComment"
        | RenameColumn _ -> "RenameColumn"
        | AddField _ -> "AddField"
        | DropField _ -> "DropField"
        | SetTableComment _ -> "SetTableComment"
        | SetTableProperties _ -> "SetTableProperties"
        | SetPartitionProperties _ -> "SetPartitionProperties"
        | SetDistribution _ -> "SetDistribution"
        | SetOrderBy _ -> "SetOrderBy"
        | AddRangePartition _ -> "AddRangePartition"
        | AddListPartition _ -> "AddListPartition"
        | DropPartition _ -> "DropPartition"
        | AddIndex _ -> "AddIndex"
        | DropIndex _ -> "DropIndex"
        | CopyRows _ -> "CopyRows"
        | SwapTable _ -> "SwapTable"
        | CreateView _ -> "CreateView"
        | ReplaceView _ -> "ReplaceView"
        | AlterView _ -> "AlterView"
        | DropView _ -> "DropView"
        | CreateMaterializedView _ -> "CreateMaterializedView"
        | DropMaterializedView _ -> "DropMaterializedView"
        | CreateSyncMaterializedView _ -> "CreateSyncMaterializedView"
        | SetRefresh _ -> "SetRefresh"
        | SetMaterializedViewProperties _ -> "SetMaterializedViewProperties"
        | ActivateMaterializedView _ -> "ActivateMaterializedView"

    let risk (op: Operation) : Risk =
        match op with
        | DropTable _
        | DropColumn _
        | DropField _
        | DropPartition _
        | DropView _
        | DropMaterializedView _ -> Destructive
        | AddColumn(_, c) when c.Key -> Rewrite
        | ModifyColumn _
        | SetDistribution _
        | SetOrderBy _
        | AddIndex _
        | CopyRows _
        | CreateSyncMaterializedView _ -> Rewrite
        | SetTableProperties(_, props) when props.ContainsKey PropertyKey.BloomFilterColumns -> Rewrite
        | AddColumn _
        | CreateTable _
        | RenameTable _
        | SetColumnComment _
        | RenameColumn _
        | AddField _
        | SetTableComment _
        | SetTableProperties _
        | SetPartitionProperties _
        | AddRangePartition _
        | AddListPartition _
        | DropIndex _
        | SwapTable _
        | CreateView _
        | ReplaceView _
        | AlterView _
        | CreateMaterializedView _
        | SetRefresh _
        | SetMaterializedViewProperties _
        | ActivateMaterializedView _ -> MetadataOnly

    let job (op: Operation) : Job =
        match op with
        | AddColumn _
        | DropColumn _
        | ModifyColumn _
        | AddField _
        | DropField _
        | SetOrderBy _
        | AddIndex _
        | DropIndex _ -> ColumnJob
        | SetTableProperties(_, props) when props.ContainsKey PropertyKey.BloomFilterColumns -> ColumnJob
        | SetDistribution _ -> OptimizeJob
        | CreateSyncMaterializedView _ -> RollupJob
        | CreateTable _
        | DropTable _
        | RenameTable _
        | SetColumnComment _
        | RenameColumn _
        | SetTableComment _
        | SetTableProperties _
        | SetPartitionProperties _
        | AddRangePartition _
        | AddListPartition _
        | DropPartition _
        | CopyRows _
        | SwapTable _
        | CreateView _
        | ReplaceView _
        | AlterView _
        | DropView _
        | CreateMaterializedView _
        | DropMaterializedView _
        | SetRefresh _
        | SetMaterializedViewProperties _
        | ActivateMaterializedView _ -> NoJob

    let statementRisk (ops: Operation list) : Risk =
        ops
        |> List.fold
            (fun highest op ->
                if Risk.rank (risk op) > Risk.rank highest then
                    risk op
                else
                    highest)
            MetadataOnly

    let statementJob (ops: Operation list) : Job =
        ops
        |> List.map job
        |> List.tryFind (fun j -> j <> NoJob)
        |> Option.defaultValue NoJob

[<RequireQualifiedAccess>]
module Job =
    let label (job: Job) =
        match job with
        | NoJob -> "none"
        | ColumnJob -> "COLUMN"
        | OptimizeJob -> "OPTIMIZE"
        | RollupJob -> "ROLLUP"
