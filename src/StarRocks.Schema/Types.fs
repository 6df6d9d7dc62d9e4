namespace StarRocks.Schema

[<Struct; StructuralEquality; StructuralComparison>]
type Name =
    private
    | Name of string

    member this.Value =
        let (Name v) = this
        v

    override this.ToString() = this.Value

[<RequireQualifiedAccess>]
module Name =
    let tryCreate (text: string) : Result<Name, string> =
        if isNull text || text.Length = 0 then
            Error "a name cannot be empty"
        elif text.IndexOf '\000' >= 0 then
            Error "a name cannot contain a NUL character"
        else
            Ok(Name text)

    let create (text: string) : Name =
        match tryCreate text with
        | Ok n -> n
        | Error e -> invalidArg "text" e

    let value (Name v) = v

    let same (a: Name) (b: Name) =
        System.String.Equals(value a, value b, System.StringComparison.OrdinalIgnoreCase)

    let isServerGenerated (Name v) =
        v.StartsWith("__generated_partition_column_", System.StringComparison.OrdinalIgnoreCase)

type QualifiedName = {
    Catalog: Name option
    Database: Name option
    Name: Name
}

[<RequireQualifiedAccess>]
module QualifiedName =
    let ofName (name: Name) = {
        Catalog = None
        Database = None
        Name = name
    }

    let inDatabase (database: Name) (name: Name) = {
        Catalog = None
        Database = Some database
        Name = name
    }

    let display (q: QualifiedName) =
        [ yield! Option.toList q.Catalog; yield! Option.toList q.Database; q.Name ]
        |> List.map Name.value
        |> String.concat "."

type ColumnType =
    | Boolean
    | TinyInt
    | SmallInt
    | Int
    | BigInt
    | LargeInt
    | Float
    | Double
    | Decimal of precision: int * scale: int
    | DecimalV2 of precision: int * scale: int
    | Char of length: int
    | Varchar of length: int
    | Varbinary of length: int option
    | Date
    | DateTime
    | Json
    | Hll
    | Bitmap
    | Percentile
    | Variant
    | Array of element: ColumnType
    | Map of key: ColumnType * value: ColumnType
    | Struct of fields: StructField list
    | AggregateState of functionName: string * arguments: AggregateStateArgument list

and AggregateStateArgument = {
    Type: ColumnType
    Nullable: bool option
}

and StructField = {
    Name: Name
    Type: ColumnType
    Comment: string
}

type AggregateType =
    | Sum
    | Min
    | Max
    | Replace
    | ReplaceIfNotNull
    | HllUnion
    | BitmapUnion
    | PercentileUnion

[<RequireQualifiedAccess>]
module AggregateType =
    let all = [
        Sum
        Min
        Max
        Replace
        ReplaceIfNotNull
        HllUnion
        BitmapUnion
        PercentileUnion
    ]

    let keyword =
        function
        | Sum -> "SUM"
        | Min -> "MIN"
        | Max -> "MAX"
        | Replace -> "REPLACE"
        | ReplaceIfNotNull -> "REPLACE_IF_NOT_NULL"
        | HllUnion -> "HLL_UNION"
        | BitmapUnion -> "BITMAP_UNION"
        | PercentileUnion -> "PERCENTILE_UNION"

[<Struct; StructuralEquality; StructuralComparison>]
type Expr =
    private
    | Expr of string

    member this.Text =
        let (Expr t) = this
        t

[<RequireQualifiedAccess>]
module Expr =
    let ofText (text: string) = Expr(text.Trim())

    let text (Expr t) = t

[<RequireQualifiedAccess>]
type ComplexLiteral =
    | Number of string
    | Text of string
    | Boolean of bool
    | Null
    | Array of elements: ComplexLiteral list
    | Map of entries: (ComplexLiteral * ComplexLiteral) list
    | Row of fields: ComplexLiteral list

[<RequireQualifiedAccess>]
type DefaultValue =
    | Literal of string
    | Null
    | CurrentTimestamp of precision: int option
    | Expression of Expr
    | Complex of ComplexLiteral

type ValueSource =
    | Default of DefaultValue
    | AutoIncrement
    | Generated of Expr

type Column = {
    Name: Name
    Type: ColumnType
    Aggregate: AggregateType option
    Nullable: bool option
    Value: ValueSource option
    Comment: string
}

[<RequireQualifiedAccess>]
module Column =
    let create (name: Name) (columnType: ColumnType) = {
        Name = name
        Type = columnType
        Aggregate = None
        Nullable = None
        Value = None
        Comment = ""
    }

    let isGenerated (c: Column) =
        match c.Value with
        | Some(Generated _) -> true
        | Some(Default _)
        | Some AutoIncrement
        | None -> false

    let isServerMaintained (c: Column) = Name.isServerGenerated c.Name

    let isAggregated (c: Column) =
        match c.Type with
        | AggregateState _ -> true
        | _ -> c.Aggregate.IsSome

type KeysModel =
    | Duplicate
    | Aggregate
    | Unique
    | Primary

[<RequireQualifiedAccess>]
module KeysModel =
    let all = [ Duplicate; Aggregate; Unique; Primary ]

    let keyword =
        function
        | Duplicate -> "DUPLICATE"
        | Aggregate -> "AGGREGATE"
        | Unique -> "UNIQUE"
        | Primary -> "PRIMARY"

type Keys = { Model: KeysModel; Columns: Name list }

[<RequireQualifiedAccess>]
type PartitionKey =
    | Column of Name
    | DateTrunc of unit: string * column: Name
    | TimeSlice of column: Name * interval: int * unit: string * boundary: string option
    | Expression of Expr

type PartitionValue =
    | Value of string
    | MaxValue
    | NullValue

type Every =
    | Interval of count: int * unit: string
    | Step of int

type RangePartition =
    | LessThan of name: Name * upper: PartitionValue list * properties: Map<string, string>
    | Fixed of name: Name * lower: PartitionValue list * upper: PartitionValue list * properties: Map<string, string>
    | Batch of start: string * finish: string * every: Every

type ListPartition = {
    Name: Name
    Values: PartitionValue list list
    Properties: Map<string, string>
}

[<RequireQualifiedAccess>]
type Partitioning =
    | Range of keys: PartitionKey list * partitions: RangePartition list
    | List of keys: PartitionKey list * partitions: ListPartition list
    | Expression of keys: PartitionKey list * created: RangePartition list

type Buckets = int option

[<RequireQualifiedAccess>]
type Distribution =
    | Hash of columns: Name list * buckets: Buckets
    | Random of buckets: Buckets
    | Range

type IndexType =
    | BitmapIndex
    | Gin
    | NgramBloomFilter
    | Vector

[<RequireQualifiedAccess>]
module IndexType =
    let all = [ BitmapIndex; Gin; NgramBloomFilter; Vector ]

    let keyword =
        function
        | BitmapIndex -> "BITMAP"
        | Gin -> "GIN"
        | NgramBloomFilter -> "NGRAMBF"
        | Vector -> "VECTOR"

type Index = {
    Name: Name
    Columns: Name list
    Type: IndexType option
    Properties: Map<string, string>
    Comment: string
}

type RawClause = { Clause: string; Text: string }

type Table = {
    Name: QualifiedName
    Temporary: bool
    Columns: Column list
    Indexes: Index list
    Keys: Keys option
    Comment: string
    Partitioning: Partitioning option
    Distribution: Distribution option
    OrderBy: Name list option
    Properties: Map<string, string>
    Unmodelled: RawClause list
}

type ViewColumn = { Name: Name; Comment: string }

[<Struct; StructuralEquality; StructuralComparison>]
type Query =
    private
    | Query of string

    member this.Text =
        let (Query t) = this
        t

[<RequireQualifiedAccess>]
module Query =
    let ofText (text: string) = Query(text.Trim())

    let text (Query t) = t

type ViewSecurity =
    | SecurityNone
    | SecurityInvoker

type View = {
    Name: QualifiedName
    Columns: ViewColumn list
    Comment: string
    Security: ViewSecurity option
    Properties: Map<string, string>
    Query: Query
}

type RefreshMoment =
    | Immediate
    | Deferred

type RefreshScheme =
    | Async of start: string option * every: (int * string) option
    | Manual
    | Incremental

type Refresh = {
    Moment: RefreshMoment option
    Scheme: RefreshScheme
}

type MaterializedView = {
    Name: QualifiedName
    Columns: ViewColumn list
    Indexes: Index list
    Comment: string
    Partitioning: PartitionKey list option
    Distribution: Distribution option
    OrderBy: Name list option
    Refresh: Refresh option
    Properties: Map<string, string>
    Query: Query
}

type SelectItem = { Expression: Expr; Alias: Name option }

type SyncMaterializedView = {
    Name: QualifiedName
    Base: QualifiedName
    Select: SelectItem list
    Where: Expr option
    GroupBy: Expr list
    OrderBy: Expr list
    Comment: string
    Properties: Map<string, string>
}

type SchemaObject =
    | TableObject of Table
    | ViewObject of View
    | MaterializedViewObject of MaterializedView
    | SyncMaterializedViewObject of SyncMaterializedView

[<RequireQualifiedAccess>]
module SchemaObject =
    let name =
        function
        | TableObject t -> t.Name
        | ViewObject v -> v.Name
        | MaterializedViewObject m -> m.Name
        | SyncMaterializedViewObject m -> m.Name

    let kind =
        function
        | TableObject _ -> "table"
        | ViewObject _ -> "view"
        | MaterializedViewObject _ -> "materialized view"
        | SyncMaterializedViewObject _ -> "synchronous materialized view"

    let unmodelled =
        function
        | TableObject t -> t.Unmodelled
        | ViewObject _
        | MaterializedViewObject _
        | SyncMaterializedViewObject _ -> []

type Schema = {
    Tables: Map<QualifiedName, Table>
    Views: Map<QualifiedName, View>
    MaterializedViews: Map<QualifiedName, MaterializedView>
    SyncMaterializedViews: Map<QualifiedName, SyncMaterializedView>
}

[<RequireQualifiedAccess>]
module Schema =
    let empty = {
        Tables = Map.empty
        Views = Map.empty
        MaterializedViews = Map.empty
        SyncMaterializedViews = Map.empty
    }

    let add (o: SchemaObject) (s: Schema) =
        match o with
        | TableObject t -> {
            s with
                Tables = s.Tables.Add(t.Name, t)
          }
        | ViewObject v -> {
            s with
                Views = s.Views.Add(v.Name, v)
          }
        | MaterializedViewObject m -> {
            s with
                MaterializedViews = s.MaterializedViews.Add(m.Name, m)
          }
        | SyncMaterializedViewObject m -> {
            s with
                SyncMaterializedViews = s.SyncMaterializedViews.Add(m.Name, m)
          }

    let objects (s: Schema) : SchemaObject list = [
        yield! s.Tables |> Map.toList |> List.map (snd >> TableObject)
        yield! s.Views |> Map.toList |> List.map (snd >> ViewObject)
        yield! s.MaterializedViews |> Map.toList |> List.map (snd >> MaterializedViewObject)
        yield!
            s.SyncMaterializedViews
            |> Map.toList
            |> List.map (snd >> SyncMaterializedViewObject)
    ]

    let ofDistinct (objects: SchemaObject list) =
        List.fold (fun s o -> add o s) empty objects
