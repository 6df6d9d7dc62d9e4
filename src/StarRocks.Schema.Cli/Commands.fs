/// The srschema commands: argument parsing, file reading and printing around the pure core. stdout carries only
/// the requested output; messages go to stderr.
module StarRocks.Schema.Cli.Commands

open System
open System.IO
open StarRocks.Schema

/// <summary>Exit codes, documented in README.</summary>
[<RequireQualifiedAccess>]
module ExitCode =
    /// <summary>Success.</summary>
    [<Literal>]
    let Ok = 0

    /// <summary>The input is invalid: a parse or validation error, or a file that cannot be read.</summary>
    [<Literal>]
    let InvalidInput = 1

    /// <summary>The command line is wrong.</summary>
    [<Literal>]
    let Usage = 2

/// <summary>The output format of inspect.</summary>
type Format =
    /// <summary>Canonical CREATE statements.</summary>
    | Sql
    /// <summary>The documented JSON form.</summary>
    | JsonFormat

/// <summary>A parsed command line.</summary>
type Command =
    /// <summary>Print usage.</summary>
    | Help
    /// <summary>Print the version.</summary>
    | Version
    /// <summary><c>inspect --from PATH [--format sql|json]</c>.</summary>
    | Inspect of from: string * format: Format

/// <summary>The usage text.</summary>
let usage =
    """srschema - manage StarRocks schemas as code

Usage:
  srschema inspect --from PATH [--format sql|json]
      Read CREATE TABLE / VIEW / MATERIALIZED VIEW statements from PATH (a .sql file, or a folder whose .sql
      files are read recursively) and print every object as a canonical CREATE statement (sql, the default)
      or in the documented JSON form (json).
  srschema --help       Show this text.
  srschema --version    Show the version.

Exit codes: 0 success, 1 invalid input (errors are printed as file:line:column: message), 2 usage error."""

/// <summary>Parses the arguments; Error carries a one-line usage message.</summary>
let parseArgs (argv: string list) : Result<Command, string> =
    let rec inspectOptions from format args =
        match args with
        | [] ->
            match from with
            | Some f -> Ok(Inspect(f, format))
            | None -> Error "inspect needs --from PATH"
        | ("--from" | "-f") :: path :: rest -> inspectOptions (Some path) format rest
        | "--format" :: value :: rest ->
            match value.ToLowerInvariant() with
            | "sql" -> inspectOptions from Sql rest
            | "json" -> inspectOptions from JsonFormat rest
            | other -> Error $"unknown format '%s{other}' (expected sql or json)"
        | [ ("--from" | "-f" | "--format") as opt ] -> Error $"%s{opt} needs a value"
        | other :: _ -> Error $"unknown option '%s{other}' for inspect"

    match argv with
    | []
    | [ ("--help" | "-h" | "help") ] -> Ok Help
    | [ "--version" ] -> Ok Version
    | "inspect" :: rest when List.contains "--help" rest -> Ok Help
    | "inspect" :: rest -> inspectOptions None Sql rest
    | other :: _ -> Error $"unknown command '%s{other}'"

/// <summary>The .sql files of a path: the file itself, or a folder's .sql files recursively, in ordinal order.</summary>
let sqlFiles (path: string) : Result<string list, string> =
    if File.Exists path then
        Ok [ path ]
    elif Directory.Exists path then
        Directory.GetFiles(path, "*.sql", SearchOption.AllDirectories)
        |> Array.sortWith (fun a b -> String.CompareOrdinal(a, b))
        |> List.ofArray
        |> Ok
    else
        Error $"%s{path}: no such file or folder"

let private inspect (path: string) (format: Format) (stdout: TextWriter) (stderr: TextWriter) =
    match sqlFiles path with
    | Error e ->
        stderr.WriteLine e
        ExitCode.InvalidInput
    | Ok files ->
        let parsed =
            files
            |> List.map (fun file ->
                try
                    Parse.script file (File.ReadAllText file)
                with
                | :? IOException
                | :? UnauthorizedAccessException as ex ->
                    Error [
                        {
                            Source = file
                            Line = 1
                            Column = 1
                            Message = $"cannot read the file: %s{ex.Message}"
                        }
                    ])

        let errors =
            parsed
            |> List.collect (function
                | Error es -> es
                | Ok _ -> [])

        let reportAll (ds: Diagnostic list) =
            for d in ds do
                stderr.WriteLine(Diagnostic.format d)

        if not (List.isEmpty errors) then
            reportAll errors
            ExitCode.InvalidInput
        else
            let scripts =
                parsed
                |> List.choose (function
                    | Ok s -> Some s
                    | Error _ -> None)

            match Parse.schema scripts with
            | Error es ->
                reportAll es
                ExitCode.InvalidInput
            | Ok _ ->
                for s in scripts do
                    for w in s.Warnings do
                        stderr.WriteLine("warning: " + Diagnostic.format w)

                let objects = scripts |> List.collect (fun s -> s.Objects)

                if List.isEmpty files then
                    stderr.WriteLine $"%s{path}: no .sql files found"

                match format with
                | Sql -> stdout.Write(Render.script objects)
                | JsonFormat -> stdout.Write(SchemaJson.serialize objects)

                stderr.WriteLine $"%d{List.length objects} object(s) read from %d{List.length files} file(s)"
                ExitCode.Ok

/// <summary>Runs a command line; returns the exit code.</summary>
let run (argv: string list) (stdout: TextWriter) (stderr: TextWriter) : int =
    match parseArgs argv with
    | Error e ->
        stderr.WriteLine $"srschema: %s{e}"
        stderr.WriteLine "Run 'srschema --help' for usage."
        ExitCode.Usage
    | Ok Help ->
        stdout.WriteLine usage
        ExitCode.Ok
    | Ok Version ->
        let v = typeof<Command>.Assembly.GetName().Version
        stdout.WriteLine $"srschema %d{v.Major}.%d{v.Minor}.%d{v.Build}"
        ExitCode.Ok
    | Ok(Inspect(from, format)) -> inspect from format stdout stderr
