// Build script: plain F# calling `dotnet`, run as `dotnet fsi build.fsx <target>`.
// Targets: build, test, format, check-format, bench, pack, install-check. No package references (the FAKE runner is
// not used).
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

/// Runs one Expecto suite, with Expecto's arguments (a filter); returns (passed, failed, skipped) read from the summary
/// file the suite writes.
let runSuiteWith (project: string) (expecto: string list) =
    let summary =
        Path.Combine(Path.GetTempPath(), $"srschema-tests-{Guid.NewGuid():N}.txt")

    Environment.SetEnvironmentVariable("SRSCHEMA_TEST_SUMMARY", summary)

    let code =
        run (
            [ "run"; "--project"; project; "-c"; "Release"; "--no-build" ]
            @ (if expecto.IsEmpty then [] else "--" :: expecto)
        )

    let passed, failed, skipped =
        if File.Exists summary then
            let parts = File.ReadAllText(summary).Trim().Split(' ') |> Array.map int
            File.Delete summary
            parts[0], parts[1], parts[2]
        else
            0, 1, 0 // the suite crashed before it could report

    // a suite that exits non-zero without a failed test still counts as a failure
    passed, (if code <> 0 && failed = 0 then 1 else failed), skipped

let runSuite (project: string) = runSuiteWith project []

let sumResults (results: (int * int * int) list) =
    results
    |> List.fold (fun (p, f, s) (p', f', s') -> p + p', f + f', s + s') (0, 0, 0)

/// The version every package carries, set once in Directory.Build.props.
let version =
    Text.RegularExpressions.Regex
        .Match(File.ReadAllText(Path.Combine(root, "Directory.Build.props")), "<Version>([^<]+)</Version>")
        .Groups[1].Value

/// Runs a program to its end (at most `minutes`); returns its exit code, stdout and stderr. `env` adds to (or
/// overrides) this process's environment.
let capture (program: string) (args: string list) (dir: string) (env: (string * string) list) (minutes: int) =
    let psi =
        ProcessStartInfo(
            program,
            args,
            WorkingDirectory = dir,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true
        )

    for name, value in env do
        psi.Environment[name] <- value

    use p = Process.Start psi
    let output = p.StandardOutput.ReadToEndAsync()
    let errors = p.StandardError.ReadToEndAsync()

    if not (p.WaitForExit(TimeSpan.FromMinutes(float minutes))) then
        p.Kill true
        p.WaitForExit()
        -1, output.Result, $"%s{errors.Result}\n(killed after %d{minutes} minutes)"
    else
        p.WaitForExit()
        p.ExitCode, output.Result, errors.Result

/// Packs the built solution (Release) into `artifacts` and checks the packages: every library package carries its
/// XML docs, and every symbol package PDBs that embed their sources (and a SourceLink map when the repository's remote
/// is a host SourceLink knows). Ok: what was checked, one line each; Error: what is wrong.
let packInto (artifacts: string) : Result<string list, string> =
    // the libraries as built; the tool builds its packages itself, which the solution's build does not make: one per
    // platform (linux-x64 compiled to native code, "any" for the rest), then the pointer package that names them
    let pack (project: string) (extra: string list) =
        capture "dotnet" ([ "pack"; project; "-c"; "Release"; "-o"; artifacts ] @ extra) root [] 15

    let cli = "src/StarRocks.Schema.Cli/StarRocks.Schema.Cli.fsproj"

    let code, output, errors =
        [
            "src/StarRocks.Schema/StarRocks.Schema.fsproj", [ "--no-build" ]
            "src/StarRocks.Schema.Database/StarRocks.Schema.Database.fsproj", [ "--no-build" ]
            "src/StarRocks.Schema.CSharp/StarRocks.Schema.CSharp.csproj", [ "--no-build" ]
            cli, [ "-r"; "linux-x64" ]
            cli, [ "-r"; "any" ]
            // the pointer package takes nothing from a build; building it again would build the tool without its app
            // host and delete the bin/Release/net10.0/srschema that the build made and README's walkthrough runs
            cli, [ "--no-build" ]
        ]
        |> List.fold
            (fun (code, output, errors) (project, extra) ->
                if code <> 0 then
                    code, output, errors
                else
                    pack project extra)
            (0, "", "")

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

    // the linux-x64 tool is one native executable (an ELF file, no srschema.dll): it starts without a runtime or JIT
    let native (package: string) =
        use zip = IO.Compression.ZipFile.OpenRead package

        let tool =
            zip.Entries
            |> Seq.filter (fun e -> e.FullName.StartsWith "tools/")
            |> List.ofSeq

        match tool |> List.tryFind (fun e -> e.FullName.EndsWith "/srschema") with
        | Some entry when not (tool |> List.exists (fun e -> e.FullName.EndsWith ".dll")) ->
            use stream = entry.Open()
            let magic = Array.zeroCreate<byte> 4
            stream.ReadExactly magic
            magic = [| 0x7Fuy; byte 'E'; byte 'L'; byte 'F' |]
        | _ -> false

    let libraries = [ "StarRocks.Schema"; "StarRocks.Schema.Database"; "StarRocks.Schema.CSharp" ]

    if code <> 0 then
        Error $"'dotnet pack' failed with exit code %d{code}:\n%s{output}%s{errors}"
    else
        match
            libraries
            |> List.filter (fun id ->
                not (
                    entries (Path.Combine(artifacts, $"{id}.{version}.nupkg"))
                    |> List.exists (fun e -> e.EndsWith $"/{id}.xml")
                ))
        with
        | id :: _ -> Error $"%s{id} has no XML documentation"
        | [] ->
            // the tool is one package per platform under a pointer package: linux-x64 native, "any" for the rest
            let symbols =
                (libraries @ [ "StarRocks.Schema.Cli.any" ])
                |> List.map (fun id -> id, pdbFacts (Path.Combine(artifacts, $"{id}.{version}.snupkg")))

            match
                symbols
                |> List.filter (fun (_, facts) ->
                    facts.IsEmpty || facts |> List.exists (fun (_, embedded, _) -> not embedded))
            with
            | (id, _) :: _ -> Error $"the symbols of %s{id} do not embed their sources"
            | [] when not (native (Path.Combine(artifacts, $"StarRocks.Schema.Cli.linux-x64.{version}.nupkg"))) ->
                Error "the linux-x64 tool package does not hold a native srschema executable alone"
            | [] when not (File.Exists(Path.Combine(root, "src/StarRocks.Schema.Cli/bin/Release/net10.0/srschema"))) ->
                Error "packing removed the built src/StarRocks.Schema.Cli/bin/Release/net10.0/srschema (README's alias)"
            | [] ->
                Ok [
                    "the linux-x64 tool package is one native executable"
                    "the built srschema that README's walkthrough runs is still in place"
                    "the library packages carry their XML documentation"
                    for id, facts in symbols do
                        let linked = facts |> List.filter (fun (_, _, link) -> link) |> List.length
                        $"%s{id}: %d{facts.Length} PDB(s), all embedding their sources, %d{linked} with a SourceLink map"
                ]

/// A throwaway place to install the packages from nothing, as a new user would: empty NuGet caches (NUGET_PACKAGES,
/// NUGET_HTTP_CACHE_PATH) and a nuget.config that ADDS `artifacts` to the machine's configured sources. Returns the
/// environment to run `dotnet` with there.
let sandbox (dir: string) (artifacts: string) =
    Directory.CreateDirectory dir |> ignore

    File.WriteAllText(
        Path.Combine(dir, "nuget.config"),
        $"""<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="srschema-local" value="%s{artifacts}" />
  </packageSources>
</configuration>
"""
    )

    [
        "NUGET_PACKAGES", Path.Combine(dir, "packages")
        // NuGet's HTTP cache would answer for the sources for 30 minutes: empty too
        "NUGET_HTTP_CACHE_PATH", Path.Combine(dir, "http-cache")
        "MSBUILDDISABLENODEREUSE", "1"
        "DOTNET_CLI_USE_MSBUILD_SERVER", "0"
        "DOTNET_CLI_TELEMETRY_OPTOUT", "1"
        "DOTNET_NOLOGO", "1"
    ]

/// Installs the tool package into `dir/tools` (sources and cache of the sandbox) and checks that `--version` and
/// `--help` run. Ok: the srschema executable.
let installTool (dir: string) env : Result<string, string> =
    let tools = Path.Combine(dir, "tools")

    match
        capture
            "dotnet"
            [
                "tool"
                "install"
                "StarRocks.Schema.Cli"
                "--version"
                version
                "--tool-path"
                tools
            ]
            dir
            env
            5
    with
    | code, output, errors when code <> 0 ->
        Error $"'dotnet tool install StarRocks.Schema.Cli' failed (exit %d{code}):\n%s{output}%s{errors}"
    | _ ->
        let srschema = Path.Combine(tools, "srschema")

        match capture srschema [ "--version" ] dir env 1, capture srschema [ "--help" ] dir env 1 with
        | (0, _, _), (0, help, _) when help.Contains "diff" -> Ok srschema
        | (v, _, _), (h, _, _) ->
            Error $"the installed srschema: --version exit %d{v}, --help exit %d{h} (or no 'diff' in it)"

/// The version of FSharp.Core the packages depend on (Directory.Packages.props).
let fsharpCore =
    Text.RegularExpressions.Regex
        .Match(
            File.ReadAllText(Path.Combine(root, "Directory.Packages.props")),
            "Include=\"FSharp.Core\" Version=\"([^\"]+)\""
        )
        .Groups[1].Value

let rec copyFolder (source: string) (target: string) =
    Directory.CreateDirectory target |> ignore

    for file in Directory.GetFiles source do
        File.Copy(file, Path.Combine(target, Path.GetFileName file))

    for folder in Directory.GetDirectories source do
        copyFolder folder (Path.Combine(target, Path.GetFileName folder))

/// The walkthrough's offline commands with the installed tool, on a copy of examples/walkthrough: step 7's table
/// added to the model, `revision --autogenerate --offline` writes it, `upgrade head --sql` prints the SQL from base
/// to head, `check --offline` replays it.
let walkthroughWith (srschema: string) (dir: string) env : Result<string, string> =
    let project = Path.Combine(dir, "walkthrough")
    copyFolder (Path.Combine(root, "examples", "walkthrough")) project
    let migrations = Path.Combine(project, "migrations")
    let before = Directory.GetFiles migrations |> Set.ofArray

    File.AppendAllText(
        Path.Combine(project, "schema", "models.sql"),
        "\nCREATE TABLE my_new_table (id BIGINT NOT NULL, note STRING) DUPLICATE KEY (id) DISTRIBUTED BY HASH(id);\n"
    )

    let srschema args =
        capture srschema (args @ [ "--project"; project ]) dir env 2

    let failed (command: string) (code: int, output: string, errors: string) why =
        Error $"srschema %s{command}: %s{why} (exit %d{code}):\n%s{output}%s{errors}"

    match srschema [ "revision"; "-m"; "step 7"; "--autogenerate"; "--offline" ] with
    | 0, _, _ as r ->
        match
            Directory.GetFiles migrations
            |> Set.ofArray
            |> fun after -> Set.difference after before |> List.ofSeq
        with
        | [ written ] when File.ReadAllText(written).Contains "CREATE TABLE `my_new_table`" ->
            match srschema [ "upgrade"; "head"; "--sql" ] with
            | 0, sql, _ when
                sql.Contains "CREATE TABLE `my_orm_table`"
                && sql.Contains "CREATE TABLE `my_new_table`"
                ->
                match srschema [ "check"; "--offline" ] with
                | 0, _, _ ->
                    Ok
                        "revision --autogenerate --offline wrote step 7, upgrade head --sql printed it, check --offline ran"
                | r -> failed "check --offline" r "failed"
            | r -> failed "upgrade head --sql" r "no CREATE TABLE of both revisions on stdout"
        | written -> failed "revision" r $"expected one new revision creating my_new_table, found %A{written}"
    | r -> failed "revision" r "failed"

/// The same rename plan, from C# and from F#: the live table and the model that renames it and a column.
let renameLive =
    "CREATE TABLE old_orders (id INT NOT NULL, cust INT) DUPLICATE KEY(id)"

let renameModel =
    "CREATE TABLE orders ( -- srschema:renamed-from old_orders\n  id INT NOT NULL,\n"
    + "  customer INT -- srschema:renamed-from cust\n) DUPLICATE KEY(id)"

let renamed (output: string) =
    output.Contains "ALTER TABLE `old_orders` RENAME `orders`;"
    && output.Contains "ALTER TABLE `orders` RENAME COLUMN `cust` TO `customer`;"

/// A new console project (`dotnet new console`), `dotnet add package StarRocks.Schema.CSharp`, built and run.
let consoleApp (dir: string) env : Result<string, string> =
    let app = Path.Combine(dir, "app")
    let escaped (sql: string) = sql.Replace("\n", "\\n")

    let steps = [
        "dotnet new console",
        fun () -> capture "dotnet" [ "new"; "console"; "-o"; app; "--no-restore"; "--no-update-check" ] dir env 2
        "dotnet add package StarRocks.Schema.CSharp",
        fun () ->
            File.WriteAllText(
                Path.Combine(app, "Program.cs"),
                $"""using StarRocks.Schema.CSharp;
var actual = SchemaParser.Parse("%s{escaped renameLive}");
var desired = SchemaParser.Parse("%s{escaped renameModel}");
System.Console.Write(actual.DiffTo(desired).ToSql());
"""
            )

            capture "dotnet" [ "add"; app; "package"; "StarRocks.Schema.CSharp"; "--version"; version ] dir env 5
        "dotnet build", fun () -> capture "dotnet" [ "build"; app; "-c"; "Release" ] dir env 5
        "the app", fun () -> capture "dotnet" [ Path.Combine(app, "bin", "Release", "net10.0", "app.dll") ] dir env 1
    ]

    let rec go steps =
        match steps with
        | [] -> Ok "created, added the package, built, and its plan renames"
        | (name, step) :: rest ->
            match step () with
            | 0, output, _ when name <> "the app" || renamed output -> go rest
            | code, output, errors -> Error $"%s{name} (exit %d{code}):\n%s{output}%s{errors}"

    go steps

/// A script whose only reference is `#r "nuget: StarRocks.Schema, <version>"`, run by `dotnet fsi`: it parses a
/// model that declares renames and diffs it as README's "Using the library from F#" shows.
let fsiScript (dir: string) env : Result<string, string> =
    let script = Path.Combine(dir, "renames.fsx")
    let quoted (sql: string) = "\"" + sql.Replace("\n", "\\n") + "\""

    File.WriteAllText(
        script,
        $"""#r "nuget: StarRocks.Schema, %s{version}"

open StarRocks.Schema

let read path text =
    Parse.script path text |> Result.bind (fun parsed -> Parse.model [ parsed ])

match read "live.sql" %s{quoted renameLive}, read "model.sql" %s{quoted renameModel} with
| Ok actual, Ok desired -> printf "%%s" (Plan.sql (Diff.planModel DiffOptions.defaults actual.Schema desired))
| Error errors, _
| _, Error errors ->
    for e in errors do
        eprintfn "%%s" (Diagnostic.format e)

    exit 1
"""
    )

    // dotnet fsi keeps #r "nuget:" resolutions in ~/.packagemanagement/nuget/Cache, keyed by the directive alone (not
    // by the sources or NUGET_PACKAGES), and reuses one while its paths exist: forget those naming our packages, or the
    // script could load a package packed earlier under the same version from another cache
    let resolutions =
        Path.Combine(
            Environment.GetFolderPath Environment.SpecialFolder.UserProfile,
            ".packagemanagement",
            "nuget",
            "Cache"
        )

    if Directory.Exists resolutions then
        for paths in Directory.GetFiles(resolutions, "*.resolvedReferences.paths") do
            if File.ReadAllText(paths).Contains "StarRocks.Schema," then
                for stale in [ paths; paths.Replace(".resolvedReferences.paths", ".fsx") ] do
                    if File.Exists stale then
                        File.Delete stale

    match capture "dotnet" [ "fsi"; script ] dir env 5 with
    | 0, output, _ when renamed output -> Ok "its plan renames the table and the column"
    | code, output, errors -> Error $"dotnet fsi renames.fsx (exit %d{code}):\n%s{output}%s{errors}"

/// The command-line tests run against the installed tool (SRSCHEMA_EXE) instead of in process, so the natively
/// compiled executable users get is held to the same tests as the code: (passed, failed, skipped) of those tests.
let cliTestsWith (srschema: string) =
    Environment.SetEnvironmentVariable("SRSCHEMA_EXE", srschema)

    try
        [ "StarRocks.Schema.cli"; "StarRocks.Schema.migrations.offline walkthrough" ]
        |> List.map (fun filter ->
            runSuiteWith "tests/StarRocks.Schema.Tests/StarRocks.Schema.Tests.fsproj" [ "--filter"; filter ])
        |> sumResults
    finally
        Environment.SetEnvironmentVariable("SRSCHEMA_EXE", null)

/// Installs from nothing, as a new user would: packs into a temporary folder, then, with an empty NuGet cache and a
/// nuget.config that adds that folder to the machine's sources, installs the tool and runs the walkthrough's offline
/// commands and the command-line tests with it, builds a new console project that adds StarRocks.Schema.CSharp, and
/// runs a script whose only reference is `#r "nuget: StarRocks.Schema"`. Where no package source answers, the checks
/// are skipped, saying so.
let installTest () =
    let started = Stopwatch.StartNew()
    let dir = Path.Combine(Path.GetTempPath(), $"srschema-install-{Guid.NewGuid():N}")
    let artifacts = Path.Combine(dir, "artifacts")

    let report name (outcome: Result<string, string>) =
        match outcome with
        | Ok detail ->
            printfn "install: %s: passed (%s)" name detail
            1, 0, 0
        | Error e ->
            eprintfn "install: %s: FAILED: %s" name e
            0, 1, 0

    let checks = [
        "the tool installs from nothing; srschema --version and --help run"
        "the walkthrough's offline commands run with the installed tool"
        "a new console project adds StarRocks.Schema.CSharp, builds and runs"
        $"a script with only #r \"nuget: StarRocks.Schema, %s{version}\" parses and diffs"
    ]

    try
        try
            match packInto artifacts with
            | Error e -> [ report "the packages pack" (Error e) ]
            | Ok _ ->
                let env = sandbox dir artifacts
                // can the machine's sources be reached at all? FSharp.Core, which every package needs, into the empty
                // cache
                let probe = Path.Combine(dir, "probe")
                Directory.CreateDirectory probe |> ignore

                File.WriteAllText(
                    Path.Combine(probe, "probe.csproj"),
                    $"""<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup><PackageReference Include="FSharp.Core" Version="%s{fsharpCore}" /></ItemGroup>
</Project>
"""
                )

                match capture "dotnet" [ "restore"; probe ] dir env 5 with
                | code, output, errors when
                    code <> 0
                    && ((output + errors).Contains "NU1301" || (output + errors).Contains "NU1101")
                    ->
                    printfn
                        "install: SKIPPED (%d checks and the command-line tests): no package source is reachable: restoring FSharp.Core %s from the configured sources failed (%s)"
                        checks.Length
                        fsharpCore
                        (if (output + errors).Contains "NU1301" then
                             "NU1301"
                         else
                             "NU1101")

                    // and the command-line tests against the installed tool, counted as one
                    checks |> List.map (fun _ -> 0, 0, 1) |> List.append [ 0, 0, 1 ]
                | code, output, errors when code <> 0 -> [
                    report
                        "restoring FSharp.Core from the configured sources"
                        (Error $"exit %d{code}:\n%s{output}%s{errors}")
                  ]
                | _ ->
                    let tool = installTool dir env

                    let cliTests =
                        match tool with
                        | Ok srschema ->
                            let passed, failed, skipped = cliTestsWith srschema

                            printfn
                                "install: the command-line tests against the installed srschema: %d passed, %d failed"
                                passed
                                failed

                            passed, failed, skipped
                        | Error _ -> 0, 1, 0

                    List.map2 report checks [
                        tool
                        |> Result.map (fun _ -> "from the packed folder into a temporary --tool-path")
                        tool |> Result.bind (fun srschema -> walkthroughWith srschema dir env)
                        consoleApp dir env
                        fsiScript dir env
                    ]
                    @ [ cliTests ]
        with e -> [ report "installing from nothing" (Error(string e)) ]
    finally
        if Directory.Exists dir then
            Directory.Delete(dir, true)

        printfn "install: took %.0f s" started.Elapsed.TotalSeconds

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

    // installing the packages from nothing, as a new user: the tool, a C# project and an F# script
    let results = (suites |> List.map runSuite) @ exampleResults @ installTest ()
    let passed, failed, skipped = sumResults results
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

    match packInto artifacts with
    | Error e ->
        eprintfn "build.fsx: %s" e
        exit 1
    | Ok report ->
        for line in report do
            printfn "pack: %s" line

    // the tool package installs and runs: into a throwaway tool path, with an empty package cache
    let dir = Path.Combine(Path.GetTempPath(), $"srschema-tool-{Guid.NewGuid():N}")

    try
        match installTool dir (sandbox dir artifacts) with
        | Ok _ -> printfn "pack: the tool package installs (empty cache) and srschema --version and --help run"
        | Error e ->
            eprintfn "build.fsx: %s" e
            exit 1
    finally
        if Directory.Exists dir then
            Directory.Delete(dir, true)

match fsi.CommandLineArgs |> Array.tail |> List.ofArray with
| [ "build" ] -> build ()
| [ "test" ] -> test ()
| [ "format" ] -> fantomas false
| [ "check-format" ] -> fantomas true
| [ "bench" ] -> bench ()
| [ "pack" ] -> pack ()
| [ "install-check" ] ->
    build ()
    let passed, failed, skipped = sumResults (installTest ())
    printfn ""
    printfn "%d passed, %d failed, %d skipped" passed failed skipped

    if failed > 0 then
        exit 1
| _ ->
    eprintfn "usage: dotnet fsi build.fsx build|test|format|check-format|bench|pack|install-check"
    exit 2
