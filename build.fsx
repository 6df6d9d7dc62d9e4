// Build script: plain F# calling `dotnet`, run as `dotnet fsi build.fsx <target>`.
// Targets: build, test, format, check-format, bench, pack. No package references (the FAKE runner is not used).
open System
open System.Diagnostics
open System.IO

let root = __SOURCE_DIRECTORY__
let solution = Path.Combine(root, "StarRocks.Schema.sln")
let formatted = [ "src"; "tests"; "bench"; "build.fsx" ]

let run (args: string list) =
    let psi =
        ProcessStartInfo("dotnet", args, WorkingDirectory = root, UseShellExecute = false)

    use p = Process.Start psi
    p.WaitForExit()
    p.ExitCode

let step (args: string list) =
    let code = run args

    if code <> 0 then
        eprintfn "build.fsx: 'dotnet %s' failed with exit code %d" (String.concat " " args) code
        exit code

let fantomas check =
    step [ "tool"; "restore" ]
    step ([ "fantomas" ] @ formatted @ (if check then [ "--check" ] else []))

let build () =
    fantomas true
    step [ "build"; solution; "-c"; "Release" ]

/// Runs one Expecto suite; returns (passed, failed, skipped) read from the summary file the suite writes.
let runSuite (project: string) =
    let summary =
        Path.Combine(Path.GetTempPath(), $"srschema-tests-{Guid.NewGuid():N}.txt")

    Environment.SetEnvironmentVariable("SRSCHEMA_TEST_SUMMARY", summary)
    let code = run [ "run"; "--project"; project; "-c"; "Release"; "--no-build" ]

    let passed, failed, skipped =
        if File.Exists summary then
            let parts = File.ReadAllText(summary).Trim().Split(' ') |> Array.map int
            File.Delete summary
            parts[0], parts[1], parts[2]
        else
            0, 1, 0 // the suite crashed before it could report

    // a suite that exits non-zero without a failed test still counts as a failure
    passed, (if code <> 0 && failed = 0 then 1 else failed), skipped

let test () =
    build ()

    let suites = [
        "tests/StarRocks.Schema.Tests/StarRocks.Schema.Tests.fsproj"
        // the C# facade, used the way a C# caller uses it, and its public API snapshot
        "tests/StarRocks.Schema.CSharp.Tests/StarRocks.Schema.CSharp.Tests.csproj"
        // against a real StarRocks: STARROCKS_TEST_URL, or Testcontainers when a Docker engine answers; else skipped
        "tests/StarRocks.Schema.IntegrationTests/StarRocks.Schema.IntegrationTests.fsproj"
    ]

    // the examples run too: each one that exits 0 counts as a passed test (their output is not shown), and so does
    // their printing the same output
    let examples = [
        "examples/CSharpQuickstart",
        [
            "run"
            "--project"
            "examples/CSharpQuickstart"
            "-c"
            "Release"
            "--no-build"
        ]
        "examples/Quickstart.fsx", [ "fsi"; "examples/Quickstart.fsx" ]
    ]

    let exampleOutputs =
        examples
        |> List.map (fun (project, args) ->
            let psi =
                ProcessStartInfo(
                    "dotnet",
                    args,
                    WorkingDirectory = root,
                    UseShellExecute = false,
                    RedirectStandardOutput = true,
                    RedirectStandardError = true
                )

            use p = Process.Start psi
            let output = p.StandardOutput.ReadToEndAsync()
            let errors = p.StandardError.ReadToEnd()
            p.WaitForExit()
            output.Wait()

            if p.ExitCode = 0 then
                printfn "example %s: ran" project
                Some output.Result
            else
                eprintfn "example %s failed (exit %d):\n%s%s" project p.ExitCode output.Result errors
                None)

    // the C# and F# quickstarts declare the same models: they must print the same DDL and migration
    let sameOutput =
        match exampleOutputs with
        | [ Some csharp; Some fsharp ] when csharp = fsharp ->
            printfn "examples: the C# and F# quickstarts print the same DDL and migration"
            1, 0, 0
        | [ Some _; Some _ ] ->
            eprintfn "examples: the C# and F# quickstarts print different output"
            0, 1, 0
        | _ -> 0, 0, 0

    let exampleResults =
        (exampleOutputs |> List.map (fun o -> if o.IsSome then 1, 0, 0 else 0, 1, 0))
        @ [ sameOutput ]

    let results = (suites |> List.map runSuite) @ exampleResults
    let passed = results |> List.sumBy (fun (p, _, _) -> p)
    let failed = results |> List.sumBy (fun (_, f, _) -> f)
    let skipped = results |> List.sumBy (fun (_, _, s) -> s)
    let skippedText = if skipped > 0 then $", {skipped} skipped" else ""
    // the one closing line CI reads, alone on its line
    printfn ""
    printfn "%d passed, %d failed%s" passed failed skippedText

    if failed > 0 then
        exit 1

let bench () =
    step [
        "run"
        "--project"
        "bench/StarRocks.Schema.Bench"
        "-c"
        "Release"
        "--"
        "--filter"
        "*"
    ]

let pack () =
    build ()
    let artifacts = Path.Combine(root, "artifacts")

    step [ "pack"; solution; "-c"; "Release"; "--no-build"; "-o"; artifacts ]

    let version =
        Text.RegularExpressions.Regex
            .Match(File.ReadAllText(Path.Combine(root, "Directory.Build.props")), "<Version>([^<]+)</Version>")
            .Groups[1].Value

    // every library package carries its XML docs, and every symbol package PDBs that embed their sources (and a
    // SourceLink map when the repository's remote is a host SourceLink knows)
    let entries (package: string) =
        use zip = IO.Compression.ZipFile.OpenRead package
        zip.Entries |> Seq.map _.FullName |> List.ofSeq

    let pdbFacts (package: string) =
        use zip = IO.Compression.ZipFile.OpenRead package

        [
            for entry in zip.Entries do
                if entry.FullName.EndsWith ".pdb" then
                    use copy = new MemoryStream()
                    entry.Open().CopyTo copy
                    copy.Position <- 0L

                    use provider = Reflection.Metadata.MetadataReaderProvider.FromPortablePdbStream copy

                    let reader = provider.GetMetadataReader()

                    let kinds =
                        reader.CustomDebugInformation
                        |> Seq.map (fun h -> reader.GetGuid(reader.GetCustomDebugInformation(h).Kind))
                        |> Set.ofSeq

                    let embedded = Guid "0E8A571B-6926-466E-B4AD-8AB04611F5FE"
                    let sourceLink = Guid "CC110556-A091-4D38-9FEC-25AB9A351A6A"
                    entry.FullName, kinds.Contains embedded, kinds.Contains sourceLink
        ]

    for id in [ "StarRocks.Schema"; "StarRocks.Schema.Database"; "StarRocks.Schema.CSharp" ] do
        let package = Path.Combine(artifacts, $"{id}.{version}.nupkg")

        if not (entries package |> List.exists (fun e -> e.EndsWith $"/{id}.xml")) then
            eprintfn "build.fsx: %s has no XML documentation" package
            exit 1

    printfn "pack: the library packages carry their XML documentation"

    // the tool is one package per platform under a pointer package: linux-x64 precompiled, "any" for the rest
    for id in
        [
            "StarRocks.Schema"
            "StarRocks.Schema.Database"
            "StarRocks.Schema.CSharp"
            "StarRocks.Schema.Cli.linux-x64"
            "StarRocks.Schema.Cli.any"
        ] do
        let facts = pdbFacts (Path.Combine(artifacts, $"{id}.{version}.snupkg"))

        if facts.IsEmpty || facts |> List.exists (fun (_, embedded, _) -> not embedded) then
            eprintfn "build.fsx: the symbols of %s do not embed their sources" id
            exit 1

        let linked = facts |> List.filter (fun (_, _, link) -> link) |> List.length
        printfn "pack: %s: %d PDB(s), all embedding their sources, %d with a SourceLink map" id facts.Length linked

    // srschema's own assembly in the linux-x64 package is ReadyToRun (precompiled: it starts without the JIT)
    let readyToRun =
        use zip =
            IO.Compression.ZipFile.OpenRead(Path.Combine(artifacts, $"StarRocks.Schema.Cli.linux-x64.{version}.nupkg"))

        let entry = zip.Entries |> Seq.find (fun e -> e.FullName.EndsWith "/srschema.dll")
        use copy = new MemoryStream()
        entry.Open().CopyTo copy
        copy.Position <- 0L
        use pe = new Reflection.PortableExecutable.PEReader(copy)
        pe.PEHeaders.CorHeader.ManagedNativeHeaderDirectory.Size > 0

    if not readyToRun then
        eprintfn "build.fsx: srschema.dll in the linux-x64 tool package is not ReadyToRun"
        exit 1

    printfn "pack: the linux-x64 tool package is ReadyToRun"

    // the tool package installs and runs: into a throwaway tool path, from the local packages only
    let toolPath = Path.Combine(Path.GetTempPath(), $"srschema-tool-{Guid.NewGuid():N}")

    try
        step [
            "tool"
            "install"
            "StarRocks.Schema.Cli"
            "--tool-path"
            toolPath
            "--add-source"
            artifacts
            "--ignore-failed-sources"
        ]

        let psi =
            ProcessStartInfo(
                Path.Combine(toolPath, "srschema"),
                [ "--help" ],
                UseShellExecute = false,
                RedirectStandardOutput = true
            )

        use p = Process.Start psi
        let output = p.StandardOutput.ReadToEnd()
        p.WaitForExit()

        if p.ExitCode <> 0 || not (output.Contains "srschema diff") then
            eprintfn "build.fsx: the installed srschema --help failed (exit %d)" p.ExitCode
            exit 1

        printfn "pack: the tool package installs and srschema --help runs"
    finally
        if Directory.Exists toolPath then
            Directory.Delete(toolPath, true)

match fsi.CommandLineArgs |> Array.tail |> List.ofArray with
| [ "build" ] -> build ()
| [ "test" ] -> test ()
| [ "format" ] -> fantomas false
| [ "check-format" ] -> fantomas true
| [ "bench" ] -> bench ()
| [ "pack" ] -> pack ()
| _ ->
    eprintfn "usage: dotnet fsi build.fsx build|test|format|check-format|bench|pack"
    exit 2
