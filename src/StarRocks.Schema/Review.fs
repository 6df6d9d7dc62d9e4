namespace StarRocks.Schema

open StarRocks.Schema.Diffing

open System
open System.Text

[<RequireQualifiedAccess>]
type GraphFormat =
    | Mermaid
    | Dot

[<RequireQualifiedAccess>]
module Review =
    // -----------------------------------------------------------------------------------------------------------
    // Nodes and edges

    type private Kind =
        | TableKind
        | ViewKind
        | MaterializedViewKind

    type private Node = {
        Id: string
        Label: string
        Kind: Kind
        /// The highest risk of the plan's statements on the object; None when the plan does not touch it.
        Risk: Risk option
    }

    type private Graph = {
        Nodes: Node list
        /// (read, reader) node ids.
        Edges: (string * string) list
    }

    let private kindOf =
        function
        | TableObject _ -> TableKind
        | ViewObject _ -> ViewKind
        | MaterializedViewObject _
        | SyncMaterializedViewObject _ -> MaterializedViewKind

    let private queryOf =
        function
        | TableObject _ -> None
        | ViewObject v -> Some v.Query
        | MaterializedViewObject m -> Some m.Query
        | SyncMaterializedViewObject m -> Some(Render.syncQuery m)

    /// Letters and digits kept, '_' doubled, any other UTF-16 unit as _xHEX_: injective, and only [A-Za-z0-9_].
    let private encode (text: string) =
        let sb = StringBuilder()

        for c in text do
            if (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') then
                sb.Append c |> ignore
            elif c = '_' then
                sb.Append "__" |> ignore
            else
                sb.Append("_x").Append((int c).ToString "x").Append('_') |> ignore

        sb.ToString()

    let private nodeId (kind: Kind) (q: QualifiedName) =
        let prefix =
            match kind with
            | TableKind -> "t_"
            | ViewKind -> "v_"
            | MaterializedViewKind -> "mv_"

        let part (marker: string) (n: Name option) =
            n
            |> Option.map (fun n -> encode (Name.value n) + marker)
            |> Option.defaultValue ""

        prefix
        + part "_c_" q.Catalog
        + part "_d_" q.Database
        + encode (Name.value q.Name)

    /// The dotted name; a part holding a dot, a backtick or white space is in backticks (a backtick doubled), as in SQL,
    /// so that `a.b` and a.b read apart.
    let private labelOf (q: QualifiedName) =
        let part (n: Name) =
            let v = Name.value n

            if v |> Seq.exists (fun c -> c = '.' || c = '`' || Char.IsWhiteSpace c) then
                Lexical.Quote.backticked v
            else
                v

        [ yield! Option.toList q.Catalog; yield! Option.toList q.Database; q.Name ]
        |> List.map part
        |> String.concat "."

    let private node (risk: Risk option) (o: SchemaObject) = {
        Id = nodeId (kindOf o) (SchemaObject.name o)
        Label = labelOf (SchemaObject.name o)
        Kind = kindOf o
        Risk = risk
    }

    /// The objects each view or materialized view reads, by the diff's own matching: (read key, reader key) pairs.
    let private reads (o: DiffOptions) (objects: SchemaObject list) : (Order.Key * Order.Key) list =
        let key = Order.keyOf o

        let known =
            objects
            |> List.map (fun x -> key (SchemaObject.name x), SchemaObject.name x)
            |> Map.ofList

        let readsOf = Order.readsOf o known

        objects
        |> List.collect (fun reader ->
            let k = key (SchemaObject.name reader)

            queryOf reader
            |> Option.map readsOf
            |> Option.defaultValue []
            |> List.filter (fun r -> r <> k)
            |> List.map (fun r -> r, k))

    /// Edges between the given nodes (keyed), sorted by the nodes' order.
    let private edgesBetween (nodes: (Order.Key * Node) list) (pairs: (Order.Key * Order.Key) list) =
        let position = nodes |> List.mapi (fun i (_, n) -> n.Id, i) |> Map.ofList

        let byKey =
            nodes
            |> List.groupBy fst
            |> List.map (fun (k, ns) -> k, List.map snd ns)
            |> Map.ofList

        let at k =
            byKey.TryFind k |> Option.defaultValue []

        [
            for read, reader in pairs do
                for from in at read do
                    for into in at reader do
                        if from.Id <> into.Id then
                            from.Id, into.Id
        ]
        |> List.distinct
        |> List.sortBy (fun (a, b) -> position[a], position[b])

    let private schemaGraph (o: DiffOptions) (s: Schema) : Graph =
        let objects = Schema.objects s
        let key = Order.keyOf o
        let nodes = objects |> List.map (fun x -> key (SchemaObject.name x), node None x)

        {
            Nodes = List.map snd nodes
            Edges = edgesBetween nodes (reads o objects)
        }

    /// The objects a plan touches, with the highest risk of the operations on each. A rebuild's temporary table
    /// counts for the table it rebuilds (its SwapTable names it).
    let private touched (o: DiffOptions) (plan: Plan) : Map<Order.Key, Risk> =
        let key = Order.keyOf o
        let ops = Plan.operations plan

        let temporary =
            ops
            |> List.choose (function
                | SwapTable(q, other) -> Some(key { q with Name = other }, key q)
                | _ -> None)
            |> Map.ofList

        let resolve k =
            temporary.TryFind k |> Option.defaultValue k

        ops
        |> List.collect (fun op ->
            let targets =
                match op with
                | RenameTable(q, into) -> [ Operation.target op; { q with Name = into } ]
                | _ -> [ Operation.target op ]

            targets |> List.map (fun q -> resolve (key q), Operation.risk op))
        |> List.groupBy fst
        |> List.map (fun (k, risks) -> k, risks |> List.map snd |> List.maxBy Risk.rank)
        |> Map.ofList

    let private kindRank =
        function
        | TableKind -> 0
        | ViewKind -> 1
        | MaterializedViewKind -> 2

    /// The touched objects, what they read and what reads them (transitively), over both schemas (the desired
    /// object wins when both have one under a key).
    let private planGraph (o: DiffOptions) (actual: Schema) (desired: Schema) (plan: Plan) : Graph =
        let key = Order.keyOf o

        let byKey (s: Schema) =
            Schema.objects s
            |> List.map (fun x -> key (SchemaObject.name x), x)
            |> Map.ofList

        let objects =
            Map.fold (fun (m: Map<_, _>) k v -> m.Add(k, v)) (byKey actual) (byKey desired)

        let risks = touched o plan |> Map.filter (fun k _ -> objects.ContainsKey k)

        let pairs =
            reads o (Schema.objects actual) @ reads o (Schema.objects desired)
            |> List.distinct

        let downstream =
            let rec grow (found: Set<Order.Key>) =
                let next =
                    pairs
                    |> List.filter (fun (r, _) -> found.Contains r)
                    |> List.map snd
                    |> Set.ofList
                    |> Set.union found

                if next = found then found else grow next

            grow (risks |> Map.keys |> Set.ofSeq)

        let upstream =
            pairs
            |> List.filter (fun (_, reader) -> risks.ContainsKey reader)
            |> List.map fst

        let included = Set.union downstream (Set.ofList upstream)

        let nodes =
            included
            |> Set.toList
            |> List.choose (fun k -> objects.TryFind k |> Option.map (fun x -> k, node (risks.TryFind k) x))
            |> List.sortBy (fun (k, n) -> kindRank n.Kind, k)

        {
            Nodes = List.map snd nodes
            Edges = edgesBetween nodes pairs
        }

    // -----------------------------------------------------------------------------------------------------------
    // Writers

    let private isLineBreak (c: char) =
        c = '\n' || c = '\r' || c = '\u2028' || c = '\u2029' || c = '\u0085'

    /// A Mermaid label inside double quotes: quotes, entity and markdown-string markers, HTML and control characters
    /// as entity codes (#NNN;).
    let private mermaidLabel (text: string) =
        let sb = StringBuilder()

        for c in text do
            match c with
            | '"'
            | '#'
            | '`'
            | '<'
            | '>'
            | '&'
            | '\\' -> sb.Append('#').Append(int c).Append(';') |> ignore
            | c when Char.IsControl c || isLineBreak c -> sb.Append('#').Append(int c).Append(';') |> ignore
            | c -> sb.Append c |> ignore

        "\"" + sb.ToString() + "\""

    /// A DOT double-quoted label: backslashes and quotes escaped, line breaks as \n, other controls as spaces.
    let private dotLabel (text: string) =
        let sb = StringBuilder()

        for c in text.Replace("\r\n", "\n") do
            match c with
            | '\\' -> sb.Append "\\\\" |> ignore
            | '"' -> sb.Append "\\\"" |> ignore
            | c when isLineBreak c -> sb.Append "\\n" |> ignore
            | c when Char.IsControl c -> sb.Append ' ' |> ignore
            | c -> sb.Append c |> ignore

        "\"" + sb.ToString() + "\""

    let private riskClass =
        function
        | MetadataOnly -> "metadataOnly"
        | Rewrite -> "rewrite"
        | Destructive -> "destructive"

    let private mermaid (g: Graph) =
        let sb = StringBuilder()
        let line (s: string) = sb.Append(s).Append('\n') |> ignore
        line "graph LR"

        for n in g.Nodes do
            let label = mermaidLabel n.Label

            match n.Kind with
            | TableKind -> line $"    %s{n.Id}[(%s{label})]"
            | ViewKind -> line $"    %s{n.Id}(%s{label})"
            | MaterializedViewKind -> line $"    %s{n.Id}[[%s{label}]]"

        for from, into in g.Edges do
            line $"    %s{from} --> %s{into}"

        let styled =
            g.Nodes |> List.choose (fun n -> n.Risk |> Option.map (fun r -> r, n.Id))

        if not (List.isEmpty styled) then
            line "    classDef metadataOnly fill:#dafbe1,stroke:#1a7f37,color:#1f2328"
            line "    classDef rewrite fill:#fff8c5,stroke:#9a6700,color:#1f2328"
            line "    classDef destructive fill:#ffebe9,stroke:#cf222e,color:#1f2328"

            for risk in [ MetadataOnly; Rewrite; Destructive ] do
                match styled |> List.filter (fun (r, _) -> r = risk) |> List.map snd with
                | [] -> ()
                | ids -> line $"""    class %s{String.concat "," ids} %s{riskClass risk}"""

        sb.ToString()

    let private dot (g: Graph) =
        let sb = StringBuilder()
        let line (s: string) = sb.Append(s).Append('\n') |> ignore
        line "digraph schema {"
        line "    rankdir=LR;"

        for n in g.Nodes do
            let shape =
                match n.Kind with
                | TableKind -> "shape=cylinder"
                | ViewKind -> "shape=box, style=rounded"
                | MaterializedViewKind -> "shape=box, peripheries=2"

            line $"    %s{n.Id} [label=%s{dotLabel n.Label}, %s{shape}];"

        for from, into in g.Edges do
            line $"    %s{from} -> %s{into};"

        line "}"
        sb.ToString()

    let graph (format: GraphFormat) (options: DiffOptions) (schema: Schema) : string =
        let g = schemaGraph options schema

        match format with
        | GraphFormat.Mermaid -> mermaid g
        | GraphFormat.Dot -> dot g

    // -----------------------------------------------------------------------------------------------------------
    // The pull-request comment

    /// A fenced code block whose fence is longer than any run of backticks in the content, so nothing closes it early.
    let private fenced (info: string) (content: string) =
        let mutable longest = 0
        let mutable run = 0

        for c in content do
            run <- (if c = '`' then run + 1 else 0)
            longest <- max longest run

        let fence = String('`', max 3 (longest + 1))
        let body = content.TrimEnd '\n'
        $"%s{fence}%s{info}\n%s{body}\n%s{fence}\n"

    /// One Markdown list line: line breaks inside a warning would end the item.
    let private item (text: string) =
        let flat = text |> String.map (fun c -> if isLineBreak c then ' ' else c)

        "- " + flat

    let private plural (n: int) (one: string) (many: string) =
        if n = 1 then $"%d{n} %s{one}" else $"%d{n} %s{many}"

    let markdown (options: DiffOptions) (actual: Schema) (desired: Schema) (plan: Plan) : string =
        let sb = StringBuilder()
        let line (s: string) = sb.Append(s).Append('\n') |> ignore
        let warnings = Plan.warnings plan
        line "### StarRocks schema changes"
        line ""

        match Plan.maxRisk plan with
        | None -> line "No changes: the database already matches the model."
        | Some highest ->
            let count risk =
                plan.Steps |> List.filter (fun s -> s.Risk = risk) |> List.length

            line $"""%s{plural plan.Steps.Length "statement" "statements"}; highest risk: **%s{Risk.label highest}**."""
            line ""
            line "| risk | statements |"
            line "|---|---:|"

            for risk in [ MetadataOnly; Rewrite; Destructive ] do
                line $"| %s{Risk.label risk} | %d{count risk} |"

            line ""

            let jobs =
                [ ColumnJob; OptimizeJob ]
                |> List.choose (fun job ->
                    match plan.Steps |> List.filter (fun s -> s.Job = job) |> List.length with
                    | 0 -> None
                    | n -> Some $"%d{n} %s{Job.label job}")

            match jobs with
            | [] -> line "Asynchronous jobs started: none."
            | jobs -> line $"""Asynchronous jobs started: %s{String.concat ", " jobs}."""

        if not (List.isEmpty warnings) then
            line ""
            line $"#### Warnings (%d{warnings.Length})"
            line ""

            for w in warnings do
                line (item w)

        if not (Plan.isEmpty plan) then
            line ""
            line "#### Statements"
            line ""
            sb.Append(fenced "sql" (Plan.sql plan)) |> ignore
            line ""
            line "#### Objects"
            line ""

            line
                "Tables are cylinders, views rounded, materialized views double-bordered; an arrow goes from an object to what reads it. Coloured: the highest risk of the statements on the object (green metadata-only, yellow rewrite, red destructive); plain: not changed, shown for its dependencies."

            line ""

            sb.Append(fenced "mermaid" (mermaid (planGraph options actual desired plan)))
            |> ignore

        sb.ToString()
