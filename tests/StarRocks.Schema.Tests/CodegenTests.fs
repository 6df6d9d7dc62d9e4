/// Reverse generation: the F# source Codegen writes, run by `dotnet fsi` in a subprocess (which avoids the compiler
/// service's FSharp.Core pin), and the C# source, compiled in memory with Roslyn against the C# facade and run, rebuild
/// models equal to the source (compared through their canonical rendering, which parse/render laws tie to the
/// model). One generated file per schema and language; each input set is compiled once.
module StarRocks.Schema.Tests.CodegenTests

open System
open System.Diagnostics
open System.IO
open System.Reflection
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

/// Compiles C# sources in memory against the running process's assemblies (the framework, FSharp.Core, the core and the
/// facade); fails the test on any error or warning, naming the generated file, line and column.
let private compileCSharp (sources: (string * string) list) : Assembly =
    let parseOptions =
        Microsoft.CodeAnalysis.CSharp.CSharpParseOptions(Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp12)

    let trees =
        sources
        |> List.map (fun (path, text) ->
            Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(text, parseOptions, path))

    let references =
        (AppContext.GetData "TRUSTED_PLATFORM_ASSEMBLIES" :?> string).Split Path.PathSeparator
        |> Array.map (fun path ->
            Microsoft.CodeAnalysis.MetadataReference.CreateFromFile path :> Microsoft.CodeAnalysis.MetadataReference)

    let compilation =
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
            "Generated" + Guid.NewGuid().ToString "N",
            trees,
            references,
            Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(
                Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions = Microsoft.CodeAnalysis.NullableContextOptions.Enable
            )
        )

    use image = new MemoryStream()
    let result = compilation.Emit image

    let problems =
        result.Diagnostics
        |> Seq.filter (fun d -> d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
        |> Seq.map string
        |> List.ofSeq

    if not problems.IsEmpty then
        failtestf
            "the generated C# does not compile cleanly (%d problems):\n%s"
            problems.Length
            (problems |> List.truncate 20 |> String.concat "\n")

    Assembly.Load(image.ToArray())

/// Generates one C# class per schema, compiles them together once, runs each class's Build() and checks that it
/// gives the same models.
let private expectSameCSharp (schemas: (string * SchemaObject list) list) =
    let sources =
        schemas
        |> List.mapi (fun i (label, objects) -> $"{label}.cs", Codegen.csharp "Generated" $"Schema{i}" objects)

    let assembly = compileCSharp sources

    schemas
    |> List.iteri (fun i (label, objects) ->
        let build = assembly.GetType($"Generated.Schema{i}").GetMethod("Build")

        let built =
            try
                build.Invoke(null, [||]) :?> StarRocks.Schema.CSharp.SchemaModel
            with :? TargetInvocationException as e ->
                failtestf "%s: the generated C# throws: %s" label e.InnerException.Message

        let expected = Render.schema (Schema.ofDistinct objects)
        let actual = built.ToSql()

        if expected <> actual then
            failtestf "%s: the generated C# builds other models: %s" label (firstDifference expected actual))

/// The objects with distinct names (a schema holds each name once): the i-th gets the suffix _i; a synchronous
/// materialized view comes with a base table.
let private distinctNamed (objects: SchemaObject list) =
    let rename i (q: QualifiedName) = {
        q with
            Name = Name.create $"%s{Name.value q.Name}_%d{i}"
    }

    objects
    |> List.indexed
    |> List.collect (fun (i, o) ->
        match o with
        | TableObject t -> [ TableObject { t with Name = rename i t.Name } ]
        | ViewObject v -> [ ViewObject { v with Name = rename i v.Name } ]
        | MaterializedViewObject m -> [ MaterializedViewObject { m with Name = rename i m.Name } ]
        | SyncMaterializedViewObject m ->
            // a schema holds a synchronous materialized view with its base table
            let baseTable = {
                Define.table "base" [ Define.column "c" "INT" ] with
                    Name = rename i m.Base
            }

            [
                TableObject baseTable
                SyncMaterializedViewObject {
                    m with
                        Name = rename i m.Name
                        Base = baseTable.Name
                }
            ])

let private fixtureScripts () =
    FixtureTests.fixtures
    |> List.choose (fun (name, text) ->
        match Parse.script name text with
        | Ok s -> Some(Path.GetFileNameWithoutExtension name, s.Objects)
        | Error _ -> None)

let private generatedObjects () =
    // a fixed seed: the same objects on every run
    Gen.sampleWithSeed (Rnd(20261126UL, 7UL)) 20 300 Generators.schemaObject
    |> List.ofArray

let tests =
    testList "codegen" [
        testList "C# golden files (one per fixture)" [
            for name, objects in fixtureScripts () ->
                testCase name
                <| fun () ->
                    golden
                        (Path.Combine(FixtureTests.goldenDir, "codegen", name + ".cs"))
                        (Codegen.csharp "Fixtures" "Schema" objects)
        ]
        test "F# source for the fixtures and for generated objects of every kind rebuilds the same models" {
            let fixtures = fixtureScripts () |> List.collect snd
            let generated = generatedObjects ()

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
        test "C# source for the fixtures and for generated objects of every kind compiles and rebuilds the same models" {
            let fixtures = fixtureScripts ()
            let generated = distinctNamed (generatedObjects ())

            printfn
                "codegen: C# for %d fixture files and %d generated objects compiled and run"
                fixtures.Length
                generated.Length

            expectSameCSharp (("generated", generated) :: fixtures)
        }
        test "C# method names (PascalCase, unique, never the class, Build or an inherited member) and awkward text" {
            let objects =
                [
                    "schema"
                    "build"
                    "get_type"
                    "to_string"
                    "equals"
                    "a-b"
                    "a_b"
                    "1st"
                    "列"
                    "sales.orders"
                ]
                |> List.map (fun name ->
                    TableObject(
                        Define.table (if name.Contains '.' then name else $"`%s{name}`") [
                            Define.column "id" "INT"
                            // characters C# does not allow raw in a string literal
                            |> Define.columnComment "line\u2028paragraph\u2029next\u0085"
                        ]
                    ))

            let source = Codegen.csharp "Names" "Schema" objects

            for expected in
                [
                    "Schema2()"
                    "Build2()"
                    "GetType2()"
                    "ToString2()"
                    "Equals2()"
                    "AB()"
                    "AB2()"
                    "Table1st()"
                    "Table()"
                    "Orders()"
                ] do
                Expect.stringContains source $"public static TableBuilder %s{expected}" expected

            expectSameCSharp [ "names", objects ]
        }
        test "C# source for every native corpus sample compiles and rebuilds the same models" {
            let samples =
                CorpusTests.samples
                |> List.choose (fun s ->
                    match Parse.script s.Name s.Text with
                    | Ok parsed when not parsed.Objects.IsEmpty ->
                        Some(Path.GetFileNameWithoutExtension s.Name, parsed.Objects)
                    | _ -> None)

            if List.isEmpty samples then
                skiptest "the corpus is not present"

            printfn "codegen: C# for %d corpus samples compiled and run" samples.Length
            expectSameCSharp samples
        }
    ]
