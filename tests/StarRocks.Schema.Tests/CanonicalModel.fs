/// What a schema means, written independently of the diff: a canonical model of facts, one per (object, attribute),
/// where everything the model treats as meaning the same is folded (name case where StarRocks ignores it, the default
/// database and catalog, implicit NULL / NOT NULL, the default comments of old servers, property key case and
/// spelling, server defaults of properties, the distribution of a PRIMARY KEY table, query spelling through the
/// normalizer). It never calls Diff: the law "applying diff(a, b) to a gives b" is checked against it.
module StarRocks.Schema.Tests.CanonicalModel

open StarRocks.Schema

/// A fact's key: the object (its canonical name) and the attribute, e.g. ("t0", "column `id` type").
type Key = string * string

/// How a schema gives a fact: stated; left unset (the server decides, or keeps what it has: any value meets it); or
/// not known from the model at all (a partition list the server expands or maintains: it is not compared).
type Given =
    | Stated
    | Unset
    | Unknown

let private unsetIf (b: bool) = if b then Unset else Stated

/// A canonical schema: the value of every fact (for a clause the schema leaves unset, the value the server gives
/// it, where known), the facts the schema leaves to the server, and the value of a property it does not mention.
type Canonical = {
    Facts: Map<Key, string>
    /// Facts the schema leaves unset: the server decides (or keeps what it has), so any value meets them.
    Unset: Set<Key>
    /// Facts the model does not know (partition lists the server expands or maintains), on either side.
    Unknown: Set<Key>
    /// The value of a property fact the schema does not mention (its server default, when known).
    Absent: Key -> string option
}

let private lower (n: Name) = (Name.value n).ToLowerInvariant()
let private same (a: Name) (b: Name) = lower a = lower b
let private list (items: string list) = "(" + String.concat ", " items + ")"
let private names (ns: Name list) = ns |> List.map lower |> list

/// The object part of a key: [catalog.][database.]name, without the default catalog and the default database.
let objectKey (o: DiffOptions) (q: QualifiedName) =
    let catalog = q.Catalog |> Option.filter (fun c -> lower c <> "default_catalog")

    let database =
        match q.Database, o.DefaultDatabase with
        | Some d, Some dflt when same d dflt -> None
        | d, _ -> d

    [ catalog; database; Some q.Name ]
    |> List.choose id
    |> List.map Name.value
    |> String.concat "."

let rec private typeText (t: ColumnType) =
    match t with
    | Struct fields ->
        fields
        |> List.map (fun f -> $"%s{lower f.Name} %s{typeText f.Type} comment %A{f.Comment}")
        |> list
        |> sprintf "struct%s"
    | Array e -> $"array<%s{typeText e}>"
    | Map(k, v) -> $"map<%s{typeText k}, %s{typeText v}>"
    | AggregateState(f, args) ->
        args
        |> List.map (fun a -> $"%s{typeText a.Type} %A{a.Nullable}")
        |> list
        |> sprintf "%s%s" f
    | scalar -> sprintf "%A" scalar

let private valueText (c: Column) =
    match c.Value with
    | None
    | Some(Default DefaultValue.Null) -> "no default"
    | Some(Default(DefaultValue.Literal s)) -> $"default %A{s}"
    | Some(Default(DefaultValue.CurrentTimestamp p)) -> $"default current_timestamp %A{p}"
    | Some(Default(DefaultValue.Expression e)) -> $"default (%s{Normalize.expression e})"
    | Some(Default(DefaultValue.Complex l)) -> $"default %A{l}"
    | Some AutoIncrement -> "auto_increment"
    | Some(Generated e) -> $"as (%s{Normalize.expression e})"

/// NULL unless said otherwise; AUTO_INCREMENT columns and PRIMARY KEY columns are NOT NULL.
let private nullable (t: Table) (c: Column) =
    match c.Nullable with
    | Some n -> n
    | None ->
        let primaryKey =
            match t.Keys with
            | Some { Model = Primary; Columns = keys } -> keys |> List.exists (same c.Name)
            | _ -> false

        not (c.Value = Some AutoIncrement || primaryKey)

let private comment (defaultComment: string) (text: string) =
    if text = defaultComment then "" else text

let private partitionKeyText =
    function
    | PartitionKey.Column c -> lower c
    | PartitionKey.DateTrunc(u, c) -> $"date_trunc(%s{u.ToLowerInvariant()}, %s{lower c})"
    | PartitionKey.TimeSlice(c, n, u, b) ->
        let boundary = (defaultArg b "floor").ToLowerInvariant()
        $"time_slice(%s{lower c}, %d{n} %s{u.ToLowerInvariant()}, %s{boundary})"
    | PartitionKey.Expression e -> Normalize.expression e

let private valuesText (vs: PartitionValue list) = vs |> List.map (sprintf "%A") |> list

let private indexText (ix: Index) =
    let kind = ix.Type |> Option.defaultValue BitmapIndex
    let props = ServerRules.properties SharedNothing ix.Properties |> Map.toList
    $"%s{names ix.Columns} using %A{kind} properties %A{props} comment %A{ix.Comment}"

let private distributionFacts (d: Distribution option) = [
    match d with
    | Some(Distribution.Hash(cols, b)) ->
        ("distribution", "hash" + names cols), Stated
        ("buckets", b |> Option.map string |> Option.defaultValue "automatic"), unsetIf b.IsNone
    | Some(Distribution.Random b) ->
        ("distribution", "random"), Stated
        ("buckets", b |> Option.map string |> Option.defaultValue "automatic"), unsetIf b.IsNone
    | Some Distribution.Range ->
        ("distribution", "range"), Stated
        ("buckets", "automatic"), Unset
    | None ->
        ("distribution", "random"), Unset
        ("buckets", "automatic"), Unset
]

/// Properties by canonical key (case, spelling of default.X, values StarRocks reads case-insensitively), without
/// those meaning nothing in the run mode.
let private propertyFacts (o: DiffOptions) (isTable: bool) (props: Map<string, string>) = [
    for KeyValue(k, v) in props do
        if not (ServerRules.ignoredIn o.RunMode k) then
            let key =
                if isTable then
                    ServerRules.propertyKey (ServerRules.tableProperty k)
                else
                    ServerRules.propertyKey k

            ($"property \"%s{key}\"", ServerRules.propertyValue key v), Stated
]

let private columnListFacts (cols: ViewColumn list) (query: Query) =
    let implicitList =
        cols |> List.forall (fun c -> c.Comment = "")
        && Normalize.outputNames query = Some(cols |> List.map (fun c -> lower c.Name))

    let text =
        cols |> List.map (fun c -> $"%s{lower c.Name} comment %A{c.Comment}") |> list

    ("columns", text), unsetIf (List.isEmpty cols || implicitList)

let private tableFacts (o: DiffOptions) (t: Table) = [
    let visible = t.Columns |> List.filter (Column.isServerMaintained >> not)
    ("kind", "table"), Stated
    ("temporary", string t.Temporary), Stated
    ("comment", comment "OLAP" t.Comment), Stated
    ("columns", visible |> List.map (fun c -> c.Name) |> names), Stated

    for c in visible do
        let attr what = $"column `%s{lower c.Name}` %s{what}"
        (attr "type", typeText c.Type), Stated
        (attr "aggregate", sprintf "%A" c.Aggregate), Stated
        (attr "nullable", string (nullable t c)), Stated
        (attr "value", valueText c), Stated
        (attr "comment", c.Comment), Stated

    match t.Keys with
    | Some k -> ("key", sprintf "%A %s" k.Model (names k.Columns)), Stated
    | None -> ("key", "(the server's)"), Unset

    let sortKey =
        match t.OrderBy, t.Keys with
        | Some cols, _
        | None, Some { Columns = cols } -> names cols
        | None, None -> "(the server's)"

    ("sort key", sortKey), unsetIf t.OrderBy.IsNone
    // a table with a key clause or ORDER BY but without DISTRIBUTED BY is range-distributed on a 4.1+ shared-data
    // server (CREATE TABLE docs), and unset (what the server has is accepted); elsewhere a PRIMARY KEY table without
    // it is distributed by its key
    let rangeByDefault =
        ServerRules.allows o.ServerVersion o.RunMode Capability.RangeDistribution
        && (t.Keys.IsSome || t.OrderBy.IsSome)

    let distribution =
        match t.Distribution, t.Keys with
        | None, Some { Model = Primary; Columns = keys } when not rangeByDefault -> Some(Distribution.Hash(keys, None))
        | d, _ -> d

    if t.Distribution.IsNone && rangeByDefault then
        ("distribution", "range"), Unset
        ("buckets", "automatic"), Unset
    else
        yield! distributionFacts distribution

    match t.Partitioning with
    | None -> ("partitioning", "none"), Unset
    | Some p ->
        let scheme, keys =
            match p with
            | Partitioning.Range(k, _) -> "range", k
            | Partitioning.List(k, _) -> "list", k
            | Partitioning.Expression(k, _) -> "expression", k

        ("partitioning", scheme + list (List.map partitionKeyText keys)), Stated
        // the partitions of RANGE and LIST tables (per-partition properties are not managed); START/END/EVERY
        // batches and dynamic partitioning leave the list to the server, expression partitions are the server's
        let dynamic =
            t.Properties
            |> Map.exists (fun k v ->
                ServerRules.propertyKey k = "dynamic_partition.enable"
                && ServerRules.propertyValue k v = "true")

        let parts =
            match p with
            | Partitioning.Range(_, parts) ->
                let batch =
                    parts
                    |> List.exists (function
                        | Batch _ -> true
                        | _ -> false)

                let text =
                    parts
                    |> List.choose (function
                        | LessThan(n, u, _) -> Some(lower n, "less than " + valuesText u)
                        | Fixed(n, l, u, _) -> Some(lower n, $"[%s{valuesText l}, %s{valuesText u})")
                        | Batch _ -> None)

                Some(text, batch)
            | Partitioning.List(_, parts) ->
                let text =
                    parts
                    |> List.map (fun lp ->
                        lower lp.Name, "in " + (lp.Values |> List.map valuesText |> List.distinct |> List.sort |> list))

                Some(text, false)
            | Partitioning.Expression _ -> None

        match parts with
        | Some(text, batch) ->
            let shown = text |> List.sort |> List.map (fun (n, b) -> n + " " + b) |> list

            ("partitions", shown),
            (if batch || dynamic || not o.ManagePartitions then
                 Unknown
             else
                 Stated)
        | None -> ()

    ("indexes",
     t.Indexes
     |> List.map (fun ix -> lower ix.Name, indexText ix)
     |> List.sort
     |> sprintf "%A"),
    Stated
    // ROLLUP and CHARSET clauses are kept as text and not managed: no fact
    yield! propertyFacts o true t.Properties
]

let private viewFacts (o: DiffOptions) (v: View) = [
    ("kind", "view"), Stated
    ("query", Normalize.query v.Query), Stated
    columnListFacts v.Columns v.Query
    ("comment", comment "VIEW" v.Comment), Stated
    match v.Security with
    | Some SecurityInvoker -> ("security", "INVOKER"), Stated
    | Some SecurityNone -> ("security", "NONE"), Stated
    | None -> ("security", "NONE"), Unset
    yield! propertyFacts o false v.Properties
]

let private materializedViewFacts (o: DiffOptions) (m: MaterializedView) = [
    ("kind", "materialized view"), Stated
    ("query", Normalize.query m.Query), Stated
    columnListFacts m.Columns m.Query
    // indexes are written in the column list: a view without one leaves them unset
    ("indexes",
     m.Indexes
     |> List.map (fun ix -> lower ix.Name, indexText ix)
     |> List.sort
     |> sprintf "%A"),
    unsetIf (List.isEmpty m.Columns && List.isEmpty m.Indexes)
    ("comment", comment "MATERIALIZED_VIEW" m.Comment), Stated
    ("partitioning",
     m.Partitioning
     |> Option.map (List.map partitionKeyText >> list)
     |> Option.defaultValue "none"),
    unsetIf m.Partitioning.IsNone
    yield! distributionFacts m.Distribution
    ("sort key", m.OrderBy |> Option.map names |> Option.defaultValue "none"), unsetIf m.OrderBy.IsNone
    // the moment (IMMEDIATE or DEFERRED) only matters when the view is created
    let scheme =
        match m.Refresh |> Option.map (fun r -> r.Scheme) with
        | Some(Async(start, every)) ->
            sprintf "async start %A every %A" start (every |> Option.map (fun (n, u) -> n, u.ToUpperInvariant()))
        | Some Manual
        | None -> "manual"
        | Some Incremental -> "incremental"

    ("refresh", scheme), unsetIf m.Refresh.IsNone
    yield! propertyFacts o false m.Properties
]

/// A synchronous materialized view is created and dropped as a whole: its query (which names its base table), comment
/// and properties as written.
let private syncMaterializedViewFacts (o: DiffOptions) (m: SyncMaterializedView) = [
    ("kind", "synchronous materialized view"), Stated
    ("base", objectKey o m.Base), Stated
    ("query", Normalize.query (Render.syncQuery m)), Stated
    ("comment", m.Comment), Stated
    ("properties", sprintf "%A" m.Properties), Stated
]

/// The canonical model of a schema under the options (run mode, default database).
let canonical (o: DiffOptions) (s: Schema) : Canonical =
    let all = [
        for KeyValue(q, t) in s.Tables do
            objectKey o q, tableFacts o t, Some PropertyOwner.Table
        for KeyValue(q, v) in s.Views do
            objectKey o q, viewFacts o v, None
        for KeyValue(q, m) in s.MaterializedViews do
            objectKey o q, materializedViewFacts o m, Some PropertyOwner.MaterializedView
        // synchronous materialized views have a namespace of their own
        for KeyValue(q, m) in s.SyncMaterializedViews do
            "sync " + objectKey o q, syncMaterializedViewFacts o m, None
    ]

    let owners = all |> List.map (fun (k, _, owner) -> k, owner) |> Map.ofList

    {
        Facts =
            Map.ofList [
                for k, facts, _ in all do
                    for (attr, value), _ in facts -> (k, attr), value
            ]
        Unset =
            set [
                for k, facts, _ in all do
                    for (attr, _), given in facts do
                        if given = Unset then
                            k, attr
            ]
        Unknown =
            set [
                for k, facts, _ in all do
                    for (attr, _), given in facts do
                        if given = Unknown then
                            k, attr
            ]
        Absent =
            fun (k, attr) ->
                match owners.TryFind k with
                | Some(Some owner) when attr.StartsWith "property \"" ->
                    let key = attr.Substring(10, attr.Length - 11)

                    ServerRules.propertyDefault o.RunMode owner key
                    |> Option.map (ServerRules.propertyValue key)
                | _ -> None
    }

/// Where `reached` does not meet `desired`: (object, attribute, reached value, desired value). A fact the desired
/// schema leaves unset is met by any value; so is a property it does not mention; a fact the model does not know
/// on either side (a partition list with START/END/EVERY batches, or under dynamic partitioning) is not compared.
let unmet (reached: Canonical) (desired: Canonical) : (string * string * string * string) list = [
    let keys = Set.union (set reached.Facts.Keys) (set desired.Facts.Keys)

    for (k, attr) as key in keys do
        let unsetProperty =
            attr.StartsWith "property \"" && not (desired.Facts.ContainsKey key)

        let unknown = reached.Unknown.Contains key || desired.Unknown.Contains key

        if not (desired.Unset.Contains key || unsetProperty || unknown) then
            let value (c: Canonical) =
                c.Facts.TryFind key
                |> Option.orElse (c.Absent key)
                |> Option.defaultValue "(absent)"

            let r, d = value reached, value desired

            if r <> d then
                k, attr, r, d
]
