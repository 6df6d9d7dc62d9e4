namespace StarRocks.Schema

/// <summary>A concise way to declare models in code (F#, and the C# builders): small functions over the model's
/// records, piped. Names, types, partition keys and expressions are written as in SQL and are code, not user input: a
/// bad one throws <c>ArgumentException</c> at once (naming what was expected);
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

    /// What a parser read, or an ArgumentException naming the text and what was expected.
    let private orThrow (parameter: string) (text: string) (parsed: Result<'a, Diagnostic>) =
        match parsed with
        | Ok v -> v
        | Error d -> invalidArg parameter $"'%s{text}': %s{d.Message}"

    /// <summary>A possibly qualified name: <c>"orders"</c>, <c>"sales.orders"</c>, <c>"catalog.sales.orders"</c>;
    /// backtick a part that holds a dot (<c>"sales.`my.table`"</c>).</summary>
    let qualifiedName (text: string) : QualifiedName =
        Parse.qualifiedName text |> orThrow "text" text

    /// <summary>A partition key written as in SQL: a column (<c>"dt"</c>), <c>"date_trunc('day', dt)"</c>,
    /// <c>"time_slice(dt, INTERVAL 1 hour)"</c> or another expression (<c>"str2date(d, '%Y%m%d')"</c>).</summary>
    let partitionKey (text: string) : PartitionKey =
        Parse.partitionKey text |> orThrow "text" text

    let private expression (text: string) =
        Parse.expression text |> orThrow "expression" text

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
        Column.create (name columnName) (Parse.columnType columnType |> orThrow "columnType" columnType)

    /// <summary>NOT NULL.</summary>
    let notNull (c: Column) = { c with Nullable = Some false }

    /// <summary>NULL.</summary>
    let nullable (c: Column) = { c with Nullable = Some true }

    /// <summary>DEFAULT "literal".</summary>
    let defaultValue (value: string) (c: Column) = {
        c with
            Value = Some(Default(DefaultValue.Literal value))
    }

    /// <summary>DEFAULT NULL.</summary>
    let defaultNull (c: Column) = {
        c with
            Value = Some(Default DefaultValue.Null)
    }

    /// <summary>DEFAULT CURRENT_TIMESTAMP.</summary>
    let defaultCurrentTimestamp (c: Column) = {
        c with
            Value = Some(Default(DefaultValue.CurrentTimestamp None))
    }

    /// <summary>DEFAULT CURRENT_TIMESTAMP(precision).</summary>
    let defaultCurrentTimestampOf (precision: int) (c: Column) = {
        c with
            Value = Some(Default(DefaultValue.CurrentTimestamp(Some precision)))
    }

    /// <summary>DEFAULT (expression), e.g. <c>uuid()</c>.</summary>
    let defaultExpression (text: string) (c: Column) = {
        c with
            Value = Some(Default(DefaultValue.Expression(expression text)))
    }

    /// <summary>AUTO_INCREMENT.</summary>
    let autoIncrement (c: Column) = { c with Value = Some AutoIncrement }

    /// <summary>A generated column: AS expression.</summary>
    let generatedAs (text: string) (c: Column) = {
        c with
            Value = Some(Generated(expression text))
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

    /// <summary>PARTITION BY keys with the partitions StarRocks 3.0 prints after them (server-maintained; kept so
    /// that a model read from such a server rebuilds exactly).</summary>
    let partitionByWithCreated (keys: string list) (created: RangePartition list) (t: Table) = {
        t with
            Partitioning = Some(Partitioning.Expression(List.map partitionKey keys, created))
    }

    /// <summary>PARTITION BY keys (expression partitioning: partitions created by StarRocks as data arrives); each
    /// key as in SQL (see <c>partitionKey</c>).</summary>
    let partitionBy (keys: string list) (t: Table) = partitionByWithCreated keys [] t

    /// <summary>PARTITION BY written as in SQL, without the keywords: <c>"date_trunc('day', dt)"</c>,
    /// <c>"RANGE (dt) (START ('2024-01-01') END ('2025-01-01') EVERY (INTERVAL 1 MONTH))"</c>,
    /// <c>"LIST (city) (PARTITION p_cn VALUES IN ('Beijing'))"</c>.</summary>
    let partitionByClause (clause: string) (t: Table) =
        let clause = "PARTITION BY " + clause

        {
            t with
                Partitioning = Some(Parse.partitioning clause |> orThrow "clause" clause)
        }

    /// <summary>PARTITION BY RANGE (keys) (partitions).</summary>
    let partitionByRange (keys: string list) (partitions: RangePartition list) (t: Table) = {
        t with
            Partitioning = Some(Partitioning.Range(List.map partitionKey keys, partitions))
    }

    /// <summary>PARTITION BY LIST (keys) (partitions).</summary>
    let partitionByList (keys: string list) (partitions: ListPartition list) (t: Table) = {
        t with
            Partitioning = Some(Partitioning.List(List.map partitionKey keys, partitions))
    }

    /// <summary>PARTITION p VALUES LESS THAN (values): values as in SQL, <c>MaxValue</c> for MAXVALUE.</summary>
    let lessThan (partitionName: string) (upper: PartitionValue list) =
        LessThan(name partitionName, upper, Map.empty)

    /// <summary>PARTITION p VALUES [(lower), (upper)).</summary>
    let between (partitionName: string) (lower: PartitionValue list) (upper: PartitionValue list) =
        Fixed(name partitionName, lower, upper, Map.empty)

    /// <summary>PARTITION p VALUES IN (values): one value per tuple (a single partition column).</summary>
    let valuesIn (partitionName: string) (values: PartitionValue list) : ListPartition = {
        Name = name partitionName
        Values = List.map List.singleton values
        Properties = Map.empty
    }

    /// <summary>A property (PROPERTIES ("key" = "value")).</summary>
    let tableProperty (key: string) (value: string) (t: Table) = {
        t with
            Properties = t.Properties.Add(key, value)
    }

    /// <summary>The table's comment.</summary>
    let tableComment (text: string) (t: Table) = { t with Comment = text }

    /// <summary>CREATE TEMPORARY TABLE.</summary>
    let temporary (t: Table) = { t with Temporary = true }

    /// <summary>An index definition, <c>INDEX name (columns) USING type</c>; for tables (<c>index</c>) and
    /// materialized views (<c>materializedViewIndex</c>).</summary>
    let indexOf (indexName: string) (columns: string list) (indexType: IndexType option) : Index = {
        Name = name indexName
        Columns = List.map name columns
        Type = indexType
        Properties = Map.empty
        Comment = ""
    }

    /// <summary>INDEX name (columns) USING type.</summary>
    let index (indexName: string) (columns: string list) (indexType: IndexType) (t: Table) = {
        t with
            Indexes = t.Indexes @ [ indexOf indexName columns (Some indexType) ]
    }

    /// <summary>A property of an index, e.g. <c>"parser" = "english"</c> for GIN.</summary>
    let indexProperty (key: string) (value: string) (i: Index) = {
        i with
            Properties = i.Properties.Add(key, value)
    }

    /// <summary>The comment of an index.</summary>
    let indexComment (text: string) (i: Index) = { i with Comment = text }

    /// <summary>A clause the model keeps only as text (ROLLUP, CHARSET), carried through and reported as a warning.</summary>
    let unmodelled (clause: string) (text: string) (t: Table) = {
        t with
            Unmodelled = t.Unmodelled @ [ { Clause = clause; Text = text } ]
    }

    /// <summary>Adds an index definition built with <c>indexOf</c> (with properties or a comment).</summary>
    let addIndex (i: Index) (t: Table) = { t with Indexes = t.Indexes @ [ i ] }

    /// <summary>A view of a query.</summary>
    let view (viewName: string) (query: string) : View = {
        Name = qualifiedName viewName
        Columns = []
        Comment = ""
        Security = None
        Properties = Map.empty
        Query = Query.ofText query
    }

    /// <summary>A materialized view of a query; no REFRESH clause (StarRocks's default, MANUAL) until
    /// <c>refresh</c> gives one. It needs a REFRESH or a DISTRIBUTED BY clause: without either, StarRocks makes a
    /// synchronous materialized view, which the model does not cover (<c>Define.schema</c> says so).</summary>
    let materializedView (viewName: string) (query: string) : MaterializedView = {
        Name = qualifiedName viewName
        Columns = []
        Indexes = []
        Comment = ""
        Partitioning = None
        Distribution = None
        OrderBy = None
        Refresh = None
        Properties = Map.empty
        Query = Query.ofText query
    }

    /// <summary>The view's comment.</summary>
    let viewComment (text: string) (v: View) = { v with Comment = text }

    /// <summary>A column of the view's column list, with its comment (empty for none).</summary>
    let viewColumn (columnName: string) (comment: string) (v: View) = {
        v with
            Columns =
                v.Columns
                @ [
                    {
                        Name = name columnName
                        Comment = comment
                    }
                ]
    }

    /// <summary>SECURITY NONE or INVOKER.</summary>
    let security (s: ViewSecurity) (v: View) = { v with Security = Some s }

    /// <summary>A property of a view.</summary>
    let viewProperty (key: string) (value: string) (v: View) = {
        v with
            Properties = v.Properties.Add(key, value)
    }

    /// <summary>How a materialized view is refreshed.</summary>
    let refresh (scheme: RefreshScheme) (m: MaterializedView) = {
        m with
            Refresh = Some { Moment = None; Scheme = scheme }
    }

    /// <summary>REFRESH DEFERRED or IMMEDIATE with the scheme already set (MANUAL when none was).</summary>
    let refreshMoment (moment: RefreshMoment) (m: MaterializedView) = {
        m with
            Refresh =
                Some {
                    Moment = Some moment
                    Scheme = m.Refresh |> Option.map _.Scheme |> Option.defaultValue Manual
                }
    }

    /// <summary>A column of the materialized view's column list, with its comment (empty for none).</summary>
    let materializedViewColumn (columnName: string) (comment: string) (m: MaterializedView) = {
        m with
            Columns =
                m.Columns
                @ [
                    {
                        Name = name columnName
                        Comment = comment
                    }
                ]
    }

    /// <summary>An index of the materialized view (built with <c>indexOf</c>).</summary>
    let materializedViewIndex (i: Index) (m: MaterializedView) = { m with Indexes = m.Indexes @ [ i ] }

    /// <summary>The materialized view's comment.</summary>
    let materializedViewComment (text: string) (m: MaterializedView) = { m with Comment = text }

    /// <summary>PARTITION BY keys of a materialized view; each key as in SQL (see <c>partitionKey</c>).</summary>
    let materializedViewPartitionBy (keys: string list) (m: MaterializedView) = {
        m with
            Partitioning = Some(List.map partitionKey keys)
    }

    /// <summary>DISTRIBUTED BY RANDOM [BUCKETS n] of a materialized view.</summary>
    let materializedViewRandomDistributed (buckets: int option) (m: MaterializedView) = {
        m with
            Distribution = Some(Distribution.Random buckets)
    }

    /// <summary>ORDER BY (columns) of a materialized view.</summary>
    let materializedViewOrderBy (columns: string list) (m: MaterializedView) = {
        m with
            OrderBy = Some(List.map name columns)
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
