/// The srschema command line, declared with System.CommandLine: each command, its options and arguments, its help
/// (with examples), and the action that runs it. Usage errors exit 64 with the one line that is wrong.
module StarRocks.Schema.Cli.CommandLine

open System
open System.CommandLine
open System.CommandLine.Help
open System.CommandLine.Invocation
open System.CommandLine.Parsing
open System.IO
open System.Text.RegularExpressions
open System.Threading
open StarRocks.Schema
open StarRocks.Schema.Database
open StarRocks.Schema.Cli.ExitCodes
open StarRocks.Schema.Cli.Output
open StarRocks.Schema.Cli.Commands

/// The text help shows below the options of a command: examples and the notes that do not fit one option.
let private examples =
    Map.ofList [
        "srschema",
        """  srschema diff --from examples/actual --to examples/schema
  srschema inspect --from env:SHOP_URL --format csharp --namespace Shop.Data > Schema.cs
  srschema help diff

A SOURCE is a .sql file; a folder whose .sql files are read recursively (CREATE statements as SHOW CREATE prints them
or as written); a migrations folder (replayed offline to its head); a live database
starrocks://user:password@host:port/database (password URL-encoded, port 9030 by default; options
?connect_timeout=5&ssl=preferred); or env:NAME for such a URL kept in an environment variable (out of shell history).
Passwords are never printed.

Exit codes: 0 success; 1 invalid input (file:line:column: message) or a refused migration; 2 diff --exit-code found
changes, or check found differences; 3 diff --fail-on or apply found a step of that risk or higher; 4 a server could
not be reached, read or changed as planned; 64 usage error; 130 cancelled (Ctrl-C); 143 terminated (SIGTERM).
Messages go to stderr (-q keeps only errors and warnings); colour only on a terminal, never with --no-color or NO_COLOR."""
        "inspect",
        """  srschema inspect --from examples/schema
  srschema inspect --from starrocks://root@localhost:9030/shop --format json
  srschema inspect --from env:SHOP_URL --format fsharp --namespace Shop.Data > Schema.fs"""
        "diff",
        """  srschema diff --from examples/actual --to examples/schema
  srschema diff --from env:SHOP_URL --to schema/ --fail-on destructive
  srschema diff --from migrations --to schema --exit-code --verbose
  srschema diff --from env:SHOP_URL --to schema/ --format markdown > comment.md

Each statement is preceded by -- comment lines: why it is there, its risk (metadata-only, rewrite, destructive) and
the job it starts (COLUMN, OPTIMIZE, none). The server's release and run mode come from a live ACTUAL, else
--server-version and --run-mode, else StarRocks 4.1, shared-nothing. Renames are declared in DESIRED with a comment:
-- srschema:renamed-from old_name (on the CREATE TABLE line for a table, on a column's line for a column)."""
        "graph",
        """  srschema graph --from examples/schema
  srschema graph --from env:SHOP_URL --format dot | dot -Tsvg > schema.svg

An arrow goes from an object to what reads it. Objects a query names that the schema does not hold (other databases,
external catalogs) are left out."""
        "init",
        """  srschema init my-shop --database shop

Writes srschema.json, schema/ with an example model and an empty migrations/."""
        "revision",
        """  srschema revision -m "add email" --autogenerate
  srschema revision -m "create the models" --autogenerate --offline

Writes migrations/<id>_<message>.sql: empty, or with --autogenerate up = diff(current -> model) and down =
diff(model -> current), current being the live database (at the migrations' head) or, --offline, the migrations
replayed. Destructive up steps are written commented out unless --allow-destructive."""
        "upgrade",
        """  srschema upgrade
  srschema upgrade head --sql
  srschema upgrade +1

TARGET: head, base, a revision id, +N or -N (relative); FROM:TO with --sql. Upgrade never goes down: a target below
the database's revision is refused. Each statement is recorded in the history table before and after it runs; a run
that stopped resumes at its statement, deciding first from the server whether it ran."""
        "downgrade",
        """  srschema downgrade -1 --sql
  srschema downgrade base

Downgrade never goes up: a target above the database's revision is refused."""
        "current", "  srschema current --format json"
        "history", "  srschema history\n  srschema history --offline"
        "heads", "  srschema heads"
        "stamp",
        """  srschema stamp head
  srschema stamp base

Records the database as at REV without running anything (after repairing a database by hand)."""
        "check",
        """  srschema check --offline
  srschema check

Offline: every migration parses, each revision's up then down gives back the schema before it, and the head equals
the model; live: also the history is at the head and the database equals it. Exit 2 with the differences otherwise."""
        "apply",
        """  srschema apply
  srschema apply --allow-destructive

Diffs the live database against the model and runs the plan (development databases; no migration files)."""
    ]

/// Help as System.CommandLine writes it, followed by the command's examples.
type private HelpWithExamples() =
    inherit SynchronousCommandLineAction()
    let inner = HelpAction()
    override _.ClearsParseErrors = true

    override _.Invoke(result: ParseResult) =
        let code = inner.Invoke result

        match examples.TryFind result.CommandResult.Command.Name with
        | Some text ->
            let output = result.InvocationConfiguration.Output
            output.WriteLine "Examples:"
            output.WriteLine text
            output.WriteLine()
        | None -> ()

        code

/// An option whose values are a closed set, parsed into it; absent is None. An unknown value is a usage error
/// naming the values expected.
let private choice (name: string) (description: string) (values: (string * 'T) list) =
    let expected = values |> List.map fst

    let option =
        Option<'T option>(name, Description = description, HelpName = String.Join("|", expected))

    option.CustomParser <-
        fun (result: ArgumentResult) ->
            let text = result.Tokens[0].Value

            match
                values
                |> List.tryFind (fun (key, _) -> String.Equals(key, text, StringComparison.OrdinalIgnoreCase))
            with
            | Some(_, value) -> Some value
            | None ->
                let list = String.Join(", ", expected)
                result.AddError $"%s{name} '%s{text}': expected one of %s{list}"
                None

    option

/// An option whose text is checked and converted; absent is None.
let private parsed (name: string) (helpName: string) (description: string) (parse: string -> Result<'T, string>) =
    let option = Option<'T option>(name, Description = description, HelpName = helpName)

    option.CustomParser <-
        fun (result: ArgumentResult) ->
            match parse result.Tokens[0].Value with
            | Ok value -> Some value
            | Error e ->
                result.AddError $"%s{name}: %s{e}"
                None

    option

let private flag (name: string) (aliases: string list) (description: string) =
    Option<bool>(name, List.toArray aliases, Description = description)

let private text (name: string) (aliases: string list) (helpName: string) (description: string) =
    Option<string>(name, List.toArray aliases, Description = description, HelpName = helpName)

/// The command line of one run: the tree of commands, each action running with the run's streams and servers.
let private commandLine (streams: Streams) (err: RedactingWriter) (env: MigrationCommands.ServerEnv) =
    let quiet =
        Option<bool>(
            "--quiet",
            [| "-q" |],
            Description = "Only errors and warnings on stderr (no summaries, no progress)",
            Recursive = true
        )

    let noColor =
        Option<bool>(
            "--no-color",
            Description = "No colour on stderr (also when NO_COLOR is set, or stderr is not a terminal)",
            Recursive = true
        )

    let version = flag "--version" [] "Show the version"

    let help =
        HelpOption(Description = "Show help for a command, with its options and examples", Action = HelpWithExamples())

    let root =
        Command(
            "srschema",
            "Manage StarRocks schemas as code: read, compare and draw schemas (inspect, diff, graph), and version them as migrations (init, revision, upgrade, downgrade, current, history, heads, stamp, check, apply). A project is a folder with srschema.json, a model folder and a migrations folder (--project DIR, default .)."
        )

    root.Options.Add help
    root.Options.Add version
    root.Options.Add quiet
    root.Options.Add noColor

    /// The streams of this run, once --quiet and --no-color are known.
    let terminal (result: ParseResult) = {
        Terminal.create streams err (result.GetValue quiet) (result.GetValue noColor) with
            Interruption = env.Interruption
    }

    let add (command: Command) (symbols: Symbol list) (action: ParseResult -> Terminal -> int) =
        for symbol in symbols do
            match symbol with
            | :? Option as o -> command.Options.Add o
            | :? Argument as a -> command.Arguments.Add a
            | _ -> invalidArg "symbols" "an option or an argument"

        command.SetAction(Func<ParseResult, int>(fun result -> action result (terminal result)))
        root.Subcommands.Add command

    let from () =
        let o =
            text "--from" [ "-f" ] "SOURCE" "The schema to read (a .sql file or folder, migrations, a live database)"

        o.Required <- true
        o

    let project () =
        let o = text "--project" [] "DIR" "The project folder (srschema.json)"
        o.DefaultValueFactory <- fun _ -> "."
        o

    let format (description: string) (values: (string * 'T) list) = choice "--format" description values

    let textOrJson () =
        format "Output format (default text)" [ "text", false; "json", true ]

    // inspect
    let inspectFrom = from ()

    let inspectFormat =
        format
            "Canonical CREATE statements (sql, the default), the documented JSON form, F# source (module NAME.Schema) or C# source over the StarRocks.Schema.CSharp builders (class NAME.Schema)"
            [
                "sql", InspectSql
                "json", InspectJson
                "fsharp", InspectFSharp
                "csharp", InspectCSharp
            ]

    let codeNamespace =
        parsed "--namespace" "NAME" "The namespace of generated F# or C# source (dotted identifiers)" (fun name ->
            if Regex.IsMatch(name, @"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$") then
                Ok name
            else
                Error $"'%s{name}': expected dotted identifiers such as Shop.Data")

    let inspectCommand =
        Command("inspect", "Read the objects of a source and print them as SQL, JSON, F# or C#.")

    // read from the tokens: the format's own value may be the error
    inspectCommand.Validators.Add(fun result ->
        let formatText =
            match result.GetResult inspectFormat with
            | null -> "sql"
            | found -> found.Tokens |> Seq.map _.Value |> Seq.tryHead |> Option.defaultValue "sql"

        let forSource = [ "sql"; "json" ] |> List.contains (formatText.ToLowerInvariant())

        if forSource && not (isNull (result.GetResult codeNamespace)) then
            result.AddError "--namespace applies to --format csharp or fsharp")

    add inspectCommand [ inspectFrom; inspectFormat; codeNamespace ] (fun result t ->
        inspect
            (result.GetValue inspectFrom)
            (defaultArg (result.GetValue inspectFormat) InspectSql)
            (result.GetValue codeNamespace)
            t
            env.Cancel)

    // diff
    let diffFrom = from ()
    diffFrom.HelpName <- "ACTUAL"
    diffFrom.Description <- "The schema as it is (a .sql file or folder, migrations, a live database)"

    let diffTo =
        text "--to" [ "-t" ] "DESIRED" "The schema as it should be (a .sql file or folder, migrations, a live database)"

    diffTo.Required <- true

    let diffFormat =
        format
            "The statements (sql, the default), the documented JSON form, or a pull-request comment (markdown: summary by risk, the statements, a Mermaid graph of the objects touched)"
            [ "sql", Sql; "json", JsonFormat; "markdown", Markdown ]

    let exitCode = flag "--exit-code" [] "Exit 2 when there are changes"

    let failOn =
        choice "--fail-on" "Exit 3 when a step has this risk or a higher one" [
            "rewrite", Rewrite
            "destructive", Destructive
        ]

    let verbose =
        flag "--verbose" [ "-v" ] "Explain on stderr every difference found and every one ignored"

    let serverVersion =
        parsed
            "--server-version"
            "X.Y[.Z]"
            "The StarRocks release to plan for (default: a live ACTUAL's, else 4.1)"
            (fun value ->
                ServerVersion.tryParse value
                |> Result.bind (fun v ->
                    if ServerRules.plansFor v then
                        Ok v
                    else
                        Error $"%s{value}: the diff plans for StarRocks 3.0 and later"))

    let runMode =
        choice "--run-mode" "The server's run mode (default: a live ACTUAL's, else shared-nothing)" [
            "shared-nothing", SharedNothing
            "shared_nothing", SharedNothing
            "shared-data", SharedData
            "shared_data", SharedData
        ]

    runMode.HelpName <- "shared-nothing|shared-data"

    let database =
        parsed
            "--database"
            "NAME"
            "The connection's database: names qualified with it equal unqualified ones (default: a live ACTUAL's)"
            Name.tryCreate

    add
        (Command("diff", "Print the statements that turn ACTUAL into DESIRED, each with its risk and job."))
        [
            diffFrom
            diffTo
            diffFormat
            exitCode
            failOn
            verbose
            serverVersion
            runMode
            database
        ]
        (fun result t ->
            diff
                {
                    From = result.GetValue diffFrom
                    To = result.GetValue diffTo
                    Format = defaultArg (result.GetValue diffFormat) Sql
                    ExitCode = result.GetValue exitCode
                    FailOn = result.GetValue failOn
                    Verbose = result.GetValue verbose
                    ServerVersion = result.GetValue serverVersion
                    RunMode = result.GetValue runMode
                    Database = result.GetValue database
                }
                t
                env.Cancel)

    // graph
    let graphFrom = from ()

    let graphFormat =
        format "mermaid (the default: GitHub renders it in Markdown) or dot (Graphviz)" [
            "mermaid", GraphFormat.Mermaid
            "dot", GraphFormat.Dot
        ]

    let graphDatabase =
        parsed
            "--database"
            "NAME"
            "The database unqualified names belong to: names qualified with it are the same objects (default: a live source's)"
            Name.tryCreate

    add
        (Command(
            "graph",
            "Print the dependency graph of a schema: tables, and the views and materialized views that read them."
        ))
        [ graphFrom; graphFormat; graphDatabase ]
        (fun result t ->
            graph
                (result.GetValue graphFrom)
                (defaultArg (result.GetValue graphFormat) GraphFormat.Mermaid)
                (result.GetValue graphDatabase)
                t
                env.Cancel)

    // init
    let folder =
        Argument<string>("DIR", Description = "The project folder", DefaultValueFactory = (fun _ -> "."))

    let initDatabase =
        text "--database" [] "NAME" "The database srschema.json names (default shop)"

    add
        (Command("init", "Start a project: srschema.json, a model folder with an example, an empty migrations folder."))
        [ folder; initDatabase ]
        (fun result t ->
            MigrationCommands.init (result.GetValue folder) (Option.ofObj (result.GetValue initDatabase)) t)

    // revision
    let revisionProject = project ()

    let message =
        text "--message" [ "-m" ] "MSG" "What the revision does (also its file name)"

    message.Required <- true

    let autogenerate =
        flag "--autogenerate" [] "Write up and down parts from the diff between the current schema and the model"

    let offline =
        flag "--offline" [] "The current schema is the migrations replayed, not the live database"

    let allowDestructive =
        flag "--allow-destructive" [] "Write destructive up steps as statements (else commented out)"

    add
        (Command("revision", "Write a new revision file in the migrations folder."))
        [ message; autogenerate; offline; allowDestructive; revisionProject ]
        (fun result t ->
            MigrationCommands.revision
                (result.GetValue revisionProject)
                (result.GetValue message)
                (result.GetValue autogenerate)
                (result.GetValue offline)
                (result.GetValue allowDestructive)
                (fun () -> DateTimeOffset.UtcNow)
                Revision.newId
                t
                env)

    // upgrade, downgrade
    let migrateCommand (direction: Direction) (description: string) (defaultTarget: string option) =
        let target =
            Argument<string>("TARGET", Description = "head, base, a revision id, +N, -N; FROM:TO with --sql")

        match defaultTarget with
        | Some d -> target.DefaultValueFactory <- fun _ -> d
        | None -> ()

        let sql =
            flag "--sql" [] "Print the statements of the range with their risk and job lines, without connecting"

        let json = textOrJson ()
        let p = project ()

        add (Command(Direction.command direction, description)) [ target; sql; json; p ] (fun result t ->
            MigrationCommands.migrate
                (result.GetValue p)
                direction
                (result.GetValue target)
                (result.GetValue sql)
                (result.GetValue json = Some true)
                t
                env)

    migrateCommand Up "Run the revisions up to TARGET (head by default), or print them with --sql." (Some "head")
    migrateCommand Down "Run the down parts of the revisions down to TARGET, or print them with --sql." None

    // current, history, heads, stamp, check, apply
    let simple
        (name: string)
        (description: string)
        (withOffline: bool)
        (run: string -> bool -> bool -> Terminal -> int)
        =
        let json = textOrJson ()
        let p = project ()
        let offline = flag "--offline" [] "Read the migrations only, not the live database"

        add
            (Command(name, description))
            [
                yield json
                yield p
                if withOffline then
                    yield offline
            ]
            (fun result t -> run (result.GetValue p) (result.GetValue offline) (result.GetValue json = Some true) t)

    simple "current" "Print the revision the database is at (base when none)." false (fun p _ json t ->
        MigrationCommands.current p json t env)

    simple "history" "List the revisions from base; with a server, which are applied." true (fun p offline json t ->
        MigrationCommands.history p offline json t env)

    simple "heads" "Print the revisions nothing builds on." false (fun p _ json t -> MigrationCommands.heads p json t)

    simple
        "check"
        "Check the migrations replay and equal the model; live, the database too."
        true
        (fun p offline json t -> MigrationCommands.check p offline json t env)

    let stampTarget =
        Argument<string>("REV", Description = "head, base, a revision id, +N, -N")

    let stampJson = textOrJson ()
    let stampProject = project ()

    add
        (Command("stamp", "Record the database as at REV without running anything."))
        [ stampTarget; stampJson; stampProject ]
        (fun result t ->
            MigrationCommands.stamp
                (result.GetValue stampProject)
                (result.GetValue stampTarget)
                (result.GetValue stampJson = Some true)
                t
                env)

    let applyProject = project ()

    let applyDestructive =
        flag "--allow-destructive" [] "Run a plan with destructive steps"

    add
        (Command("apply", "Diff the live database against the model and run the plan (development databases)."))
        [ applyDestructive; applyProject ]
        (fun result t ->
            MigrationCommands.apply (result.GetValue applyProject) (result.GetValue applyDestructive) t env)

    // help [COMMAND]
    let topic =
        Argument<string>("COMMAND", Description = "The command to explain", Arity = ArgumentArity.ZeroOrOne)

    let helpCommand = Command("help", "Show help for a command.")
    helpCommand.Arguments.Add topic

    topic.Validators.Add(fun result ->
        match result.Tokens |> Seq.tryHead with
        | Some token when not (root.Subcommands |> Seq.exists (fun c -> c.Name = token.Value)) ->
            result.AddError $"unknown command '%s{token.Value}'"
        | _ -> ())

    root.Subcommands.Add helpCommand

    root.SetAction(
        Func<ParseResult, int>(fun result ->
            if result.GetValue version then
                let v = typeof<Terminal>.Assembly.GetName().Version
                (terminal result).Out.WriteLine $"srschema %d{v.Major}.%d{v.Minor}.%d{v.Build}"
                ExitCode.Ok
            else
                HelpWithExamples().Invoke result)
    )

    root, helpCommand, topic

/// The one line of a parse error (System.CommandLine's messages may span lines).
let private oneLine (message: string) =
    Regex.Replace(message.Trim(), @"\s*\n\s*", " ")

/// <summary>Runs a command line on the given streams with the given way to reach servers; returns the exit code.
/// Everything written to stderr goes through <c>Connection.redact</c>.</summary>
let runOn (streams: Streams) (env: MigrationCommands.ServerEnv) (argv: string list) : int =
    use redacting = new RedactingWriter(streams.Err)
    let root, helpCommand, topic = commandLine streams redacting env

    let invocation =
        InvocationConfiguration(Output = streams.Out, Error = redacting, EnableDefaultExceptionHandler = false)

    try
        let result = root.Parse(List.toArray argv)

        if result.Errors.Count > 0 then
            // the options did not parse: --no-color is taken as written
            let t = Terminal.create streams redacting false (List.contains "--no-color" argv)
            let command = result.CommandResult.Command

            // a missing argument is named with what it takes (the library only names the command)
            let missing =
                command.Arguments
                |> Seq.tryFind (fun a ->
                    a.Arity.MinimumNumberOfValues > 0
                    && (match result.GetResult a with
                        | null -> true
                        | r -> r.Tokens.Count = 0))

            match missing with
            | Some a -> Terminal.usageError t $"%s{command.Name} needs %s{a.Name} (%s{a.Description})"
            | None -> Terminal.usageError t (oneLine result.Errors[0].Message)

            let helpFor =
                if obj.ReferenceEquals(command, root) || obj.ReferenceEquals(command, helpCommand) then
                    "srschema"
                else
                    "srschema " + command.Name

            t.Err.WriteLine $"Run '%s{helpFor} --help' for usage."
            ExitCode.Usage
        elif obj.ReferenceEquals(result.CommandResult.Command, helpCommand) then
            let args =
                match result.GetValue topic with
                | null -> [| "--help" |]
                | command -> [| command; "--help" |]

            root.Parse(args).Invoke invocation
        else
            match result.Invoke invocation with
            | ExitCode.Cancelled when env.Interruption() = Terminated -> ExitCode.Terminated
            | code -> code
    finally
        redacting.Flush()

/// <summary>Runs a command line with the given way to reach servers, stderr not a terminal (tests, embedding).</summary>
let runWith (env: MigrationCommands.ServerEnv) (argv: string list) (stdout: TextWriter) (stderr: TextWriter) : int =
    runOn
        {
            Out = stdout
            Err = stderr
            ErrIsTerminal = false
            NoColorVariable = false
        }
        env
        argv

/// <summary>The way to reach real servers; the token cancels their work (Ctrl-C: exit 130; a caller whose token
/// SIGTERM cancels says so with <c>Interruption</c>, and the exit is 143).</summary>
let servers (ct: CancellationToken) : MigrationCommands.ServerEnv = {
    Connect = fun settings -> new MySqlSession(settings) :> ISession
    Cancel = ct
    Interruption = fun () -> Interrupted
    Migrator = MigratorOptions.defaults
}

/// <summary>Runs a command line against real servers, without cancellation; returns the exit code.</summary>
let run (argv: string list) (stdout: TextWriter) (stderr: TextWriter) : int =
    runWith (servers CancellationToken.None) argv stdout stderr
