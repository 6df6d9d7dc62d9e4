namespace StarRocks.Schema

[<RequireQualifiedAccess>]
module Define =
    let private name (text: string) = Name.create text

    /// What a parser read, or an ArgumentException naming the text and what was expected.
    let private orThrow (parameter: string) (text: string) (parsed: Result<'a, Diagnostic>) =
        match parsed with
        | Ok v -> v
        | Error d -> invalidArg parameter $"'%s{text}': %s{d.Message}"

    let qualifiedName (text: string) : QualifiedName =
        Parse.qualifiedName text |> orThrow "text" text

    let partitionKey (text: string) : PartitionKey =
        Parse.partitionKey text |> orThrow "text" text

    let private expression (text: string) =
        Parse.expression text |> orThrow "expression" text

    let snakeCase (memberName: string) =
        let sb = System.Text.StringBuilder()

        memberName
        |> String.iteri (fun i c ->
            if System.Char.IsUpper c && i > 0 && not (System.Char.IsUpper memberName[i - 1]) then
                sb.Append('_') |> ignore

            sb.Append(System.Char.ToLowerInvariant c) |> ignore)

        sb.ToString()

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

    let column (columnName: string) (columnType: string) : Column =
        Column.create (name columnName) (Parse.columnType columnType |> orThrow "columnType" columnType)

    let notNull (c: Column) = { c with Nullable = Some false }

    let nullable (c: Column) = { c with Nullable = Some true }

    let defaultValue (value: string) (c: Column) = {
        c with
            Value = Some(Default(DefaultValue.Literal value))
    }

    let defaultNull (c: Column) = {
        c with
            Value = Some(Default DefaultValue.Null)
    }

    let defaultCurrentTimestamp (c: Column) = {
        c with
            Value = Some(Default(DefaultValue.CurrentTimestamp None))
    }

    let defaultCurrentTimestampOf (precision: int) (c: Column) = {
        c with
            Value = Some(Default(DefaultValue.CurrentTimestamp(Some precision)))
    }

    let defaultExpression (text: string) (c: Column) = {
        c with
            Value = Some(Default(DefaultValue.Expression(expression text)))
    }

    let defaultLiteral (text: string) (c: Column) = {
        c with
            Value = Some(Default(DefaultValue.Complex(Parse.complexLiteral text |> orThrow "text" text)))
    }

    let autoIncrement (c: Column) = { c with Value = Some AutoIncrement }

    let generatedAs (text: string) (c: Column) = {
        c with
            Value = Some(Generated(expression text))
    }

    let aggregate (a: AggregateType) (c: Column) = { c with Aggregate = Some a }

    let columnComment (text: string) (c: Column) = { c with Comment = text }

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

    let addColumn (c: Column) (t: Table) = { t with Columns = t.Columns @ [ c ] }

    let private keys (model: KeysModel) (columns: string list) (t: Table) = {
        t with
            Keys =
                Some {
                    Model = model
                    Columns = List.map name columns
                }
    }

    let duplicateKey columns t = keys Duplicate columns t

    let aggregateKey columns t = keys Aggregate columns t

    let uniqueKey columns t = keys Unique columns t

    let primaryKey columns t = keys Primary columns t

    let hashDistributed (columns: string list) (buckets: int option) (t: Table) = {
        t with
            Distribution = Some(Distribution.Hash(List.map name columns, buckets))
    }

    let randomDistributed (buckets: int option) (t: Table) = {
        t with
            Distribution = Some(Distribution.Random buckets)
    }

    let rangeDistributed (t: Table) = {
        t with
            Distribution = Some Distribution.Range
    }

    let orderBy (columns: string list) (t: Table) = {
        t with
            OrderBy = Some(List.map name columns)
    }

    let partitionByDateTrunc (unit: string) (columnName: string) (t: Table) = {
        t with
            Partitioning =
                Some(Partitioning.Expression([ PartitionKey.DateTrunc(unit.ToLowerInvariant(), name columnName) ], []))
    }

    let partitionByColumns (columns: string list) (t: Table) = {
        t with
            Partitioning = Some(Partitioning.Expression(columns |> List.map (name >> PartitionKey.Column), []))
    }

    let partitionByWithCreated (keys: string list) (created: RangePartition list) (t: Table) = {
        t with
            Partitioning = Some(Partitioning.Expression(List.map partitionKey keys, created))
    }

    let partitionBy (keys: string list) (t: Table) = partitionByWithCreated keys [] t

    let partitionByClause (clause: string) (t: Table) =
        let clause = "PARTITION BY " + clause

        {
            t with
                Partitioning = Some(Parse.partitioning clause |> orThrow "clause" clause)
        }

    let partitionByRange (keys: string list) (partitions: RangePartition list) (t: Table) = {
        t with
            Partitioning = Some(Partitioning.Range(List.map partitionKey keys, partitions))
    }

    let partitionByList (keys: string list) (partitions: ListPartition list) (t: Table) = {
        t with
            Partitioning = Some(Partitioning.List(List.map partitionKey keys, partitions))
    }

    let lessThan (partitionName: string) (upper: PartitionValue list) =
        LessThan(name partitionName, upper, Map.empty)

    let between (partitionName: string) (lower: PartitionValue list) (upper: PartitionValue list) =
        Fixed(name partitionName, lower, upper, Map.empty)

    let valuesIn (partitionName: string) (values: PartitionValue list) : ListPartition = {
        Name = name partitionName
        Values = List.map List.singleton values
        Properties = Map.empty
    }

    let tableProperty (key: string) (value: string) (t: Table) = {
        t with
            Properties = t.Properties.Add(key, value)
    }

    let tableComment (text: string) (t: Table) = { t with Comment = text }

    let temporary (t: Table) = { t with Temporary = true }

    let indexOf (indexName: string) (columns: string list) (indexType: IndexType option) : Index = {
        Name = name indexName
        Columns = List.map name columns
        Type = indexType
        Properties = Map.empty
        Comment = ""
    }

    let index (indexName: string) (columns: string list) (indexType: IndexType) (t: Table) = {
        t with
            Indexes = t.Indexes @ [ indexOf indexName columns (Some indexType) ]
    }

    let indexProperty (key: string) (value: string) (i: Index) = {
        i with
            Properties = i.Properties.Add(key, value)
    }

    let indexComment (text: string) (i: Index) = { i with Comment = text }

    let unmodelled (clause: string) (text: string) (t: Table) = {
        t with
            Unmodelled = t.Unmodelled @ [ { Clause = clause; Text = text } ]
    }

    let addIndex (i: Index) (t: Table) = { t with Indexes = t.Indexes @ [ i ] }

    let view (viewName: string) (query: string) : View = {
        Name = qualifiedName viewName
        Columns = []
        Comment = ""
        Security = None
        Properties = Map.empty
        Query = Query.ofText query
    }

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

    let viewComment (text: string) (v: View) = { v with Comment = text }

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

    let security (s: ViewSecurity) (v: View) = { v with Security = Some s }

    let viewProperty (key: string) (value: string) (v: View) = {
        v with
            Properties = v.Properties.Add(key, value)
    }

    let refresh (scheme: RefreshScheme) (m: MaterializedView) = {
        m with
            Refresh = Some { Moment = None; Scheme = scheme }
    }

    let refreshMoment (moment: RefreshMoment) (m: MaterializedView) = {
        m with
            Refresh =
                Some {
                    Moment = Some moment
                    Scheme = m.Refresh |> Option.map _.Scheme |> Option.defaultValue Manual
                }
    }

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

    let materializedViewIndex (i: Index) (m: MaterializedView) = { m with Indexes = m.Indexes @ [ i ] }

    let materializedViewComment (text: string) (m: MaterializedView) = { m with Comment = text }

    let materializedViewPartitionBy (keys: string list) (m: MaterializedView) = {
        m with
            Partitioning = Some(List.map partitionKey keys)
    }

    let materializedViewRandomDistributed (buckets: int option) (m: MaterializedView) = {
        m with
            Distribution = Some(Distribution.Random buckets)
    }

    let materializedViewRangeDistributed (m: MaterializedView) = {
        m with
            Distribution = Some Distribution.Range
    }

    let materializedViewOrderBy (columns: string list) (m: MaterializedView) = {
        m with
            OrderBy = Some(List.map name columns)
    }

    let materializedViewHashDistributed (columns: string list) (buckets: int option) (m: MaterializedView) = {
        m with
            Distribution = Some(Distribution.Hash(List.map name columns, buckets))
    }

    let materializedViewProperty (key: string) (value: string) (m: MaterializedView) = {
        m with
            Properties = m.Properties.Add(key, value)
    }

    let syncMaterializedView (viewName: string) (query: string) : SyncMaterializedView =
        let text =
            $"CREATE MATERIALIZED VIEW %s{Lexical.Quote.qualified (qualifiedName viewName)} AS %s{query}"

        match Parse.statement text with
        | Ok(SyncMaterializedViewObject m) -> m
        | Ok o ->
            invalidArg
                (nameof query)
                $"'%s{query}': expected the query of a synchronous materialized view, which makes a %s{SchemaObject.kind o}"
        | Error d -> invalidArg (nameof query) $"'%s{query}': %s{d.Message}"

    let syncMaterializedViewComment (text: string) (m: SyncMaterializedView) = { m with Comment = text }

    let syncMaterializedViewProperty (key: string) (value: string) (m: SyncMaterializedView) = {
        m with
            Properties = m.Properties.Add(key, value)
    }

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
