/// The real SHOW CREATE outputs in ../shared/corpus (never committed here): every native sample parses, re-renders
/// to an equivalent statement and parses back to the same model; catalog and external tables get a clear error.
module StarRocks.Schema.Tests.CorpusTests

open System
open System.IO
open Expecto
open StarRocks.Schema
open StarRocks.Schema.Tests.Support

/// Where the corpus is: SRSCHEMA_CORPUS, else ../shared/corpus/show-create beside the repository.
let corpusDir =
    match Environment.GetEnvironmentVariable "SRSCHEMA_CORPUS" with
    | null
    | "" -> Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "corpus", "show-create"))
    | dir -> dir

type Sample = {
    Path: string
    Name: string
    Text: string
}

let samples =
    if Directory.Exists corpusDir then
        Directory.GetFiles(corpusDir, "*.sql", SearchOption.AllDirectories)
        |> Array.sortWith (fun a b -> String.CompareOrdinal(a, b))
        |> Array.map (fun p -> {
            Path = p
            Name = Path.GetRelativePath(corpusDir, p).Replace('\\', '/')
            Text = File.ReadAllText p
        })
        |> List.ofArray
    else
        []

/// Tables that StarRocks keeps outside its storage: a catalog's or a legacy external table. Their names in the
/// corpus say so (MANIFEST.tsv tags them too).
let isForeignTable (s: Sample) =
    let file = Path.GetFileName s.Name

    s.Name.StartsWith "table/"
    && (file.StartsWith "catalog_" || file.StartsWith "external_")

/// The two Hive-catalog views are plain CREATE VIEW text: nothing in a view's text tells a catalog view from a
/// native one, so they parse as views (reflection reads only the default catalog, where this cannot arise).
let isCatalogView (s: Sample) = s.Name.StartsWith "view/view_catalog_"

let private nativeTests (s: Sample) =
    testCase s.Name
    <| fun () ->
        match Parse.script s.Name s.Text with
        | Error es -> failtestf "%s" (es |> List.map Diagnostic.format |> String.concat "\n")
        | Ok parsed ->
            let o =
                match parsed.Objects with
                | [ o ] -> o
                | os -> failtestf "expected one object, got %d" os.Length

            let rendered = Render.schemaObject o

            match Parse.statement rendered with
            | Error e -> failtestf "the rendered statement does not parse: %s\n%s" (Diagnostic.format e) rendered
            | Ok back -> Expect.equal back o "parse (render (parse sample)) = parse sample"

            let one = Schema.ofDistinct [ o ]

            Expect.isTrue
                (Plan.isEmpty (Diff.plan DiffOptions.defaults one one))
                "diff of the sample with itself is empty"

            let create = Diff.plan DiffOptions.defaults Schema.empty one

            for step in create.Steps do
                let sql = Render.statement step.Operations

                match Parse.operations s.Name sql with
                | Ok [ p ] -> Expect.equal p.Operations step.Operations "the CREATE of the plan reads back"
                | other -> failtestf "the planned CREATE does not read back: %A\n%s" other sql

            match Apply.operations (Plan.operations create) Schema.empty with
            | Ok created -> Expect.equal created one "applying the plan from nothing gives the sample"
            | Error e -> failtestf "the plan from nothing does not apply: %s" e

            use json = System.Text.Json.JsonDocument.Parse(SchemaJson.serialize [ o ])
            Expect.equal (json.RootElement.GetProperty("objects").GetArrayLength()) 1 "its JSON form is well-formed"

            let expected = Canonical.form s.Text
            let actual = Canonical.form rendered

            if expected <> actual then
                let e = expected.Split ' '
                let a = actual.Split ' '

                let i =
                    Seq.zip e a
                    |> Seq.tryFindIndex (fun (x, y) -> x <> y)
                    |> Option.defaultValue (min e.Length a.Length)

                let around (xs: string[]) =
                    xs |> Array.skip (max 0 (i - 8)) |> Array.truncate 20 |> String.concat " "

                failtestf
                    "re-rendered statement is not equivalent at token %d:\n  sample:   ...%s\n  rendered: ...%s"
                    i
                    (around e)
                    (around a)

let private foreignTests (s: Sample) =
    testCase s.Name
    <| fun () ->
        match Parse.script s.Name s.Text with
        | Ok _ -> failtest "a catalog or external table must not parse as a native table"
        | Error [ e ] ->
            Expect.stringContains e.Message "is not a native StarRocks table" "the error says what is wrong"

            Expect.stringContains
                e.Message
                "external and catalog tables are not supported"
                "and that it is not supported"
        | Error es -> failtestf "expected one error, got %A" es

/// The source file (without line) a sample was recorded from, from MANIFEST.tsv.
let private sourceFiles =
    let manifest = Path.Combine(corpusDir, "MANIFEST.tsv")

    if File.Exists manifest then
        File.ReadAllLines manifest
        |> Array.skip 1
        |> Array.map (fun line -> line.Split '\t')
        |> Array.filter (fun f -> f.Length > 3)
        |> Array.map (fun f -> f[0], f[3].Split('#')[0])
        |> Map.ofArray
    else
        Map.empty

/// Views and materialized views with their queries, parsed.
let private queries () =
    samples
    |> List.choose (fun s ->
        match Parse.statement s.Text with
        | Ok(ViewObject v) -> Some(s, v.Name, v.Columns, v.Query)
        | Ok(MaterializedViewObject m) -> Some(s, m.Name, m.Columns, m.Query)
        | _ -> None)

/// The same object (same test file, name and column list) printed by several server versions: some re-rendered the
/// query (qualified, backticked, generated aliases, `*` expanded), newer ones kept the original text.
let private queryTests () =
    let all = queries ()

    let groups =
        all
        |> List.groupBy (fun (s, name, columns, _) ->
            Map.tryFind s.Name sourceFiles, name, columns |> List.map (fun c -> c.Name))
        |> List.filter (fun ((source, _, _), members) -> source.IsSome && members.Length > 1)

    printfn
        "corpus: %d view and materialized view queries, %d objects printed by several server versions"
        all.Length
        groups.Length

    [
        testCase "the same object printed by different server versions has one canonical query"
        <| fun () ->
            for (_, name, _), members in groups do
                let forms =
                    members
                    |> List.map (fun (s, _, columns, query) ->
                        s.Name, Normalize.queryWithColumns (columns |> List.map (fun c -> c.Name)) query)

                let distinct = forms |> List.distinctBy snd

                if distinct.Length > 1 then
                    let shown = distinct |> List.map (fun (f, c) -> $"  {f}: {c}") |> String.concat "\n"
                    failtestf "%s has %d canonical forms:\n%s" (Name.value name.Name) distinct.Length shown
        testCase "the diff sees no query change between versions of one object"
        <| fun () ->
            for (_, name, _), members in groups do
                let objects =
                    members
                    |> List.choose (fun (s, _, _, _) ->
                        match Parse.statement s.Text with
                        | Ok o -> Some(s.Name, Schema.ofDistinct [ o ])
                        | Error _ -> None)

                for f1, a in objects do
                    for f2, b in objects do
                        let queryChanges =
                            (Diff.plan DiffOptions.defaults a b).Differences
                            |> List.filter (fun d -> d.Attribute = DiffAttribute.Query && not d.Outcome.IsIgnored)

                        if not (List.isEmpty queryChanges) then
                            failtestf "%s: %s -> %s: %A" (Name.value name.Name) f1 f2 queryChanges
        testCase "canonicalization is idempotent on every corpus query"
        <| fun () ->
            for s, _, _, query in all do
                let once = Normalize.query query
                Expect.equal (Normalize.query (Query.ofText once)) once s.Name
    ]

let tests =
    let ci = Environment.GetEnvironmentVariable "CI" = "true"

    if List.isEmpty samples then
        testList "corpus" [
            testCase "the SHOW CREATE corpus is present"
            <| fun () ->
                if ci then
                    failtestf "CI=true but the corpus is missing at %s" corpusDir
                else
                    printfn
                        "corpus: not found at %s; its tests are skipped (a fresh clone; the project's own fixtures still run)"
                        corpusDir

                    skiptest "corpus not present"
        ]
    else
        let native = samples |> List.filter (fun s -> not (isForeignTable s))
        let foreign = samples |> List.filter isForeignTable

        printfn
            "corpus: %d samples at %s: %d native (of which %d catalog views that read as plain views), %d catalog or external tables"
            samples.Length
            corpusDir
            native.Length
            (native |> List.filter isCatalogView |> List.length)
            foreign.Length

        testList "corpus" [
            testList "native samples parse, re-render equivalently and round-trip" (native |> List.map nativeTests)
            testList "catalog and external tables are rejected clearly" (foreign |> List.map foreignTests)
            testList "view and materialized view queries" (queryTests ())
            testCase "the corpus has the expected size"
            <| fun () ->
                Expect.equal samples.Length 272 "272 samples"
                Expect.equal foreign.Length 18 "18 catalog or external tables (plus 2 catalog views)"
        ]
