/// Helpers shared by the test files: locating the repository, fixtures and the corpus, and the one FsCheck config.
module StarRocks.Schema.Tests.Support

open System
open System.IO
open Expecto
open StarRocks.Schema

/// The repository root (the folder holding StarRocks.Schema.sln), found from the test assembly's folder.
let repoRoot =
    let rec up (dir: DirectoryInfo) =
        if isNull dir then
            failwith "StarRocks.Schema.sln not found above the test assembly"
        elif File.Exists(Path.Combine(dir.FullName, "StarRocks.Schema.sln")) then
            dir.FullName
        else
            up dir.Parent

    up (DirectoryInfo AppContext.BaseDirectory)

/// This project's own folder (fixtures and golden files live here).
let projectDir = Path.Combine(repoRoot, "tests", "StarRocks.Schema.Tests")

/// The srschema executable the command-line tests run instead of the in-process entry point, when SRSCHEMA_EXE names
/// one: build.fsx's install check points it at the installed (natively compiled) tool, so the same tests check the
/// binary users get.
let srschemaExe =
    match Environment.GetEnvironmentVariable "SRSCHEMA_EXE" with
    | null
    | "" -> None
    | path -> Some path

/// Runs srschema with the arguments: exit code, stdout and stderr. In process (CommandLine.run) by default; as a child
/// process of SRSCHEMA_EXE when it is set, with stdin closed and the working folder and environment of this process.
let srschemaRun (args: string list) : int * string * string =
    match srschemaExe with
    | None ->
        use out = new StringWriter()
        use err = new StringWriter()
        let code = StarRocks.Schema.Cli.CommandLine.run args out err
        code, out.ToString(), err.ToString()
    | Some exe ->
        let psi =
            Diagnostics.ProcessStartInfo(
                exe,
                args,
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true
            )

        use p = Diagnostics.Process.Start psi
        p.StandardInput.Close()
        let out = p.StandardOutput.ReadToEndAsync()
        let err = p.StandardError.ReadToEnd()
        p.WaitForExit()
        p.ExitCode, out.Result, err

/// How many cases each property runs; SRSCHEMA_PROPERTY_TESTS raises it for soak runs.
let maxTest =
    match
        Environment.GetEnvironmentVariable "SRSCHEMA_PROPERTY_TESTS"
        |> Option.ofObj
        |> Option.map Int32.TryParse
    with
    | Some(true, n) when n > 0 -> n
    | _ -> 300

/// The one FsCheck configuration of the suite.
let config = {
    FsCheckConfig.defaultConfig with
        maxTest = maxTest
}

/// Parses a script (named test.sql) or fails the test with its diagnostics.
let scriptOk (text: string) : ParsedScript =
    match Parse.script "test.sql" text with
    | Ok s -> s
    | Error es -> failtestf "%s" (es |> List.map Diagnostic.format |> String.concat "\n")

/// Parses a script into a schema or fails the test.
let schemaOk (text: string) : Schema =
    match Parse.schema [ scriptOk text ] with
    | Ok s -> s
    | Error es -> failtestf "%A" es

/// Parses one statement or fails the test with the diagnostic.
let parseOk (text: string) : SchemaObject =
    match Parse.statement text with
    | Ok o -> o
    | Error e -> failtestf "expected to parse, got %s\n%s" (Diagnostic.format e) text

/// Parses a table or fails the test.
let tableOk text =
    match parseOk text with
    | TableObject t -> t
    | other -> failtestf "expected a table, got %A" other

/// Parses a statement and expects an error; returns it.
let parseError (text: string) : Diagnostic =
    match Parse.statement text with
    | Ok o -> failtestf "expected an error, parsed %A" o
    | Error e -> e

/// A valid minimal table to change with `with`.
let baseTable =
    tableOk "CREATE TABLE t (k INT NOT NULL, v VARCHAR(10)) DUPLICATE KEY(k) DISTRIBUTED BY HASH(k) BUCKETS 1"

/// Shows where two texts first differ, for golden-file failures.
let firstDifference (expected: string) (actual: string) =
    let e = expected.Split '\n'
    let a = actual.Split '\n'

    let rec go i =
        if i >= e.Length && i >= a.Length then
            "no difference"
        elif i >= e.Length then
            $"line %d{i + 1}: unexpected extra line: %s{a[i]}"
        elif i >= a.Length then
            $"line %d{i + 1}: missing line: %s{e[i]}"
        elif e[i] <> a[i] then
            $"line %d{i + 1}:\n  expected: %s{e[i]}\n  actual:   %s{a[i]}"
        else
            go (i + 1)

    go 0

/// Compares text with a golden file; SRSCHEMA_UPDATE_GOLDEN=1 rewrites the file instead.
let golden (path: string) (actual: string) =
    if Environment.GetEnvironmentVariable "SRSCHEMA_UPDATE_GOLDEN" = "1" then
        Directory.CreateDirectory(Path.GetDirectoryName path) |> ignore
        File.WriteAllText(path, actual)
    elif not (File.Exists path) then
        failtestf "golden file %s is missing (run with SRSCHEMA_UPDATE_GOLDEN=1 to create it)" path
    else
        let expected = File.ReadAllText path

        if expected <> actual then
            failtestf "%s differs from its golden file: %s" path (firstDifference expected actual)
