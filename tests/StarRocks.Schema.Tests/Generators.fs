/// FsCheck generators of whole, valid models (valid by construction: key columns first, aggregate functions only
/// under AGGREGATE KEY, partition and distribution columns taken from the table), with a shrinker that keeps them valid.
module StarRocks.Schema.Tests.Generators

open FsCheck
open FsCheck.FSharp
open StarRocks.Schema

let private n = Name.create

/// Name stems that exercise quoting: keywords, spaces, backticks, non-ASCII, mixed case.
let private stems = [
    "id"
    "dt"
    "k"
    "user name"
    "Order"
    "select"
    "a`b"
    "列"
    "value_1"
    "index"
    "comment"
    "x$y"
]

let private stem = Gen.elements stems

/// Distinct names: a stem plus the position.
let private distinctNames count =
    Gen.listOfLength count stem |> Gen.map (List.mapi (fun i s -> n $"%s{s}%d{i}"))

/// Comments and literal values, including quotes, backslashes, line breaks (CR LF too), comment markers, CJK, tabs
/// and the Unicode line separators.
let text =
    Gen.elements [
        ""
        "plain"
        "it's"
        "say \"hi\""
        "back\\slash"
        "two\nlines"
        "crlf\r\nline"
        "-- not a comment"
        "/* nor this */"
        "semi;colon"
        "主键ID"
        "  "
        "tab\there, line\u2028separator, nel\u0085"
    ]

let private keyTypes =
    Gen.oneof [
        Gen.elements [ TinyInt; SmallInt; Int; BigInt; LargeInt; Date; DateTime; Boolean ]
        Gen.choose (1, 255) |> Gen.map Char
        Gen.elements [ 1; 20; 255; 65533; 1048576 ] |> Gen.map Varchar
    ]

let private scalarTypes =
    Gen.oneof [
        keyTypes
        Gen.elements [ Float; Double; Json; Varbinary None; Varbinary(Some 16); Variant ]
        Gen.choose (1, 38)
        |> Gen.bind (fun p -> Gen.choose (0, p) |> Gen.map (fun s -> Decimal(p, s)))
        Gen.elements [ DecimalV2(27, 9); Decimal(76, 10) ]
    ]

/// Column types, nested up to `depth` levels of ARRAY / MAP / STRUCT.
let rec columnType depth : Gen<ColumnType> =
    if depth <= 0 then
        scalarTypes
    else
        let inner = columnType (depth - 1)

        let field i =
            Gen.map3
                (fun s t c -> {
                    Name = n $"%s{s}_f%d{i}"
                    Type = t
                    Comment = c
                })
                stem
                inner
                text

        Gen.frequency [
            6, scalarTypes
            2, inner |> Gen.map Array
            2, Gen.map2 (fun k v -> Map(k, v)) keyTypes inner
            2,
            Gen.choose (1, 3)
            |> Gen.bind (fun count -> [ for i in 0 .. count - 1 -> field i ] |> Gen.sequenceToList)
            |> Gen.map Struct
        ]

let private expressions =
    Gen.elements [
        "`k0` + 1"
        "concat(`a`, 'x,y')"
        "(1 * 2)"
        "array_avg([1, 2])"
        "cast(`k0` AS VARCHAR(10))"
    ]
    |> Gen.map Expr.ofText

/// Complex-type literals nested up to `depth` levels (not typed against the column: the laws compare models).
let rec private complexLiteral depth : Gen<ComplexLiteral> =
    let scalar =
        Gen.oneof [
            Gen.elements [ "0"; "-1"; "2.5"; "1e3" ] |> Gen.map ComplexLiteral.Number
            text |> Gen.map ComplexLiteral.Text
            Gen.elements [
                ComplexLiteral.Boolean true
                ComplexLiteral.Boolean false
                ComplexLiteral.Null
            ]
        ]

    let inner = if depth <= 1 then scalar else complexLiteral (depth - 1)
    let items = Gen.choose (0, 3) |> Gen.bind (fun k -> Gen.listOfLength k inner)

    Gen.oneof [
        items |> Gen.map ComplexLiteral.Array
        Gen.choose (0, 2)
        |> Gen.bind (fun k -> Gen.listOfLength k (Gen.zip inner inner))
        |> Gen.map ComplexLiteral.Map
        Gen.choose (1, 3)
        |> Gen.bind (fun k -> Gen.listOfLength k inner)
        |> Gen.map ComplexLiteral.Row
    ]

/// Aggregate-state types: a function name and one or two arguments with or without NULL / NOT NULL.
let private aggregateStateType =
    Gen.map3
        (fun f t nullable -> AggregateState(f, ({ Type = t; Nullable = nullable }: AggregateStateArgument) :: []))
        (Gen.elements [
            "min_by"
            "array_agg_distinct"
            "ds_theta_count_distinct"
            "percentile_approx_weighted"
        ])
        keyTypes
        (Gen.elements [ None; Some true; Some false ])
    |> Gen.bind (fun t ->
        match t with
        | AggregateState(f, args) ->
            Gen.elements [ t; AggregateState(f, args @ [ { Type = DateTime; Nullable = None } ]) ]
        | other -> Gen.constant other)

let private defaultValue (t: ColumnType) =
    Gen.oneof [
        (match t with
         | Array _
         | Map _
         | Struct _ -> Gen.choose (1, 3) |> Gen.bind complexLiteral |> Gen.map DefaultValue.Complex
         | _ -> Gen.constant DefaultValue.Null)
        text |> Gen.map DefaultValue.Literal
        Gen.constant DefaultValue.Null
        (match t with
         | DateTime -> Gen.elements [ DefaultValue.CurrentTimestamp None; DefaultValue.CurrentTimestamp(Some 6) ]
         | _ -> Gen.constant DefaultValue.Null)
        Gen.elements [ "uuid()"; "uuid_numeric()" ]
        |> Gen.map (Expr.ofText >> DefaultValue.Expression)
    ]

let private aggregateFor (t: ColumnType) =
    match t with
    | Hll -> Gen.constant HllUnion
    | Bitmap -> Gen.constant BitmapUnion
    | Percentile -> Gen.constant PercentileUnion
    | _ -> Gen.elements [ Sum; Min; Max; Replace; ReplaceIfNotNull ]

let private column (name: Name) (t: ColumnType) (nullable: Gen<bool option>) (value: Gen<ValueSource option>) =
    Gen.map3
        (fun nl v c -> {
            Column.create name t with
                Nullable = nl
                Value = v
                Comment = c
        })
        nullable
        value
        text

let private anyNullable = Gen.elements [ None; Some true; Some false ]

let private plainValue t =
    Gen.frequency [ 3, Gen.constant None; 2, defaultValue t |> Gen.map (Default >> Some) ]

let private partitionValue =
    Gen.frequency [ 5, text |> Gen.map Value; 1, Gen.constant MaxValue ]

let private properties =
    let key =
        Gen.elements [
            "replication_num"
            "compression"
            "bloom_filter_columns"
            "odd \"key\""
            "session.x"
        ]

    // Validate checks replication_num (1..32767) and the columns bloom_filter_columns names; other values are free.
    let value k =
        match k with
        | "replication_num" -> Gen.elements [ "1"; "3"; "32767" ]
        | "bloom_filter_columns" -> Gen.constant ""
        | _ -> text

    Gen.listOf (key |> Gen.bind (fun k -> value k |> Gen.map (fun v -> k, v)))
    |> Gen.map (List.truncate 3 >> Map.ofList)

let private every =
    Gen.oneof [
        Gen.map2
            (fun c u -> Interval(c, u))
            (Gen.choose (1, 12))
            (Gen.elements [ "HOUR"; "DAY"; "WEEK"; "MONTH"; "YEAR" ])
        Gen.choose (1, 100) |> Gen.map Step
    ]

let private rangePartitions (width: int) =
    Gen.choose (0, 3)
    |> Gen.bind (fun count ->
        [
            for i in 0 .. count - 1 ->
                let name = n $"p%d{i}"

                Gen.frequency [
                    3,
                    Gen.map2
                        (fun upper props -> LessThan(name, upper, props))
                        (Gen.listOfLength width partitionValue)
                        (Gen.frequency [ 3, Gen.constant Map.empty; 1, properties ])
                    3,
                    Gen.map3
                        (fun lower upper props -> Fixed(name, lower, upper, props))
                        (Gen.listOfLength width partitionValue)
                        (Gen.listOfLength width partitionValue)
                        (Gen.frequency [ 3, Gen.constant Map.empty; 1, properties ])
                    1, Gen.map3 (fun s e ev -> Batch(s, e, ev)) text text every
                ]
        ]
        |> Gen.sequenceToList)

let private listPartitions (width: int) =
    let v = Gen.frequency [ 5, text |> Gen.map Value; 1, Gen.constant NullValue ]

    Gen.choose (0, 3)
    |> Gen.bind (fun count ->
        [
            for i in 0 .. count - 1 ->
                Gen.map2
                    (fun values props -> {
                        Name = n $"l%d{i}"
                        Values = values
                        Properties = props
                    })
                    (Gen.nonEmptyListOf (Gen.listOfLength width v) |> Gen.map (List.truncate 3))
                    (Gen.frequency [ 3, Gen.constant Map.empty; 1, properties ])
        ]
        |> Gen.sequenceToList)

let private expressionKeys (keyCols: Name list) =
    let first = List.head keyCols

    Gen.oneof [
        Gen.elements [ "day"; "month"; "year"; "hour" ]
        |> Gen.map (fun u -> [ PartitionKey.DateTrunc(u, first) ])
        Gen.map3
            (fun i u b -> [ PartitionKey.TimeSlice(first, i, u, b) ])
            (Gen.choose (1, 10))
            (Gen.elements [ "hour"; "day"; "month" ])
            (Gen.elements [ None; Some "floor"; Some "ceil" ])
        Gen.subListOf keyCols
        |> Gen.map (fun cols ->
            if List.isEmpty cols then
                [ PartitionKey.Column first ]
            else
                List.map PartitionKey.Column cols)
        Gen.elements [
            "from_unixtime(`ts`)"
            "str2date(`d`, '%Y%m%d')"
            "CAST(substr(`b`, 3, 11) AS BIGINT)"
        ]
        |> Gen.map (fun e -> [ PartitionKey.Expression(Expr.ofText e); PartitionKey.Column first ])
    ]

let private partitioning (keyCols: Name list) =
    let width = min 2 (List.length keyCols)
    let columnsKeys = keyCols |> List.truncate width |> List.map PartitionKey.Column

    Gen.frequency [
        2, Gen.constant None
        2,
        rangePartitions width
        |> Gen.map (fun parts -> Some(Partitioning.Range(columnsKeys, parts)))
        2,
        listPartitions width
        |> Gen.map (fun parts -> Some(Partitioning.List(columnsKeys, parts)))
        3,
        Gen.map2
            (fun keys created -> Some(Partitioning.Expression(keys, created)))
            (expressionKeys keyCols)
            (Gen.frequency [ 4, Gen.constant []; 1, rangePartitions 1 ])
    ]

let private buckets =
    Gen.frequency [ 2, Gen.constant None; 3, Gen.choose (1, 64) |> Gen.map Some ]

let private distribution (model: KeysModel option) (keyCols: Name list) =
    let hash =
        Gen.map2
            (fun cols b -> Some(Distribution.Hash((if List.isEmpty cols then [ List.head keyCols ] else cols), b)))
            (Gen.subListOf keyCols)
            buckets

    match model with
    | None
    | Some Duplicate ->
        Gen.frequency [
            1, Gen.constant None
            3, hash
            2, buckets |> Gen.map (Distribution.Random >> Some)
        ]
    | Some _ -> Gen.frequency [ 1, Gen.constant None; 4, hash ]

let private index (columns: Name list) (i: int) =
    let indexType =
        Gen.elements [ None; Some BitmapIndex; Some Gin; Some NgramBloomFilter; Some Vector ]

    Gen.map4
        (fun t c props comment -> {
            Name = n $"idx%d{i}"
            Columns = [ c ]
            Type = t
            Properties = (if t.IsSome then props else Map.empty)
            Comment = comment
        })
        indexType
        (Gen.elements columns)
        (Gen.frequency [ 2, Gen.constant Map.empty; 1, properties ])
        text

let private indexes (columns: Name list) =
    Gen.frequency [ 2, Gen.constant 0; 2, Gen.constant 1; 1, Gen.constant 2 ]
    |> Gen.bind (fun count -> [ for i in 0 .. count - 1 -> index columns i ] |> Gen.sequenceToList)

let private qualifiedName prefix =
    Gen.map3
        (fun s db catalog -> {
            Catalog = (if db then catalog else None)
            Database = (if db then Some(n "sales") else None)
            Name = n $"%s{prefix}%s{s}"
        })
        stem
        (Gen.elements [ false; true ])
        (Gen.elements [ None; Some(n "default_catalog") ])

/// A valid table.
let table: Gen<Table> =
    gen {
        let! model =
            Gen.elements [ None; Some Duplicate; Some Aggregate; Some Unique; Some Primary ]

        let! keyCount = Gen.choose (1, 3)
        let! valueCount = Gen.choose (0, 4)
        let! names = distinctNames (keyCount + valueCount)
        let keyNames = List.truncate keyCount names
        let valueNames = List.skip keyCount names
        // PRIMARY KEY columns: BOOLEAN, integers, LARGEINT, VARCHAR, DATE, DATETIME (no CHAR).
        let! keyTypes =
            Gen.listOfLength
                keyCount
                (match model with
                 | Some Primary -> keyTypes |> Gen.filter (fun t -> not t.IsChar)
                 | _ -> keyTypes)

        let keyNullable =
            match model with
            | Some Primary -> Gen.elements [ None; Some false ]
            | _ -> anyNullable

        let! keyColumns =
            List.zip keyNames keyTypes
            |> List.map (fun (name, t) -> column name t keyNullable (plainValue t))
            |> Gen.sequenceToList

        let! depth = Gen.choose (0, 3)
        let! valueTypes = Gen.listOfLength valueCount (columnType depth)
        let! autoIncrementAt = Gen.choose (-1, valueCount)
        let! generatedLast = Gen.elements [ false; false; true ]

        let! valueColumns =
            List.zip valueNames valueTypes
            |> List.mapi (fun i (name, t) ->
                match model with
                | Some Aggregate when i = 1 ->
                    Gen.oneof [
                        Gen.map2
                            (fun c a -> { c with Aggregate = Some a })
                            (column name t anyNullable (plainValue t))
                            (aggregateFor t)
                        aggregateStateType
                        |> Gen.bind (fun st -> column name st anyNullable (Gen.constant None))
                    ]
                | Some Aggregate ->
                    let aggT = if i = 0 then Hll else t

                    Gen.map2
                        (fun c a -> { c with Aggregate = Some a })
                        (column name aggT anyNullable (plainValue aggT))
                        (aggregateFor aggT)
                | _ when i = autoIncrementAt ->
                    column name BigInt (Gen.elements [ None; Some false ]) (Gen.constant (Some AutoIncrement))
                | _ when generatedLast && i = valueCount - 1 ->
                    column name t anyNullable (expressions |> Gen.map (Generated >> Some))
                | _ -> column name t anyNullable (plainValue t))
            |> Gen.sequenceToList

        let columns = keyColumns @ valueColumns
        let allNames = List.map (fun (c: Column) -> c.Name) columns
        let! part = partitioning keyNames
        let! dist = distribution model keyNames

        // AGGREGATE and UNIQUE tables sort by their key columns (any order); PRIMARY KEY tables by columns of the
        // primary key types.
        let sortable =
            match model with
            | Some Aggregate
            | Some Unique -> keyNames
            | Some Primary ->
                columns
                |> List.filter (fun c -> Validate.primaryKeyType c.Type)
                |> List.map (fun c -> c.Name)
            | Some Duplicate
            | None -> allNames

        let! order =
            match model with
            | Some Aggregate
            | Some Unique ->
                Gen.frequency [
                    3, Gen.constant None
                    1, Gen.shuffle keyNames |> Gen.map (Array.toList >> Some)
                ]
            | _ ->
                Gen.frequency [
                    3, Gen.constant None
                    1, Gen.nonEmptyListOf (Gen.elements sortable) |> Gen.map (List.distinct >> Some)
                ]

        let! idx = indexes allNames
        let! props = properties
        let! comment = text
        let! temporary = Gen.frequency [ 5, Gen.constant false; 1, Gen.constant true ]

        let! unmodelled =
            Gen.frequency [
                8, Gen.constant []
                1,
                Gen.constant [
                    {
                        Clause = "CHARSET"
                        Text = "DEFAULT CHARSET = utf8"
                    }
                ]
            ]

        let! name = qualifiedName "t_"

        let t = {
            Name = name
            Temporary = temporary
            Columns = columns
            Indexes = []
            Keys = model |> Option.map (fun m -> { Model = m; Columns = keyNames })
            Comment = comment
            Partitioning = part
            Distribution = dist
            OrderBy = order
            Properties = props
            Unmodelled = unmodelled
        }

        // Index kinds fit some column types and key models only (Validate knows which): keep the indexes the
        // table accepts, one per column list.
        let fits (t: Table) (i: Index) =
            List.isEmpty (Validate.table { t with Indexes = [ i ] })

        // A VECTOR index needs an ARRAY<FLOAT> NOT NULL column of a DUPLICATE or PRIMARY KEY table: one is added
        // (before the generated column, which must stay last) for the first VECTOR index.
        let t, idx =
            match model, idx |> List.tryFindIndex (fun i -> i.Type = Some Vector) with
            | (None | Some Duplicate | Some Primary), Some at ->
                let vec = {
                    Column.create (n $"vec%d{List.length columns}") (Array Float) with
                        Nullable = Some false
                }

                let ordinary = t.Columns |> List.filter (Column.isGenerated >> not)
                let generated = t.Columns |> List.filter Column.isGenerated

                {
                    t with
                        Columns = ordinary @ [ vec ] @ generated
                },
                idx
                |> List.mapi (fun j i -> if j = at then { i with Columns = [ vec.Name ] } else i)
            | _ -> t, idx

        let kept =
            idx
            |> List.filter (fits t)
            |> List.distinctBy (fun i -> i.Columns |> List.map (fun c -> (Name.value c).ToLowerInvariant()))

        return { t with Indexes = kept }
    }

/// Queries that exercise the splitter: strings with ';', comments, nested parentheses, CR LF.
let query =
    Gen.elements [
        "SELECT 1"
        "SELECT `a`, 'x;y' AS s FROM `db`.`t` WHERE (b > (1 + 2))"
        "select k1, v1 -- trailing note\nfrom t1"
        "SELECT /* why; */ count(*) FROM t GROUP BY k"
        "(\r\n  SELECT \"q\" AS c\r\n)"
    ]
    |> Gen.map Query.ofText

let private viewColumns =
    Gen.choose (0, 3)
    |> Gen.bind distinctNames
    |> Gen.bind (fun names ->
        names
        |> List.map (fun name -> text |> Gen.map (fun c -> { Name = name; Comment = c }))
        |> Gen.sequenceToList)

/// A valid view.
let view: Gen<View> =
    gen {
        let! name = qualifiedName "v_"
        let! cols = viewColumns
        let! comment = text
        let! security = Gen.elements [ None; Some SecurityNone; Some SecurityInvoker ]
        let! props = Gen.frequency [ 4, Gen.constant Map.empty; 1, properties ]
        let! q = query

        return {
            Name = name
            Columns = cols
            Comment = comment
            Security = security
            Properties = props
            Query = q
        }
    }

let private refresh =
    let scheme =
        Gen.frequency [
            3,
            Gen.map2
                (fun s e -> Async(s, e))
                (Gen.elements [ None; Some "2026-01-01 00:00:00" ])
                (Gen.oneof [
                    Gen.constant None
                    Gen.map2
                        (fun i u -> Some(i, u))
                        (Gen.choose (1, 30))
                        (Gen.elements [ "SECOND"; "MINUTE"; "HOUR"; "DAY" ])
                ])
            2, Gen.constant Manual
            1, Gen.constant Incremental
        ]

    Gen.map2 (fun m s -> { Moment = m; Scheme = s }) (Gen.elements [ None; Some Immediate; Some Deferred ]) scheme

/// A valid asynchronous materialized view (REFRESH or DISTRIBUTED BY always present).
let materializedView: Gen<MaterializedView> =
    gen {
        let! name = qualifiedName "mv_"
        let! cols = viewColumns
        let names = cols |> List.map (fun c -> c.Name)
        let! comment = text

        let! idx =
            if List.isEmpty names then
                Gen.constant []
            else
                indexes names

        let keysOf = if List.isEmpty names then [ n "k" ] else names

        let! part =
            if List.isEmpty names then
                Gen.constant None
            else
                Gen.frequency [ 2, Gen.constant None; 2, expressionKeys keysOf |> Gen.map Some ]

        let! dist =
            if List.isEmpty names then
                Gen.elements [ None; Some(Distribution.Random None); Some(Distribution.Random(Some 4)) ]
            else
                distribution (Some Duplicate) keysOf

        let! order =
            if List.isEmpty names then
                Gen.constant None
            else
                Gen.frequency [
                    3, Gen.constant None
                    1, Gen.elements names |> Gen.map (List.singleton >> Some)
                ]

        let! r = refresh
        let! refreshGiven = Gen.frequency [ 4, Gen.constant true; 1, Gen.constant false ]
        let! props = properties
        let! q = query

        return {
            Name = name
            Columns = cols
            Indexes = idx
            Comment = comment
            Partitioning = part
            Distribution = dist
            OrderBy = order
            Refresh = (if refreshGiven || dist.IsNone then Some r else None)
            Properties = props
            Query = q
        }
    }

/// A synchronous materialized view over table t: its first column grouped, a count of a column, sometimes a WHERE
/// and an ORDER BY (every column backticked, so the columns it reads are its backticked names).
let syncMaterializedViewOver (t: Table) : Gen<SyncMaterializedView> =
    gen {
        let quote (c: Name) = Lexical.Quote.identifier c
        let first = quote t.Columns.Head.Name
        let! other = Gen.elements (t.Columns |> List.map (fun c -> quote c.Name))
        let! name = stem
        let! where = Gen.elements [ None; Some(Expr.ofText $"%s{first} IS NOT NULL") ]
        let! ordered = Gen.elements [ false; true ]
        let! comment = Gen.frequency [ 3, Gen.constant ""; 1, text ]

        let! props =
            Gen.frequency [
                3, Gen.constant Map.empty
                1, Gen.constant (Map.ofList [ "replication_num", "1" ])
            ]

        return {
            Name = QualifiedName.ofName (n $"smv_%s{name}")
            Base = t.Name
            Select = [
                {
                    Expression = Expr.ofText first
                    Alias = None
                }
                {
                    Expression = Expr.ofText $"count(%s{other})"
                    Alias = Some(n "cnt")
                }
            ]
            Where = where
            GroupBy = [ Expr.ofText first ]
            OrderBy = (if ordered then [ Expr.ofText first ] else [])
            Comment = comment
            Properties = props
        }
    }

/// Any valid schema object; tables are the most frequent.
let schemaObject: Gen<SchemaObject> =
    Gen.frequency [
        3, table |> Gen.map TableObject
        1, view |> Gen.map ViewObject
        2, materializedView |> Gen.map MaterializedViewObject
        1, table |> Gen.bind syncMaterializedViewOver |> Gen.map SyncMaterializedViewObject
    ]

/// Simpler variants of a table, each still valid.
let private shrinkTable (t: Table) : Table seq =
    seq {
        if not (List.isEmpty t.Indexes) then
            { t with Indexes = [] }

        if not (Map.isEmpty t.Properties) then
            { t with Properties = Map.empty }

        if t.Partitioning.IsSome then
            { t with Partitioning = None }

        if t.Distribution.IsSome then
            { t with Distribution = None }

        if t.OrderBy.IsSome then
            { t with OrderBy = None }

        if t.Comment <> "" then
            { t with Comment = "" }

        if not (List.isEmpty t.Unmodelled) then
            { t with Unmodelled = [] }

        if t.Columns.Length > 1 then
            {
                t with
                    Columns = List.take (t.Columns.Length - 1) t.Columns
            }

        {
            t with
                Columns = t.Columns |> List.map (fun c -> { c with Comment = ""; Value = None })
        }
    }

/// Shrinks an object to simpler valid objects.
let shrink (o: SchemaObject) : SchemaObject seq =
    match o with
    | TableObject t -> shrinkTable t |> Seq.map TableObject
    | ViewObject v ->
        seq {
            if not (List.isEmpty v.Columns) then
                ViewObject { v with Columns = [] }

            if v.Comment <> "" then
                ViewObject { v with Comment = "" }
        }
    | MaterializedViewObject m ->
        seq {
            if not (Map.isEmpty m.Properties) then
                MaterializedViewObject { m with Properties = Map.empty }

            if m.Partitioning.IsSome then
                MaterializedViewObject { m with Partitioning = None }
        }
    | SyncMaterializedViewObject m ->
        seq {
            if m.Where.IsSome || not (List.isEmpty m.OrderBy) then
                SyncMaterializedViewObject { m with Where = None; OrderBy = [] }

            if m.Comment <> "" || not m.Properties.IsEmpty then
                SyncMaterializedViewObject {
                    m with
                        Comment = ""
                        Properties = Map.empty
                }
        }
    |> Seq.filter Validate.isValid

/// The arbitrary used by the laws.
let arbitrary: Arbitrary<SchemaObject> = Arb.fromGenShrink (schemaObject, shrink)

// ---------------------------------------------------------------------------------------------------------------
// Schema pairs for the diff: b is a made from a by random edits

/// A generated change of a schema: its label (for classification) and the new schema, options and renames.
type Edit = string * (DiffOptions -> Schema -> Gen<(DiffOptions * Schema) option>)

let private valid (o: SchemaObject) = Validate.isValid o

let private pickTable (s: Schema) =
    if s.Tables.IsEmpty then
        Gen.constant None
    else
        Gen.elements (s.Tables |> Map.toList |> List.map snd) |> Gen.map Some

let private replaceTable (s: Schema) (t: Table) =
    if valid (TableObject t) then
        Some(Schema.add (TableObject t) s)
    else
        None

let private onTable (f: Table -> Gen<Table option>) (o: DiffOptions) (s: Schema) =
    pickTable s
    |> Gen.bind (function
        | None -> Gen.constant None
        | Some t -> f t |> Gen.map (Option.bind (replaceTable s) >> Option.map (fun s -> o, s)))

let private isKey (t: Table) (c: Column) =
    t.Keys |> Option.exists (fun k -> k.Columns |> List.exists (Name.same c.Name))

let private valueColumns (t: Table) =
    t.Columns |> List.filter (fun c -> not (isKey t c))

let private withColumn (t: Table) (c: Column) = {
    t with
        Columns = t.Columns |> List.map (fun x -> if Name.same x.Name c.Name then c else x)
}

let private someValueColumn (t: Table) (f: Column -> Gen<Column option>) =
    match valueColumns t with
    | [] -> Gen.constant None
    | cols -> Gen.elements cols |> Gen.bind f |> Gen.map (Option.map (withColumn t))

let rec private widened =
    function
    | TinyInt -> Some SmallInt
    | SmallInt -> Some Int
    | Int -> Some BigInt
    | BigInt -> Some LargeInt
    | Float -> Some Double
    | Varchar l when l < 65533 -> Some(Varchar(l + 10))
    | Char l -> Some(Varchar(l + 1))
    | Decimal(p, s) when p < 70 -> Some(Decimal(p + 2, s))
    | Date -> Some DateTime
    | _ -> None

let private tableEdits: Edit list = [
    // range distribution exists on 4.1+ shared-data servers only, for a table with a key clause or ORDER BY: the edit
    // moves the options there (the reverse plan covers range -> HASH / RANDOM / unset)
    "range distribution (4.1+ shared-data)",
    (fun o s ->
        let o = {
            o with
                ServerVersion = ServerVersion.create 4 1 0
                RunMode = SharedData
        }

        onTable
            (fun t ->
                Gen.constant (
                    if (t.Keys.IsSome || t.OrderBy.IsSome) && t.Distribution <> Some Distribution.Range then
                        Some {
                            t with
                                Distribution = Some Distribution.Range
                        }
                    else
                        None
                ))
            o
            s)
    "add a value column",
    onTable (fun t ->
        Gen.map3
            (fun ty comment at ->
                let c = {
                    Column.create (n $"added%d{List.length t.Columns}") ty with
                        Nullable = Some true
                        Comment = comment
                        Aggregate =
                            (match t.Keys with
                             | Some { Model = Aggregate } -> Some Replace
                             | _ -> None)
                }

                let keyCount =
                    t.Keys |> Option.map (fun k -> k.Columns.Length) |> Option.defaultValue 0

                let at = max keyCount (min at t.Columns.Length)

                Some {
                    t with
                        Columns = List.insertAt at c t.Columns
                })
            (Gen.elements [ Int; BigInt; Varchar 32; Double; Date ])
            text
            (Gen.choose (0, 8)))
    "drop a value column",
    onTable (fun t ->
        match valueColumns t with
        | [] -> Gen.constant None
        | cols ->
            Gen.elements cols
            |> Gen.map (fun c ->
                Some {
                    t with
                        Columns = t.Columns |> List.filter (fun x -> x <> c)
                        OrderBy = t.OrderBy |> Option.map (List.filter (fun x -> not (Name.same x c.Name)))
                        Indexes =
                            t.Indexes
                            |> List.filter (fun ix -> not (ix.Columns |> List.exists (Name.same c.Name)))
                }))
    "widen a column type",
    onTable (fun t ->
        match t.Columns |> List.filter (fun c -> (widened c.Type).IsSome) with
        | [] -> Gen.constant None
        | cols ->
            Gen.elements cols
            |> Gen.map (fun c -> Some(withColumn t { c with Type = (widened c.Type).Value })))
    "change a column type incompatibly",
    onTable (fun t ->
        someValueColumn t (fun c ->
            Gen.constant (
                Some {
                    c with
                        Type = (if c.Type = Json then Int else Json)
                }
            )))
    "change a column comment",
    onTable (fun t ->
        Gen.elements t.Columns
        |> Gen.bind (fun c -> text |> Gen.map (fun x -> Some(withColumn t { c with Comment = x + "!" }))))
    "flip a value column's nullability",
    onTable (fun t ->
        someValueColumn t (fun c ->
            Gen.constant (
                Some {
                    c with
                        Nullable = Some(not (c.Nullable |> Option.defaultValue true))
                }
            )))
    "change a default",
    onTable (fun t ->
        someValueColumn t (fun c ->
            match c.Value with
            | Some AutoIncrement
            | Some(Generated _) -> Gen.constant None
            | _ ->
                Gen.constant (
                    Some {
                        c with
                            Value = Some(Default(DefaultValue.Literal "7"))
                    }
                )))
    "swap two value columns",
    onTable (fun t ->
        match valueColumns t with
        | a :: b :: _ ->
            let swapped =
                t.Columns
                |> List.map (fun c ->
                    if c = a then b
                    elif c = b then a
                    else c)

            Gen.constant (Some { t with Columns = swapped })
        | _ -> Gen.constant None)
    "add a STRUCT field",
    onTable (fun t ->
        match t.Columns |> List.tryFind (fun c -> c.Type.IsStruct) with
        | Some({ Type = Struct fields } as c) ->
            let f = {
                Name = n $"f%d{fields.Length}"
                Type = Int
                Comment = ""
            }

            Gen.constant (Some(withColumn t { c with Type = Struct(fields @ [ f ]) }))
        | _ -> Gen.constant None)
    "drop a STRUCT field",
    onTable (fun t ->
        match
            t.Columns
            |> List.tryFind (fun c ->
                (match c.Type with
                 | Struct(_ :: _ :: _) -> true
                 | _ -> false))
        with
        | Some({ Type = Struct(_ :: rest) } as c) -> Gen.constant (Some(withColumn t { c with Type = Struct rest }))
        | _ -> Gen.constant None)
    "change the table comment", onTable (fun t -> text |> Gen.map (fun c -> Some { t with Comment = c + "." }))
    "set a property",
    onTable (fun t ->
        Gen.elements [
            "replication_num", "1"
            "bloom_filter_columns", ""
            "dynamic_partition.enable", "false"
            "compression", "ZSTD"
        ]
        |> Gen.map (fun (k, v) ->
            Some {
                t with
                    Properties = t.Properties.Add(k, v)
            }))
    "change the buckets",
    onTable (fun t ->
        match t.Distribution with
        | Some(Distribution.Hash(cols, b)) ->
            Gen.constant (
                Some {
                    t with
                        Distribution = Some(Distribution.Hash(cols, Some((defaultArg b 1) + 3)))
                }
            )
        | Some(Distribution.Random b) ->
            Gen.constant (
                Some {
                    t with
                        Distribution = Some(Distribution.Random(Some((defaultArg b 1) + 3)))
                }
            )
        | Some Distribution.Range
        | None -> Gen.constant None)
    "change the sort key",
    onTable (fun t ->
        match t.Columns with
        | first :: _ :: _ -> Gen.constant (Some { t with OrderBy = Some [ first.Name ] })
        | _ -> Gen.constant None)
    "add a partition",
    onTable (fun t ->
        match t.Partitioning with
        | Some(Partitioning.Range(keys, parts)) ->
            let p =
                Fixed(n "pnew", List.map (fun _ -> Value "a") keys, List.map (fun _ -> Value "b") keys, Map.empty)

            Gen.constant (
                Some {
                    t with
                        Partitioning = Some(Partitioning.Range(keys, parts @ [ p ]))
                }
            )
        | Some(Partitioning.List(keys, parts)) ->
            let p = {
                Name = n "lnew"
                Values = [ List.map (fun _ -> Value "new") keys ]
                Properties = Map.empty
            }

            Gen.constant (
                Some {
                    t with
                        Partitioning = Some(Partitioning.List(keys, parts @ [ p ]))
                }
            )
        | _ -> Gen.constant None)
    "drop a partition",
    onTable (fun t ->
        match t.Partitioning with
        | Some(Partitioning.Range(keys, _ :: rest)) ->
            Gen.constant (
                Some {
                    t with
                        Partitioning = Some(Partitioning.Range(keys, rest))
                }
            )
        | Some(Partitioning.List(keys, _ :: rest)) ->
            Gen.constant (
                Some {
                    t with
                        Partitioning = Some(Partitioning.List(keys, rest))
                }
            )
        | _ -> Gen.constant None)
    "add an index",
    onTable (fun t ->
        Gen.elements t.Columns
        |> Gen.map (fun c ->
            Some {
                t with
                    Indexes =
                        t.Indexes
                        @ [
                            {
                                Name = n "idx_new"
                                Columns = [ c.Name ]
                                Type = Some BitmapIndex
                                Properties = Map.empty
                                Comment = ""
                            }
                        ]
            }))
    "drop an index",
    onTable (fun t ->
        match t.Indexes with
        | _ :: rest -> Gen.constant (Some { t with Indexes = rest })
        | [] -> Gen.constant None)
    "change the key model",
    onTable (fun t ->
        match t.Keys with
        | Some({ Model = Duplicate } as k) when t.Columns |> List.forall (fun c -> c.Aggregate.IsNone) ->
            Gen.constant (
                Some {
                    t with
                        Keys = Some { k with Model = Unique }
                }
            )
        | _ -> Gen.constant None)
    "rename a column (declared)",
    fun o s ->
        pickTable s
        |> Gen.map (
            Option.bind (fun t ->
                match valueColumns t |> List.filter (fun c -> not (Column.isServerMaintained c)) with
                | c :: _ ->
                    let renamed = n (Name.value c.Name + "_r")

                    Apply.operation (RenameColumn(t.Name, c.Name, renamed)) s
                    |> Result.toOption
                    |> Option.map (fun s2 ->
                        {
                            o with
                                Renames = ColumnRenamed(t.Name, renamed, c.Name) :: o.Renames
                        },
                        s2)
                | [] -> None)
        )
    "rename the table (declared)",
    fun o s ->
        pickTable s
        |> Gen.map (
            Option.bind (fun t ->
                let q = {
                    t.Name with
                        Name = n (Name.value t.Name.Name + "_renamed")
                }

                if s.Tables.ContainsKey q then
                    None
                else
                    Some(
                        {
                            o with
                                Renames = TableRenamed(q, t.Name.Name) :: o.Renames
                        },
                        Schema.add (TableObject { t with Name = q }) {
                            s with
                                Tables = s.Tables.Remove t.Name
                                SyncMaterializedViews =
                                    s.SyncMaterializedViews
                                    |> Map.map (fun _ m -> if m.Base = t.Name then { m with Base = q } else m)
                        }
                    ))
        )
    "drop a table",
    fun o s ->
        pickTable s
        |> Gen.map (
            Option.map (fun t ->
                o,
                {
                    s with
                        Tables = s.Tables.Remove t.Name
                        SyncMaterializedViews = s.SyncMaterializedViews |> Map.filter (fun _ m -> m.Base <> t.Name)
                })
        )
    "create a table",
    fun o s ->
        table
        |> Gen.map (fun t ->
            let t = {
                t with
                    Name = QualifiedName.ofName (n $"created%d{s.Tables.Count}")
            }

            if s.Tables.ContainsKey t.Name then
                None
            else
                Some(o, Schema.add (TableObject t) s))
]

let private pickView (s: Schema) =
    if s.Views.IsEmpty then
        Gen.constant None
    else
        Gen.elements (s.Views |> Map.toList |> List.map snd) |> Gen.map Some

let private pickMaterializedView (s: Schema) =
    if s.MaterializedViews.IsEmpty then
        Gen.constant None
    else
        Gen.elements (s.MaterializedViews |> Map.toList |> List.map snd) |> Gen.map Some

/// A query reading one of the schema's tables (so the plan has dependencies to order).
let private queryOver (s: Schema) =
    if s.Tables.IsEmpty then
        query
    else
        Gen.elements (s.Tables |> Map.toList |> List.map fst)
        |> Gen.map (fun q ->
            let quoted (x: Name) =
                "`" + (Name.value x).Replace("`", "``") + "`"

            let db =
                q.Database |> Option.map (fun d -> quoted d + ".") |> Option.defaultValue ""

            Query.ofText $"SELECT * FROM %s{db}%s{quoted q.Name}")

let private onView (f: View -> Gen<View>) (o: DiffOptions) (s: Schema) =
    pickView s
    |> Gen.bind (function
        | None -> Gen.constant None
        | Some v -> f v |> Gen.map (fun v -> Some(o, Schema.add (ViewObject v) s)))

let private onMaterializedView (f: MaterializedView -> Gen<MaterializedView>) (o: DiffOptions) (s: Schema) =
    pickMaterializedView s
    |> Gen.bind (function
        | None -> Gen.constant None
        | Some m ->
            f m
            |> Gen.map (fun m ->
                if valid (MaterializedViewObject m) then
                    Some(o, Schema.add (MaterializedViewObject m) s)
                else
                    None))

let private viewEdits: Edit list = [
    "change a view query",
    fun o s ->
        onView
            (fun v ->
                queryOver s
                |> Gen.map (fun q -> {
                    v with
                        Query = Query.ofText (Query.text q + " WHERE 1 = 1")
                }))
            o
            s
    "change a view comment", onView (fun v -> text |> Gen.map (fun c -> { v with Comment = c + "?" }))
    "change a view security",
    onView (fun v ->
        Gen.constant {
            v with
                Security =
                    Some(
                        if v.Security = Some SecurityInvoker then
                            SecurityNone
                        else
                            SecurityInvoker
                    )
        })
    "drop a view",
    fun o s ->
        pickView s
        |> Gen.map (Option.map (fun v -> o, { s with Views = s.Views.Remove v.Name }))
    "create a view",
    fun o s ->
        Gen.map2
            (fun (v: View) q ->
                let v = {
                    v with
                        Name = QualifiedName.ofName (n $"vnew%d{s.Views.Count}")
                        Query = q
                }

                Some(o, Schema.add (ViewObject v) s))
            view
            (queryOver s)
    "change a refresh",
    onMaterializedView (fun m ->
        Gen.constant {
            m with
                Refresh =
                    Some {
                        Moment = None
                        Scheme =
                            (if (m.Refresh |> Option.map (fun r -> r.Scheme)) = Some Manual then
                                 Async(None, Some(1, "HOUR"))
                             else
                                 Manual)
                    }
        })
    "set a materialized view property",
    onMaterializedView (fun m ->
        Gen.constant {
            m with
                Properties = m.Properties.Add("session.query_timeout", "600")
        })
    "change a materialized view query",
    fun o s -> onMaterializedView (fun m -> queryOver s |> Gen.map (fun q -> { m with Query = q })) o s
    "drop a materialized view",
    fun o s ->
        pickMaterializedView s
        |> Gen.map (
            Option.map (fun m ->
                o,
                {
                    s with
                        MaterializedViews = s.MaterializedViews.Remove m.Name
                })
        )
    "create a materialized view",
    fun o s ->
        Gen.map2
            (fun (m: MaterializedView) q ->
                let m = {
                    m with
                        Name = QualifiedName.ofName (n $"mvnew%d{s.MaterializedViews.Count}")
                        Query = q
                }

                Some(o, Schema.add (MaterializedViewObject m) s))
            materializedView
            (queryOver s)
]

let private isPrimary (t: Table) =
    t.Keys |> Option.exists (fun k -> k.Model = Primary)

let private pickSyncView (s: Schema) =
    if s.SyncMaterializedViews.IsEmpty then
        Gen.constant None
    else
        Gen.elements (s.SyncMaterializedViews |> Map.toList |> List.map snd)
        |> Gen.map Some

let private syncViewEdits: Edit list = [
    "create a synchronous materialized view",
    fun o s ->
        match s.Tables.Values |> Seq.filter (isPrimary >> not) |> List.ofSeq with
        | [] -> Gen.constant None
        | candidates ->
            Gen.elements candidates
            |> Gen.bind syncMaterializedViewOver
            |> Gen.map (fun m ->
                let m = {
                    m with
                        Name = QualifiedName.ofName (n $"smvnew%d{s.SyncMaterializedViews.Count}")
                }

                Some(o, Schema.add (SyncMaterializedViewObject m) s))
    "drop a synchronous materialized view",
    fun o s ->
        pickSyncView s
        |> Gen.map (
            Option.map (fun m ->
                o,
                {
                    s with
                        SyncMaterializedViews = s.SyncMaterializedViews.Remove m.Name
                })
        )
    "change a synchronous materialized view",
    fun o s ->
        pickSyncView s
        |> Gen.map (
            Option.map (fun m ->
                o,
                Schema.add
                    (SyncMaterializedViewObject {
                        m with
                            Where =
                                (match m.Where with
                                 | Some _ -> None
                                 | None -> Some(Expr.ofText "1 = 1"))
                    })
                    s)
        )
]

/// Every kind of edit a schema pair is made with.
let edits: Edit list = tableEdits @ viewEdits @ syncViewEdits

/// The schema without the synchronous materialized views that edits of their base table made impossible: the table
/// gone, made a PRIMARY KEY table, or without a column the view reads (its backticked names).
let private withPossibleSyncViews (s: Schema) =
    let possible (m: SyncMaterializedView) =
        match s.Tables.TryFind m.Base with
        | Some t when not (isPrimary t) ->
            Lexical.sqlTokens (Query.text (Render.syncQuery m))
            |> List.forall (function
                | Lexical.Quoted c when
                    c <> Name.value m.Base.Name
                    && m.Base.Database |> Option.forall (fun d -> c <> Name.value d)
                    && m.Select |> List.forall (fun i -> i.Alias <> Some(Name.create c))
                    ->
                    t.Columns |> List.exists (fun col -> Name.same col.Name (Name.create c))
                | _ -> true)
        | _ -> false

    {
        s with
            SyncMaterializedViews = s.SyncMaterializedViews |> Map.filter (fun _ m -> possible m)
    }

/// A schema of a few tables and views and materialized views reading them; names are distinct.
let schema: Gen<Schema> =
    gen {
        let! tableCount = Gen.choose (1, 4)
        let! tables = Gen.listOfLength tableCount table

        let tables =
            tables
            |> List.mapi (fun i t -> {
                t with
                    Name = {
                        t.Name with
                            Catalog = None
                            Name = n $"t%d{i}"
                    }
            })

        let tablesOnly = Schema.ofDistinct (tables |> List.map TableObject)

        let! syncViews =
            tables
            |> List.filter (isPrimary >> not)
            |> List.map (fun t -> Gen.frequency [ 1, syncMaterializedViewOver t |> Gen.map Some; 1, Gen.constant None ])
            |> Gen.sequenceToList

        let! viewCount = Gen.choose (0, 2)
        let! views = Gen.listOfLength viewCount view
        let! viewQueries = Gen.listOfLength viewCount (queryOver tablesOnly)
        let! mvCount = Gen.choose (0, 2)
        let! mvs = Gen.listOfLength mvCount materializedView
        let! mvQueries = Gen.listOfLength mvCount (queryOver tablesOnly)

        return
            Schema.ofDistinct [
                yield! tables |> List.map TableObject
                yield!
                    List.zip views viewQueries
                    |> List.mapi (fun i (v, q) ->
                        ViewObject {
                            v with
                                Name = QualifiedName.ofName (n $"v%d{i}")
                                Query = q
                        })
                yield!
                    List.zip mvs mvQueries
                    |> List.mapi (fun i (m, q) ->
                        MaterializedViewObject {
                            m with
                                Name = QualifiedName.ofName (n $"mv%d{i}")
                                Query = q
                        })
                yield!
                    syncViews
                    |> List.choose id
                    |> List.mapi (fun i m ->
                        SyncMaterializedViewObject {
                            m with
                                Name = QualifiedName.ofName (n $"smv%d{i}")
                        })
            ]
    }

/// A schema, a copy changed by 1 to 4 random edits, options (a server release and run mode, and the renames the
/// edits declare) and the edits' labels.
let schemaPair: Gen<DiffOptions * Schema * Schema * string list> =
    gen {
        let! a = schema
        let! count = Gen.choose (1, 4)
        let! chosen = Gen.listOfLength count (Gen.elements edits)

        let rec run (o, s, labels) (todo: Edit list) =
            match todo with
            | [] -> Gen.constant (o, s, List.rev labels)
            | (label, edit) :: rest ->
                edit o s
                |> Gen.bind (function
                    | Some(o2, s2) -> run (o2, s2, label :: labels) rest
                    | None -> run (o, s, labels) rest)

        let! version =
            Gen.elements [
                ServerVersion.newest
                ServerVersion.newest
                ServerVersion.create 3 0 0
                ServerVersion.create 3 1 0
                ServerVersion.create 3 2 10
                ServerVersion.create 3 3 1
                ServerVersion.create 3 4 0
            ]

        let! mode =
            Gen.frequency [ 4, Gen.constant SharedNothing; 1, Gen.constant SharedData ]

        let options = {
            DiffOptions.defaults with
                ServerVersion = version
                RunMode = mode
        }

        let! o, b, labels = run (options, a, []) chosen
        return o, a, withPossibleSyncViews b, labels
    }
