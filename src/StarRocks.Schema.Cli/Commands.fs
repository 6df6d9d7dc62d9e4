/// The srschema commands: argument parsing and printing around the core (sources are read by Sources). stdout
/// carries only the requested output; messages go to stderr.
module StarRocks.Schema.Cli.Commands

open System
open System.Threading
open System.IO
open System.Text.RegularExpressions
open Microsoft.Extensions.Logging
open StarRocks.Schema
open StarRocks.Schema.Database
open StarRocks.Schema.Cli.ExitCodes

/// <summary>The output format of diff.</summary>
type Format =
    /// <summary>Canonical CREATE statements.</summary>
    | Sql
    /// <summary>The documented JSON form.</summary>
    | JsonFormat

/// <summary>The output format of inspect: SQL, JSON, or F# or C# source that rebuilds the schema.</summary>
type InspectFormat =
    /// <summary>Canonical CREATE statements.</summary>
    | InspectSql
    /// <summary>The documented JSON form.</summary>
    | InspectJson
    /// <summary>F# source (Codegen.fsharp).</summary>
    | InspectFSharp
    /// <summary>C# source over the StarRocks.Schema.CSharp builders (Codegen.csharp).</summary>
    | InspectCSharp

/// <summary>The options of <c>diff</c>.</summary>
type DiffArgs = {
    /// <summary>The actual schema (a .sql file or folder, or a live database).</summary>
    From: string
    /// <summary>The desired schema (a .sql file or folder, or a live database).</summary>
    To: string
    /// <summary>Output format.</summary>
    Format: Format
    /// <summary>Exit 2 when there are changes.</summary>
    ExitCode: bool
    /// <summary>Exit 3 when a step has this risk or a higher one.</summary>
    FailOn: Risk option
    /// <summary>Explain every difference on stderr.</summary>
    Verbose: bool
    /// <summary>--server-version, else the live ACTUAL server's, else the newest known.</summary>
    ServerVersion: ServerVersion option
    /// <summary>--run-mode, else the live ACTUAL server's, else shared-nothing.</summary>
    RunMode: RunMode option
    /// <summary>--database, else the live ACTUAL server's database.</summary>
    Database: Name option
}

/// <summary>A parsed command line.</summary>
type Command =
    /// <summary>Print usage.</summary>
    | Help
    /// <summary>Print the version.</summary>
    | Version
    /// <summary><c>inspect --from SOURCE [--format sql|json]</c>.</summary>
    | Inspect of from: string * format: InspectFormat * codeNamespace: string option
    /// <summary><c>diff --from ACTUAL --to DESIRED ...</c>.</summary>
    | DiffSchemas of DiffArgs
    /// <summary>A migrations command: its name, positional arguments, flags and option values.</summary>
    | Migrations of name: string * positional: string list * flags: Set<string> * values: Map<string, string>

/// <summary>The usage text.</summary>
let usage =
    """srschema - manage StarRocks schemas as code

Usage:
  srschema inspect --from SOURCE [--format sql|json|fsharp|csharp] [--namespace NAME]
      Read the objects of SOURCE and print every one as a canonical CREATE statement (sql, the default), in the
      documented JSON form (json), as F# source that rebuilds the schema as model values (fsharp: module
      NAME.Schema, else Schema), or as C# source that declares it with the StarRocks.Schema.CSharp builders
      (csharp: class NAME.Schema, else StarRocksSchema.Schema).
  srschema diff --from ACTUAL --to DESIRED [--format sql|json] [--exit-code] [--fail-on rewrite|destructive]
                [--verbose] [--server-version X.Y[.Z]] [--run-mode shared-nothing|shared-data] [--database NAME]
      Print the statements that turn ACTUAL into DESIRED. Each statement is preceded by -- comment lines: why it
      is there, its risk (metadata-only, rewrite, destructive) and the job it starts (COLUMN, OPTIMIZE, none).
      Warnings and "no changes" go to stderr; --verbose explains every difference found and every one ignored.
      The server's release and run mode come from a live ACTUAL, else --server-version and --run-mode, else
      StarRocks 4.1, shared-nothing. --database names the connection's database (names qualified with it equal
      unqualified ones). Renames are declared in DESIRED with a comment: -- srschema:renamed-from old_name (on
      the CREATE TABLE line for a table, on a column's line for a column).

Migrations (a project: srschema.json, a model folder, a migrations folder; --project DIR, default .):
  srschema init [DIR] [--database NAME]      srschema.json, schema/ with an example model, an empty migrations/
  srschema revision -m MSG [--autogenerate] [--offline] [--allow-destructive]
      Write migrations/<id>_<message>.sql: empty, or with --autogenerate up = diff(current -> model) and
      down = diff(model -> current), current being the live database or (--offline) the migrations replayed.
      Destructive up steps are written commented out unless --allow-destructive.
  srschema upgrade [TARGET | FROM:TO] [--sql]      TARGET: head (default), base, a revision id, +N, -N
  srschema downgrade TARGET | FROM:TO [--sql]
      Apply through the executor (waits for jobs, records every statement, resumes where a run stopped), or with
      --sql print the statements of the range without connecting (upgrade from base, downgrade from head).
  srschema current | history [--offline] | heads | stamp REV
      (upgrade, downgrade, current, history, heads, stamp and check take --format json)
  srschema check [--offline]
      Offline: every migration parses, each revision's up then down gives back the schema before it, and the head
      equals the model; live: also the database equals the head. Exit 2 with the differences otherwise.
  srschema apply [--allow-destructive]
      Diff the live database against the model and run the plan (development databases).

  srschema --help       Show this text.
  srschema --version    Show the version.

A SOURCE is a .sql file, a folder whose .sql files are read recursively (CREATE statements as SHOW CREATE prints
them or as written), a migrations folder (replayed offline to its head), a live database starrocks://user:password@host:port/database (password URL-encoded, port
9030 by default; options ?connect_timeout=5&ssl=preferred), or env:NAME for such a URL kept in an environment
variable (out of shell history).

Exit codes: 0 success; 1 invalid input (errors are printed as file:line:column: message); 2 diff --exit-code
found changes, or check found differences; 3 diff --fail-on or apply found a step of that risk or higher; 4 a
server could not be reached, read or changed as planned; 64 usage error."""

/// <summary>Parses the arguments; Error carries a one-line usage message.</summary>
let parseArgs (argv: string list) : Result<Command, string> =
    let rec inspectOptions from format ns args =
        match args with
        | [] ->
            match from, format, ns with
            | None, _, _ -> Error "inspect needs --from PATH"
            | Some _, (InspectSql | InspectJson), Some _ -> Error "--namespace applies to --format csharp or fsharp"
            | Some f, _, _ -> Ok(Inspect(f, format, ns))
        | ("--from" | "-f") :: path :: rest -> inspectOptions (Some path) format ns rest
        | "--namespace" :: name :: rest ->
            if Regex.IsMatch(name, @"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$") then
                inspectOptions from format (Some name) rest
            else
                Error $"--namespace '%s{name}': expected dotted identifiers such as Shop.Data"
        | "--format" :: value :: rest ->
            match value.ToLowerInvariant() with
            | "sql" -> inspectOptions from InspectSql ns rest
            | "json" -> inspectOptions from InspectJson ns rest
            | "fsharp" -> inspectOptions from InspectFSharp ns rest
            | "csharp" -> inspectOptions from InspectCSharp ns rest
            | other -> Error $"unknown format '%s{other}' (expected sql, json, fsharp or csharp)"
        | [ ("--from" | "-f" | "--format" | "--namespace") as opt ] -> Error $"%s{opt} needs a value"
        | other :: _ -> Error $"unknown option '%s{other}' for inspect"

    let format (value: string) =
        match value.ToLowerInvariant() with
        | "sql" -> Ok Sql
        | "json" -> Ok JsonFormat
        | other -> Error $"unknown format '%s{other}' (expected sql or json)"

    let rec diffOptions (d: DiffArgs) args =
        match args with
        | [] ->
            if d.From = "" then Error "diff needs --from ACTUAL"
            elif d.To = "" then Error "diff needs --to DESIRED"
            else Ok(DiffSchemas d)
        | ("--from" | "-f") :: path :: rest -> diffOptions { d with From = path } rest
        | ("--to" | "-t") :: path :: rest -> diffOptions { d with To = path } rest
        | "--format" :: value :: rest -> format value |> Result.bind (fun f -> diffOptions { d with Format = f } rest)
        | "--exit-code" :: rest -> diffOptions { d with ExitCode = true } rest
        | "--verbose" :: rest
        | "-v" :: rest -> diffOptions { d with Verbose = true } rest
        | "--fail-on" :: value :: rest ->
            match value.ToLowerInvariant() with
            | "rewrite" -> diffOptions { d with FailOn = Some Rewrite } rest
            | "destructive" -> diffOptions { d with FailOn = Some Destructive } rest
            | other -> Error $"unknown risk '%s{other}' for --fail-on (expected rewrite or destructive)"
        | "--server-version" :: value :: rest ->
            ServerVersion.tryParse value
            |> Result.bind (fun v ->
                if v < ServerVersion.oldestSupported then
                    Error $"--server-version %s{value}: the diff plans for StarRocks 3.0 and later"
                else
                    diffOptions { d with ServerVersion = Some v } rest)
        | "--run-mode" :: value :: rest ->
            match value.ToLowerInvariant() with
            | "shared-nothing"
            | "shared_nothing" -> diffOptions { d with RunMode = Some SharedNothing } rest
            | "shared-data"
            | "shared_data" -> diffOptions { d with RunMode = Some SharedData } rest
            | other -> Error $"unknown run mode '%s{other}' (expected shared-nothing or shared-data)"
        | "--database" :: value :: rest ->
            Name.tryCreate value
            |> Result.mapError (fun e -> $"--database: %s{e}")
            |> Result.bind (fun n -> diffOptions { d with Database = Some n } rest)
        | [ ("--from" | "-f" | "--to" | "-t" | "--format" | "--fail-on" | "--server-version" | "--run-mode" | "--database") as opt ] ->
            Error $"%s{opt} needs a value"
        | other :: _ -> Error $"unknown option '%s{other}' for diff"

    /// flags and options each migrations command takes
    let migrationCommands =
        Map.ofList [
            "init", ([], [ "--database" ], (0, 1))
            "revision",
            ([ "--autogenerate"; "--offline"; "--allow-destructive" ], [ "-m"; "--message"; "--project" ], (0, 0))
            "upgrade", ([ "--sql" ], [ "--project"; "--format" ], (0, 1))
            "downgrade", ([ "--sql" ], [ "--project"; "--format" ], (1, 1))
            "current", ([], [ "--project"; "--format" ], (0, 0))
            "history", ([ "--offline" ], [ "--project"; "--format" ], (0, 0))
            "heads", ([], [ "--project"; "--format" ], (0, 0))
            "stamp", ([], [ "--project"; "--format" ], (1, 1))
            "check", ([ "--offline" ], [ "--project"; "--format" ], (0, 0))
            "apply", ([ "--allow-destructive" ], [ "--project" ], (0, 0))
        ]

    let migrations (name: string) (args: string list) =
        let flags, valued, (least, most) = migrationCommands[name]

        let rec go positional (fs: Set<string>) (vs: Map<string, string>) args =
            match args with
            | [] ->
                let positional = List.rev positional

                if positional.Length < least then
                    Error $"%s{name} needs a target revision"
                elif positional.Length > most then
                    Error $"%s{name}: unexpected argument '%s{List.last positional}'"
                elif name = "revision" && not (vs.ContainsKey "-m") then
                    Error "revision needs -m MESSAGE"
                elif vs.TryFind "--format" |> Option.exists (fun f -> f <> "json" && f <> "text") then
                    Error("unknown format '" + vs["--format"] + "' (expected text or json)")
                else
                    Ok(Migrations(name, positional, fs, vs))
            | flag :: rest when List.contains flag flags -> go positional (fs.Add flag) vs rest
            | option :: value :: rest when List.contains option valued ->
                let key = if option = "--message" then "-m" else option
                go positional fs (vs.Add(key, value)) rest
            | [ option ] when List.contains option valued -> Error $"%s{option} needs a value"
            | arg :: _ when arg.StartsWith "--" -> Error $"unknown option '%s{arg}' for %s{name}"
            | arg :: rest -> go (arg :: positional) fs vs rest

        go [] Set.empty Map.empty args

    match argv with
    | []
    | [ ("--help" | "-h" | "help") ] -> Ok Help
    | [ "--version" ] -> Ok Version
    | command :: rest when
        List.contains "--help" rest
        && (command = "inspect" || command = "diff" || migrationCommands.ContainsKey command)
        ->
        Ok Help
    | command :: rest when migrationCommands.ContainsKey command -> migrations command rest
    | "inspect" :: rest -> inspectOptions None InspectSql None rest
    | "diff" :: rest ->
        diffOptions
            {
                From = ""
                To = ""
                Format = Sql
                ExitCode = false
                FailOn = None
                Verbose = false
                ServerVersion = None
                RunMode = None
                Database = None
            }
            rest
    | other :: _ -> Error $"unknown command '%s{other}'"

let private failed =
    function
    | Sources.InvalidInput -> ExitCode.InvalidInput
    | Sources.ServerFailure -> ExitCode.ServerFailure

let private inspect
    (source: string)
    (format: InspectFormat)
    (codeNamespace: string option)
    (stdout: TextWriter)
    (stderr: TextWriter)
    =
    match Sources.load source stderr with
    | Error f -> failed f
    | Ok loaded ->
        match format with
        | InspectSql -> stdout.Write(Render.script loaded.Objects)
        | InspectJson -> stdout.Write(SchemaJson.serialize loaded.Objects)
        | InspectFSharp ->
            let moduleName =
                codeNamespace
                |> Option.map (fun n -> n + ".Schema")
                |> Option.defaultValue "Schema"

            stdout.Write(Codegen.fsharp moduleName loaded.Objects)
        | InspectCSharp ->
            stdout.Write(Codegen.csharp (defaultArg codeNamespace "StarRocksSchema") "Schema" loaded.Objects)

        stderr.WriteLine loaded.Summary
        ExitCode.Ok

/// A logger writing plain lines to a text writer (stderr): what --verbose shows.
type private LineLogger(writer: TextWriter, minimum: LogLevel) =
    interface ILogger with
        member _.BeginScope _ = null
        member _.IsEnabled level = level >= minimum

        member _.Log(level, _, state, ex, formatter) =
            if level >= minimum then
                let prefix =
                    match level with
                    | LogLevel.Warning -> "warning: "
                    | LogLevel.Error
                    | LogLevel.Critical -> "error: "
                    | _ -> ""

                writer.WriteLine(prefix + formatter.Invoke(state, ex))

let private diff (args: DiffArgs) (stdout: TextWriter) (stderr: TextWriter) =
    match Sources.load args.From stderr with
    | Error f -> failed f
    | Ok actual ->
        match Sources.load args.To stderr with
        | Error f -> failed f
        | Ok desired ->
            let server = actual.Server

            let options = {
                DiffOptions.defaults with
                    ServerVersion =
                        args.ServerVersion
                        |> Option.orElse (server |> Option.map (fun s -> s.Version))
                        |> Option.defaultValue ServerVersion.newest
                    RunMode =
                        args.RunMode
                        |> Option.orElse (server |> Option.map (fun s -> s.RunMode))
                        |> Option.defaultValue SharedNothing
                    DefaultDatabase =
                        args.Database
                        |> Option.orElse (actual.Database |> Option.bind (Name.tryCreate >> Result.toOption))
                    Renames = desired.Renames
            }

            let actual = actual.Schema
            let desired = desired.Schema
            let plan = Diff.plan options actual desired

            let logger =
                LineLogger(stderr, (if args.Verbose then LogLevel.Debug else LogLevel.Warning))

            PlanLog.write logger plan

            match args.Format with
            | Sql -> stdout.Write(Plan.sql plan)
            | JsonFormat -> stdout.Write(PlanJson.serialize plan)

            if Plan.isEmpty plan then
                stderr.WriteLine "no changes"
            else
                stderr.WriteLine $"%d{List.length plan.Steps} statement(s)"

            match args.FailOn, Plan.maxRisk plan with
            | Some limit, Some worst when worst >= limit ->
                stderr.WriteLine $"the plan has %s{Risk.label worst} steps (--fail-on %s{Risk.label limit})"
                ExitCode.RiskyPlan
            | _ when args.ExitCode && not (Plan.isEmpty plan) -> ExitCode.Changes
            | _ -> ExitCode.Ok

/// <summary>A writer that passes each line through <c>Connection.redact</c> before it reaches the inner writer: no
/// message on stderr shows a password, whichever command wrote it.</summary>
type RedactingWriter(inner: TextWriter) =
    inherit TextWriter()
    let line = Text.StringBuilder()

    let emit () =
        inner.Write(Connection.redact (line.ToString()))
        line.Clear() |> ignore // StringBuilder.Clear returns the builder itself

    override _.Encoding = inner.Encoding

    override _.Write(c: char) =
        line.Append c |> ignore // StringBuilder.Append returns the builder itself

        if c = '\n' then
            emit ()

    override this.Write(text: string) =
        if not (isNull text) then
            for c in text do
                this.Write c

    override _.Flush() =
        emit ()
        inner.Flush()

/// <summary>Runs a command line with the given way to reach servers; returns the exit code. Everything written to
/// stderr goes through <c>Connection.redact</c>.</summary>
let rec runWith (env: MigrationCommands.ServerEnv) (argv: string list) (stdout: TextWriter) (stderr: TextWriter) : int =
    match stderr with
    | :? RedactingWriter -> runCommand env argv stdout stderr
    | _ ->
        use redacting = new RedactingWriter(stderr)

        try
            runCommand env argv stdout redacting
        finally
            redacting.Flush()

and private runCommand
    (env: MigrationCommands.ServerEnv)
    (argv: string list)
    (stdout: TextWriter)
    (stderr: TextWriter)
    =
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
    | Ok(Inspect(from, format, ns)) -> inspect from format ns stdout stderr
    | Ok(DiffSchemas args) -> diff args stdout stderr
    | Ok(Migrations(name, positional, flags, values)) ->
        let project = values.TryFind "--project" |> Option.defaultValue "."
        let has = flags.Contains
        let first = List.tryHead positional
        let json = values.TryFind "--format" = Some "json"

        match name with
        | "init" -> MigrationCommands.init (defaultArg first ".") (values.TryFind "--database") stdout stderr
        | "revision" ->
            MigrationCommands.revision
                project
                values["-m"]
                (has "--autogenerate")
                (has "--offline")
                (has "--allow-destructive")
                (fun () -> DateTimeOffset.UtcNow)
                Revision.newId
                stdout
                stderr
                env
        | "upgrade" ->
            MigrationCommands.migrate project Up (defaultArg first "head") (has "--sql") json stdout stderr env
        | "downgrade" ->
            MigrationCommands.migrate project Down (defaultArg first "base") (has "--sql") json stdout stderr env
        | "current" -> MigrationCommands.current project json stdout stderr env
        | "history" -> MigrationCommands.history project (has "--offline") json stdout stderr env
        | "heads" -> MigrationCommands.heads project json stdout stderr
        | "stamp" -> MigrationCommands.stamp project (defaultArg first "head") json stdout stderr env
        | "check" -> MigrationCommands.check project (has "--offline") json stdout stderr env
        | _ -> MigrationCommands.apply project (has "--allow-destructive") stdout stderr env

/// <summary>Runs a command line against real servers; the token cancels server work (Ctrl-C). Returns the exit code.</summary>
let runCancellable (ct: CancellationToken) (argv: string list) (stdout: TextWriter) (stderr: TextWriter) : int =
    runWith
        {
            Connect = fun settings -> new MySqlSession(settings) :> ISession
            Cancel = ct
            Migrator = MigratorOptions.defaults
        }
        argv
        stdout
        stderr

/// <summary>Runs a command line without cancellation; returns the exit code.</summary>
let run (argv: string list) (stdout: TextWriter) (stderr: TextWriter) : int =
    runCancellable CancellationToken.None argv stdout stderr
