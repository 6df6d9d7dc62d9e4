namespace StarRocks.Schema

/// <summary>A concise way to declare models in code (F#, and the C# builders): small functions over the model's
/// records, piped. Names and type texts are code, not user input: a bad one throws <c>ArgumentException</c> at once;
/// <c>Define.schema</c> checks the whole model (the rules the parser applies).</summary>
/// <example><code>
/// Define.table "orders" [ Define.column "id" "BIGINT" |> Define.notNull; Define.column "amount" "DECIMAL(12, 2)" ]
/// |> Define.primaryKey [ "id" ]
/// |> Define.hashDistributed [ "id" ] (Some 8)
/// |> Define.tableProperty "replication_num" "1"
/// </code></example>
[<RequireQualifiedAccess>]
module Define =
    let private name (text: string) = Name.create text

    /// <summary>A possibly qualified name: <c>"orders"</c> or <c>"sales.orders"</c>.</summary>
    let qualifiedName (text: string) : QualifiedName =
        match text.Split '.' with
        | [| n |] -> QualifiedName.ofName (name n)
        | [| db; n |] -> QualifiedName.inDatabase (name db) (name n)
        | _ -> invalidArg "text" $"'%s{text}': expected name or database.name"

    /// <summary>A .NET member name as a column name: <c>OrderId</c> gives <c>order_id</c>.</summary>
    let snakeCase (memberName: string) =
        let sb = System.Text.StringBuilder()

        memberName
        |> String.iteri (fun i c ->
            if System.Char.IsUpper c && i > 0 && not (System.Char.IsUpper memberName[i - 1]) then
                sb.Append('_') |> ignore

            sb.Append(System.Char.ToLowerInvariant c) |> ignore)

        sb.ToString()

    /// <summary>The StarRocks type a .NET type maps to (<c>long</c> BIGINT, <c>string</c> STRING, <c>DateTime</c>
    /// DATETIME, <c>DateOnly</c> DATE, <c>decimal</c> DECIMAL(38, 9), ...; <c>Nullable&lt;T&gt;</c> as T), if any.</summary>
    let sqlTypeOf (clrType: System.Type) : string option =
        let t =
            match System.Nullable.GetUnderlyingType clrType with
            | null -> clrType
            | inner -> inner

        if t = typeof<bool> then
            Some "BOOLEAN"
        elif t = typeof<sbyte> || t = typeof<byte> then
            Some "TINYINT"
        elif t = typeof<int16> then
            Some "SMALLINT"
        elif t = typeof<int> then
            Some "INT"
        elif t = typeof<int64> then
            Some "BIGINT"
        elif t = typeof<single> then
            Some "FLOAT"
        elif t = typeof<double> then
            Some "DOUBLE"
        elif t = typeof<decimal> then
            Some "DECIMAL(38, 9)"
        elif t = typeof<string> then
            Some "STRING"
        elif t = typeof<System.DateTime> || t = typeof<System.DateTimeOffset> then
            Some "DATETIME"
        elif t = typeof<System.DateOnly> then
            Some "DATE"
        else
            None

    /// <summary>A column of a type written as in SQL (<c>BIGINT</c>, <c>DECIMAL(12, 2)</c>, <c>ARRAY&lt;STRING&gt;</c>).</summary>
    let column (columnName: string) (columnType: string) : Column =
        match Parse.columnType columnType with
        | Ok t -> Column.create (name columnName) t
        | Error d -> invalidArg "columnType" $"'%s{columnType}': %s{d.Message}"

    /// <summary>NOT NULL.</summary>
    let notNull (c: Column) = { c with Nullable = Some false }

    /// <summary>NULL.</summary>
    let nullable (c: Column) = { c with Nullable = Some true }

    /// <summary>DEFAULT "literal".</summary>
    let defaultValue (value: string) (c: Column) = {
        c with
            Value = Some(Default(DefaultValue.Literal value))
    }

    /// <summary>DEFAULT CURRENT_TIMESTAMP.</summary>
    let defaultCurrentTimestamp (c: Column) = {
        c with
            Value = Some(Default(DefaultValue.CurrentTimestamp None))
    }

    /// <summary>AUTO_INCREMENT.</summary>
    let autoIncrement (c: Column) = { c with Value = Some AutoIncrement }

    /// <summary>A generated column: AS expression.</summary>
    let generatedAs (expression: string) (c: Column) = {
        c with
            Value = Some(Generated(Expr.ofText expression))
    }

    /// <summary>The aggregate function of a value column of an AGGREGATE KEY table.</summary>
    let aggregate (a: AggregateType) (c: Column) = { c with Aggregate = Some a }

    /// <summary>The column's comment.</summary>
    let columnComment (text: string) (c: Column) = { c with Comment = text }

    /// <summary>A table of columns; every other option unset (StarRocks's defaults).</summary>
    let table (tableName: string) (columns: Column list) : Table = {
        Name = qualifiedName tableName
        Temporary = false
        Columns = columns
        Indexes = []
        Keys = None
        Comment = ""
        Partitioning = None
        Distribution = None
        OrderBy = None
        Properties = Map.empty
        Unmodelled = []
    }

    /// <summary>Adds a column after the others.</summary>
    let addColumn (c: Column) (t: Table) = { t with Columns = t.Columns @ [ c ] }

    let private keys (model: KeysModel) (columns: string list) (t: Table) = {
        t with
            Keys =
                Some {
                    Model = model
                    Columns = List.map name columns
                }
    }

    /// <summary>DUPLICATE KEY(columns).</summary>
    let duplicateKey columns t = keys Duplicate columns t

    /// <summary>AGGREGATE KEY(columns).</summary>
    let aggregateKey columns t = keys Aggregate columns t

    /// <summary>UNIQUE KEY(columns).</summary>
    let uniqueKey columns t = keys Unique columns t

    /// <summary>PRIMARY KEY(columns).</summary>
    let primaryKey columns t = keys Primary columns t

    /// <summary>DISTRIBUTED BY HASH(columns) [BUCKETS n] (None: automatic buckets).</summary>
    let hashDistributed (columns: string list) (buckets: int option) (t: Table) = {
        t with
            Distribution = Some(Distribution.Hash(List.map name columns, buckets))
    }

    /// <summary>DISTRIBUTED BY RANDOM [BUCKETS n].</summary>
    let randomDistributed (buckets: int option) (t: Table) = {
        t with
            Distribution = Some(Distribution.Random buckets)
    }

    /// <summary>ORDER BY(columns): the sort key.</summary>
    let orderBy (columns: string list) (t: Table) = {
        t with
            OrderBy = Some(List.map name columns)
    }

    /// <summary>PARTITION BY date_trunc('unit', column): partitions created by StarRocks as data arrives.</summary>
    let partitionByDateTrunc (unit: string) (columnName: string) (t: Table) = {
        t with
            Partitioning =
                Some(Partitioning.Expression([ PartitionKey.DateTrunc(unit.ToLowerInvariant(), name columnName) ], []))
    }

    /// <summary>PARTITION BY (columns): one partition per value combination, created by StarRocks.</summary>
    let partitionByColumns (columns: string list) (t: Table) = {
        t with
            Partitioning = Some(Partitioning.Expression(columns |> List.map (name >> PartitionKey.Column), []))
    }

    /// <summary>A property (PROPERTIES ("key" = "value")).</summary>
    let tableProperty (key: string) (value: string) (t: Table) = {
        t with
            Properties = t.Properties.Add(key, value)
    }

    /// <summary>The table's comment.</summary>
    let tableComment (text: string) (t: Table) = { t with Comment = text }

    /// <summary>INDEX name (columns) USING type.</summary>
    let index (indexName: string) (columns: string list) (indexType: IndexType) (t: Table) = {
        t with
            Indexes =
                t.Indexes
                @ [
                    {
                        Name = name indexName
                        Columns = List.map name columns
                        Type = Some indexType
                        Properties = Map.empty
                        Comment = ""
                    }
                ]
    }

    /// <summary>A view of a query.</summary>
    let view (viewName: string) (query: string) : View = {
        Name = qualifiedName viewName
        Columns = []
        Comment = ""
        Security = None
        Properties = Map.empty
        Query = Query.ofText query
    }

    /// <summary>A materialized view of a query, refreshed as given.</summary>
    let materializedView (viewName: string) (refresh: RefreshScheme) (query: string) : MaterializedView = {
        Name = qualifiedName viewName
        Columns = []
        Indexes = []
        Comment = ""
        Partitioning = None
        Distribution = None
        OrderBy = None
        Refresh = Some { Moment = None; Scheme = refresh }
        Properties = Map.empty
        Query = Query.ofText query
    }

    /// <summary>The view's comment.</summary>
    let viewComment (text: string) (v: View) = { v with Comment = text }

    /// <summary>How a materialized view is refreshed.</summary>
    let refresh (scheme: RefreshScheme) (m: MaterializedView) = {
        m with
            Refresh = Some { Moment = None; Scheme = scheme }
    }

    /// <summary>DISTRIBUTED BY HASH(columns) [BUCKETS n] of a materialized view.</summary>
    let materializedViewHashDistributed (columns: string list) (buckets: int option) (m: MaterializedView) = {
        m with
            Distribution = Some(Distribution.Hash(List.map name columns, buckets))
    }

    /// <summary>A property of a materialized view.</summary>
    let materializedViewProperty (key: string) (value: string) (m: MaterializedView) = {
        m with
            Properties = m.Properties.Add(key, value)
    }

    /// <summary>A schema of objects; <c>Error</c> lists invalid objects and names defined twice.</summary>
    let schema (objects: SchemaObject list) : Result<Schema, string list> =
        match
            objects
            |> List.collect (fun o ->
                Validate.schemaObject o
                |> List.map (fun e ->
                    $"%s{SchemaObject.kind o} `%s{QualifiedName.display (SchemaObject.name o)}`: %s{e}"))
        with
        | [] -> Validate.schema objects
        | errors -> Error errors
