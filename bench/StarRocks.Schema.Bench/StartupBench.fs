namespace StarRocks.Schema.Bench

open System
open System.Diagnostics
open System.IO
open BenchmarkDotNet.Attributes
open BenchmarkDotNet.Engines

/// The installed tool's start-up, timed at the process level: the tool is packed and installed into a temporary tool
/// path (from a temporary package cache, so no older build of the same version is used), and each operation starts
/// `srschema` and waits for it to exit, as a user's shell does.
[<SimpleJob(RunStrategy.Monitoring, warmupCount = 2, iterationCount = 20)>]
type StartupBench() =
    let work =
        Path.Combine(Path.GetTempPath(), "srschema-startup-" + Guid.NewGuid().ToString "N")

    let toolPath = Path.Combine(work, "tool")
    let mutable srschema = ""

    let dotnet (args: string list) =
        let psi =
            ProcessStartInfo("dotnet", args, RedirectStandardOutput = true, RedirectStandardError = true)

        psi.Environment["NUGET_PACKAGES"] <- Path.Combine(work, "packages")
        use p = Process.Start psi
        let output = p.StandardOutput.ReadToEndAsync()
        let errors = p.StandardError.ReadToEnd()
        p.WaitForExit()

        if p.ExitCode <> 0 then
            let command = String.Join(" ", args)
            failwith $"dotnet %s{command} failed:\n%s{output.Result}%s{errors}"

    let run (args: string list) =
        let psi =
            ProcessStartInfo(
                srschema,
                args,
                WorkingDirectory = Inputs.repoRoot,
                RedirectStandardOutput = true,
                RedirectStandardError = true
            )

        use p = Process.Start psi
        let output = p.StandardOutput.ReadToEndAsync()
        p.StandardError.ReadToEnd() |> ignore // messages: the timing is what matters, the exit code is checked
        p.WaitForExit()

        if p.ExitCode <> 0 then
            failwith $"srschema exited %d{p.ExitCode}"

        output.Result.Length

    [<GlobalSetup>]
    member _.Setup() =
        let artifacts = Path.Combine(work, "artifacts")
        let project = Path.Combine(Inputs.repoRoot, "src", "StarRocks.Schema.Cli")
        // as build.fsx packs the tool: one package per platform (linux-x64 native, "any" JIT-compiled), then the
        // pointer package from which `dotnet tool install` picks this machine's
        for platform in [ [ "-r"; "linux-x64" ]; [ "-r"; "any" ]; [] ] do
            dotnet ([ "pack"; project; "-c"; "Release"; "-o"; artifacts ] @ platform)

        dotnet [
            "tool"
            "install"
            "StarRocks.Schema.Cli"
            "--tool-path"
            toolPath
            "--add-source"
            artifacts
        ]

        srschema <- Path.Combine(toolPath, "srschema")

    [<GlobalCleanup>]
    member _.Cleanup() =
        if Directory.Exists work then
            Directory.Delete(work, true)

    /// `srschema --version`: the runtime and the command line, nothing read.
    [<Benchmark>]
    member _.Version() = run [ "--version" ]

    /// README's quickstart: `srschema diff --from examples/actual --to examples/schema`.
    [<Benchmark>]
    member _.DiffExample() =
        run [ "diff"; "--from"; "examples/actual"; "--to"; "examples/schema" ]
