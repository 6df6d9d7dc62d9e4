namespace StarRocks.Schema

open System.Collections.Generic

[<RequireQualifiedAccess>]
module Validate =
    let private quote (n: Name) = "`" + Name.value n + "`"

    /// Column names compare case-insensitively in StarRocks.
    let private nameSet (names: Name seq) =
        let set = HashSet<string>(System.StringComparer.OrdinalIgnoreCase)

        for n in names do
            set.Add(Name.value n) |> ignore

        set

    /// The names that appear more than once (case-insensitively), each once, lower-cased, in order of appearance.
    let private duplicates (names: Name list) : string list =
        match names with
        | []
        | [ _ ] -> []
        | _ ->
            let seen = HashSet<string>(System.StringComparer.OrdinalIgnoreCase)
            let reported = HashSet<string>(System.StringComparer.OrdinalIgnoreCase)

            [
                for n in names do
                    let v = Name.value n

                    if not (seen.Add v) && reported.Add v then
                        v.ToLowerInvariant()
            ]

    let private dupErrors clause what (names: Name list) =
        duplicates names
        |> List.map (fun d -> $"%s{clause}: %s{what} `%s{d}` appears more than once")

    let rec private typeErrors (path: unit -> string) (t: ColumnType) : string list =
        match t with
        | Decimal(p, s)
        | DecimalV2(p, s) -> [
            if p < 1 || p > 76 then
                $"%s{path ()}: DECIMAL precision %d{p} is outside 1..76"
            if s < 0 || s > p then
                $"%s{path ()}: DECIMAL scale %d{s} is outside 0..%d{p}"
          ]
        | Char n -> [
            if n < 1 || n > 255 then
                $"%s{path ()}: CHAR length %d{n} is outside 1..255"
          ]
        | Varchar n -> [
            if n < 1 then
                $"%s{path ()}: VARCHAR length %d{n} must be at least 1"
          ]
        | Varbinary(Some n) -> [
            if n < 1 then
                $"%s{path ()}: VARBINARY length %d{n} must be at least 1"
          ]
        | Array e -> typeErrors path e
        | AggregateState(_, args) -> args |> List.collect (fun a -> typeErrors path a.Type)
        | Map(k, v) -> typeErrors path k @ typeErrors path v
        | Struct fields -> [
            if List.isEmpty fields then
                $"%s{path ()}: a STRUCT needs at least one field"
            yield! dupErrors (path ()) "STRUCT field" (fields |> List.map (fun f -> f.Name))
            for f in fields do
                yield! typeErrors path f.Type
          ]
        | Boolean
        | TinyInt
        | SmallInt
        | Int
        | BigInt
        | LargeInt
        | Float
        | Double
        | Varbinary None
        | Date
        | DateTime
        | Json
        | Hll
        | Bitmap
        | Percentile
        | Variant -> []

    let private missing clause (known: HashSet<string>) (names: Name list) =
        names
        |> List.filter (fun n -> not (known.Contains(Name.value n)))
        |> List.map (fun n -> $"%s{clause}: %s{quote n} is not a column")

    let private nonEmpty clause (names: Name list) = [
        if List.isEmpty names then
            $"%s{clause}: at least one column is required"
    ]

    let private bucketErrors (d: Distribution option) =
        match d with
        | Some(Distribution.Hash(_, Some b))
        | Some(Distribution.Random(Some b)) when b < 1 -> [ $"DISTRIBUTED BY: BUCKETS %d{b} must be at least 1" ]
        | _ -> []

    let private partitionKeyColumns (keys: PartitionKey list) =
        keys
        |> List.choose (function
            | PartitionKey.Column c
            | PartitionKey.DateTrunc(_, c)
            | PartitionKey.TimeSlice(c, _, _, _) -> Some c
            | PartitionKey.Expression _ -> None)

    let private partitionNames (p: Partitioning) =
        match p with
        | Partitioning.Range(_, parts)
        | Partitioning.Expression(_, parts) ->
            parts
            |> List.choose (function
                | LessThan(n, _, _)
                | Fixed(n, _, _, _) -> Some n
                | Batch _ -> None)
        | Partitioning.List(_, parts) -> parts |> List.map (fun p -> p.Name)

    /// Partition bounds and LIST values need at least one value each (the grammar has no empty tuple).
    let private partitionValueErrors (p: Partitioning) =
        let rangeErrors parts =
            parts
            |> List.choose (function
                | LessThan(n, [], _) -> Some $"PARTITION BY: partition %s{quote n} has an empty upper bound"
                | Fixed(n, lower, upper, _) when List.isEmpty lower || List.isEmpty upper ->
                    Some $"PARTITION BY: partition %s{quote n} has an empty bound"
                | LessThan _
                | Fixed _
                | Batch _ -> None)

        match p with
        | Partitioning.Range(_, parts)
        | Partitioning.Expression(_, parts) -> rangeErrors parts
        | Partitioning.List(_, parts) ->
            parts
            |> List.filter (fun lp -> List.isEmpty lp.Values || List.exists List.isEmpty lp.Values)
            |> List.map (fun lp ->
                $"PARTITION BY: LIST partition %s{quote lp.Name} needs at least one value in each tuple")

    let private columnErrors (keys: Keys option) (keyNames: HashSet<string>) (c: Column) =
        let where () = $"column %s{quote c.Name}"
        let isKey = keyNames.Contains(Name.value c.Name)
        let model = keys |> Option.map (fun k -> k.Model)

        [
            yield! typeErrors where c.Type
            match c.Type, c.Aggregate with
            | AggregateState(f, _), Some a ->
                $"%s{where ()}: an aggregate-state column (%s{f}) is merged by its own function and takes no %s{AggregateType.keyword a}"
            | AggregateState(f, _), None when model <> Some Aggregate ->
                $"%s{where ()}: aggregate-state columns (%s{f}) are only allowed in AGGREGATE KEY tables"
            | AggregateState _, None when isKey -> $"%s{where ()}: a key column cannot be an aggregate-state column"
            | _ -> ()
            match model, c.Aggregate with
            | Some Aggregate, Some _ when isKey -> $"%s{where ()}: a key column cannot have an aggregate function"
            | Some Aggregate, None when not isKey && not (Column.isAggregated c) ->
                $"%s{where ()}: every value column of an AGGREGATE KEY table needs an aggregate function"
            | (None | Some Duplicate | Some Unique | Some Primary), Some a when a <> Replace ->
                $"%s{where ()}: aggregate functions are only allowed in AGGREGATE KEY tables"
            | _ -> ()
            if model = Some Primary && isKey && c.Nullable = Some true then
                $"%s{where ()}: a primary key column cannot be nullable"
            match c.Value with
            | Some AutoIncrement ->
                if c.Type <> BigInt then
                    $"%s{where ()}: AUTO_INCREMENT needs a BIGINT column"

                if c.Nullable = Some true then
                    $"%s{where ()}: an AUTO_INCREMENT column cannot be nullable"
            | Some(Generated _) when model = Some Aggregate ->
                $"%s{where ()}: generated columns are not allowed in AGGREGATE KEY tables"
            | _ -> ()
        ]

    let private indexErrors (columns: HashSet<string>) (indexes: Index list) = [
        yield! dupErrors "INDEX" "index" (indexes |> List.map (fun i -> i.Name))
        for i in indexes do
            let clause = $"INDEX %s{quote i.Name}"
            yield! nonEmpty clause i.Columns

            if i.Type.IsNone && not (Map.isEmpty i.Properties) then
                $"%s{clause}: properties need a USING clause"

            if columns.Count > 0 then
                yield! missing clause columns i.Columns
    ]

    // ---------------------------------------------------------------------------------------------------------
    // Rules StarRocks applies when it analyses CREATE TABLE, the same in every release from 2.5 (sources in
    // docs/starrocks-support.md): key, sort key, partition and distribution columns, index kinds, properties.

    /// A type as StarRocks names it in its messages.
    let rec private typeName (t: ColumnType) : string =
        match t with
        | Boolean -> "BOOLEAN"
        | TinyInt -> "TINYINT"
        | SmallInt -> "SMALLINT"
        | Int -> "INT"
        | BigInt -> "BIGINT"
        | LargeInt -> "LARGEINT"
        | Float -> "FLOAT"
        | Double -> "DOUBLE"
        | Decimal(p, s) -> $"DECIMAL(%d{p},%d{s})"
        | DecimalV2(p, s) -> $"DECIMALV2(%d{p},%d{s})"
        | Char n -> $"CHAR(%d{n})"
        | Varchar n -> $"VARCHAR(%d{n})"
        | Varbinary None -> "VARBINARY"
        | Varbinary(Some n) -> $"VARBINARY(%d{n})"
        | Date -> "DATE"
        | DateTime -> "DATETIME"
        | Json -> "JSON"
        | Hll -> "HLL"
        | Bitmap -> "BITMAP"
        | Percentile -> "PERCENTILE"
        | Variant -> "VARIANT"
        | Array e -> $"ARRAY<%s{typeName e}>"
        | Map(k, v) -> $"MAP<%s{typeName k},%s{typeName v}>"
        | AggregateState(f, args) ->
            let inner = args |> List.map (fun a -> typeName a.Type) |> String.concat ","
            $"%s{f}(%s{inner})"
        | Struct fields ->
            let inner =
                fields
                |> List.map (fun f -> $"%s{Name.value f.Name} %s{typeName f.Type}")
                |> String.concat ","

            $"STRUCT<%s{inner}>"

    let private isComplex (t: ColumnType) =
        match t with
        | Array _
        | Map _
        | Struct _ -> true
        | _ -> false

    let private isFloating (t: ColumnType) =
        match t with
        | Float
        | Double -> true
        | _ -> false

    /// The types that cannot be key, sort or distribution columns in any release (FE <c>Type.canDistributedBy</c>:
    /// complex, floating point, HLL/BITMAP/PERCENTILE and JSON; VARBINARY and VARIANT differ between releases and
    /// are left to the server).
    let private neverKeyType (t: ColumnType) =
        isComplex t
        || isFloating t
        || match t with
           | Json
           | Hll
           | Bitmap
           | Percentile -> true
           | _ -> false

    /// The types a PRIMARY KEY column (and a PRIMARY KEY table's sort column) may have.
    let primaryKeyType (t: ColumnType) =
        match t with
        | Boolean
        | TinyInt
        | SmallInt
        | Int
        | BigInt
        | LargeInt
        | Varchar _
        | Date
        | DateTime -> true
        | _ -> false

    let private isReplaceFamily (a: AggregateType option) =
        match a with
        | Some Replace
        | Some ReplaceIfNotNull -> true
        | _ -> false

    /// The key model StarRocks applies: the one written, or, for a table without a key clause whose columns carry
    /// aggregate functions, AGGREGATE KEY over the columns without one. None for a table StarRocks makes a
    /// DUPLICATE KEY table with an inferred key.
    let private effectiveKeys (t: Table) : Keys option =
        match t.Keys with
        | Some k -> Some k
        | None when t.Columns |> List.exists Column.isAggregated ->
            Some {
                Model = Aggregate
                Columns =
                    t.Columns
                    |> List.filter (Column.isAggregated >> not)
                    |> List.map (fun c -> c.Name)
            }
        | None -> None

    /// The key keyword as StarRocks prints it in messages (KeysType.toSql).
    let private keysSql (m: KeysModel) = KeysModel.keyword m + " KEY"

    /// The FE name of a key model (KeysType.name()).
    let private keysTypeName (m: KeysModel) =
        match m with
        | Duplicate -> "DUP_KEYS"
        | Aggregate -> "AGG_KEYS"
        | Unique -> "UNIQUE_KEYS"
        | Primary -> "PRIMARY_KEYS"

    type private TableFacts = {
        Columns: Dictionary<string, Column>
        Keys: Keys option
        KeyNames: HashSet<string>
    }

    let private factsOf (t: Table) =
        let columns = Dictionary<string, Column>(System.StringComparer.OrdinalIgnoreCase)

        for c in t.Columns do
            columns.TryAdd(Name.value c.Name, c) |> ignore

        let keys = effectiveKeys t

        {
            Columns = columns
            Keys = keys
            KeyNames =
                nameSet (
                    match keys with
                    | Some k -> k.Columns
                    | None -> []
                )
        }

    let private columnOf (f: TableFacts) (n: Name) =
        match f.Columns.TryGetValue(Name.value n) with
        | true, c -> Some c
        | _ -> None

    let private isKeyColumn (f: TableFacts) (n: Name) = f.KeyNames.Contains(Name.value n)

    /// A value column of a non-DUPLICATE table: StarRocks gives it an aggregate function (REPLACE when none is written).
    let private isAggregatedValue (f: TableFacts) (n: Name) =
        match f.Keys with
        | Some k when k.Model <> Duplicate -> not (isKeyColumn f n)
        | _ -> false

    /// Key column types (ColumnDef.analyze, CreateTableAnalyzer).
    let private keyTypeErrors (f: TableFacts) = [
        match f.Keys with
        | Some k ->
            for n in k.Columns do
                match columnOf f n with
                | Some c when neverKeyType c.Type ->
                    let advice = if isFloating c.Type then ", use decimal instead" else ""
                    $"KEY: invalid data type of key column %s{quote c.Name}: %s{typeName c.Type}%s{advice}"
                | Some c when k.Model = Primary && not (primaryKeyType c.Type) ->
                    $"PRIMARY KEY: primary key column %s{quote c.Name} type not supported: %s{typeName c.Type} (BOOLEAN, integers, LARGEINT, VARCHAR, DATE and DATETIME are)"
                | _ -> ()
        | None -> ()
    ]

    /// Generated columns (CreateTableAnalyzer): never key columns, and declared after every ordinary column.
    let private generatedColumnErrors (f: TableFacts) (columns: Column list) = [
        for c in columns do
            if Column.isGenerated c && isKeyColumn f c.Name then
                $"column %s{quote c.Name}: a generated column can not be a key column"
        let afterGenerated =
            columns
            |> List.skipWhile (Column.isGenerated >> not)
            |> List.tryFind (Column.isGenerated >> not)

        match afterGenerated with
        | Some c -> $"column %s{quote c.Name}: all generated columns must be defined after ordinary columns"
        | None -> ()
    ]

    /// DISTRIBUTED BY (CreateTableAnalyzer, HashDistributionDesc.toDistributionInfo).
    let private distributionErrors (f: TableFacts) (columns: Column list) (d: Distribution option) = [
        match d, f.Keys with
        | Some(Distribution.Random _), Some k when k.Model = Primary || k.Model = Unique ->
            $"DISTRIBUTED BY RANDOM: %s{keysSql k.Model} must use hash distribution"
        | Some(Distribution.Random _), Some k when k.Model = Aggregate ->
            match columns |> List.tryFind (fun c -> isReplaceFamily c.Aggregate) with
            | Some c ->
                $"DISTRIBUTED BY RANDOM: AGGREGATE KEY with replace must use hash distribution (column %s{quote c.Name} is %s{AggregateType.keyword c.Aggregate.Value})"
            | None -> ()
        | Some(Distribution.Hash(cols, _)), _ ->
            for n in cols do
                match columnOf f n with
                | Some c when isAggregatedValue f n ->
                    $"DISTRIBUTED BY HASH: distribution column %s{quote c.Name} is not a key column (%s{keysSql f.Keys.Value.Model} tables distribute by key columns)"
                | Some c when neverKeyType c.Type ->
                    $"DISTRIBUTED BY HASH: column %s{quote c.Name}: %s{typeName c.Type} column can not be distribution column"
                | _ -> ()
        | _ -> ()
    ]

    /// ORDER BY (CreateTableAnalyzer.analyzeSortKeys): AGGREGATE and UNIQUE tables sort by exactly their key columns;
    /// a PRIMARY KEY table's sort columns have the primary key types.
    let private sortKeyErrors (f: TableFacts) (orderBy: Name list option) = [
        match orderBy, f.Keys with
        | Some cols, Some k when k.Model = Aggregate || k.Model = Unique ->
            let sorted = nameSet cols
            let keys = nameSet k.Columns

            if
                cols |> List.forall (fun n -> f.Columns.ContainsKey(Name.value n))
                && not (sorted.SetEquals keys)
            then
                let keyList = k.Columns |> List.map quote |> String.concat ", "
                $"ORDER BY: the sort columns of %s{keysSql k.Model} table must be same with key columns (%s{keyList})"
        | Some cols, Some k when k.Model = Primary ->
            for n in cols do
                match columnOf f n with
                | Some c when not (primaryKeyType c.Type) ->
                    $"ORDER BY: sort key column %s{quote c.Name} type not supported: %s{typeName c.Type} (a PRIMARY KEY table sorts by BOOLEAN, integer, LARGEINT, VARCHAR, DATE or DATETIME columns)"
                | _ -> ()
        | _ -> ()
    ]

    /// Partition columns (RangePartitionDesc / ListPartitionDesc.analyzePartitionColumns).
    let private partitionColumnErrors (f: TableFacts) (p: Partitioning option) = [
        match p with
        | Some p ->
            let keys =
                match p with
                | Partitioning.Range(k, _)
                | Partitioning.List(k, _)
                | Partitioning.Expression(k, _) -> k

            // Several keys of expression partitioning mixing functions and columns: each function becomes a
            // generated column of its own, so only the plain columns are partition columns.
            let cols =
                match p, keys with
                | Partitioning.Expression _, _ :: _ :: _ ->
                    keys
                    |> List.choose (function
                        | PartitionKey.Column c -> Some c
                        | PartitionKey.DateTrunc _
                        | PartitionKey.TimeSlice _
                        | PartitionKey.Expression _ -> None)
                | _ -> partitionKeyColumns keys

            for d in duplicates cols do
                $"PARTITION BY: duplicated partition column `%s{d}`"

            for n in cols |> List.distinctBy (fun n -> (Name.value n).ToLowerInvariant()) do
                match columnOf f n with
                | Some c when isAggregatedValue f n && not (Column.isServerMaintained c) ->
                    $"PARTITION BY: the partition column could not be aggregated column: %s{quote c.Name} is a value column of the %s{keysSql f.Keys.Value.Model} table (partition columns must be key columns)"
                | Some c when isFloating c.Type || isComplex c.Type ->
                    $"PARTITION BY: invalid partition column %s{quote c.Name}: invalid data type %s{typeName c.Type}"
                | _ -> ()
        | None -> ()
    ]

    /// What every index needs whatever the table (IndexAnalyzer): distinct columns, and no two indexes on the same
    /// columns; a BITMAP index has one column.
    let private indexShapeErrors (indexes: Index list) = [
        for i in indexes do
            let clause = $"INDEX %s{quote i.Name}"

            if not (List.isEmpty (duplicates i.Columns)) then
                $"%s{clause}: columns of index has duplicated"

            match i.Type with
            | None
            | Some BitmapIndex when i.Columns.Length > 1 ->
                $"%s{clause}: bitmap index can only apply to a single column"
            | _ -> ()

        let seen = Dictionary<string, Name>()

        for i in indexes do
            let key =
                i.Columns
                |> List.map (fun n -> (Name.value n).ToLowerInvariant())
                |> String.concat "\u0000"

            match seen.TryGetValue key with
            | true, first ->
                $"INDEX %s{quote i.Name}: same index columns have multiple index name is not allowed (index %s{quote first} has the same columns)"
            | _ -> seen[key] <- i.Name
    ]

    /// Index kinds on the column types and tables they support (IndexAnalyzer.checkColumn).
    let private indexColumnErrors (f: TableFacts) (indexes: Index list) = [
        let model =
            match f.Keys with
            | Some k -> k.Model
            | None -> Duplicate

        for i in indexes do
            let clause = $"INDEX %s{quote i.Name}"

            for n in i.Columns do
                match columnOf f n with
                | None -> ()
                | Some c ->
                    let col = quote c.Name

                    match i.Type with
                    | None
                    | Some BitmapIndex ->
                        if neverKeyType c.Type then
                            $"%s{clause}: %s{typeName c.Type} is not supported in bitmap index. invalid column: %s{col}"
                        elif model = Aggregate && not (isKeyColumn f n) then
                            $"%s{clause}: BITMAP index only used in columns of DUP_KEYS/PRIMARY_KEYS table or key columns of UNIQUE_KEYS/AGG_KEYS table. invalid column: %s{col}"
                    | Some Gin ->
                        if isComplex c.Type then
                            $"%s{clause}: the inverted index can only be build on column with type of scalar type; %s{col} is %s{typeName c.Type}"
                    | Some NgramBloomFilter ->
                        match c.Type with
                        | Char _
                        | Varchar _ ->
                            if isAggregatedValue f n && model <> Primary then
                                $"%s{clause}: Ngram Bloom filter index only used in columns of DUP_KEYS/PRIMARY table or key columns of UNIQUE_KEYS/AGG_KEYS table. invalid column: %s{col}"
                        | other ->
                            $"%s{clause}: invalid ngram bloom filter column %s{col}: unsupported type %s{typeName other} (CHAR or VARCHAR only)"
                    | Some Vector ->
                        if c.Type <> Array Float then
                            $"%s{clause}: the vector index can only be build on column with type of array<float>; %s{col} is %s{typeName c.Type}"
                        elif model <> Duplicate && model <> Primary then
                            $"%s{clause}: the vector index can only build on DUPLICATE or PRIMARY table, not on a %s{keysTypeName model} table"
                        elif c.Nullable <> Some false && not (model = Primary && isKeyColumn f n) then
                            $"%s{clause}: the vector index can only build on non-nullable column; declare %s{col} NOT NULL"
    ]

    /// <c>replication_num</c> (PropertyAnalyzer.analyzeReplicationNum): a number from 1 to 32767.
    let private replicationNumErrors (where: string) (canonical: string -> string) (properties: Map<string, string>) = [
        for KeyValue(k, v) in properties do
            if canonical k = PropertyKey.ReplicationNum then
                match
                    System.Int16.TryParse(
                        v,
                        System.Globalization.NumberStyles.AllowLeadingSign,
                        System.Globalization.CultureInfo.InvariantCulture
                    )
                with
                | true, r when r > 0s -> ()
                | true, _ -> $"%s{where}: \"%s{k}\" = \"%s{v}\": replication num should larger than 0"
                | false, _ ->
                    $"%s{where}: \"%s{k}\" = \"%s{v}\": replication num must be a whole number from 1 to 32767"
    ]

    let private partitionPropertyErrors (p: Partitioning option) = [
        let check (n: Name) props =
            replicationNumErrors $"PARTITION BY: partition %s{quote n}" ServerRules.propertyKey props

        match p with
        | Some(Partitioning.Range(_, parts))
        | Some(Partitioning.Expression(_, parts)) ->
            for part in parts do
                match part with
                | LessThan(n, _, props)
                | Fixed(n, _, _, props) -> yield! check n props
                | Batch _ -> ()
        | Some(Partitioning.List(_, parts)) ->
            for part in parts do
                yield! check part.Name part.Properties
        | None -> ()
    ]

    /// <c>bloom_filter_columns</c> (PropertyAnalyzer.analyzeBloomFilterColumns): existing columns, each once, of
    /// types with a Bloom filter, and no value column with an aggregate function of an AGGREGATE KEY table.
    let private bloomFilterErrors (f: TableFacts) (properties: Map<string, string>) = [
        for KeyValue(k, v) in properties do
            if ServerRules.tablePropertyKey k = PropertyKey.BloomFilterColumns then
                let where = $"PROPERTIES \"%s{k}\""

                let names =
                    v.Split ','
                    |> Array.map (fun s -> s.Trim().Trim('`'))
                    |> Array.filter (fun s -> s <> "")
                    |> Array.toList
                    |> List.map Name.create

                for d in duplicates names do
                    $"%s{where}: duplicate bloom filter column `%s{d}`"

                for n in names |> List.distinctBy (fun n -> (Name.value n).ToLowerInvariant()) do
                    match columnOf f n with
                    | None -> $"%s{where}: invalid bloom filter column %s{quote n}: not exists"
                    | Some c ->
                        match c.Type with
                        | TinyInt
                        | Boolean
                        | Float
                        | Double
                        | Array _
                        | Map _
                        | Struct _ ->
                            $"%s{where}: invalid bloom filter column %s{quote c.Name}: unsupported type %s{typeName c.Type}"
                        | _ ->
                            match f.Keys, c.Aggregate with
                            | Some { Model = Aggregate }, Some a when
                                not (isKeyColumn f n) && not (isReplaceFamily (Some a))
                                ->
                                $"%s{where}: bloom filter index only used in columns of DUP_KEYS/PRIMARY table or key columns of UNIQUE_KEYS/AGG_KEYS table. invalid column: %s{quote c.Name} (%s{AggregateType.keyword a})"
                            | _ -> ()
    ]

    /// The server's static CREATE TABLE rules that need the column types and the key model.
    let private serverTableErrors (t: Table) : string list =
        let f = factsOf t

        [
            yield! keyTypeErrors f
            yield! generatedColumnErrors f t.Columns
            yield! distributionErrors f t.Columns t.Distribution
            yield! sortKeyErrors f t.OrderBy
            yield! partitionColumnErrors f t.Partitioning
            yield! indexShapeErrors t.Indexes
            yield! indexColumnErrors f t.Indexes
            yield! replicationNumErrors "PROPERTIES" ServerRules.tablePropertyKey t.Properties
            yield! partitionPropertyErrors t.Partitioning
            yield! bloomFilterErrors f t.Properties
        ]

    let table (t: Table) : string list =
        let names = t.Columns |> List.map (fun c -> c.Name)
        let known = nameSet names

        let keyNames =
            match t.Keys with
            | Some k -> nameSet k.Columns
            | None -> nameSet []

        [
            if List.isEmpty t.Columns then
                "a table needs at least one column"
            yield! dupErrors "columns" "column" names
            for c in t.Columns do
                yield! columnErrors t.Keys keyNames c
            let autoIncrements =
                t.Columns |> List.filter (fun c -> c.Value = Some AutoIncrement) |> List.length

            if autoIncrements > 1 then
                "columns: a table can have only one AUTO_INCREMENT column"

            match t.Keys with
            | Some k ->
                let clause = "KEY"
                yield! nonEmpty clause k.Columns
                yield! dupErrors clause "key column" k.Columns
                let missingKeys = missing clause known k.Columns
                yield! missingKeys

                let isPrefix =
                    k.Columns.Length <= names.Length
                    && List.forall2
                        (fun (a: Name) (b: Name) ->
                            System.String.Equals(a.Value, b.Value, System.StringComparison.OrdinalIgnoreCase))
                        k.Columns
                        (List.truncate k.Columns.Length names)

                if List.isEmpty missingKeys && not isPrefix then
                    $"%s{clause}: key columns must be the leading columns of the table, in the same order"
            | None -> ()

            match t.Distribution with
            | Some(Distribution.Hash(cols, _)) ->
                yield! nonEmpty "DISTRIBUTED BY HASH" cols
                yield! missing "DISTRIBUTED BY HASH" known cols
            | Some(Distribution.Random _)
            | Some Distribution.Range
            | None -> ()

            yield! bucketErrors t.Distribution

            match t.OrderBy with
            | Some cols ->
                yield! nonEmpty "ORDER BY" cols
                yield! missing "ORDER BY" known cols
            | None -> ()

            match t.Partitioning with
            | Some p ->
                let keys =
                    match p with
                    | Partitioning.Range(k, _)
                    | Partitioning.List(k, _)
                    | Partitioning.Expression(k, _) -> k

                if List.isEmpty keys then
                    "PARTITION BY: at least one partition key is required"

                yield! missing "PARTITION BY" known (partitionKeyColumns keys)
                yield! dupErrors "PARTITION BY" "partition" (partitionNames p)
                yield! partitionValueErrors p
            | None -> ()

            yield! indexErrors known t.Indexes
            yield! serverTableErrors t
        ]

    let private viewColumnErrors (columns: ViewColumn list) =
        dupErrors "column list" "column" (columns |> List.map (fun c -> c.Name))

    let view (v: View) : string list = viewColumnErrors v.Columns

    let materializedView (m: MaterializedView) : string list =
        let known = nameSet (m.Columns |> List.map (fun c -> c.Name))

        let checkNames clause cols =
            if known.Count = 0 then [] else missing clause known cols

        [
            yield! viewColumnErrors m.Columns
            if m.Refresh.IsNone && m.Distribution.IsNone then
                "a materialized view without REFRESH or DISTRIBUTED BY is synchronous: write it as one (a query SELECT ... FROM one table), or add REFRESH"
            match m.Distribution with
            | Some(Distribution.Hash(cols, _)) ->
                yield! nonEmpty "DISTRIBUTED BY HASH" cols
                yield! checkNames "DISTRIBUTED BY HASH" cols
            | Some(Distribution.Random _)
            | Some Distribution.Range
            | None -> ()
            yield! bucketErrors m.Distribution
            match m.OrderBy with
            | Some cols ->
                yield! nonEmpty "ORDER BY" cols
                yield! checkNames "ORDER BY" cols
            | None -> ()
            match m.Partitioning with
            | Some keys ->
                if List.isEmpty keys then
                    "PARTITION BY: at least one partition key is required"

                yield! checkNames "PARTITION BY" (partitionKeyColumns keys)
            | None -> ()
            yield! indexErrors known m.Indexes
            yield! replicationNumErrors "PROPERTIES" ServerRules.tablePropertyKey m.Properties
        ]

    let syncMaterializedView (m: SyncMaterializedView) : string list =
        dupErrors "select list" "alias" (m.Select |> List.choose (fun i -> i.Alias))

    let schemaObject (o: SchemaObject) : string list =
        match o with
        | TableObject t -> table t
        | ViewObject v -> view v
        | MaterializedViewObject m -> materializedView m
        | SyncMaterializedViewObject m -> syncMaterializedView m

    let isValid (o: SchemaObject) = List.isEmpty (schemaObject o)

    let redefinitions (objectOf: 'a -> SchemaObject) (items: 'a list) : ('a * 'a) list =
        items
        |> List.groupBy (objectOf >> SchemaObject.name)
        |> List.collect (fun (_, group) ->
            match group with
            | first :: later -> later |> List.map (fun l -> first, l)
            | [] -> [])

    let baseTableErrors (objectOf: 'a -> SchemaObject) (items: 'a list) : ('a * string) list =
        let tables =
            items
            |> List.choose (fun i ->
                match objectOf i with
                | TableObject t -> Some t
                | _ -> None)

        let sameName (a: QualifiedName) (b: QualifiedName) =
            a.Name = b.Name
            && (a.Database.IsNone || b.Database.IsNone || a.Database = b.Database)

        items
        |> List.choose (fun i ->
            match objectOf i with
            | SyncMaterializedViewObject m ->
                let mv = QualifiedName.display m.Name
                let baseName = QualifiedName.display m.Base

                match tables |> List.tryFind (fun t -> sameName t.Name m.Base) with
                | None ->
                    Some(
                        i,
                        $"synchronous materialized view `%s{mv}` reads `%s{baseName}`, which is not a table of the schema: it is an index of its base table, which must be defined with it"
                    )
                | Some t when t.Keys |> Option.exists (fun k -> k.Model = Primary) ->
                    // the server's words: "Do not support create materialized view on primary key table[t]"
                    Some(
                        i,
                        $"synchronous materialized view `%s{mv}`: StarRocks does not support a synchronous materialized view on primary key table `%s{baseName}` (use an asynchronous one)"
                    )
                | Some _ -> None
            | TableObject _
            | ViewObject _
            | MaterializedViewObject _ -> None)

    let schema (objects: SchemaObject list) : Result<Schema, string list> =
        match redefinitions id objects, baseTableErrors id objects with
        | [], [] -> Ok(Schema.ofDistinct objects)
        | pairs, bases ->
            (pairs
             |> List.map (fun (first, _) ->
                 $"`%s{QualifiedName.display (SchemaObject.name first)}` is defined more than once"))
            @ (bases |> List.map snd)
            |> List.distinct
            |> Error
