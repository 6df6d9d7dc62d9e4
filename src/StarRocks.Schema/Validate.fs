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
            match model, c.Aggregate with
            | Some Aggregate, Some _ when isKey -> $"%s{where ()}: a key column cannot have an aggregate function"
            | Some Aggregate, None when not isKey ->
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
                "a materialized view without REFRESH or DISTRIBUTED BY is synchronous; only asynchronous materialized views are supported"
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
        ]

    let schemaObject (o: SchemaObject) : string list =
        match o with
        | TableObject t -> table t
        | ViewObject v -> view v
        | MaterializedViewObject m -> materializedView m

    let isValid (o: SchemaObject) = List.isEmpty (schemaObject o)

    let redefinitions (objectOf: 'a -> SchemaObject) (items: 'a list) : ('a * 'a) list =
        items
        |> List.groupBy (objectOf >> SchemaObject.name)
        |> List.collect (fun (_, group) ->
            match group with
            | first :: later -> later |> List.map (fun l -> first, l)
            | [] -> [])

    let schema (objects: SchemaObject list) : Result<Schema, string list> =
        match redefinitions id objects with
        | [] -> Ok(Schema.ofDistinct objects)
        | pairs ->
            pairs
            |> List.map (fun (first, _) ->
                $"`%s{QualifiedName.display (SchemaObject.name first)}` is defined more than once")
            |> List.distinct
            |> Error
