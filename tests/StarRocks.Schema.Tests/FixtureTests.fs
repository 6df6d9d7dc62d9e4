/// The project's own fixtures (written here, so the suite stands alone on a fresh clone): each parses, re-renders
/// equivalently, round-trips, and matches its golden SQL and JSON files.
module StarRocks.Schema.Tests.FixtureTests

open System.IO
open Expecto
open StarRocks.Schema
open StarRocks.Schema.Tests.Support

let fixturesDir = Path.Combine(projectDir, "fixtures")
let goldenDir = Path.Combine(projectDir, "golden")

let fixtures =
    Directory.GetFiles(fixturesDir, "*.sql", SearchOption.AllDirectories)
    |> Array.sortWith (fun a b -> System.String.CompareOrdinal(a, b))
    |> Array.map (fun p -> Path.GetRelativePath(fixturesDir, p).Replace('\\', '/'), File.ReadAllText p)
    |> List.ofArray

let private parsed (name: string) (text: string) =
    match Parse.script name text with
    | Ok s -> s
    | Error es -> failtestf "%s" (es |> List.map Diagnostic.format |> String.concat "\n")

let private goldenPath (folder: string) (name: string) (extension: string) =
    Path.Combine(goldenDir, folder, Path.ChangeExtension(name, extension))

let tests =
    testList "fixtures" [
        for name, text in fixtures do
            testList name [
                testCase "renders as its golden SQL"
                <| fun () -> golden (goldenPath "render" name ".sql") (Render.script (parsed name text).Objects)
                testCase "serializes as its golden JSON"
                <| fun () -> golden (goldenPath "json" name ".json") (SchemaJson.serialize (parsed name text).Objects)
                testCase "parse (render (parse f)) = parse f"
                <| fun () ->
                    let objects = (parsed name text).Objects
                    Expect.equal (parsed "rendered" (Render.script objects)).Objects objects "round trip"
                if name.StartsWith "show-create/" then
                    testCase "re-renders to an equivalent statement"
                    <| fun () ->
                        let rendered = Render.script (parsed name text).Objects
                        Expect.equal (Canonical.form rendered) (Canonical.form text) "equivalent"
            ]
    ]
