/// Reverse generation: the F# source Codegen writes, run by `dotnet fsi` in a subprocess (which avoids the compiler
/// service's FSharp.Core pin), rebuilds models equal to the source (compared through their canonical rendering, which
/// parse/render laws tie to the model). One generated file per input set, compiled once.
module StarRocks.Schema.Tests.CodegenTests

open System
open System.Diagnostics
open System.IO
open Expecto
open FsCheck
open FsCheck.FSharp
open StarRocks.Schema
open StarRocks.Schema.Tests.Support

/// Generates the module, runs it with fsi, and returns (expected rendering, rendering of the generated objects).
let private roundTrip (label: string) (objects: SchemaObject list) =
    let dir =
        Path.Combine(Path.GetTempPath(), "srschema-codegen-" + Guid.NewGuid().ToString "N")

    Directory.CreateDirectory dir |> ignore

    try
        File.WriteAllText(Path.Combine(dir, "Generated.fs"), Codegen.fsharp "Generated" objects)

        let reference (file: string) =
            "#r \"" + Path.Combine(AppContext.BaseDirectory, file).Replace("\\", "/") + "\""

        File.WriteAllText(
            Path.Combine(dir, "run.fsx"),
            String.concat "\n" [
                reference "FParsec.dll"
                reference "FParsecCS.dll"
                reference "StarRocks.Schema.dll"
                "#load \"Generated.fs\""
                "System.IO.File.WriteAllText(\"actual.sql\", StarRocks.Schema.Render.script Generated.objects)"
            ]
        )

        let psi =
            ProcessStartInfo(
                "dotnet",
                [ "fsi"; "--quiet"; "run.fsx" ],
                WorkingDirectory = dir,
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true
            )

        use p = Process.Start psi
        let output = p.StandardOutput.ReadToEndAsync()
        let errors = p.StandardError.ReadToEnd()

        if not (p.WaitForExit 300_000) then
            p.Kill true
            failtestf "%s: dotnet fsi did not finish" label

        output.Wait()

        if p.ExitCode <> 0 then
            failtestf "%s: the generated code does not run (exit %d):\n%s%s" label p.ExitCode output.Result errors

        Render.script objects, File.ReadAllText(Path.Combine(dir, "actual.sql"))
    finally
        Directory.Delete(dir, true)

let private expectSame label objects =
    let expected, actual = roundTrip label objects

    if expected <> actual then
        failtestf "%s: the generated code builds other models: %s" label (firstDifference expected actual)

let tests =
    testList "codegen" [
        test "F# source for the fixtures and for generated objects of every kind rebuilds the same models" {
            let fixtures =
                FixtureTests.fixtures
                |> List.collect (fun (name, text) ->
                    match Parse.script name text with
                    | Ok s -> s.Objects
                    | Error _ -> [])

            // a fixed seed: the same objects on every run
            let generated =
                Gen.sampleWithSeed (Rnd(20261126UL, 7UL)) 20 300 Generators.schemaObject
                |> List.ofArray

            printfn
                "codegen: %d fixture objects and %d generated objects compiled and run"
                fixtures.Length
                generated.Length

            expectSame "fixtures and generated objects" (fixtures @ generated)
        }
        test "F# source for every native corpus sample rebuilds the same models" {
            let objects =
                CorpusTests.samples
                |> List.collect (fun s ->
                    match Parse.script s.Name s.Text with
                    | Ok parsed -> parsed.Objects
                    | Error _ -> [])

            if List.isEmpty objects then
                skiptest "the corpus is not present"

            printfn "codegen: %d corpus objects compiled and run" objects.Length
            expectSame "corpus" objects
        }
    ]
