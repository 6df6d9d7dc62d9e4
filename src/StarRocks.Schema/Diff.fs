namespace StarRocks.Schema

/// <summary>What the diff assumes about the server, and what the desired schema declares beyond its objects.</summary>
type DiffOptions = {
    /// <summary>The server's release: what is alterable and how depends on it. Offline: <c>ServerVersion.newest</c>.</summary>
    ServerVersion: ServerVersion
    /// <summary>Shared-nothing or shared-data. Offline: shared-nothing.</summary>
    RunMode: RunMode
    /// <summary>The connection's database: names qualified with it mean the same as unqualified names.</summary>
    DefaultDatabase: Name option
    /// <summary>Renames the desired schema declares.</summary>
    Renames: Rename list
    /// <summary>Whether the partitions of RANGE and LIST tables are compared (partitions of expression, automatic and
    /// dynamic partitioning are server-maintained and never compared). Default true.</summary>
    ManagePartitions: bool
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.DiffOptions"/>.</summary>
[<RequireQualifiedAccess>]
module DiffOptions =
    /// <summary>The newest supported release, shared-nothing, no default database, no renames, partitions managed.</summary>
    let defaults = {
        ServerVersion = ServerVersion.newest
        RunMode = SharedNothing
        DefaultDatabase = None
        Renames = []
        ManagePartitions = true
    }

    /// <summary>The options for a server (or what a project assumes offline): its release and run mode, each the
    /// newest release and shared-nothing when unknown, and the database unqualified names belong to.</summary>
    let forServer (version: ServerVersion option) (runMode: RunMode option) (database: Name option) = {
        defaults with
            ServerVersion = version |> Option.defaultValue ServerVersion.newest
            RunMode = runMode |> Option.defaultValue SharedNothing
            DefaultDatabase = database
    }

/// <summary>What the diff did with a difference it found.</summary>
type Outcome =
    /// <summary>The plan changes it in place.</summary>
    | Altered
    /// <summary>The plan rebuilds the object for it (copy-and-swap for tables, drop and create for views).</summary>
    | Rebuilt
    /// <summary>Not a change: the two values mean the same (a server default, an alias, automatic buckets).</summary>
    | Ignored of reason: string
    /// <summary>Kept as it is, with a warning: the desired schema leaves the option unset but the server has a
    /// non-default value, or the difference is one the diff does not manage.</summary>
    | Kept of reason: string
    /// <summary>Planned, with a warning: StarRocks may refuse the statement as planned (e.g. a NOT NULL column
    /// without DEFAULT added to a table that has rows).</summary>
    | Warned of reason: string

/// <summary>One difference between the actual and the desired schema, for explanations (<c>--verbose</c>).</summary>
type Difference = {
    /// <summary>The object.</summary>
    Object: QualifiedName
    /// <summary>The attribute, e.g. <c>column `c` type</c> or <c>property "replication_num"</c>.</summary>
    Attribute: string
    /// <summary>The actual value, as text.</summary>
    Before: string
    /// <summary>The desired value, as text.</summary>
    After: string
    /// <summary>What the plan does about it.</summary>
    Outcome: Outcome
}

/// <summary>One statement of a plan: one operation, or a table's column clauses batched into one ALTER TABLE.</summary>
type Step = {
    /// <summary>The operations (several only for batched column clauses of one table).</summary>
    Operations: Operation list
    /// <summary>The highest risk among the operations.</summary>
    Risk: Risk
    /// <summary>The asynchronous job the statement starts.</summary>
    Job: Job
    /// <summary>Why the step is there, when that is not plain from the statement (e.g. which rebuild it belongs to).</summary>
    Notes: string list
}

/// <summary>The ordered statements that turn the actual schema into the desired one, and what was found.</summary>
type Plan = {
    /// <summary>The steps, in an order that respects dependencies.</summary>
    Steps: Step list
    /// <summary>Every difference found, with what the plan does about it.</summary>
    Differences: Difference list
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.Plan"/>.</summary>
[<RequireQualifiedAccess>]
module Plan =
    /// <summary>The operations of the plan, in order.</summary>
    let operations (p: Plan) =
        p.Steps |> List.collect (fun s -> s.Operations)

    /// <summary>True when the plan changes nothing.</summary>
    let isEmpty (p: Plan) = List.isEmpty p.Steps

    /// <summary>The highest risk of the plan's steps, if it has any.</summary>
    let maxRisk (p: Plan) =
        match p.Steps with
        | [] -> None
        | steps -> Some(steps |> List.map (fun s -> s.Risk) |> List.maxBy Risk.rank)

    /// <summary>The comment line that heads a statement in a script: <c>-- risk: RISK; job: JOB</c>.</summary>
    let riskLine (risk: Risk) (job: Job) =
        $"-- risk: %s{Risk.label risk}; job: %s{Job.label job}"

    /// <summary>Whether a comment line of a script is a statement's risk line (<c>riskLine</c>).</summary>
    let isRiskLine (line: string) =
        line.StartsWith("-- risk:", System.StringComparison.OrdinalIgnoreCase)

    /// <summary>The statement of a step, ending with ';'.</summary>
    let statement (s: Step) = Render.statement s.Operations

    /// <summary>The plan as a script: each statement preceded by <c>--</c> comment lines (its notes, its risk class
    /// and the job it starts) and followed by a blank line. Empty for an empty plan.</summary>
    let sql (p: Plan) : string =
        let sb = System.Text.StringBuilder()

        for s in p.Steps do
            for note in s.Notes do
                sb.Append("-- ").Append(note.Replace("\n", " ")).Append('\n') |> ignore

            sb.Append(riskLine s.Risk s.Job).Append('\n') |> ignore

            sb.Append(statement s).Append("\n\n") |> ignore

        sb.ToString()

    /// <summary>The warnings: differences kept as they are, and planned changes StarRocks may refuse.</summary>
    let warnings (p: Plan) =
        p.Differences
        |> List.choose (fun d ->
            match d.Outcome with
            | Kept reason ->
                Some $"`%s{QualifiedName.display d.Object}` %s{d.Attribute}: %s{reason} (actual %s{d.Before})"
            | Warned reason -> Some $"`%s{QualifiedName.display d.Object}` %s{d.Attribute}: %s{reason}"
            | Altered
            | Rebuilt
            | Ignored _ -> None)

/// <summary>Compares an actual schema with a desired one and plans the statements that turn the first into the
/// second, with StarRocks's rules: what is alterable in place (and on which release), what needs a rebuild, which
/// differences are not changes (server defaults, aliases, automatic buckets). Pure and total: every difference
/// yields operations or an explanation, never an exception.</summary>
[<RequireQualifiedAccess>]
module Diff =
    // -----------------------------------------------------------------------------------------------------------
    // Names and small helpers

    let private quote (n: Name) = "`" + Name.value n + "`"

    let private lower (n: Name) = (Name.value n).ToLowerInvariant()

    let private sameNames (a: Name list) (b: Name list) =
        List.length a = List.length b && List.forall2 Name.same a b

    let private names (ns: Name list) =
        ns |> List.map quote |> String.concat ", " |> sprintf "(%s)"

    /// The key objects are matched by: the database (None for the default one) and the name.
    let internal keyOf (o: DiffOptions) (q: QualifiedName) =
        let db =
            match q.Database, o.DefaultDatabase with
            | Some d, Some dflt when Name.same d dflt -> None
            | d, _ -> d

        db |> Option.map Name.value, Name.value q.Name

    let private allows (o: DiffOptions) (c: Capability) =
        ServerRules.allows o.ServerVersion o.RunMode c

    /// Differences found while comparing, in order. Local to one call of `plan`, so the diff stays pure.
    type private Findings(o: DiffOptions) =
        let items = ResizeArray<Difference>()
        member _.Options = o

        member _.Add(q, attribute, before, after, outcome) =
            items.Add {
                Object = q
                Attribute = attribute
                Before = before
                After = after
                Outcome = outcome
            }

        member _.Count = items.Count

        /// Marks the findings recorded since `mark` as rebuilt (a rebuild replaces in-place changes).
        member _.Rebuilt(mark: int) =
            for i in mark .. items.Count - 1 do
                match items[i].Outcome with
                | Altered -> items[i] <- { items[i] with Outcome = Rebuilt }
                | Rebuilt
                | Ignored _
                | Kept _
                | Warned _ -> ()

        member _.All = List.ofSeq items

    // -----------------------------------------------------------------------------------------------------------
    // Types

    let rec private sameType (a: ColumnType) (b: ColumnType) =
        match a, b with
        | Struct fa, Struct fb ->
            List.length fa = List.length fb
            && List.forall2
                (fun (x: StructField) (y: StructField) ->
                    Name.same x.Name y.Name && x.Comment = y.Comment && sameType x.Type y.Type)
                fa
                fb
        | Array x, Array y -> sameType x y
        | Map(k1, v1), Map(k2, v2) -> sameType k1 k2 && sameType v1 v2
        | _ -> a = b

    /// Characters needed to print any value of a type (for conversions to VARCHAR).
    let private displayWidth =
        function
        | TinyInt -> Some 4
        | SmallInt -> Some 6
        | Int -> Some 11
        | BigInt -> Some 20
        | LargeInt -> Some 40
        | Float
        | Double -> Some 24
        | Decimal(p, _) -> Some(p + 2)
        | Char n -> Some n
        | _ -> None

    /// The conversions MODIFY COLUMN makes without losing data (StarRocks's allowed matrix, widening only).
    let private canWiden (from: ColumnType) (into: ColumnType) =
        let integers = [ TinyInt; SmallInt; Int; BigInt; LargeInt ]

        let rank t =
            List.tryFindIndex ((=) t) integers |> Option.defaultValue -1

        match from, into with
        | (TinyInt | SmallInt | Int | BigInt), (SmallInt | Int | BigInt | LargeInt) -> rank into > rank from
        | (TinyInt | SmallInt | Int | BigInt), Double -> true
        | Int, Date -> false // allowed by StarRocks, but it reads the number as yyyymmdd: not a widening
        | Float, Double -> true
        | Char n, Char m -> m > n
        | Varchar n, Varchar m -> m > n
        | Date, DateTime -> true
        | Decimal(p1, s1), Decimal(p2, s2) -> (p1, s1) <> (p2, s2) && s2 >= s1 && p2 - s2 >= p1 - s1
        | DecimalV2 _, Decimal(27, 9) -> true
        | _, Varchar m ->
            match displayWidth from with
            | Some w -> m >= w
            | None -> false
        | _ -> false

    /// Operations on a STRUCT that turn fields a into fields d by adding and dropping fields (nested STRUCTs too),
    /// or None when other changes are needed.
    let rec private fieldEdits
        (path: Name list)
        (a: StructField list)
        (d: StructField list)
        : ((Name list * Name) list * (Name list * StructField * ColumnPosition option) list) option =
        let inD (f: StructField) =
            d |> List.exists (fun x -> Name.same x.Name f.Name)

        let inA (f: StructField) =
            a |> List.exists (fun x -> Name.same x.Name f.Name)

        let commonA = a |> List.filter inD
        let commonD = d |> List.filter inA

        if not (sameNames (commonA |> List.map (fun f -> f.Name)) (commonD |> List.map (fun f -> f.Name))) then
            None
        else
            let nested =
                List.map2
                    (fun (x: StructField) (y: StructField) ->
                        if x.Comment <> y.Comment then
                            None
                        elif sameType x.Type y.Type then
                            Some([], [])
                        else
                            match x.Type, y.Type with
                            | Struct fx, Struct fy -> fieldEdits (path @ [ y.Name ]) fx fy
                            | _ -> None)
                    commonA
                    commonD

            if nested |> List.exists Option.isNone then
                None
            else
                let drops = a |> List.filter (inD >> not) |> List.map (fun f -> path, f.Name)

                let adds =
                    d
                    |> List.indexed
                    |> List.filter (fun (_, f) -> not (inA f))
                    |> List.map (fun (i, f) -> path, f, Some(if i = 0 then First else After d[i - 1].Name))

                let innerDrops = nested |> List.collect (Option.get >> fst)
                let innerAdds = nested |> List.collect (Option.get >> snd)
                Some(drops @ innerDrops, innerAdds @ adds)

    // -----------------------------------------------------------------------------------------------------------
    // Columns

    let private valueText (c: Column) =
        match c.Value with
        | None
        | Some(Default DefaultValue.Null) -> "(none)"
        | Some(Default(DefaultValue.Literal s)) -> "DEFAULT \"" + s + "\""
        | Some(Default(DefaultValue.CurrentTimestamp None)) -> "DEFAULT CURRENT_TIMESTAMP"
        | Some(Default(DefaultValue.CurrentTimestamp(Some n))) -> $"DEFAULT CURRENT_TIMESTAMP(%d{n})"
        | Some(Default(DefaultValue.Expression e)) -> "DEFAULT (" + Normalize.expression e + ")"
        | Some AutoIncrement -> "AUTO_INCREMENT"
        | Some(Generated e) -> "AS " + Normalize.expression e

    let private aggregateText (c: Column) =
        c.Aggregate |> Option.map AggregateType.keyword |> Option.defaultValue "(none)"

    let private isKeyOf (t: Table) (n: Name) =
        t.Keys |> Option.exists (fun k -> k.Columns |> List.exists (Name.same n))

    let private partitionColumns (t: Table) : Name list =
        let ofKey =
            function
            | PartitionKey.Column c
            | PartitionKey.DateTrunc(_, c)
            | PartitionKey.TimeSlice(c, _, _, _) -> [ c ]
            | PartitionKey.Expression _ -> []

        match t.Partitioning with
        | Some(Partitioning.Range(k, _))
        | Some(Partitioning.List(k, _))
        | Some(Partitioning.Expression(k, _)) -> List.collect ofKey k
        | None -> []

    let private distributionColumns (t: Table) =
        match Normalize.distribution t with
        | Some(Distribution.Hash(cols, _)) -> cols
        | Some(Distribution.Random _)
        | None -> []

    /// Positions of the longest run of names that keeps its relative order from a to d (those need not move).
    let private unmoved (aOrder: Name list) (dOrder: Name list) : Name list =
        let index (n: Name) = dOrder |> List.findIndex (Name.same n)

        let seq = aOrder |> List.map (fun n -> n, index n) |> Array.ofList
        let count = seq.Length

        if count = 0 then
            []
        else
            let best = Array.create count 1
            let prev = Array.create count -1

            for i in 1 .. count - 1 do
                for j in 0 .. i - 1 do
                    if snd seq[j] < snd seq[i] && best[j] + 1 > best[i] then
                        best[i] <- best[j] + 1
                        prev[i] <- j

            let mutable at = Array.findIndexBack (fun b -> b = Array.max best) best
            let mutable result = []

            while at >= 0 do
                result <- fst seq[at] :: result
                at <- prev[at]

            result

    // -----------------------------------------------------------------------------------------------------------
    // Properties

    let private canonicalProperties (o: DiffOptions) (props: Map<string, string>) =
        props
        |> Map.toList
        |> List.filter (fun (k, _) -> not (ServerRules.ignoredIn o.RunMode k))
        |> List.map (fun (k, v) ->
            ServerRules.tablePropertyKey k, (ServerRules.propertyValue (ServerRules.tablePropertyKey k) v, v))
        |> Map.ofList

    /// The properties to set (canonical key -> value as the desired side spells it), and the keys that cannot be
    /// altered. Records every difference.
    let private propertyChanges
        (f: Findings)
        (q: QualifiedName)
        (owner: PropertyOwner)
        (actual: Map<string, string>)
        (desired: Map<string, string>)
        : (string * string) list * string list =
        let o = f.Options
        let a = canonicalProperties o actual
        let d = canonicalProperties o desired
        let attribute k = $"property \"%s{k}\""

        let changes = [
            for KeyValue(k, (v, spelled)) in d do
                let dflt =
                    ServerRules.propertyDefault o.RunMode owner k
                    |> Option.map (ServerRules.propertyValue k)

                match a.TryFind k, dflt with
                | Some(av, _), _ when av = v -> ()
                | None, Some dv when dv = v ->
                    f.Add(q, attribute k, "(unset)", spelled, Ignored "the server's default value")
                | before, _ ->
                    let beforeText =
                        match before, dflt with
                        | Some(_, s), _ -> s
                        | None, Some dv -> dv + " (default)"
                        | None, None -> "(unset)"

                    let immutable = ServerRules.isImmutable owner k

                    f.Add(q, attribute k, beforeText, spelled, (if immutable then Rebuilt else Altered))
                    k, spelled
        ]

        for KeyValue(k, (v, spelled)) in a do
            if not (d.ContainsKey k) then
                if ServerRules.isDefault o.RunMode owner k v then
                    f.Add(q, attribute k, spelled, "(unset)", Ignored "the server's default value")
                else
                    f.Add(
                        q,
                        attribute k,
                        spelled,
                        "(unset)",
                        Kept "not declared in the desired schema, so the server's value is kept"
                    )

        let rebuild =
            changes
            |> List.filter (fun (k, _) -> ServerRules.isImmutable owner k)
            |> List.map (fun (k, _) -> $"property \"%s{k}\" cannot be altered")

        changes, rebuild

    /// SET statements: one key each, except keys sharing the dynamic_partition. or binlog. prefix.
    let private propertyGroups (changes: (string * string) list) : Map<string, string> list =
        changes
        |> List.groupBy (fst >> ServerRules.setGroup)
        |> List.map (snd >> Map.ofList)

    // -----------------------------------------------------------------------------------------------------------
    // Tables

    let private partitionKeyText =
        function
        | PartitionKey.Column c -> lower c
        | PartitionKey.DateTrunc(u, c) -> $"date_trunc('%s{u.ToLowerInvariant()}', %s{lower c})"
        | PartitionKey.TimeSlice(c, n, u, b) ->
            let boundary = b |> Option.defaultValue "floor"
            $"time_slice(%s{lower c}, %d{n}, %s{u.ToLowerInvariant()}, %s{boundary.ToLowerInvariant()})"
        | PartitionKey.Expression e -> Normalize.expression e

    let private schemeText (p: Partitioning option) =
        let keys k =
            k |> List.map partitionKeyText |> String.concat ", "

        match p with
        | None -> "(none)"
        | Some(Partitioning.Range(k, _)) -> $"RANGE(%s{keys k})"
        | Some(Partitioning.List(k, _)) -> $"LIST(%s{keys k})"
        | Some(Partitioning.Expression(k, _)) -> $"(%s{keys k})"

    let private valuesText (vs: PartitionValue list) =
        vs
        |> List.map (function
            | Value v -> "\"" + v + "\""
            | MaxValue -> "MAXVALUE"
            | NullValue -> "NULL")
        |> String.concat ", "
        |> sprintf "(%s)"

    /// A partition list for explanations: how many and their names (the first three and last two of a long list);
    /// "(none)" when empty.
    let private partitionsText (names: Name list) =
        let shown =
            if names.Length <= 6 then
                List.map quote names
            else
                (names |> List.take 3 |> List.map quote)
                @ [ "..." ]
                @ (names |> List.skip (names.Length - 2) |> List.map quote)

        let listed = String.concat ", " shown

        match names.Length with
        | 0 -> "(none)"
        | 1 -> "1 partition: " + listed
        | n -> $"%d{n} partitions: %s{listed}"

    /// A RANGE partition list as written: the names of single partitions, START/END/EVERY batches as clauses.
    let private rangePartitionsText (parts: RangePartition list) =
        let batch =
            function
            | Batch(s, e, every) ->
                let step =
                    match every with
                    | Interval(n, unit) -> $"INTERVAL %d{n} %s{unit}"
                    | Step n -> string n

                Some $"START (\"%s{s}\") END (\"%s{e}\") EVERY (%s{step})"
            | LessThan _
            | Fixed _ -> None

        match List.choose batch parts with
        | [] ->
            parts
            |> List.choose (function
                | LessThan(n, _, _)
                | Fixed(n, _, _, _) -> Some n
                | Batch _ -> None)
            |> partitionsText
        | batches ->
            let singles = parts.Length - batches.Length

            let listed = String.concat ", " batches

            match singles with
            | 0 -> listed
            | 1 -> listed + " and 1 partition"
            | n -> $"%s{listed} and %d{n} partitions"

    /// Partition add/drop operations for RANGE and LIST tables with the same scheme.
    let private partitionChanges (f: Findings) (q: QualifiedName) (a: Table) (d: Table) : Operation list =
        let o = f.Options

        let dynamic (t: Table) =
            ServerRules.isOn PropertyKey.DynamicPartitionEnable t.Properties

        let diffBy
            (nameOf: 'p -> Name)
            (describe: 'p -> string)
            (same: 'p -> 'p -> bool)
            (add: 'p -> Operation)
            (aParts: 'p list)
            (dParts: 'p list)
            =
            let find (n: Name) parts =
                parts |> List.tryFind (fun p -> Name.same (nameOf p) n)

            let changed =
                dParts
                |> List.filter (fun p ->
                    match find (nameOf p) aParts with
                    | Some ap -> not (same ap p)
                    | None -> false)

            let added = dParts |> List.filter (fun p -> (find (nameOf p) aParts).IsNone)

            let dropped = aParts |> List.filter (fun p -> (find (nameOf p) dParts).IsNone)

            let anyChange =
                not (List.isEmpty changed && List.isEmpty added && List.isEmpty dropped)

            let before = partitionsText (List.map nameOf aParts)
            let after = partitionsText (List.map nameOf dParts)

            if anyChange && not o.ManagePartitions then
                f.Add(
                    q,
                    "partitions",
                    before,
                    after,
                    Ignored "partition lists are not managed (ManagePartitions is off)"
                )

                []
            elif anyChange && (dynamic a || dynamic d) then
                f.Add(
                    q,
                    "partitions",
                    before,
                    after,
                    Ignored "dynamic partitioning: the server maintains the partitions"
                )

                []
            else
                let record before after p =
                    f.Add(q, $"partition %s{quote (nameOf p)}", before, after, Altered)

                [
                    for p in dropped do
                        record (describe p) "(none)" p
                        DropPartition(q, nameOf p)
                    // a changed partition is dropped and added again: StarRocks cannot alter its bounds or values
                    for p in changed do
                        find (nameOf p) aParts
                        |> Option.iter (fun before -> record (describe before) (describe p) p)

                        DropPartition(q, nameOf p)
                    for p in changed do
                        add p
                    for p in added do
                        record "(none)" (describe p) p
                        add p
                ]

        match a.Partitioning, d.Partitioning with
        | Some(Partitioning.Range(_, ap)), Some(Partitioning.Range(_, dp)) ->
            // (partition, name, lower bound when printed, upper bound); None for a START/END/EVERY batch
            let single =
                function
                | LessThan(n, u, _) as p -> Some(p, n, None, u)
                | Fixed(n, l, u, _) as p -> Some(p, n, Some l, u)
                | Batch _ -> None

            let singles (parts: RangePartition list) =
                let found = List.choose single parts
                if found.Length = parts.Length then Some found else None

            match singles ap, singles dp with
            | Some aSingles, Some dSingles ->
                let describe (_, _, lower, upper) =
                    match lower with
                    | Some l -> $"[%s{valuesText l}, %s{valuesText upper})"
                    | None -> $"LESS THAN %s{valuesText upper}"

                // a LESS THAN partition has the previous upper bound as its lower one: compare upper bounds then
                let same (_, _, l1, u1) (_, _, l2, u2) =
                    u1 = u2
                    && (match l1, l2 with
                        | Some x, Some y -> x = y
                        | _ -> true)

                diffBy
                    (fun (_, n, _, _) -> n)
                    describe
                    same
                    (fun (p, _, _, _) -> AddRangePartition(q, p))
                    aSingles
                    dSingles
            | _ ->
                if ap <> dp then
                    f.Add(
                        q,
                        "partitions",
                        rangePartitionsText ap,
                        rangePartitionsText dp,
                        Ignored
                            "START/END/EVERY batches are expanded by the server; the partition lists are not compared"
                    )

                []
        | Some(Partitioning.List(_, ap)), Some(Partitioning.List(_, dp)) ->
            let describe (p: ListPartition) =
                p.Values |> List.map valuesText |> String.concat ", " |> sprintf "IN (%s)"

            let same (x: ListPartition) (y: ListPartition) = set x.Values = set y.Values
            diffBy (fun (p: ListPartition) -> p.Name) describe same (fun p -> AddListPartition(q, p)) ap dp
        | _ -> []

    /// Properties as ` ("k" = "v", ...)`, or nothing when there are none.
    let private propertiesText (props: Map<string, string>) =
        if props.IsEmpty then
            ""
        else
            props
            |> Map.toList
            |> List.map (fun (k, v) -> $"\"%s{k}\" = \"%s{v}\"")
            |> String.concat ", "
            |> sprintf " (%s)"

    let private indexText (ix: Index) =
        let kind = ix.Type |> Option.defaultValue BitmapIndex |> IndexType.keyword
        let props = ServerRules.properties SharedNothing ix.Properties
        $"%s{names ix.Columns} USING %s{kind}%s{propertiesText props} COMMENT '%s{ix.Comment}'"

    let private sameIndex (a: Index) (b: Index) =
        sameNames a.Columns b.Columns
        && (a.Type |> Option.defaultValue BitmapIndex) = (b.Type |> Option.defaultValue BitmapIndex)
        && ServerRules.properties SharedNothing a.Properties = ServerRules.properties SharedNothing b.Properties
        && a.Comment = b.Comment

    let private distributionText =
        function
        | None -> "(none)"
        | Some d -> Render.distribution d

    /// A distribution the desired side leaves unset: RANDOM with automatic buckets is the default, anything else is kept
    /// with a warning.
    let private keptDistribution (f: Findings) (q: QualifiedName) (what: string) (actual: Distribution) =
        match actual with
        | Distribution.Random None -> ()
        | _ ->
            f.Add(
                q,
                "distribution",
                distributionText (Some actual),
                "(unset)",
                Kept $"the desired %s{what} does not state its distribution"
            )

    /// The outcome of comparing one table: statements to run in place, or the reasons it must be rebuilt.
    type private TableChange = {
        Statements: (Operation list * string list) list
        RebuildReasons: string list
        /// Columns of the desired table mapped to the actual columns they come from.
        Sources: (Name * Name) list
        /// True when a column was renamed in place (materialized views reading the table become inactive).
        RenamedColumns: bool
    }

    let private compareTable
        (f: Findings)
        (q: QualifiedName)
        (a: Table)
        (d: Table)
        (columnRenames: (Name * Name) list)
        : TableChange =
        let o = f.Options
        let rebuild = ResizeArray<string>()
        let needRebuild (reason: string) = rebuild.Add reason

        let visible (t: Table) =
            t.Columns |> List.filter (Column.isServerMaintained >> not)

        let aCols = visible a
        let dCols = visible d

        let findA (n: Name) =
            aCols |> List.tryFind (fun c -> Name.same c.Name n)

        // declared renames that apply: the old column exists and the new name is free
        let applied =
            columnRenames
            |> List.filter (fun (newName, old) ->
                (findA old).IsSome
                && (findA newName).IsNone
                && dCols |> List.exists (fun c -> Name.same c.Name newName))

        // the actual column each desired column comes from; a desired column named like a renamed one is new
        let sourceOf (dc: Column) : Column option =
            match applied |> List.tryFind (fun (newName, _) -> Name.same newName dc.Name) with
            | Some(_, old) -> findA old
            | None when applied |> List.exists (fun (_, old) -> Name.same old dc.Name) -> None
            | None -> findA dc.Name

        let sources =
            dCols
            |> List.choose (fun dc -> sourceOf dc |> Option.map (fun ac -> dc.Name, ac.Name))

        let renamed = sources |> List.filter (fun (dn, an) -> not (Name.same dn an))

        let toDesired (an: Name) =
            sources
            |> List.tryFind (fun (_, s) -> Name.same s an)
            |> Option.map fst
            |> Option.defaultValue an

        let isSourced (ac: Column) =
            sources |> List.exists (fun (_, s) -> Name.same s ac.Name)

        let dropped = aCols |> List.filter (isSourced >> not)

        let added = dCols |> List.filter (fun dc -> (sourceOf dc).IsNone)

        let isAdded (n: Name) =
            added |> List.exists (fun c -> Name.same c.Name n)

        let isDropped (n: Name) =
            dropped |> List.exists (fun c -> Name.same c.Name n)

        let model = a.Keys |> Option.map (fun k -> k.Model) |> Option.defaultValue Duplicate

        // ---- key clause
        match a.Keys, d.Keys with
        | _, None ->
            match a.Keys with
            | Some k when k.Model <> Duplicate ->
                f.Add(
                    q,
                    "key",
                    $"%s{KeysModel.keyword k.Model} KEY%s{names k.Columns}",
                    "(unset)",
                    Kept "the desired table does not state its key clause"
                )
            | _ -> ()
        | None, Some dk ->
            if dk.Model <> Duplicate then
                f.Add(q, "key model", "DUPLICATE (default)", KeysModel.keyword dk.Model, Rebuilt)
                needRebuild $"key model DUPLICATE -> %s{KeysModel.keyword dk.Model}"
        | Some ak, Some dk when ak.Model <> dk.Model ->
            f.Add(q, "key model", KeysModel.keyword ak.Model, KeysModel.keyword dk.Model, Rebuilt)
            needRebuild $"key model %s{KeysModel.keyword ak.Model} -> %s{KeysModel.keyword dk.Model}"
        | Some ak, Some dk ->
            let before = ak.Columns |> List.map toDesired

            if not (sameNames before dk.Columns) then
                let kept = before |> List.filter (fun n -> not (isDropped n))
                let keysAdded = dk.Columns |> List.filter isAdded
                let keysDropped = ak.Columns |> List.filter isDropped
                let dKept = dk.Columns |> List.filter (isAdded >> not)

                let hasReplace =
                    aCols
                    |> List.exists (fun c ->
                        match c.Aggregate with
                        | Some Replace
                        | Some ReplaceIfNotNull -> true
                        | _ -> false)

                let allowed =
                    sameNames kept dKept
                    && (List.isEmpty keysAdded || model = Duplicate || model = Aggregate)
                    && (List.isEmpty keysDropped
                        || model = Duplicate
                        || (model = Aggregate && not hasReplace))

                f.Add(q, "key columns", names ak.Columns, names dk.Columns, (if allowed then Altered else Rebuilt))

                if not allowed then
                    needRebuild $"key columns %s{names ak.Columns} -> %s{names dk.Columns}"

        // ---- columns
        let partitionCols = partitionColumns a
        let distributionCols = distributionColumns a

        let sortCols = Normalize.sortKey a |> Option.defaultValue []

        let inList (ns: Name list) (n: Name) = ns |> List.exists (Name.same n)
        let isPrimaryKey (n: Name) = model = Primary && isKeyOf a n

        for ac in dropped do
            f.Add(q, $"column %s{quote ac.Name}", Render.column ac, "(none)", Altered)

            if inList partitionCols ac.Name then
                needRebuild $"partition column %s{quote ac.Name} is dropped"
            elif inList distributionCols ac.Name then
                needRebuild $"distribution column %s{quote ac.Name} is dropped"
            elif model = Primary && inList sortCols ac.Name then
                needRebuild $"sort key column %s{quote ac.Name} of a PRIMARY KEY table is dropped"
            elif a.OrderBy |> Option.exists (fun o -> inList o ac.Name) then
                needRebuild $"column %s{quote ac.Name} of the explicit sort key is dropped"

        let noValueForExistingRows (dc: Column) =
            dc.Value.IsNone && not (Normalize.nullable d dc)

        for dc in added do
            let outcome =
                if noValueForExistingRows dc then
                    Warned
                        "a NOT NULL column without DEFAULT: StarRocks refuses to add it (\"is not null but doesn't have a default value\"); give it a DEFAULT"
                else
                    Altered

            f.Add(q, $"column %s{quote dc.Name}", "(none)", Render.column dc, outcome)

            match dc.Value with
            | Some AutoIncrement -> needRebuild $"AUTO_INCREMENT column %s{quote dc.Name} can only come with the table"
            | _ -> ()

        let nameReused = renamed |> List.exists (fun (_, an) -> isAdded an)

        let renameInPlace =
            allows o Capability.RenameColumn
            && not (renamed |> List.exists (snd >> isPrimaryKey))
            && not nameReused

        for (dn, an) in renamed do
            f.Add(q, $"column %s{quote an}", "name " + quote an, "name " + quote dn, Altered)

            if not renameInPlace then
                needRebuild
                    $"column %s{quote an} is renamed (RENAME COLUMN needs 3.3.2+, no PRIMARY KEY column, and no new column taking the old name)"

        // per kept column: full MODIFY, comment only, or STRUCT field edits
        let modified = ResizeArray<Column>()
        let commentOnly = ResizeArray<Column>()
        let fieldOps = ResizeArray<Operation>()
        // columns whose STRUCT fields change by ADD/DROP FIELD keep their actual type in a full MODIFY
        let typeKept = ResizeArray<Name * ColumnType>()

        for dc in dCols do
            match sourceOf dc with
            | None -> ()
            | Some ac ->
                let attr what = $"column %s{quote dc.Name} %s{what}"
                let mutable modify = false

                let blocked (why: string) =
                    needRebuild $"column %s{quote dc.Name}: %s{why}"

                if not (sameType ac.Type dc.Type) then
                    let before = Render.columnType ac.Type
                    let after = Render.columnType dc.Type

                    let fieldsOnly =
                        match ac.Type, dc.Type with
                        | Struct fa, Struct fd -> fieldEdits [] fa fd
                        | _ -> None

                    let structEvolution =
                        allows o Capability.StructFieldEdits
                        && not (ServerRules.isOff PropertyKey.FastSchemaEvolution a.Properties)

                    match fieldsOnly with
                    | Some(drops, adds) when structEvolution ->
                        f.Add(q, attr "type", before, after, Altered)
                        typeKept.Add(dc.Name, ac.Type)

                        // adds first: a STRUCT keeps at least one field at every step
                        for (path, field, pos) in adds do
                            fieldOps.Add(AddField(q, dc.Name, path, field, pos))

                        for (path, n) in drops do
                            fieldOps.Add(DropField(q, dc.Name, path, n))
                    | _ when canWiden ac.Type dc.Type ->
                        f.Add(q, attr "type", before, after, Altered)
                        modify <- true

                        if isPrimaryKey ac.Name then
                            blocked "a PRIMARY KEY column's type cannot be modified"
                        elif inList sortCols ac.Name then
                            blocked "a sort key column's type cannot be modified"
                        elif inList partitionCols ac.Name then
                            blocked "a partition column cannot be modified"
                        elif inList distributionCols ac.Name then
                            blocked "a distribution column cannot be modified"
                    | _ ->
                        f.Add(q, attr "type", before, after, Rebuilt)
                        blocked $"type %s{before} -> %s{after} is not a conversion StarRocks makes in place"

                if ac.Aggregate <> dc.Aggregate then
                    f.Add(q, attr "aggregate", aggregateText ac, aggregateText dc, Rebuilt)
                    blocked "the aggregate function cannot be changed"

                let aNull = Normalize.nullable a ac
                let dNull = Normalize.nullable d dc

                if aNull <> dNull then
                    let text n = if n then "NULL" else "NOT NULL"

                    if dNull then
                        f.Add(q, attr "nullability", text aNull, text dNull, Altered)
                        modify <- true

                        if isPrimaryKey ac.Name then
                            blocked "a PRIMARY KEY column cannot be modified"
                    else
                        f.Add(q, attr "nullability", text aNull, text dNull, Rebuilt)
                        blocked "NULL -> NOT NULL cannot be altered"

                if valueText ac <> valueText dc then
                    f.Add(q, attr "value", valueText ac, valueText dc, Rebuilt)
                    blocked "DEFAULT, AUTO_INCREMENT and generated expressions cannot be altered in place"

                if ac.Comment <> dc.Comment then
                    f.Add(q, attr "comment", ac.Comment, dc.Comment, Altered)

                    if not modify then
                        if allows o Capability.ColumnCommentAlone then
                            commentOnly.Add dc
                        elif isPrimaryKey ac.Name then
                            blocked "a PRIMARY KEY column's comment can only be changed on 3.4+"
                        else
                            modify <- true

                if modify then
                    modified.Add dc

        // ---- column order
        let keptInA = aCols |> List.filter isSourced |> List.map (fun c -> toDesired c.Name)

        let keptInD =
            dCols
            |> List.filter (fun c -> not (isAdded c.Name))
            |> List.map (fun c -> c.Name)

        let stay = unmoved keptInA keptInD

        let moved = keptInD |> List.filter (fun n -> not (inList stay n))

        if not (List.isEmpty moved) then
            f.Add(q, "column order", names keptInA, names keptInD, Altered)

            if model = Primary then
                needRebuild "the columns of a PRIMARY KEY table cannot be reordered"

        let position (i: int) =
            Some(if i = 0 then First else After dCols[i - 1].Name)

        let definition (dc: Column) (pos: ColumnPosition option) =
            let resolved = {
                dc with
                    Nullable = Some(Normalize.nullable d dc)
                    Type =
                        typeKept
                        |> Seq.tryFind (fun (n, _) -> Name.same n dc.Name)
                        |> Option.map snd
                        |> Option.defaultValue dc.Type
            }

            {
                Column = resolved
                Key = isKeyOf d dc.Name
                Position = pos
            }

        let drops = [
            for ac in dropped do
                DropColumn(q, ac.Name)
        ]

        let addsAndModifies = [
            for i, dc in List.indexed dCols do
                if isAdded dc.Name then
                    let last = i = List.length dCols - 1

                    AddColumn(q, definition dc (if last && Column.isGenerated dc then None else position i))
                elif inList moved dc.Name then
                    ModifyColumn(q, definition dc (position i))
                elif modified |> Seq.exists (fun c -> Name.same c.Name dc.Name) then
                    ModifyColumn(q, definition dc None)
        ]

        // drops come first, unless they drop every column: a table cannot lose its last column, so then the new
        // columns are added first (their positions name only desired columns, none of them dropped)
        let columnClauses =
            if List.isEmpty sources then
                addsAndModifies @ drops
            else
                drops @ addsAndModifies

        // ---- indexes
        let findIndex (ix: Index) (among: Index list) =
            among |> List.tryFind (fun x -> Name.same x.Name ix.Name)

        let indexDrops =
            a.Indexes
            |> List.filter (fun ix ->
                match findIndex ix d.Indexes with
                | None ->
                    f.Add(q, $"index %s{quote ix.Name}", indexText ix, "(none)", Altered)
                    true
                | Some dix when
                    not (
                        sameIndex
                            {
                                ix with
                                    Columns = List.map toDesired ix.Columns
                            }
                            dix
                    )
                    ->
                    f.Add(q, $"index %s{quote ix.Name}", indexText ix, indexText dix, Altered)
                    true
                | Some _ -> false)

        let indexAdds =
            d.Indexes
            |> List.filter (fun ix ->
                match findIndex ix a.Indexes with
                | None ->
                    f.Add(q, $"index %s{quote ix.Name}", "(none)", indexText ix, Altered)
                    true
                | Some aix -> indexDrops |> List.exists (fun x -> Name.same x.Name aix.Name))

        // ---- partitioning
        let aScheme = schemeText a.Partitioning
        let dScheme = schemeText d.Partitioning

        let partitionOps =
            match a.Partitioning, d.Partitioning with
            | None, None -> []
            | Some _, None ->
                f.Add(q, "partitioning", aScheme, "(unset)", Kept "the desired table does not state its partitioning")
                []
            | _ when aScheme <> dScheme ->
                f.Add(q, "partitioning", aScheme, dScheme, Rebuilt)
                needRebuild $"partitioning %s{aScheme} -> %s{dScheme}"
                []
            | _ -> partitionChanges f q a d

        // ---- distribution
        let aDist =
            match Normalize.distribution a with
            | Some d -> Some d
            | None -> Some(Distribution.Random None)

        let distributionOps =
            match Normalize.distribution d, aDist with
            | None, Some ad ->
                keptDistribution f q "table" ad

                []
            | Some dd, ad ->
                let sameShape =
                    match dd, ad with
                    | Distribution.Hash(dc, db), Some(Distribution.Hash(ac, ab)) ->
                        if sameNames dc (List.map toDesired ac) then
                            Some(db, ab)
                        else
                            None
                    | Distribution.Random db, Some(Distribution.Random ab) -> Some(db, ab)
                    | _ -> None

                match sameShape with
                | Some(None, Some n) ->
                    f.Add(
                        q,
                        "buckets",
                        string n,
                        "(automatic)",
                        Ignored "BUCKETS omitted: the server chooses the bucket count"
                    )

                    []
                | Some(db, ab) when db = ab -> []
                | _ ->
                    let colocated = ServerRules.has PropertyKey.ColocateWith a.Properties

                    if allows o Capability.AlterDistribution && not colocated then
                        f.Add(q, "distribution", distributionText ad, distributionText (Some dd), Altered)
                        [ SetDistribution(q, dd) ]
                    else
                        f.Add(q, "distribution", distributionText ad, distributionText (Some dd), Rebuilt)

                        needRebuild
                            "the distribution can only be altered on 3.2+ shared-nothing tables outside a colocation group"

                        []
            | None, None -> []

        // ---- sort key
        let orderOps =
            match d.OrderBy with
            | None ->
                match a.OrderBy with
                | Some ao when not (a.Keys |> Option.exists (fun k -> sameNames k.Columns ao)) ->
                    f.Add(q, "sort key", names ao, "(unset)", Kept "the desired table does not state its sort key")
                | _ -> ()

                []
            | Some dOrder ->
                let before = Normalize.sortKey a |> Option.map (List.map toDesired)

                match before with
                | Some b when sameNames b dOrder -> []
                | _ ->
                    let beforeText = before |> Option.map names |> Option.defaultValue "(none)"

                    let inPlace =
                        List.length dOrder < List.length dCols
                        && (allows o Capability.AlterSortKey
                            || (model = Primary && allows o Capability.AlterPrimaryKeySortKey))

                    f.Add(q, "sort key", beforeText, names dOrder, (if inPlace then Altered else Rebuilt))

                    if inPlace then
                        [ SetOrderBy(q, dOrder) ]
                    else
                        needRebuild
                            "the sort key can only be altered (to fewer columns than the table has) on 3.3+ (3.0+ for PRIMARY KEY)"

                        []

        // ---- properties
        let changes, immutable =
            propertyChanges f q PropertyOwner.Table a.Properties d.Properties

        immutable |> List.iter needRebuild

        let partitioned = d.Partitioning.IsSome

        let propertyStatements = [
            for group in propertyGroups changes do
                let forFuture =
                    group
                    |> Map.toList
                    |> List.map (fun (k, v) ->
                        match ServerRules.futurePartitionsKey k with
                        | Some future when partitioned -> future, v
                        | _ -> k, v)
                    |> Map.ofList

                [ SetTableProperties(q, forFuture) ], []

                let existing =
                    group
                    |> Map.filter (fun k _ -> partitioned && (ServerRules.futurePartitionsKey k).IsSome)

                if not existing.IsEmpty then
                    [ SetPartitionProperties(q, existing) ], [ "existing partitions get the new value too" ]
        ]

        // ---- comment
        let aComment = Normalize.comment (TableObject a)
        let dComment = Normalize.comment (TableObject d)

        let commentOps =
            if aComment = dComment then
                []
            elif allows o Capability.AlterTableComment then
                f.Add(q, "comment", aComment, dComment, Altered)
                [ SetTableComment(q, d.Comment) ]
            else
                f.Add(q, "comment", aComment, dComment, Rebuilt)
                needRebuild "the table comment can only be altered on 3.1+"
                []

        if a.Temporary <> d.Temporary then
            f.Add(q, "temporary", string a.Temporary, string d.Temporary, Rebuilt)
            needRebuild "TEMPORARY cannot be altered"

        if a.Unmodelled <> d.Unmodelled then
            let text (t: Table) =
                t.Unmodelled |> List.map (fun r -> r.Text) |> String.concat "; "

            f.Add(q, "unmodelled clauses", text a, text d, Kept "ROLLUP and CHARSET clauses are not compared")

        let single ops = ops |> List.map (fun op -> [ op ], [])

        {
            Statements = [
                if renameInPlace then
                    yield! renamed |> List.map (fun (dn, an) -> [ RenameColumn(q, an, dn) ], [])
                yield! indexDrops |> List.map (fun ix -> [ DropIndex(q, ix.Name) ], [])
                if not (List.isEmpty columnClauses) then
                    let lost = dropped |> List.map (fun c -> quote c.Name) |> String.concat ", "

                    columnClauses,
                    [
                        if lost <> "" then
                            $"the data of dropped columns is lost: %s{lost}"
                    ]
                yield! single (List.ofSeq fieldOps)
                yield!
                    commentOnly
                    |> Seq.map (fun c -> [ SetColumnComment(q, c.Name, c.Comment) ], [])
                    |> List.ofSeq
                yield! indexAdds |> List.map (fun ix -> [ AddIndex(q, ix) ], [])
                yield! single orderOps
                yield! single distributionOps
                yield! propertyStatements
                yield! single commentOps
                yield!
                    partitionOps
                    |> List.map (fun op ->
                        match op with
                        | DropPartition(_, n) -> [ op ], [ $"partition %s{quote n} and its data are dropped" ]
                        | _ -> [ op ], [])
            ]
            RebuildReasons = List.ofSeq rebuild |> List.distinct
            Sources = sources
            RenamedColumns = renameInPlace && not (List.isEmpty renamed)
        }

    /// Desired properties plus the actual non-default ones the desired side leaves unset (a rebuild keeps them).
    let private mergedProperties
        (o: DiffOptions)
        (owner: PropertyOwner)
        (actual: Map<string, string>)
        (desired: Map<string, string>)
        =
        let declared =
            desired |> Map.toList |> List.map (fst >> ServerRules.tablePropertyKey) |> set

        actual
        |> Map.filter (fun k v ->
            not (declared.Contains(ServerRules.tablePropertyKey k))
            && not (ServerRules.isDefault o.RunMode owner k v)
            && not (ServerRules.ignoredIn o.RunMode k))
        |> Map.fold (fun (acc: Map<string, string>) k v -> acc.Add(k, v)) desired

    /// The table a rebuild creates: the desired table, with what it leaves unset taken from the actual one (when that
    /// still fits the desired columns).
    let private rebuildTarget (o: DiffOptions) (a: Table) (d: Table) : Table =
        let merged = {
            d with
                Keys = d.Keys |> Option.orElse a.Keys
                Distribution = d.Distribution |> Option.orElse a.Distribution
                OrderBy = d.OrderBy |> Option.orElse a.OrderBy
                Partitioning = d.Partitioning |> Option.orElse a.Partitioning
                Properties = mergedProperties o PropertyOwner.Table a.Properties d.Properties
        }

        if List.isEmpty (Validate.table merged) then merged else d

    // -----------------------------------------------------------------------------------------------------------
    // Views and materialized views

    let private viewColumnsText (cols: ViewColumn list) =
        cols
        |> List.map (fun c ->
            if c.Comment = "" then
                quote c.Name
            else
                $"%s{quote c.Name} COMMENT \"%s{c.Comment}\"")
        |> String.concat ", "
        |> sprintf "(%s)"

    let private sameViewColumns (a: ViewColumn list) (b: ViewColumn list) =
        List.length a = List.length b
        && List.forall2 (fun (x: ViewColumn) (y: ViewColumn) -> Name.same x.Name y.Name && x.Comment = y.Comment) a b

    /// A column list that only repeats the query's output names (no comments) says no more than no list: the server
    /// prints one for every view and materialized view.
    let private implicitColumns (cols: ViewColumn list) (query: Query) =
        cols |> List.forall (fun c -> c.Comment = "")
        && Normalize.outputNames query = Some(cols |> List.map (fun c -> (Name.value c.Name).ToLowerInvariant()))

    /// True when the desired column list differs from the actual one (an empty desired list leaves it unset).
    let private columnListChanged (a: ViewColumn list) (d: ViewColumn list) (dQuery: Query) =
        not (List.isEmpty d)
        && not (sameViewColumns a d)
        && not (List.isEmpty a && implicitColumns d dQuery)

    /// Canonical query texts of both sides; a `*` expands to the actual column list when the desired side has none.
    let private queries (aCols: ViewColumn list) (aQuery: Query) (dCols: ViewColumn list) (dQuery: Query) =
        let columnNames (cols: ViewColumn list) = cols |> List.map (fun c -> c.Name)

        let dNames =
            if List.isEmpty dCols then
                columnNames aCols
            else
                columnNames dCols

        Normalize.queryWithColumns (columnNames aCols) aQuery, Normalize.queryWithColumns dNames dQuery

    /// Records a query that differs only in spelling (what the server re-rendered) as ignored.
    let private sameQueryExplained (f: Findings) (q: QualifiedName) (a: Query) (d: Query) =
        if Query.text a <> Query.text d then
            f.Add(
                q,
                "query",
                Query.text a,
                Query.text d,
                Ignored "the same query once spelled canonically (qualifiers, backticks, aliases, case, white space)"
            )

    let private securityText =
        function
        | Some SecurityInvoker -> "INVOKER"
        | Some SecurityNone
        | None -> "NONE"

    /// Statements for a view in both schemas.
    let private compareView (f: Findings) (q: QualifiedName) (a: View) (d: View) : (Operation list * string list) list =
        let o = f.Options
        let aq, dq = queries a.Columns a.Query d.Columns d.Query
        let queryChanged = aq <> dq

        let columnsChanged = columnListChanged a.Columns d.Columns d.Query

        if queryChanged then
            f.Add(q, "query", aq, dq, Altered)
        else
            sameQueryExplained f q a.Query d.Query

        if columnsChanged then
            f.Add(q, "columns", viewColumnsText a.Columns, viewColumnsText d.Columns, Altered)

        let aComment = Normalize.comment (ViewObject a)
        let dComment = Normalize.comment (ViewObject d)
        let commentChanged = aComment <> dComment

        if commentChanged then
            f.Add(q, "comment", aComment, dComment, Altered)

        let securityChanged =
            match d.Security with
            | None ->
                if a.Security = Some SecurityInvoker then
                    f.Add(q, "security", "INVOKER", "(unset)", Kept "the desired view does not state its security")

                false
            | Some s -> s <> (a.Security |> Option.defaultValue SecurityNone)

        if securityChanged then
            f.Add(q, "security", securityText a.Security, securityText d.Security, Altered)

        let propertiesChanged =
            not d.Properties.IsEmpty
            && ServerRules.properties o.RunMode a.Properties
               <> ServerRules.properties o.RunMode d.Properties

        if propertiesChanged then
            f.Add(q, "properties", propertiesText a.Properties, propertiesText d.Properties, Altered)

        let replacement = {
            d with
                Security = d.Security |> Option.orElse a.Security
                Columns = d.Columns
        }

        if commentChanged || securityChanged || propertiesChanged then
            if allows o Capability.ReplaceView then
                [
                    [ ReplaceView replacement ],
                    [
                        "CREATE OR REPLACE: ALTER VIEW cannot change a comment, security or properties"
                    ]
                ]
            else
                [
                    [ DropView q ], [ "CREATE OR REPLACE VIEW needs 3.1+: the view is dropped and created again" ]
                    [ CreateView replacement ], []
                ]
        elif queryChanged || columnsChanged then
            [ [ AlterView(q, d.Columns, d.Query) ], [] ]
        else
            []

    let private refreshText (r: Refresh option) =
        r |> Option.map Render.refresh |> Option.defaultValue "(unset)"

    /// The result of comparing a materialized view: in-place statements, or the reasons to drop and create it.
    let private compareMaterializedView
        (f: Findings)
        (q: QualifiedName)
        (a: MaterializedView)
        (d: MaterializedView)
        : (Operation list * string list) list * string list =
        let rebuild = ResizeArray<string>()

        let immutable what before after =
            f.Add(q, what, before, after, Rebuilt)
            rebuild.Add $"%s{what} cannot be altered"

        let aq, dq = queries a.Columns a.Query d.Columns d.Query

        if aq <> dq then
            immutable "query" aq dq
        else
            sameQueryExplained f q a.Query d.Query

        if columnListChanged a.Columns d.Columns d.Query then
            immutable "columns" (viewColumnsText a.Columns) (viewColumnsText d.Columns)

        let indexesText (ixs: Index list) =
            ixs |> List.map indexText |> String.concat "; "

        // indexes live in the column list: a desired view without one leaves them unset
        if List.isEmpty d.Columns && List.isEmpty d.Indexes then
            if not (List.isEmpty a.Indexes) then
                f.Add(
                    q,
                    "indexes",
                    indexesText a.Indexes,
                    "(unset)",
                    Kept "the desired view does not state its column list and indexes"
                )
        else
            let same =
                List.length a.Indexes = List.length d.Indexes
                && List.forall2
                    (fun (x: Index) (y: Index) -> Name.same x.Name y.Name && sameIndex x y)
                    a.Indexes
                    d.Indexes

            if not same then
                immutable "indexes" (indexesText a.Indexes) (indexesText d.Indexes)

        let aComment = Normalize.comment (MaterializedViewObject a)
        let dComment = Normalize.comment (MaterializedViewObject d)

        if aComment <> dComment then
            immutable "comment" aComment dComment

        let keysText (k: PartitionKey list option) =
            k
            |> Option.map (List.map partitionKeyText >> String.concat ", ")
            |> Option.defaultValue "(none)"

        match d.Partitioning with
        | None ->
            if a.Partitioning.IsSome then
                f.Add(
                    q,
                    "partitioning",
                    keysText a.Partitioning,
                    "(unset)",
                    Kept "the desired view does not state its partitioning"
                )
        | Some _ when keysText a.Partitioning <> keysText d.Partitioning ->
            immutable "partitioning" (keysText a.Partitioning) (keysText d.Partitioning)
        | Some _ -> ()

        match d.Distribution, a.Distribution with
        | None, Some ad -> keptDistribution f q "view" ad
        | None, None -> ()
        | Some dd, ad ->
            let ad = ad |> Option.defaultValue (Distribution.Random None)

            let same =
                match dd, ad with
                | Distribution.Hash(dc, db), Distribution.Hash(ac, ab) -> sameNames dc ac && (db.IsNone || db = ab)
                | Distribution.Random db, Distribution.Random ab -> db.IsNone || db = ab
                | _ -> false

            if not same then
                immutable "distribution" (distributionText (Some ad)) (distributionText (Some dd))

        match d.OrderBy, a.OrderBy with
        | None, Some ao ->
            f.Add(q, "sort key", names ao, "(unset)", Kept "the desired view does not state its sort key")
        | Some dOrder, ao when not (ao |> Option.exists (sameNames dOrder)) ->
            immutable "sort key" (ao |> Option.map names |> Option.defaultValue "(none)") (names dOrder)
        | _ -> ()

        let refreshOps =
            match d.Refresh with
            | None ->
                match a.Refresh with
                | Some { Scheme = Manual }
                | None -> ()
                | Some _ ->
                    f.Add(
                        q,
                        "refresh",
                        refreshText a.Refresh,
                        "(unset)",
                        Kept "the desired view does not state its refresh"
                    )

                []
            | Some dr ->
                let ar = a.Refresh |> Option.defaultValue { Moment = None; Scheme = Manual }

                let canonical (r: Refresh) =
                    match r.Scheme with
                    | Async(start, every) -> Async(start, every |> Option.map (fun (n, u) -> n, u.ToUpperInvariant()))
                    | s -> s

                let momentOf (r: Refresh) =
                    r.Moment |> Option.defaultValue Immediate

                if momentOf ar <> momentOf dr then
                    f.Add(
                        q,
                        "refresh moment",
                        string (momentOf ar),
                        string (momentOf dr),
                        Ignored "the refresh moment only matters when the view is created"
                    )

                if canonical ar <> canonical dr then
                    f.Add(q, "refresh", refreshText (Some ar), refreshText (Some dr), Altered)
                    [ [ SetRefresh(q, dr) ], [] ]
                else
                    []

        let changes, _ =
            propertyChanges f q PropertyOwner.MaterializedView a.Properties d.Properties

        let propertyOps =
            changes
            |> List.map (fun (k, v) -> [ SetMaterializedViewProperties(q, Map.ofList [ k, v ]) ], [])

        refreshOps @ propertyOps, List.ofSeq rebuild

    let private rebuildMaterializedViewTarget (o: DiffOptions) (a: MaterializedView) (d: MaterializedView) =
        let merged = {
            d with
                Partitioning = d.Partitioning |> Option.orElse a.Partitioning
                Distribution = d.Distribution |> Option.orElse a.Distribution
                OrderBy = d.OrderBy |> Option.orElse a.OrderBy
                Refresh = d.Refresh |> Option.orElse a.Refresh
                Properties = mergedProperties o PropertyOwner.MaterializedView a.Properties d.Properties
        }

        if List.isEmpty (Validate.materializedView merged) then
            merged
        else
            d

    // -----------------------------------------------------------------------------------------------------------
    // Dependencies and order

    /// Dependencies first, stable in the input order; a cycle is broken where it is found.
    let private dependencyOrder (nodes: 'k list) (dependsOn: 'k -> 'k list) : 'k list =
        let inSet = set nodes
        let visited = System.Collections.Generic.HashSet<'k>()
        let result = ResizeArray<'k>()

        let rec visit (n: 'k) =
            if visited.Add n then
                for d in dependsOn n do
                    if inSet.Contains d then
                        visit d

                result.Add n

        nodes |> List.iter visit
        List.ofSeq result

    type internal Key = string option * string

    /// The objects of a schema a query reads, found by matching the identifier chains it mentions.
    let internal readsOf (o: DiffOptions) (objects: Map<Key, QualifiedName>) : Query -> Key list =
        let fold (k: Key) =
            (fst k |> Option.map (fun s -> s.ToLowerInvariant())), (snd k).ToLowerInvariant()

        let byFolded =
            objects
            |> Map.toList
            |> List.groupBy (fst >> fold)
            |> List.map (fun (k, v) -> k, List.map fst v)
            |> Map.ofList

        let dflt =
            o.DefaultDatabase |> Option.map (fun d -> (Name.value d).ToLowerInvariant())

        fun (q: Query) ->
            Normalize.references q
            |> List.collect (fun parts ->
                let parts = parts |> List.map (fun p -> p.ToLowerInvariant())

                let candidates =
                    match parts with
                    | [ n ] -> [ None, n ]
                    | [ a; b ] -> [ None, a; Some a, b ]
                    | a :: b :: c :: _ -> [ None, a; Some a, b; Some b, c ]
                    | [] -> []

                candidates
                |> List.map (fun (db, n) -> (if db = dflt then None else db), n)
                |> List.collect (fun k -> byFolded.TryFind k |> Option.defaultValue []))
            |> List.distinct

    let private step (ops: Operation list) (notes: string list) : Step = {
        Operations = ops
        Risk = Operation.statementRisk ops
        Job = Operation.statementJob ops
        Notes = notes
    }

    let private steps (statements: (Operation list * string list) list) =
        statements |> List.map (fun (ops, notes) -> step ops notes)

    /// A name no object of either schema has: the rebuild's temporary table.
    let private temporaryName (taken: Key -> bool) (q: QualifiedName) (key: Key) =
        let candidate i =
            let suffix = if i = 0 then "__srschema_new" else $"__srschema_new%d{i}"
            Name.create (Name.value q.Name + suffix)

        let rec find i =
            let n = candidate i
            if taken (fst key, Name.value n) then find (i + 1) else n

        { q with Name = find 0 }

    /// <summary>The plan that turns <c>actual</c> into <c>desired</c>. Unset desired options accept the actual values
    /// (non-default ones are reported); what StarRocks cannot alter in place is rebuilt: tables by copy and swap,
    /// views and materialized views by drop and create.</summary>
    /// <param name="options">Server release, run mode, default database and declared renames (the only ones used:
    /// <c>Diff.planModel</c> adds those a parsed model declares).</param>
    /// <param name="actual">The schema as it is (e.g. read from SHOW CREATE output).</param>
    /// <param name="desired">The schema as it should be.</param>
    let plan (options: DiffOptions) (actual: Schema) (desired: Schema) : Plan =
        let o = options
        let f = Findings o
        let key = keyOf o

        let index (m: Map<QualifiedName, 'v>) : Map<Key, QualifiedName * 'v> =
            m |> Map.toList |> List.map (fun (q, v) -> key q, (q, v)) |> Map.ofList

        let aTables, dTables = index actual.Tables, index desired.Tables
        let aViews, dViews = index actual.Views, index desired.Views
        let aMvs, dMvs = index actual.MaterializedViews, index desired.MaterializedViews

        let taken (k: Key) =
            [
                aTables.ContainsKey k
                dTables.ContainsKey k
                aViews.ContainsKey k
                dViews.ContainsKey k
                aMvs.ContainsKey k
                dMvs.ContainsKey k
            ]
            |> List.exists id

        let created (q: QualifiedName) kind =
            f.Add(q, "object", "(none)", kind, Altered)

        let droppedObject (q: QualifiedName) kind =
            f.Add(q, "object", kind, "(none)", Altered)

        // ---- tables: pairs (with declared renames), creates, drops
        let renamedFrom (k: Key) (dq: QualifiedName) =
            o.Renames
            |> List.tryPick (function
                | TableRenamed(t, old) when key t = k -> Some(key { dq with Name = old })
                | _ -> None)
            |> Option.filter (fun oldKey -> aTables.ContainsKey oldKey && not (dTables.ContainsKey oldKey))

        let pairs =
            dTables
            |> Map.toList
            |> List.choose (fun (k, (dq, dt)) ->
                match aTables.TryFind k with
                | Some(aq, at) -> Some(k, aq, at, dt, None)
                | None ->
                    renamedFrom k dq
                    |> Option.map (fun oldKey ->
                        let aq, at = aTables[oldKey]
                        oldKey, aq, at, dt, Some dq.Name))

        let pairedActual = pairs |> List.map (fun (k, _, _, _, _) -> k) |> set
        let pairedDesired = pairs |> List.map (fun (_, _, _, dt, _) -> key dt.Name) |> set

        let tableCreates =
            dTables
            |> Map.toList
            |> List.filter (fun (k, _) -> not (pairedDesired.Contains k))
            |> List.map (fun (_, (dq, dt)) ->
                created dq "table"
                step [ CreateTable dt ] [])

        let tableDrops =
            aTables
            |> Map.toList
            |> List.filter (fun (k, _) -> not (pairedActual.Contains k))
            |> List.map (fun (_, (aq, _)) ->
                droppedObject aq "table"
                step [ DropTable aq ] [ "the table and its data are dropped" ])

        let disturbed = System.Collections.Generic.HashSet<Key>()

        let tableRenames, tableChanges =
            pairs
            |> List.map (fun (_, aq, at, dt, newName) ->
                let target =
                    match newName with
                    | Some n ->
                        f.Add(aq, "name", Name.value aq.Name, Name.value n, Altered)
                        { aq with Name = n }
                    | None -> aq

                let columnRenames =
                    o.Renames
                    |> List.choose (function
                        | ColumnRenamed(t, c, old) when key t = key dt.Name -> Some(c, old)
                        | _ -> None)

                let mark = f.Count
                // a table equal to the desired one in every field has nothing to compare
                let change =
                    if newName.IsNone && List.isEmpty columnRenames && { at with Name = dt.Name } = dt then
                        {
                            Statements = []
                            RebuildReasons = []
                            Sources = []
                            RenamedColumns = false
                        }
                    else
                        compareTable f target at dt columnRenames

                let renameSteps =
                    newName |> Option.map (fun n -> step [ RenameTable(aq, n) ] []) |> Option.toList

                let changeSteps =
                    if List.isEmpty change.RebuildReasons then
                        if change.RenamedColumns then
                            disturbed.Add(key target) |> ignore

                        steps change.Statements
                    else
                        f.Rebuilt mark
                        disturbed.Add(key target) |> ignore
                        let tmp = temporaryName taken target (key target)

                        let targetTable = {
                            rebuildTarget o at dt with
                                Name = tmp
                        }

                        let copied =
                            change.Sources
                            |> List.filter (fun (dn, _) ->
                                dt.Columns
                                |> List.exists (fun c -> Name.same c.Name dn && not (Column.isGenerated c)))

                        let describe (dn: Name, an: Name) =
                            if Name.same dn an then
                                quote dn
                            else
                                $"%s{quote an} -> %s{quote dn}"

                        let addedCols =
                            dt.Columns
                            |> List.filter (fun c ->
                                not (Column.isServerMaintained c)
                                && not (copied |> List.exists (fun (dn, _) -> Name.same dn c.Name)))
                            |> List.map (fun c -> quote c.Name)

                        let droppedCols =
                            at.Columns
                            |> List.filter (fun c ->
                                not (Column.isServerMaintained c)
                                && not (change.Sources |> List.exists (fun (_, an) -> Name.same an c.Name)))
                            |> List.map (fun c -> quote c.Name)

                        let listed (what: string) (items: string list) =
                            if List.isEmpty items then
                                []
                            else
                                [ what + ": " + String.concat ", " items ]

                        let because = String.concat "; " change.RebuildReasons

                        [
                            step [ CreateTable targetTable ] [
                                $"rebuild of `%s{QualifiedName.display target}` by copy and swap, because: %s{because}"
                            ]
                            if not (List.isEmpty copied) then
                                step [ CopyRows(target, tmp, copied) ] [
                                    yield! listed "copied" (copied |> List.map describe)
                                    yield! listed "new (their defaults or generated values)" addedCols
                                    yield! listed "not copied (their data is lost)" droppedCols
                                ]
                            step [ SwapTable(target, tmp.Name) ] []
                            step [ DropTable tmp ] [
                                "drops the previous table (now under the temporary name) and its data"
                            ]
                        ]

                renameSteps, changeSteps)
            |> List.unzip

        // ---- views and materialized views
        let viewDrops = ResizeArray<Key * Step list>()
        let viewCreates = System.Collections.Generic.Dictionary<Key, Step list>()
        let createdHere = System.Collections.Generic.HashSet<Key>()

        for KeyValue(k, (aq, _)) in aViews do
            if not (dViews.ContainsKey k) then
                droppedObject aq "view"
                viewDrops.Add(k, [ step [ DropView aq ] [] ])

        for KeyValue(k, (aq, _)) in aMvs do
            if not (dMvs.ContainsKey k) then
                droppedObject aq "materialized view"

                viewDrops.Add(
                    k,
                    [
                        step [ DropMaterializedView aq ] [ "the materialized view and its data are dropped" ]
                    ]
                )

        for KeyValue(k, (dq, dv)) in dViews do
            match aViews.TryFind k with
            | None ->
                created dq "view"
                createdHere.Add k |> ignore
                viewCreates[k] <- [ step [ CreateView dv ] [] ]
            | Some(aq, av) ->
                let statements = compareView f aq av dv

                match statements with
                | ([ DropView _ ], notes) :: rest ->
                    disturbed.Add k |> ignore
                    viewDrops.Add(k, [ step [ DropView aq ] notes ])
                    viewCreates[k] <- steps rest
                | _ when not (List.isEmpty statements) -> viewCreates[k] <- steps statements
                | _ -> ()

        for KeyValue(k, (dq, dm)) in dMvs do
            match aMvs.TryFind k with
            | None ->
                created dq "materialized view"
                createdHere.Add k |> ignore
                viewCreates[k] <- [ step [ CreateMaterializedView dm ] [] ]
            | Some(aq, am) ->
                let mark = f.Count
                let statements, reasons = compareMaterializedView f aq am dm

                if List.isEmpty reasons then
                    if not (List.isEmpty statements) then
                        viewCreates[k] <- steps statements
                else
                    f.Rebuilt mark
                    disturbed.Add k |> ignore
                    createdHere.Add k |> ignore
                    let reasonText = String.concat "; " reasons

                    let because =
                        $"rebuild of `%s{QualifiedName.display aq}` (drop and create), because: %s{reasonText}"

                    viewDrops.Add(k, [ step [ DropMaterializedView aq ] [ because ] ])
                    viewCreates[k] <- [ step [ CreateMaterializedView(rebuildMaterializedViewTarget o am dm) ] [] ]

        // ---- order
        let allNames (tables: Map<Key, QualifiedName * Table>) views mvs =
            [
                yield! tables |> Map.toList |> List.map (fun (k, (q, _)) -> k, q)
                yield! views |> Map.toList |> List.map (fun (k, (q, _)) -> k, q)
                yield! mvs |> Map.toList |> List.map (fun (k, (q, _)) -> k, q)
            ]
            |> Map.ofList

        let queryOf (views: Map<Key, QualifiedName * View>) (mvs: Map<Key, QualifiedName * MaterializedView>) (k: Key) =
            match views.TryFind k, mvs.TryFind k with
            | Some(_, v), _ -> Some v.Query
            | None, Some(_, m) -> Some m.Query
            | None, None -> None

        let actualReads = readsOf o (allNames aTables aViews aMvs)
        let desiredReads = readsOf o (allNames dTables dViews dMvs)

        let dependsIn views mvs (reads: Query -> Key list) (k: Key) =
            queryOf views mvs k
            |> Option.map reads
            |> Option.defaultValue []
            |> List.filter ((<>) k)

        let dropOrder =
            let keys = viewDrops |> Seq.map fst |> List.ofSeq
            dependencyOrder keys (dependsIn aViews aMvs actualReads) |> List.rev

        let createOrder =
            let keys = viewCreates.Keys |> List.ofSeq |> List.sort
            dependencyOrder keys (dependsIn dViews dMvs desiredReads)

        let activations =
            dMvs
            |> Map.toList
            |> List.filter (fun (k, (_, dm)) ->
                aMvs.ContainsKey k
                && not (createdHere.Contains k)
                && (desiredReads dm.Query |> List.exists (fun r -> r <> k && disturbed.Contains r)))
            |> List.map (fun (k, _) ->
                let aq = fst aMvs[k]
                f.Add(aq, "state", "inactive after a change of an object it reads", "active", Altered)
                step [ ActivateMaterializedView aq ] [ "a change of an object it reads made it inactive" ])

        let dropsByKey =
            viewDrops
            |> Seq.groupBy fst
            |> Seq.map (fun (k, v) -> k, v |> Seq.collect snd |> List.ofSeq)
            |> Map.ofSeq

        {
            Steps = [
                yield! dropOrder |> List.distinct |> List.collect (fun k -> dropsByKey[k])
                yield! List.concat tableRenames
                yield! List.concat tableChanges
                yield! tableDrops
                yield! tableCreates
                yield! createOrder |> List.collect (fun k -> viewCreates[k])
                yield! activations
            ]
            Differences = f.All
        }

    /// <summary>The plan that turns <c>actual</c> into the <c>desired</c> model with the renames the model's scripts
    /// declare (<c>-- srschema:renamed-from</c>), after any in <c>options.Renames</c>: what the C# facade and the CLI
    /// do. <c>Diff.plan</c> takes a bare <c>Schema</c> and only the renames in <c>options</c>.</summary>
    /// <param name="options">Server release, run mode, default database and renames declared in code.</param>
    /// <param name="actual">The schema as it is (e.g. read from SHOW CREATE output or a server).</param>
    /// <param name="desired">The model as it should be, from <c>Parse.model</c>.</param>
    /// <example><code>Diff.planModel DiffOptions.defaults actual desired |> Plan.sql</code></example>
    let planModel (options: DiffOptions) (actual: Schema) (desired: Model) : Plan =
        plan
            {
                options with
                    Renames = options.Renames @ desired.Renames
            }
            actual
            desired.Schema
