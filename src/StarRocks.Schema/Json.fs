namespace StarRocks.Schema

open System.Text

type JsonValue =
    | JNull
    | JBool of bool
    | JNumber of int64
    | JString of string
    | JArray of JsonValue list
    | JObject of (string * JsonValue) list

[<RequireQualifiedAccess>]
module Json =
    let private escape (sb: StringBuilder) (s: string) =
        sb.Append '"' |> ignore

        for c in s do
            match c with
            | '"' -> sb.Append "\\\"" |> ignore
            | '\\' -> sb.Append "\\\\" |> ignore
            | '\n' -> sb.Append "\\n" |> ignore
            | '\r' -> sb.Append "\\r" |> ignore
            | '\t' -> sb.Append "\\t" |> ignore
            | c when c < ' ' -> sb.AppendFormat("\\u{0:x4}", int c) |> ignore
            | c -> sb.Append c |> ignore

        sb.Append '"' |> ignore

    let rec private write (sb: StringBuilder) (indent: int) (v: JsonValue) =
        let pad n = sb.Append(' ', n) |> ignore

        match v with
        | JNull -> sb.Append "null" |> ignore
        | JBool b -> sb.Append(if b then "true" else "false") |> ignore
        | JNumber n -> sb.Append n |> ignore
        | JString s -> escape sb s
        | JArray [] -> sb.Append "[]" |> ignore
        | JObject [] -> sb.Append "{}" |> ignore
        | JArray items ->
            sb.Append "[\n" |> ignore

            items
            |> List.iteri (fun i item ->
                if i > 0 then
                    sb.Append ",\n" |> ignore

                pad (indent + 2)
                write sb (indent + 2) item)

            sb.Append '\n' |> ignore
            pad indent
            sb.Append ']' |> ignore
        | JObject members ->
            sb.Append "{\n" |> ignore

            members
            |> List.iteri (fun i (k, item) ->
                if i > 0 then
                    sb.Append ",\n" |> ignore

                pad (indent + 2)
                escape sb k
                sb.Append ": " |> ignore
                write sb (indent + 2) item)

            sb.Append '\n' |> ignore
            pad indent
            sb.Append '}' |> ignore

    let serialize (v: JsonValue) : string =
        let sb = StringBuilder()
        write sb 0 v
        sb.ToString()

[<RequireQualifiedAccess>]
module SchemaJson =
    [<Literal>]
    let FormatVersion = 1

    let private str (s: string) = JString s
    let private name (n: Name) = JString(Name.value n)
    let private names (ns: Name list) = JArray(List.map name ns)

    let private opt f =
        Option.map f >> Option.defaultValue JNull

    let private num (n: int) = JNumber(int64 n)
    let private kind k rest = JObject(("kind", JString k) :: rest)

    let private props (m: Map<string, string>) =
        JObject(m |> Map.toList |> List.map (fun (k, v) -> k, JString v))

    let private qualified (q: QualifiedName) =
        JObject [
            "catalog", opt name q.Catalog
            "database", opt name q.Database
            "name", name q.Name
        ]

    let rec private columnType (t: ColumnType) : JsonValue =
        let simple k = JObject [ "type", JString k ]

        match t with
        | Boolean -> simple "boolean"
        | TinyInt -> simple "tinyint"
        | SmallInt -> simple "smallint"
        | Int -> simple "int"
        | BigInt -> simple "bigint"
        | LargeInt -> simple "largeint"
        | Float -> simple "float"
        | Double -> simple "double"
        | Decimal(p, s) -> JObject [ "type", str "decimal"; "precision", num p; "scale", num s ]
        | DecimalV2(p, s) -> JObject [ "type", str "decimalv2"; "precision", num p; "scale", num s ]
        | Char n -> JObject [ "type", str "char"; "length", num n ]
        | Varchar n -> JObject [ "type", str "varchar"; "length", num n ]
        | Varbinary n -> JObject [ "type", str "varbinary"; "length", opt num n ]
        | Date -> simple "date"
        | DateTime -> simple "datetime"
        | Json -> simple "json"
        | Hll -> simple "hll"
        | Bitmap -> simple "bitmap"
        | Percentile -> simple "percentile"
        | Variant -> simple "variant"
        | Array e -> JObject [ "type", str "array"; "element", columnType e ]
        | Map(k, v) -> JObject [ "type", str "map"; "key", columnType k; "value", columnType v ]
        | Struct fields ->
            let field (f: StructField) =
                JObject [ "name", name f.Name; "type", columnType f.Type; "comment", str f.Comment ]

            JObject [ "type", str "struct"; "fields", JArray(List.map field fields) ]
        | AggregateState(f, args) ->
            let argument (a: AggregateStateArgument) =
                JObject [ "type", columnType a.Type; "nullable", opt JBool a.Nullable ]

            JObject [
                "type", str "aggregateState"
                "function", str f
                "arguments", JArray(List.map argument args)
            ]

    let rec private complexLiteral (l: ComplexLiteral) : JsonValue =
        match l with
        | ComplexLiteral.Number n -> kind "number" [ "text", str n ]
        | ComplexLiteral.Text s -> kind "string" [ "value", str s ]
        | ComplexLiteral.Boolean b -> kind "boolean" [ "value", JBool b ]
        | ComplexLiteral.Null -> kind "null" []
        | ComplexLiteral.Array es -> kind "array" [ "elements", JArray(List.map complexLiteral es) ]
        | ComplexLiteral.Map entries ->
            let entry (k, v) =
                JObject [ "key", complexLiteral k; "value", complexLiteral v ]

            kind "map" [ "entries", JArray(List.map entry entries) ]
        | ComplexLiteral.Row fs -> kind "row" [ "fields", JArray(List.map complexLiteral fs) ]

    let private defaultValue =
        function
        | DefaultValue.Literal s -> kind "literal" [ "value", str s ]
        | DefaultValue.Null -> kind "null" []
        | DefaultValue.CurrentTimestamp p -> kind "currentTimestamp" [ "precision", opt num p ]
        | DefaultValue.Expression e -> kind "expression" [ "text", str (Expr.text e) ]
        | DefaultValue.Complex l -> kind "complex" [ "literal", complexLiteral l ]

    let private column (c: Column) =
        JObject [
            "name", name c.Name
            "type", columnType c.Type
            "aggregate", opt (AggregateType.keyword >> str) c.Aggregate
            "nullable", opt JBool c.Nullable
            "default",
            (match c.Value with
             | Some(Default d) -> defaultValue d
             | _ -> JNull)
            "autoIncrement", JBool(c.Value = Some AutoIncrement)
            "generated",
            (match c.Value with
             | Some(Generated e) -> str (Expr.text e)
             | _ -> JNull)
            "comment", str c.Comment
        ]

    let private index (i: Index) =
        let indexType (t: IndexType) =
            (IndexType.keyword t).ToLowerInvariant()

        JObject [
            "name", name i.Name
            "columns", names i.Columns
            "type", opt (indexType >> str) i.Type
            "properties", props i.Properties
            "comment", str i.Comment
        ]

    let private partitionKey =
        function
        | PartitionKey.Column c -> kind "column" [ "column", name c ]
        | PartitionKey.DateTrunc(u, c) -> kind "dateTrunc" [ "unit", str u; "column", name c ]
        | PartitionKey.TimeSlice(c, n, u, b) ->
            kind "timeSlice" [ "column", name c; "interval", num n; "unit", str u; "boundary", opt str b ]
        | PartitionKey.Expression e -> kind "expression" [ "text", str (Expr.text e) ]

    let private partitionValue =
        function
        | Value v -> kind "value" [ "value", str v ]
        | MaxValue -> kind "maxValue" []
        | NullValue -> kind "null" []

    let private values vs = JArray(List.map partitionValue vs)

    let private rangePartition =
        function
        | LessThan(n, upper, p) -> kind "lessThan" [ "name", name n; "upper", values upper; "properties", props p ]
        | Fixed(n, lower, upper, p) ->
            kind "fixed" [
                "name", name n
                "lower", values lower
                "upper", values upper
                "properties", props p
            ]
        | Batch(s, e, every) ->
            let step =
                match every with
                | Interval(n, u) -> JObject [ "interval", num n; "unit", str u ]
                | Step n -> JObject [ "step", num n ]

            kind "batch" [ "start", str s; "end", str e; "every", step ]

    let private keysList ks = JArray(List.map partitionKey ks)

    let private partitioning =
        function
        | Partitioning.Range(ks, parts) ->
            kind "range" [ "keys", keysList ks; "partitions", JArray(List.map rangePartition parts) ]
        | Partitioning.List(ks, parts) ->
            let part (p: ListPartition) =
                JObject [
                    "name", name p.Name
                    "values", JArray(p.Values |> List.map values)
                    "properties", props p.Properties
                ]

            kind "list" [ "keys", keysList ks; "partitions", JArray(List.map part parts) ]
        | Partitioning.Expression(ks, created) ->
            kind "expression" [ "keys", keysList ks; "created", JArray(List.map rangePartition created) ]

    let private distribution =
        function
        | Distribution.Hash(cols, b) -> kind "hash" [ "columns", names cols; "buckets", opt num b ]
        | Distribution.Random b -> kind "random" [ "buckets", opt num b ]
        | Distribution.Range -> kind "range" []

    let private keys (k: Keys) =
        JObject [
            "model", str ((KeysModel.keyword k.Model).ToLowerInvariant())
            "columns", names k.Columns
        ]

    let private viewColumn (c: ViewColumn) =
        JObject [ "name", name c.Name; "comment", str c.Comment ]

    let private refresh (r: Refresh) =
        let moment =
            function
            | Immediate -> "immediate"
            | Deferred -> "deferred"

        let scheme =
            match r.Scheme with
            | Async(start, every) ->
                kind "async" [
                    "start", opt str start
                    "every", opt (fun (n, u) -> JObject [ "interval", num n; "unit", str u ]) every
                ]
            | Manual -> kind "manual" []
            | Incremental -> kind "incremental" []

        JObject [ "moment", opt (moment >> str) r.Moment; "scheme", scheme ]

    let schemaObject (o: SchemaObject) : JsonValue =
        match o with
        | TableObject t ->
            kind "table" [
                "name", qualified t.Name
                "temporary", JBool t.Temporary
                "columns", JArray(List.map column t.Columns)
                "indexes", JArray(List.map index t.Indexes)
                "keys", opt keys t.Keys
                "comment", str t.Comment
                "partitioning", opt partitioning t.Partitioning
                "distribution", opt distribution t.Distribution
                "orderBy", opt names t.OrderBy
                "properties", props t.Properties
                "unmodelled",
                JArray(
                    t.Unmodelled
                    |> List.map (fun r -> JObject [ "clause", str r.Clause; "text", str r.Text ])
                )
            ]
        | ViewObject v ->
            kind "view" [
                "name", qualified v.Name
                "columns", JArray(List.map viewColumn v.Columns)
                "comment", str v.Comment
                "security",
                opt
                    (function
                    | SecurityNone -> str "none"
                    | SecurityInvoker -> str "invoker")
                    v.Security
                "properties", props v.Properties
                "query", str (Query.text v.Query)
            ]
        | MaterializedViewObject m ->
            kind "materializedView" [
                "name", qualified m.Name
                "columns", JArray(List.map viewColumn m.Columns)
                "indexes", JArray(List.map index m.Indexes)
                "comment", str m.Comment
                "partitioning", opt keysList m.Partitioning
                "distribution", opt distribution m.Distribution
                "orderBy", opt names m.OrderBy
                "refresh", opt refresh m.Refresh
                "properties", props m.Properties
                "query", str (Query.text m.Query)
            ]
        | SyncMaterializedViewObject m ->
            let exprs (items: Expr list) =
                JArray(items |> List.map (Expr.text >> str))

            kind "syncMaterializedView" [
                "name", qualified m.Name
                "base", qualified m.Base
                "select",
                JArray(
                    m.Select
                    |> List.map (fun i ->
                        JObject [ "expression", str (Expr.text i.Expression); "alias", opt name i.Alias ])
                )
                "where", opt (Expr.text >> str) m.Where
                "groupBy", exprs m.GroupBy
                "orderBy", exprs m.OrderBy
                "comment", str m.Comment
                "properties", props m.Properties
            ]

    let objects (objs: SchemaObject list) : JsonValue =
        JObject [
            "formatVersion", num FormatVersion
            "objects", JArray(List.map schemaObject objs)
        ]

    let serialize (objs: SchemaObject list) : string = Json.serialize (objects objs) + "\n"
