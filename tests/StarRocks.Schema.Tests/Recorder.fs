/// Records what the core prints for every input the tests know (diff cases, examples, fixtures, generated schemas and
/// the corpus, when present), so that a change meant to keep behaviour can be checked byte for byte:
/// `dotnet run --project tests/StarRocks.Schema.Tests -- --record-outputs DIR` before and after, then `diff -r`.
/// Not a test: the files are written outside the repository (the corpus's outputs must never be committed).
module StarRocks.Schema.Tests.Recorder

open System
open System.IO
open System.Text
open FsCheck
open FsCheck.FSharp
open StarRocks.Schema
open StarRocks.Schema.Tests.Support

/// The server assumptions each plan is recorded under: the release-dependent rules show up between them.
let private optionSets = [
    "newest", DiffOptions.defaults
    "3.0",
    {
        DiffOptions.defaults with
            ServerVersion = ServerVersion.create 3 0 0
    }
    "3.2",
    {
        DiffOptions.defaults with
            ServerVersion = ServerVersion.create 3 2 0
    }
    "3.3.2",
    {
        DiffOptions.defaults with
            ServerVersion = ServerVersion.create 3 3 2
    }
    "3.5",
    {
        DiffOptions.defaults with
            ServerVersion = ServerVersion.create 3 5 0
    }
    "shared-data",
    {
        DiffOptions.defaults with
            RunMode = SharedData
    }
    "unmanaged-partitions",
    {
        DiffOptions.defaults with
            ManagePartitions = false
    }
]

let private planText (p: Plan) =
    let sb = StringBuilder()
    sb.Append(Plan.sql p).Append("-- json\n").Append(PlanJson.serialize p) |> ignore

    for d in p.Differences do
        sb.Append(
            $"-- difference %s{QualifiedName.display d.Object} | %s{DiffAttribute.text d.Attribute} | %s{d.Before} | %s{d.After} | %A{d.Outcome}\n"
        )
        |> ignore

    for w in Plan.warnings p do
        sb.Append("-- warning ").Append(w).Append('\n') |> ignore

    sb.ToString()

/// Every option set's plan from actual to desired, headed by a label; an exception is recorded, not raised.
let private plans (label: string) (options: DiffOptions) (actual: Schema) (desired: Schema) =
    let sb = StringBuilder()

    for name, o in optionSets do
        let o = {
            o with
                Renames = options.Renames
                DefaultDatabase = options.DefaultDatabase
        }

        sb.Append($"==== %s{label} [%s{name}]\n") |> ignore

        try
            sb.Append(planText (Diff.plan o actual desired)) |> ignore
        with e ->
            sb.Append($"!! %s{e.GetType().Name}: %s{e.Message}\n") |> ignore

    sb.ToString()

/// What the printers make of one object: SQL, JSON, F# and C#, and its canonical query.
let private printed (label: string) (o: SchemaObject) =
    let sb = StringBuilder()
    sb.Append($"==== %s{label}\n") |> ignore

    let attempt (what: string) (f: unit -> string) =
        sb.Append($"-- %s{what}\n") |> ignore

        try
            sb.Append(f ()).Append('\n') |> ignore
        with e ->
            sb.Append($"!! %s{e.GetType().Name}: %s{e.Message}\n") |> ignore

    attempt "sql" (fun () -> Render.schemaObject o)
    attempt "json" (fun () -> SchemaJson.serialize [ o ])
    attempt "fsharp" (fun () -> Codegen.fsharp "Recorded" [ o ])
    attempt "csharp" (fun () -> Codegen.csharp "Recorded" "Schema" [ o ])

    match o with
    | ViewObject v ->
        attempt "query" (fun () -> Normalize.query v.Query)
        attempt "references" (fun () -> sprintf "%A" (Normalize.references v.Query))
    | MaterializedViewObject m ->
        attempt "query" (fun () -> Normalize.query m.Query)
        attempt "references" (fun () -> sprintf "%A" (Normalize.references m.Query))
    | SyncMaterializedViewObject m -> attempt "query" (fun () -> Normalize.query (Render.syncQuery m))
    | TableObject _ -> ()

    sb.ToString()

let private messages (es: Diagnostic list) =
    es |> List.map Diagnostic.format |> String.concat "\n"

let private parsed (file: string) (text: string) =
    match Parse.script file text with
    | Ok s ->
        match Parse.schema [ s ] with
        | Ok schema -> Ok(s, schema)
        | Error es -> Error(sprintf "%A" es)
    | Error es -> Error(messages es)

let private sqlFiles (dir: string) =
    if Directory.Exists dir then
        Directory.GetFiles(dir, "*.sql", SearchOption.AllDirectories)
        |> Array.sortWith (fun a b -> String.CompareOrdinal(a, b))
        |> List.ofArray
    else
        []

/// The object renamed to `name` (to pair two corpus samples as two versions of one object).
let private renamed (name: QualifiedName) =
    function
    | TableObject t -> TableObject { t with Name = name }
    | ViewObject v -> ViewObject { v with Name = name }
    | MaterializedViewObject m -> MaterializedViewObject { m with Name = name }
    | SyncMaterializedViewObject m -> SyncMaterializedViewObject { m with Name = name }

let private write (dir: string) (file: string) (text: string) =
    File.WriteAllText(Path.Combine(dir, file), text)
    eprintfn "recorded %s (%d chars)" file text.Length

/// Writes the records into `dir`; returns the number of files written.
let record (dir: string) =
    Directory.CreateDirectory dir |> ignore // an existing folder is fine: the files are overwritten

    // the diff cases: actual, then `-- @desired`, then desired
    let cases = StringBuilder()

    for path in sqlFiles (Path.Combine(projectDir, "diff-cases")) do
        let text = File.ReadAllText path
        let cut = text.IndexOf "-- @desired"
        let name = Path.GetFileName path

        match parsed name (text.Substring(0, cut)), parsed name (text.Substring cut) with
        | Ok(_, a), Ok(ds, d) ->
            cases.Append(
                plans
                    name
                    {
                        DiffOptions.defaults with
                            Renames = ds.Renames
                    }
                    a
                    d
            )
            |> ignore

            cases.Append(plans (name + " reversed") DiffOptions.defaults d a) |> ignore
        | a, d -> cases.Append($"==== %s{name}\n!! %A{a}\n!! %A{d}\n") |> ignore

    write dir "diff-cases.txt" (cases.ToString())

    // the examples: the bundled actual and desired folders, both ways
    let folder (sub: string) =
        let files = sqlFiles (Path.Combine(repoRoot, "examples", sub))

        let scripts =
            files
            |> List.map (fun f ->
                match Parse.script f (File.ReadAllText f) with
                | Ok s -> s
                | Error es -> failwithf "%A" es)

        match Parse.schema scripts with
        | Ok s -> scripts, s
        | Error es -> failwithf "%A" es

    let actualScripts, actual = folder "actual"
    let desiredScripts, desired = folder "schema"

    let renames (scripts: ParsedScript list) =
        scripts |> List.collect (fun s -> s.Renames)

    let examples =
        plans
            "examples actual -> schema"
            {
                DiffOptions.defaults with
                    Renames = renames desiredScripts
            }
            actual
            desired
        + plans
            "examples schema -> actual"
            {
                DiffOptions.defaults with
                    Renames = renames actualScripts
            }
            desired
            actual
        + (Schema.objects desired
           |> List.map (fun o -> printed (QualifiedName.display (SchemaObject.name o)) o)
           |> String.concat "")
        + Review.markdown DiffOptions.defaults actual desired (Diff.plan DiffOptions.defaults actual desired)
        + Review.graph GraphFormat.Mermaid DiffOptions.defaults desired
        + Review.graph GraphFormat.Dot DiffOptions.defaults desired

    write dir "examples.txt" examples

    // the fixtures: every printer of every object
    let fixtures = StringBuilder()

    for path in sqlFiles (Path.Combine(projectDir, "fixtures")) do
        let name = Path.GetRelativePath(projectDir, path)

        match Parse.script name (File.ReadAllText path) with
        | Ok s ->
            for o in s.Objects do
                fixtures.Append(printed $"%s{name} %s{QualifiedName.display (SchemaObject.name o)}" o)
                |> ignore

            match Parse.schema [ s ] with
            | Ok schema ->
                fixtures.Append(plans (name + " created") DiffOptions.defaults Schema.empty schema)
                |> ignore
            | Error es -> fixtures.Append($"!! %A{es}\n") |> ignore
        | Error es -> fixtures.Append($"==== %s{name}\n!! %s{messages es}\n") |> ignore

    write dir "fixtures.txt" (fixtures.ToString())

    // generated schema pairs (the diff laws' generator, fixed seeds) and generated objects
    let generated = StringBuilder()

    Gen.sampleWithSeed (Rnd(20261205UL, 11UL)) 12 600 Generators.schemaPair
    |> Array.iteri (fun i (o, a, b, labels) -> generated.Append(plans $"pair %d{i} %A{labels}" o a b) |> ignore)

    write dir "generated-plans.txt" (generated.ToString())

    let objects = StringBuilder()

    Gen.sampleWithSeed (Rnd(20261205UL, 13UL)) 20 600 Generators.schemaObject
    |> Array.iteri (fun i o -> objects.Append(printed $"object %d{i}" o) |> ignore)

    write dir "generated-objects.txt" (objects.ToString())

    // the corpus: every sample printed and created; each native sample paired with the next one of its kind
    let samples = CorpusTests.samples

    if List.isEmpty samples then
        eprintfn "the corpus is not present at %s: not recorded" CorpusTests.corpusDir
        5
    else
        let corpus = StringBuilder()
        let pairs = StringBuilder()
        let mutable previous: Map<string, SchemaObject> = Map.empty

        for s in samples do
            match Parse.script s.Name s.Text with
            | Error es -> corpus.Append($"==== %s{s.Name}\n!! %s{messages es}\n") |> ignore
            | Ok script ->
                for o in script.Objects do
                    corpus.Append(printed s.Name o) |> ignore

                    corpus.Append(
                        plans (s.Name + " created") DiffOptions.defaults Schema.empty (Schema.ofDistinct [ o ])
                    )
                    |> ignore

                    let kind =
                        match o with
                        | TableObject _ -> "table"
                        | ViewObject _ -> "view"
                        | MaterializedViewObject _ -> "mv"
                        | SyncMaterializedViewObject _ -> "sync mv"

                    match previous.TryFind kind with
                    | Some p ->
                        let a = Schema.ofDistinct [ p ]
                        let b = Schema.ofDistinct [ renamed (SchemaObject.name p) o ]

                        pairs.Append(plans $"%s{s.Name} after the previous %s{kind}" DiffOptions.defaults a b)
                        |> ignore
                    | None -> ()

                    previous <- previous.Add(kind, o)

        write dir "corpus.txt" (corpus.ToString())
        write dir "corpus-pairs.txt" (pairs.ToString())
        7
