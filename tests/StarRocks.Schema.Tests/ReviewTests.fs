/// Review texts: the pull-request comment of a plan and the dependency graph of a schema (golden files, a property over
/// generated schemas, awkward identifiers).
module StarRocks.Schema.Tests.ReviewTests

open System.IO
open System.Text.RegularExpressions
open Expecto
open FsCheck
open FsCheck.FSharp
open StarRocks.Schema
open StarRocks.Schema.Database
open StarRocks.Schema.Tests.Support

let private goldenDir = Path.Combine(projectDir, "golden", "review")

let private parseScript (name: string) (text: string) =
    match Parse.script name text with
    | Ok s -> s
    | Error es -> failtestf "%s" (es |> List.map Diagnostic.format |> String.concat "\n")

let private schemaOf (scripts: ParsedScript list) =
    match Parse.schema scripts with
    | Ok s -> s
    | Error es -> failtestf "%A" es

/// A model folder read as the CLI reads it: the schema and the renames its files declare.
let private folder (name: string) =
    match ModelFiles.read (Path.Combine(repoRoot, "examples", name)) with
    | Ok m -> m.Schema, m.Scripts |> List.collect (fun s -> s.Renames)
    | Error e -> failtestf "examples/%s does not read: %A" name e

/// As `srschema diff --database shop`: the example's actual side names the tables `shop`.`orders`.
let private shop = {
    DiffOptions.defaults with
        DefaultDatabase = Some(Name.create "shop")
}

let private markdownOf (o: DiffOptions) (actual: Schema) (desired: Schema) =
    Review.markdown o actual desired (Diff.plan o actual desired)

// ---------------------------------------------------------------------------------------------------------------
// Reading the graphs back: (id, label) nodes and (from, to) edges, labels decoded.

let private mermaidNode =
    Regex("^    ([A-Za-z0-9_]+)(?:\\[\\(\"(.*)\"\\)\\]|\\(\"(.*)\"\\)|\\[\\[\"(.*)\"\\]\\])$")

let private mermaidEdge = Regex("^    ([A-Za-z0-9_]+) --> ([A-Za-z0-9_]+)$")

let private dotNode =
    Regex("^    ([A-Za-z0-9_]+) \\[label=\"((?:[^\"\\\\]|\\\\.)*)\", [^\\]]*\\];$")

let private dotEdge = Regex("^    ([A-Za-z0-9_]+) -> ([A-Za-z0-9_]+);$")

let private mermaidText (label: string) =
    Regex.Replace(label, "#([0-9]+);", (fun m -> string (char (int m.Groups[1].Value))))

let private dotText (label: string) =
    Regex.Replace(
        label,
        "\\\\(.)",
        fun m ->
            match m.Groups[1].Value with
            | "n" -> "\n"
            | other -> other
    )

type private Read = {
    Nodes: (string * string) list
    Edges: (string * string) list
    Other: string list
}

let private readGraph (format: GraphFormat) (text: string) =
    let lines = text.TrimEnd('\n').Split '\n' |> List.ofArray

    let nodeRe, edgeRe, decode, frame =
        match format with
        | GraphFormat.Mermaid -> mermaidNode, mermaidEdge, mermaidText, [ "graph LR" ]
        | GraphFormat.Dot -> dotNode, dotEdge, dotText, [ "digraph schema {"; "    rankdir=LR;"; "}" ]

    let nodes, edges, other =
        lines
        |> List.fold
            (fun (ns, es, os) l ->
                let n = nodeRe.Match l
                let e = edgeRe.Match l

                if n.Success then
                    let label =
                        [ 2..4 ]
                        |> List.map (fun i -> n.Groups[i])
                        |> List.filter (fun g -> g.Success)
                        |> List.map (fun g -> g.Value)
                        |> List.head

                    (n.Groups[1].Value, decode label) :: ns, es, os
                elif e.Success then
                    ns, (e.Groups[1].Value, e.Groups[2].Value) :: es, os
                elif List.contains l frame then
                    ns, es, os
                else
                    ns, es, l :: os)
            ([], [], [])

    {
        Nodes = List.rev nodes
        Edges = List.rev edges
        Other = List.rev other
    }

/// The label of a name: the dotted form, a part in backticks when it holds a dot, a backtick or white space.
let private label (q: QualifiedName) =
    [ yield! Option.toList q.Catalog; yield! Option.toList q.Database; q.Name ]
    |> List.map (fun n ->
        let v = Name.value n

        if Regex.IsMatch(v, "[.`\\s]") then
            "`" + v.Replace("`", "``") + "`"
        else
            v)
    |> String.concat "."

/// Every object exactly once as a node (by its label), ids distinct and safe, every edge between nodes, nothing else.
let private expectWellFormed (format: GraphFormat) (s: Schema) (text: string) =
    let g = readGraph format text
    Expect.isEmpty g.Other $"only node and edge lines (%A{format})"
    let ids = g.Nodes |> List.map fst
    Expect.equal (List.distinct ids) ids "node ids are distinct"

    for id in ids do
        Expect.isTrue (Regex.IsMatch(id, "^[A-Za-z0-9_]+$")) $"id %s{id} is [A-Za-z0-9_] only"

    Expect.equal
        (g.Nodes |> List.map snd)
        (Schema.objects s |> List.map (SchemaObject.name >> label))
        "one node per object, in order, labelled with its name"

    for from, into in g.Edges do
        Expect.contains ids from "an edge starts at a node"
        Expect.contains ids into "an edge ends at a node"

    Expect.equal (List.distinct g.Edges) g.Edges "no edge twice"
    g

// ---------------------------------------------------------------------------------------------------------------

let private goldens =
    testList "golden files" [
        test "markdown of the example plan (examples/actual -> examples/schema)" {
            let actual, _ = folder "actual"
            let desired, renames = folder "schema"
            let o = { shop with Renames = renames }
            golden (Path.Combine(goldenDir, "example.md")) (markdownOf o actual desired)
        }
        test "markdown of an empty plan is a short no-changes comment" {
            let desired, _ = folder "schema"
            let text = markdownOf shop desired desired
            golden (Path.Combine(goldenDir, "no-changes.md")) text
            Expect.isFalse (text.Contains "```") "no code block"
        }
        testList "markdown of the golden diff cases" [
            for name in
                [
                    "rebuild-partitioning-and-views"
                    "views-and-materialized-views"
                    "rebuild-key-model"
                ] ->
                test name {
                    let text = File.ReadAllText(Path.Combine(projectDir, "diff-cases", name + ".sql"))
                    let cut = text.IndexOf "-- @desired"
                    let actual = parseScript "actual.sql" (text.Substring(0, cut))
                    let desired = parseScript "desired.sql" (text.Substring cut)

                    let o = {
                        DiffOptions.defaults with
                            Renames = desired.Renames
                    }

                    let p = Diff.plan o (schemaOf [ actual ]) (schemaOf [ desired ])
                    let md = Review.markdown o (schemaOf [ actual ]) (schemaOf [ desired ]) p
                    golden (Path.Combine(goldenDir, name + ".md")) md

                    Expect.stringContains
                        md
                        ("```sql\n" + (Plan.sql p).TrimEnd '\n' + "\n```\n")
                        "the script as printed"
                }
        ]
        test "Mermaid and DOT graphs of examples/schema" {
            let s, _ = folder "schema"

            for format, file in [ GraphFormat.Mermaid, "schema.mmd"; GraphFormat.Dot, "schema.dot" ] do
                let text = Review.graph format DiffOptions.defaults s
                golden (Path.Combine(goldenDir, file)) text
                let g = expectWellFormed format s text
                Expect.equal g.Edges.Length 2 "orders is read by the view and by the materialized view"
        }
    ]

let private properties =
    testList "properties" [
        testPropertyWithConfig config "every object of a generated schema is one node; every edge joins two nodes"
        <| Prop.forAll (Arb.fromGen Generators.schema) (fun s ->
            for format in [ GraphFormat.Mermaid; GraphFormat.Dot ] do
                expectWellFormed format s (Review.graph format DiffOptions.defaults s) |> ignore)
    ]

/// Names that break naive writers: quotes, backticks (three in a row close a Markdown fence), spaces, dots, the
/// entity marker, HTML, unicode, line breaks, reserved words of Mermaid and DOT, a leading digit.
let private awkwardNames = [
    "we\"ird"
    "a```b"
    "user name"
    "x.y"
    "#35;hash"
    "<b>&amp;"
    "列表"
    "new\nline"
    "end"
    "graph"
    "node"
    "1st"
    "back\\slash"
    "a_b"
    "a__b"
    "a_x2e_b"
]

let private awkward =
    test "awkward identifiers give safe node ids, escaped labels and the dependencies still found" {
        let quoted (n: string) = "`" + n.Replace("`", "``") + "`"

        let tables =
            awkwardNames
            |> List.map (fun n ->
                TableObject {
                    baseTable with
                        Name = QualifiedName.ofName (Name.create n)
                })

        let views =
            awkwardNames
            |> List.mapi (fun i n ->
                ViewObject {
                    Name = QualifiedName.inDatabase (Name.create "select") (Name.create $"v %d{i} {n}")
                    Columns = []
                    Comment = ""
                    Security = None
                    Properties = Map.empty
                    Query = Query.ofText $"SELECT k FROM %s{quoted n}"
                })

        let s = Schema.ofDistinct (tables @ views)

        for format in [ GraphFormat.Mermaid; GraphFormat.Dot ] do
            let text = Review.graph format DiffOptions.defaults s
            let g = expectWellFormed format s text
            Expect.equal g.Edges.Length awkwardNames.Length $"each view reads its table (%A{format})"

            // no raw character of a name leaks where it would end a label or a line (DOT: every line read back
            // above through its escapes, and decoded to the name)
            if format = GraphFormat.Mermaid then
                for l in text.TrimEnd('\n').Split '\n' do
                    let inner = Regex.Match(l, "\"(.*)\"").Groups[1].Value

                    Expect.isFalse
                        (inner.Contains "\""
                         || inner.Contains "`"
                         || inner.Contains "<"
                         || inner.Contains "\\")
                        $"escaped: %s{l}"

        // the statements' fence outlasts the longest run of backticks the quoted names make
        let md = markdownOf DiffOptions.defaults Schema.empty s
        let fence = Regex.Match(md, "(?m)^(`{3,})sql$").Groups[1].Value
        let body = md.Substring(md.IndexOf(fence + "sql") + fence.Length + 4)
        let body = body.Substring(0, body.IndexOf("\n" + fence + "\n"))
        Expect.stringContains body "``````" "six backticks in `a``````b`"
        Expect.isFalse (body.Contains fence) "the fence is longer than any run inside"
        Expect.isTrue (md.Contains "```mermaid\ngraph LR\n") "the graph block"
    }

let tests = testList "review" [ goldens; properties; awkward ]
