namespace StarRocks.Schema

open System.Text

[<RequireQualifiedAccess>]
module Codegen =
    /// A string literal valid in both F# and C#: quotes, backslashes and control characters escaped.
    let private str (s: string) =
        let sb = StringBuilder("\"")

        for c in s do
            match c with
            | '"' -> sb.Append("\\\"") |> ignore
            | '\\' -> sb.Append("\\\\") |> ignore
            | '\n' -> sb.Append("\\n") |> ignore
            | '\r' -> sb.Append("\\r") |> ignore
            | '\t' -> sb.Append("\\t") |> ignore
            // control characters, and the line and paragraph separators C# does not allow raw in a string literal
            | c when System.Char.IsControl c || c = '\u2028' || c = '\u2029' -> sb.Append($"\\u%04x{int c}") |> ignore
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

    let private bool (b: bool) = if b then "true" else "false"

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
        | AggregateState(f, args) ->
            args
            |> List.map (fun a ->
                $"({{ Type = %s{columnType a.Type}; Nullable = %s{opt bool a.Nullable} }}: AggregateStateArgument)")
            |> list
            |> sprintf "AggregateState(%s, %s)" (str f)

    let rec private complexLiteral (l: ComplexLiteral) : string =
        match l with
        | ComplexLiteral.Number n -> $"ComplexLiteral.Number %s{str n}"
        | ComplexLiteral.Text s -> $"ComplexLiteral.Text %s{str s}"
        | ComplexLiteral.Boolean b -> $"ComplexLiteral.Boolean %s{bool b}"
        | ComplexLiteral.Null -> "ComplexLiteral.Null"
        | ComplexLiteral.Array es -> $"ComplexLiteral.Array %s{list (List.map complexLiteral es)}"
        | ComplexLiteral.Map entries ->
            entries
            |> List.map (fun (k, v) -> $"(%s{complexLiteral k}, %s{complexLiteral v})")
            |> list
            |> sprintf "ComplexLiteral.Map %s"
        | ComplexLiteral.Row fs -> $"ComplexLiteral.Row %s{list (List.map complexLiteral fs)}"

    let private expr (e: Expr) = $"Expr.ofText %s{str (Expr.text e)}"

    let private value =
        function
        | Default(DefaultValue.Literal s) -> $"Default(DefaultValue.Literal %s{str s})"
        | Default DefaultValue.Null -> "Default DefaultValue.Null"
        | Default(DefaultValue.CurrentTimestamp p) -> $"Default(DefaultValue.CurrentTimestamp(%s{opt string p}))"
        | Default(DefaultValue.Expression e) -> $"Default(DefaultValue.Expression(%s{expr e}))"
        | Default(DefaultValue.Complex l) -> $"Default(DefaultValue.Complex(%s{complexLiteral l}))"
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
        | Distribution.Range -> "Distribution.Range"

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
        | SyncMaterializedViewObject m ->
            let expr (e: Expr) = $"Expr.ofText %s{str (Expr.text e)}"

            let item (i: SelectItem) =
                $"{{ Expression = %s{expr i.Expression}; Alias = %s{opt name i.Alias} }}"

            let fields = [
                "Name", qualified m.Name
                "Base", qualified m.Base
                "Select", list (List.map item m.Select)
                "Where", opt expr m.Where
                "GroupBy", list (List.map expr m.GroupBy)
                "OrderBy", list (List.map expr m.OrderBy)
                "Comment", str m.Comment
                "Properties", map m.Properties
            ]

            $"      SyncMaterializedViewObject {{\n%s{lines fields}\n      }}"

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

    // ---------------------------------------------------------------------------------------------------------------
    // C#: the objects declared with the StarRocks.Schema.CSharp builders

    /// A qualified name as the builders read it: each part bare when it is a plain word, else backticked.
    let private csQualified (q: QualifiedName) =
        [ yield! Option.toList q.Catalog; yield! Option.toList q.Database; q.Name ]
        |> List.map Lexical.Quote.fieldName
        |> String.concat "."
        |> str

    let private csNames (names: Name list) =
        names |> List.map (Name.value >> str) |> String.concat ", "

    /// A collection expression: <c>["a", "b"]</c>.
    let private csCollection (items: string list) = "[" + String.concat ", " items + "]"

    let private csNullableInt (n: int option) =
        match n with
        | Some v -> string v
        | None -> "null"

    let private csProperties (m: Map<string, string>) =
        m
        |> Map.toList
        |> List.map (fun (k, v) -> $"[%s{str k}] = %s{str v}")
        |> String.concat ", "
        |> sprintf "new Dictionary<string, string> { %s }"

    /// An argument list: the positional arguments, then the named ones that are not at their defaults.
    let private csArgs (positional: string list) (named: (string * string option) list) =
        positional
        @ (named |> List.choose (fun (n, v) -> v |> Option.map (fun v -> $"%s{n}: %s{v}")))
        |> String.concat ", "

    let private csAggregate (a: AggregateType) = "AggregateFunction." + aggregate a

    /// A type as people write it (upper case, no display widths, STRING for VARCHAR(65533)), which parses back to the
    /// same type; SHOW CREATE's spelling is Render.columnType.
    let rec private typeText (t: ColumnType) : string =
        match t with
        | Boolean -> "BOOLEAN"
        | TinyInt -> "TINYINT"
        | SmallInt -> "SMALLINT"
        | Int -> "INT"
        | BigInt -> "BIGINT"
        | LargeInt -> "LARGEINT"
        | Float -> "FLOAT"
        | Double -> "DOUBLE"
        | Decimal(p, s) -> $"DECIMAL(%d{p}, %d{s})"
        | DecimalV2(p, s) -> $"DECIMALV2(%d{p}, %d{s})"
        | Char n -> $"CHAR(%d{n})"
        | Varchar 65533 -> "STRING"
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
        | Array e -> $"ARRAY<%s{typeText e}>"
        | Map(k, v) -> $"MAP<%s{typeText k}, %s{typeText v}>"
        | Struct fields ->
            fields
            |> List.map (fun f ->
                let comment =
                    if f.Comment = "" then
                        ""
                    else
                        " COMMENT " + Lexical.Quote.singleQuoted f.Comment

                $"%s{Lexical.Quote.fieldName f.Name} %s{typeText f.Type}%s{comment}")
            |> String.concat ", "
            |> sprintf "STRUCT<%s>"
        | AggregateState(f, args) -> Render.aggregateStateWith typeText f args

    let private csColumn (c: Column) =
        let name = str (Name.value c.Name)
        let columnType = str (typeText c.Type)
        let comment = if c.Comment = "" then None else Some(str c.Comment)

        let simple (literal: string option) =
            let args =
                csArgs [ name; columnType ] [
                    "nullable", c.Nullable |> Option.map bool
                    "comment", comment
                    "defaultValue", literal
                    "aggregate", c.Aggregate |> Option.map csAggregate
                ]

            $".Column(%s{args})"

        match c.Value with
        | None -> simple None
        | Some(Default(DefaultValue.Literal s)) -> simple (Some(str s))
        | Some source ->
            let calls = [
                match c.Nullable with
                | Some true -> "Null()"
                | Some false -> "NotNull()"
                | None -> ()
                match source with
                | Default(DefaultValue.Literal s) -> $"Default(%s{str s})"
                | Default DefaultValue.Null -> "DefaultNull()"
                | Default(DefaultValue.CurrentTimestamp p) ->
                    $"""DefaultCurrentTimestamp(%s{p |> Option.map string |> Option.defaultValue ""})"""
                | Default(DefaultValue.Expression e) -> $"DefaultExpression(%s{str (Expr.text e)})"
                | Default(DefaultValue.Complex l) -> $"DefaultLiteral(%s{str (Render.complexLiteral l)})"
                | AutoIncrement -> "AutoIncrement()"
                | Generated e -> $"GeneratedAs(%s{str (Expr.text e)})"
                yield!
                    c.Aggregate
                    |> Option.map (fun a -> $"Aggregate(%s{csAggregate a})")
                    |> Option.toList
                yield! comment |> Option.map (sprintf "Comment(%s)") |> Option.toList
            ]

            $""".Column(%s{name}, %s{columnType}, c => c.%s{String.concat "." calls})"""

    let private csIndex (i: Index) =
        let kind =
            i.Type
            |> Option.map (function
                | BitmapIndex -> "IndexKind.Bitmap"
                | Gin -> "IndexKind.Gin"
                | NgramBloomFilter -> "IndexKind.NgramBloomFilter"
                | Vector -> "IndexKind.Vector")

        let args =
            csArgs [
                str (Name.value i.Name)
                csCollection (i.Columns |> List.map (Name.value >> str))
            ] [
                "kind", kind
                "properties",
                (if i.Properties.IsEmpty then
                     None
                 else
                     Some(csProperties i.Properties))
                "comment", (if i.Comment = "" then None else Some(str i.Comment))
            ]

        $".Index(%s{args})"

    let private csKeys (keys: PartitionKey list) =
        keys |> List.map (Render.partitionKeyWith Lexical.Quote.fieldName >> str)

    let private csValues (values: PartitionValue list) =
        values
        |> List.map (function
            | Value v -> str v
            | MaxValue -> "PartitionValue.MaxValue"
            | NullValue -> "PartitionValue.Null")
        |> csCollection

    let private csPartitionProperties (m: Map<string, string>) =
        if m.IsEmpty then "" else ", " + csProperties m

    /// The lambda that declares partitions: one call per line.
    let private csPartitionLambda (calls: string list) =
        match calls with
        | [] -> "p => { }"
        | _ -> "p => p" + (calls |> List.map ((+) "\n                ") |> String.concat "")

    let private csRangePartitions (partitions: RangePartition list) =
        partitions
        |> List.map (function
            | LessThan(n, upper, props) ->
                $".LessThan(%s{str (Name.value n)}, %s{csValues upper}%s{csPartitionProperties props})"
            | Fixed(n, lower, upper, props) ->
                $".Between(%s{str (Name.value n)}, %s{csValues lower}, %s{csValues upper}%s{csPartitionProperties props})"
            | Batch(s, e, Interval(n, unit)) -> $".Batch(%s{str s}, %s{str e}, %d{n}, %s{str unit})"
            | Batch(s, e, Step n) -> $".Batch(%s{str s}, %s{str e}, %d{n})")
        |> csPartitionLambda

    let private csPartitioning (p: Partitioning) =
        match p with
        | Partitioning.Expression(keys, []) -> $""".PartitionBy(%s{String.concat ", " (csKeys keys)})"""
        | Partitioning.Expression(keys, created) ->
            $".PartitionBy(%s{csCollection (csKeys keys)}, %s{csRangePartitions created})"
        | Partitioning.Range(keys, partitions) ->
            $".PartitionByRange(%s{csCollection (csKeys keys)}, %s{csRangePartitions partitions})"
        | Partitioning.List(keys, partitions) ->
            let calls =
                partitions
                |> List.map (fun lp ->
                    let props = csPartitionProperties lp.Properties

                    if lp.Values |> List.forall (fun t -> List.length t = 1) then
                        $".Partition(%s{str (Name.value lp.Name)}, %s{csValues (List.concat lp.Values)}%s{props})"
                    else
                        $".PartitionOfTuples(%s{str (Name.value lp.Name)}, %s{lp.Values |> List.map csValues |> csCollection}%s{props})")

            $".PartitionByList(%s{csCollection (csKeys keys)}, %s{csPartitionLambda calls})"

    let private csDistribution (d: Distribution) =
        match d with
        | Distribution.Hash(columns, buckets) -> $".DistributedByHash(%s{csNullableInt buckets}, %s{csNames columns})"
        | Distribution.Random None -> ".DistributedByRandom()"
        | Distribution.Random(Some n) -> $".DistributedByRandom(%d{n})"
        | Distribution.Range -> ".DistributedByRange()"

    let private csRefresh (r: Refresh) =
        let args positional start =
            csArgs positional [
                "start", start |> Option.map str
                "moment",
                r.Moment
                |> Option.map (function
                    | Immediate -> "RefreshMoment.Immediate"
                    | Deferred -> "RefreshMoment.Deferred")
            ]

        match r.Scheme with
        | Async(start, Some(n, unit)) -> $".RefreshEvery(%s{args [ string n; str unit ] start})"
        | Async(start, None) -> $".RefreshOnChange(%s{args [] start})"
        | Manual -> $".RefreshManual(%s{args [] None})"
        | Incremental -> $".RefreshIncremental(%s{args [] None})"

    let private csViewColumn (c: ViewColumn) =
        if c.Comment = "" then
            $".Column(%s{str (Name.value c.Name)})"
        else
            $".Column(%s{str (Name.value c.Name)}, %s{str c.Comment})"

    let private csProperty (key: string, value: string) =
        $".Property(%s{str key}, %s{str value})"

    let private csComment (text: string) =
        if text = "" then [] else [ $".Comment(%s{str text})" ]

    /// The builder expression of one object, one call per line.
    let private csObject (o: SchemaObject) =
        let lines =
            match o with
            | TableObject t -> [
                $"new TableBuilder(%s{csQualified t.Name})"
                if t.Temporary then
                    ".Temporary()"
                yield! t.Columns |> List.map csColumn
                match t.Keys with
                | Some k ->
                    let method =
                        match k.Model with
                        | Duplicate -> "DuplicateKey"
                        | Aggregate -> "AggregateKey"
                        | Unique -> "UniqueKey"
                        | Primary -> "PrimaryKey"

                    $".%s{method}(%s{csNames k.Columns})"
                | None -> ()
                yield! t.Indexes |> List.map csIndex
                yield! csComment t.Comment
                yield! t.Partitioning |> Option.map csPartitioning |> Option.toList
                yield! t.Distribution |> Option.map csDistribution |> Option.toList
                yield! t.OrderBy |> Option.map (fun c -> $".OrderBy(%s{csNames c})") |> Option.toList
                yield! t.Properties |> Map.toList |> List.map csProperty
                yield!
                    t.Unmodelled
                    |> List.map (fun r -> $".Unmodelled(%s{str r.Clause}, %s{str r.Text})")
              ]
            | ViewObject v -> [
                $"new ViewBuilder(%s{csQualified v.Name}, %s{str (Query.text v.Query)})"
                yield! v.Columns |> List.map csViewColumn
                yield! csComment v.Comment
                match v.Security with
                | Some SecurityNone -> ".Security(ViewSecurity.None)"
                | Some SecurityInvoker -> ".Security(ViewSecurity.Invoker)"
                | None -> ()
                yield! v.Properties |> Map.toList |> List.map csProperty
              ]
            | MaterializedViewObject m -> [
                $"new MaterializedViewBuilder(%s{csQualified m.Name}, %s{str (Query.text m.Query)})"
                yield! m.Columns |> List.map csViewColumn
                yield! m.Indexes |> List.map csIndex
                yield! csComment m.Comment
                yield!
                    m.Partitioning
                    |> Option.map (fun keys -> $""".PartitionBy(%s{String.concat ", " (csKeys keys)})""")
                    |> Option.toList
                yield! m.Distribution |> Option.map csDistribution |> Option.toList
                yield! m.OrderBy |> Option.map (fun c -> $".OrderBy(%s{csNames c})") |> Option.toList
                yield! m.Refresh |> Option.map csRefresh |> Option.toList
                yield! m.Properties |> Map.toList |> List.map csProperty
              ]
            | SyncMaterializedViewObject m -> [
                $"new SyncMaterializedViewBuilder(%s{csQualified m.Name}, %s{str (Query.text (Render.syncQuery m))})"
                yield! csComment m.Comment
                yield! m.Properties |> Map.toList |> List.map csProperty
              ]

        String.concat "\n            " lines

    /// A C# method name for an object: its name in PascalCase (<c>user_stats_mv</c> gives <c>UserStatsMv</c>), or the
    /// kind and a number when the name has no letters to use; made unique within the class, and never the class's
    /// own name, Build or a member every class inherits.
    let private methodNames (className: string) (objects: SchemaObject list) =
        let pascal (o: SchemaObject) =
            let words =
                RegularExpressions.Regex.Split(Name.value (SchemaObject.name o).Name, "[^A-Za-z0-9]+")
                |> Array.filter ((<>) "")

            let joined =
                words
                |> Array.map (fun w -> string (System.Char.ToUpperInvariant w[0]) + w.Substring 1)
                |> String.concat ""

            let fallback =
                match o with
                | TableObject _ -> "Table"
                | ViewObject _ -> "View"
                | MaterializedViewObject _ -> "MaterializedView"
                | SyncMaterializedViewObject _ -> "SyncMaterializedView"

            if joined = "" || System.Char.IsAsciiDigit joined[0] then
                fallback + joined
            else
                joined

        objects
        |> List.mapFold
            (fun (taken: Set<string>) o ->
                let stem = pascal o

                let unique =
                    Seq.initInfinite (fun i -> if i = 0 then stem else $"%s{stem}%d{i + 1}")
                    |> Seq.find (fun n -> not (taken.Contains n))

                unique, taken.Add unique)
            (Set.ofList [
                className
                "Build"
                "Equals"
                "GetHashCode"
                "GetType"
                "ToString"
                "ReferenceEquals"
                "MemberwiseClone"
                "Finalize"
            ])
        |> fst

    let csharp (namespaceName: string) (className: string) (objects: SchemaObject list) : string =
        let methods = methodNames className objects

        let builderType =
            function
            | TableObject _ -> "TableBuilder"
            | ViewObject _ -> "ViewBuilder"
            | MaterializedViewObject _ -> "MaterializedViewBuilder"
            | SyncMaterializedViewObject _ -> "SyncMaterializedViewBuilder"

        let adds =
            methods
            |> List.map (fun m -> $"\n            .Add(%s{m}())")
            |> String.concat ""

        let definitions =
            List.zip methods objects
            |> List.map (fun (m, o) ->
                let described =
                    System.Security.SecurityElement.Escape(QualifiedName.display (SchemaObject.name o))

                $"    /// <summary>The %s{SchemaObject.kind o} %s{described}.</summary>\n"
                + $"    public static %s{builderType o} %s{m}() =>\n        %s{csObject o};\n")
            |> String.concat "\n"

        String.concat "" [
            "// Generated by srschema inspect --format csharp: the schema declared with the StarRocks.Schema.CSharp builders.\n"
            "using System.Collections.Generic;\n"
            "using StarRocks.Schema.CSharp;\n\n"
            $"namespace %s{namespaceName};\n\n"
            "/// <summary>The schema, one method per object.</summary>\n"
            $"public static class %s{className}\n{{\n"
            "    /// <summary>Every object, validated into one schema.</summary>\n"
            $"    public static SchemaModel Build() =>\n        new SchemaBuilder()%s{adds}\n            .Build();\n\n"
            definitions
            "}\n"
        ]
