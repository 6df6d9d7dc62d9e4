namespace StarRocks.Schema

open System.Text

/// <summary>Reverse generation: a model as F# source that rebuilds it through the model's own types (what
/// <c>srschema inspect --format fsharp</c> prints). Pure; the generated code, run, gives a schema equal to the source.</summary>
[<RequireQualifiedAccess>]
module Codegen =
    /// An F# string literal: quotes, backslashes and control characters escaped.
    let private str (s: string) =
        let sb = StringBuilder("\"")

        for c in s do
            match c with
            | '"' -> sb.Append("\\\"") |> ignore
            | '\\' -> sb.Append("\\\\") |> ignore
            | '\n' -> sb.Append("\\n") |> ignore
            | '\r' -> sb.Append("\\r") |> ignore
            | '\t' -> sb.Append("\\t") |> ignore
            | c when System.Char.IsControl c -> sb.Append($"\\u%04x{int c}") |> ignore
            | c -> sb.Append(c) |> ignore

        sb.Append('"').ToString()

    let private name (n: Name) = $"n %s{str (Name.value n)}"
    let private list (items: string list) = "[ " + String.concat "; " items + " ]"

    let private opt (f: 'a -> string) (o: 'a option) =
        match o with
        | Some v -> $"Some(%s{f v})"
        | None -> "None"

    let private map (m: Map<string, string>) =
        if m.IsEmpty then
            "Map.empty"
        else
            "Map.ofList "
            + list (m |> Map.toList |> List.map (fun (k, v) -> $"(%s{str k}, %s{str v})"))

    let private qualified (q: QualifiedName) =
        $"{{ Catalog = %s{opt name q.Catalog}; Database = %s{opt name q.Database}; Name = %s{name q.Name} }}"

    let rec private columnType (t: ColumnType) : string =
        match t with
        | Boolean -> "Boolean"
        | TinyInt -> "TinyInt"
        | SmallInt -> "SmallInt"
        | Int -> "Int"
        | BigInt -> "BigInt"
        | LargeInt -> "LargeInt"
        | Float -> "Float"
        | Double -> "Double"
        | Decimal(p, s) -> $"Decimal(%d{p}, %d{s})"
        | DecimalV2(p, s) -> $"DecimalV2(%d{p}, %d{s})"
        | Char n -> $"Char %d{n}"
        | Varchar n -> $"Varchar %d{n}"
        | Varbinary n -> $"Varbinary(%s{opt string n})"
        | Date -> "Date"
        | DateTime -> "DateTime"
        | Json -> "Json"
        | Hll -> "Hll"
        | Bitmap -> "Bitmap"
        | Percentile -> "Percentile"
        | Variant -> "Variant"
        | Array e -> $"Array(%s{columnType e})"
        | Map(k, v) -> $"Map(%s{columnType k}, %s{columnType v})"
        | Struct fields ->
            fields
            |> List.map (fun f ->
                $"{{ Name = %s{name f.Name}; Type = %s{columnType f.Type}; Comment = %s{str f.Comment} }}")
            |> list
            |> sprintf "Struct %s"

    let private expr (e: Expr) = $"Expr.ofText %s{str (Expr.text e)}"

    let private value =
        function
        | Default(DefaultValue.Literal s) -> $"Default(DefaultValue.Literal %s{str s})"
        | Default DefaultValue.Null -> "Default DefaultValue.Null"
        | Default(DefaultValue.CurrentTimestamp p) -> $"Default(DefaultValue.CurrentTimestamp(%s{opt string p}))"
        | Default(DefaultValue.Expression e) -> $"Default(DefaultValue.Expression(%s{expr e}))"
        | AutoIncrement -> "AutoIncrement"
        | Generated e -> $"Generated(%s{expr e})"

    let private aggregate (a: AggregateType) =
        match a with
        | Sum -> "Sum"
        | Min -> "Min"
        | Max -> "Max"
        | Replace -> "Replace"
        | ReplaceIfNotNull -> "ReplaceIfNotNull"
        | HllUnion -> "HllUnion"
        | BitmapUnion -> "BitmapUnion"
        | PercentileUnion -> "PercentileUnion"

    let private bool (b: bool) = if b then "true" else "false"

    let private column (c: Column) =
        $"{{ Name = %s{name c.Name}; Type = %s{columnType c.Type}; Aggregate = %s{opt aggregate c.Aggregate}; Nullable = %s{opt bool c.Nullable}; Value = %s{opt value c.Value}; Comment = %s{str c.Comment} }}"

    let private index (i: Index) =
        let kind =
            function
            | BitmapIndex -> "BitmapIndex"
            | Gin -> "Gin"
            | NgramBloomFilter -> "NgramBloomFilter"
            | Vector -> "Vector"

        $"{{ Name = %s{name i.Name}; Columns = %s{list (List.map name i.Columns)}; Type = %s{opt kind i.Type}; Properties = %s{map i.Properties}; Comment = %s{str i.Comment} }}"

    let private partitionKey =
        function
        | PartitionKey.Column c -> $"PartitionKey.Column(%s{name c})"
        | PartitionKey.DateTrunc(u, c) -> $"PartitionKey.DateTrunc(%s{str u}, %s{name c})"
        | PartitionKey.TimeSlice(c, n, u, b) -> $"PartitionKey.TimeSlice(%s{name c}, %d{n}, %s{str u}, %s{opt str b})"
        | PartitionKey.Expression e -> $"PartitionKey.Expression(%s{expr e})"

    let private partitionValue =
        function
        | Value v -> $"Value %s{str v}"
        | MaxValue -> "MaxValue"
        | NullValue -> "NullValue"

    let private values (vs: PartitionValue list) = list (List.map partitionValue vs)

    let private rangePartition =
        function
        | LessThan(n, u, p) -> $"LessThan(%s{name n}, %s{values u}, %s{map p})"
        | Fixed(n, l, u, p) -> $"Fixed(%s{name n}, %s{values l}, %s{values u}, %s{map p})"
        | Batch(s, e, every) ->
            let step =
                match every with
                | Interval(n, unit) -> $"Interval(%d{n}, %s{str unit})"
                | Step n -> $"Step %d{n}"

            $"Batch(%s{str s}, %s{str e}, %s{step})"

    let private keys ks = list (List.map partitionKey ks)

    let private partitioning =
        function
        | Partitioning.Range(k, p) -> $"Partitioning.Range(%s{keys k}, %s{list (List.map rangePartition p)})"
        | Partitioning.List(k, p) ->
            let one (lp: ListPartition) =
                $"{{ Name = %s{name lp.Name}; Values = %s{list (List.map values lp.Values)}; Properties = %s{map lp.Properties} }}"

            $"Partitioning.List(%s{keys k}, %s{list (List.map one p)})"
        | Partitioning.Expression(k, p) -> $"Partitioning.Expression(%s{keys k}, %s{list (List.map rangePartition p)})"

    let private distribution =
        function
        | Distribution.Hash(cols, b) -> $"Distribution.Hash(%s{list (List.map name cols)}, %s{opt string b})"
        | Distribution.Random b -> $"Distribution.Random(%s{opt string b})"

    let private model =
        function
        | Duplicate -> "Duplicate"
        | Aggregate -> "Aggregate"
        | Unique -> "Unique"
        | Primary -> "Primary"

    let private viewColumns (cols: ViewColumn list) =
        cols
        |> List.map (fun c -> $"{{ Name = %s{name c.Name}; Comment = %s{str c.Comment} }}")
        |> list

    let private lines (fields: (string * string) list) =
        fields
        |> List.map (fun (k, v) -> $"          %s{k} = %s{v}")
        |> String.concat "\n"

    let private schemaObject (o: SchemaObject) =
        match o with
        | TableObject t ->
            let fields = [
                "Name", qualified t.Name
                "Temporary", bool t.Temporary
                "Columns", list (List.map column t.Columns)
                "Indexes", list (List.map index t.Indexes)
                "Keys",
                opt
                    (fun (k: Keys) -> $"{{ Model = %s{model k.Model}; Columns = %s{list (List.map name k.Columns)} }}")
                    t.Keys
                "Comment", str t.Comment
                "Partitioning", opt partitioning t.Partitioning
                "Distribution", opt distribution t.Distribution
                "OrderBy", opt (List.map name >> list) t.OrderBy
                "Properties", map t.Properties
                "Unmodelled",
                t.Unmodelled
                |> List.map (fun r -> $"{{ Clause = %s{str r.Clause}; Text = %s{str r.Text} }}")
                |> list
            ]

            $"      TableObject {{\n%s{lines fields}\n      }}"
        | ViewObject v ->
            let security =
                function
                | SecurityNone -> "SecurityNone"
                | SecurityInvoker -> "SecurityInvoker"

            let fields = [
                "Name", qualified v.Name
                "Columns", viewColumns v.Columns
                "Comment", str v.Comment
                "Security", opt security v.Security
                "Properties", map v.Properties
                "Query", $"Query.ofText %s{str (Query.text v.Query)}"
            ]

            $"      ViewObject {{\n%s{lines fields}\n      }}"
        | MaterializedViewObject m ->
            let refresh (r: Refresh) =
                let moment =
                    opt
                        (function
                        | Immediate -> "Immediate"
                        | Deferred -> "Deferred")
                        r.Moment

                let scheme =
                    match r.Scheme with
                    | Async(start, every) ->
                        let interval (n: int, u: string) = $"%d{n}, %s{str u}"
                        $"Async(%s{opt str start}, %s{opt interval every})"
                    | Manual -> "Manual"
                    | Incremental -> "Incremental"

                $"{{ Moment = %s{moment}; Scheme = %s{scheme} }}"

            let fields = [
                "Name", qualified m.Name
                "Columns", viewColumns m.Columns
                "Indexes", list (List.map index m.Indexes)
                "Comment", str m.Comment
                "Partitioning", opt keys m.Partitioning
                "Distribution", opt distribution m.Distribution
                "OrderBy", opt (List.map name >> list) m.OrderBy
                "Refresh", opt refresh m.Refresh
                "Properties", map m.Properties
                "Query", $"Query.ofText %s{str (Query.text m.Query)}"
            ]

            $"      MaterializedViewObject {{\n%s{lines fields}\n      }}"

    /// <summary>F# source defining <c>objects: SchemaObject list</c> (in the given order) and <c>schema: Schema</c>, as
    /// a module that opens <c>StarRocks.Schema</c>; every option and clause of the model is written out.</summary>
    /// <param name="moduleName">The module's name.</param>
    /// <param name="objects">The objects.</param>
    let fsharp (moduleName: string) (objects: SchemaObject list) : string =
        let body = objects |> List.map schemaObject |> String.concat "\n"

        String.concat "" [
            "// Generated by srschema inspect --format fsharp: the schema as StarRocks.Schema model values.\n"
            $"module %s{moduleName}\n\n"
            "open StarRocks.Schema\n\n"
            "let private n = Name.create\n\n"
            "/// The objects, in the order they were read.\n"
            "let objects: SchemaObject list =\n    [\n"
            body
            "\n    ]\n\n"
            "/// The schema.\n"
            "let schema = Schema.ofDistinct objects\n"
        ]
