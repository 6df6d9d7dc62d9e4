/// The Alembic-style commands: init, revision, upgrade, downgrade, current, history, heads, stamp, check, apply.
/// A project is a folder with srschema.json (see ProjectConfig), a model folder and a migrations folder.
module StarRocks.Schema.Cli.MigrationCommands

open System
open System.IO
open System.Threading
open StarRocks.Schema
open StarRocks.Schema.Database
open StarRocks.Schema.Cli.ExitCodes

let private loadProject (folder: string) (stderr: TextWriter) : Result<MigrationProject, int> =
    match MigrationProject.load folder with
    | Error errors ->
        for e in errors do
            stderr.WriteLine e

        Error ExitCode.InvalidInput
    | Ok project -> Ok project

/// <summary>What server commands run with: how a session is opened (a test passes a double) and what cancels them.</summary>
type ServerEnv = {
    /// <summary>Opens a session.</summary>
    Connect: ConnectionSettings -> ISession
    /// <summary>Cancels server work (Ctrl-C).</summary>
    Cancel: CancellationToken
    /// <summary>Polling, lease and owner of migration runs.</summary>
    Migrator: MigratorOptions
}

/// A session to the project's server, and the server as read once for the whole command.
type private Server = {
    Session: ISession
    Settings: ConnectionSettings
    Info: ServerInfo
}

/// Runs a body with a session to the project's server, whose release and run mode are read once here; a failure to
/// get there is its exit code, said on stderr.
let private connect
    (project: MigrationProject)
    (stderr: TextWriter)
    (env: ServerEnv)
    (body: Server -> Result<'T, int>)
    =
    match MigrationProject.serverSettings project.Config with
    | Error e ->
        stderr.WriteLine e
        Error ExitCode.InvalidInput
    | Ok settings ->
        let session = env.Connect settings

        try
            try
                match (Reflect.server session env.Cancel).GetAwaiter().GetResult() with
                | Error e ->
                    stderr.WriteLine $"%s{Connection.display settings}: %s{SessionError.describe e}"
                    Error ExitCode.ServerFailure
                | Ok info ->
                    for w in info.Warnings do
                        stderr.WriteLine("warning: " + w)

                    body {
                        Session = session
                        Settings = settings
                        Info = info
                    }
            with :? OperationCanceledException ->
                // reading only (migration runs record their own cancellation): nothing was changed
                stderr.WriteLine "cancelled: nothing was changed"
                Error ExitCode.Cancelled
        finally
            session.DisposeAsync().AsTask().GetAwaiter().GetResult()

/// Runs a command's body with the project's server; the body gives the exit code.
let private withServer (project: MigrationProject) (stderr: TextWriter) (env: ServerEnv) (body: Server -> int) =
    match connect project stderr env (body >> Ok) with
    | Ok code
    | Error code -> code

/// Runs a body with a target read from the command line (a target that does not read is invalid input).
let private withTarget (text: string) (stderr: TextWriter) (body: Target -> int) =
    match Target.parse text with
    | Error e ->
        stderr.WriteLine e
        ExitCode.InvalidInput
    | Ok target -> body target

/// The exit code of a migration error, with its one line on stderr.
let private failWith (stderr: TextWriter) (server: Server) (e: MigrationError) =
    // the run's own error decides the code (a lease left behind is in the message)
    let rec codeOf =
        function
        | PlanRefused _ -> ExitCode.InvalidInput
        | MigrationCancelled _
        | CancelledBeforeStart -> ExitCode.Cancelled
        | LeaseLeftBehind(inner, _) -> codeOf inner
        | _ -> ExitCode.ServerFailure

    let code = codeOf e

    if code = ExitCode.ServerFailure then
        stderr.WriteLine $"%s{Connection.display server.Settings}: %s{MigrationError.describe e}"
    else
        stderr.WriteLine(MigrationError.describe e)

    code

/// Where the database stands against the migrations: only a history table that does not exist means base.
let private readStatus (project: MigrationProject) (server: Server) (ct: CancellationToken) =
    (Migrator.readStatus server.Session project ct).GetAwaiter().GetResult()

/// The live database (without the history table) and the diff options of its server; an exit code on failure.
let private readLive (project: MigrationProject) (server: Server) (stderr: TextWriter) (ct: CancellationToken) =
    match (Reflect.objects [ server.Session ] server.Settings.Database server.Info ct).GetAwaiter().GetResult() with
    | Error e ->
        stderr.WriteLine $"%s{Connection.display server.Settings}: %s{e}"
        Error ExitCode.ServerFailure
    | Ok live ->
        Ok(
            ServerInfo.diffOptions project.Config.Database server.Info,
            History.exclude project.Config.HistoryTable live.Schema
        )

let private model (project: MigrationProject) (stderr: TextWriter) =
    Sources.load (MigrationProject.modelPath project) stderr

let private exampleModel =
    """-- The model: CREATE TABLE / VIEW / MATERIALIZED VIEW statements, one or more .sql files in this folder.
CREATE TABLE orders (
    order_id    BIGINT NOT NULL,
    order_date  DATE NOT NULL,
    customer_id INT NOT NULL,
    amount      DECIMAL(12, 2)
)
PRIMARY KEY (order_id, order_date)
DISTRIBUTED BY HASH(order_id) BUCKETS 4
PROPERTIES ("replication_num" = "1");
"""

/// <summary>srschema init [DIR]: srschema.json, schema/ with an example model, an empty migrations/.</summary>
let init (folder: string) (database: string option) (stdout: TextWriter) (stderr: TextWriter) =
    let config = Path.Combine(folder, ProjectConfig.FileName)

    if File.Exists config then
        stderr.WriteLine $"%s{config} exists already: nothing written"
        ExitCode.InvalidInput
    else
        let settings = {
            ProjectConfig.defaults with
                Database = defaultArg database ProjectConfig.defaults.Database
        }

        DirectoryInfo(Path.Combine(folder, settings.Schema)).Create()
        DirectoryInfo(Path.Combine(folder, settings.Migrations)).Create()
        File.WriteAllText(config, ProjectConfig.render settings)
        File.WriteAllText(Path.Combine(folder, settings.Schema, "orders.sql"), exampleModel)
        stdout.WriteLine config
        stderr.WriteLine $"initialized: %s{config}, %s{settings.Schema}/orders.sql, %s{settings.Migrations}/"
        ExitCode.Ok

/// <summary>srschema revision -m MSG [--autogenerate] [--offline] [--allow-destructive].</summary>
let revision
    (folder: string)
    (message: string)
    (autogenerate: bool)
    (offline: bool)
    (allowDestructive: bool)
    (now: unit -> DateTimeOffset)
    (newId: unit -> string)
    (stdout: TextWriter)
    (stderr: TextWriter)
    (env: ServerEnv)
    =
    let ct = env.Cancel

    match loadProject folder stderr with
    | Error code -> code
    | Ok project ->
        let parent = project.Chain |> List.tryLast |> Option.map (fun r -> r.Id)
        let id = newId ()

        let created =
            now().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", Globalization.CultureInfo.InvariantCulture)

        let write (up: string) (down: string) =
            let path =
                Path.Combine(folder, project.Config.Migrations, Revision.fileName id message)

            File.WriteAllText(path, Revision.render id parent message created up down)
            stdout.WriteLine path
            let parentName = defaultArg parent "base"
            stderr.WriteLine $"revision %s{id} written (parent: %s{parentName})"
            ExitCode.Ok

        if not autogenerate then
            write "" ""
        else
            match model project stderr with
            | Error _ -> ExitCode.InvalidInput
            | Ok desired ->
                let current =
                    if offline then
                        Chain.replay project.Chain Schema.empty
                        |> Result.map (fun s -> s, MigrationProject.offlineOptions project.Config)
                        |> Result.mapError (fun e -> ExitCode.InvalidInput, e)
                    else
                        connect project stderr env (fun server ->
                            match readStatus project server ct with
                            | Error e -> Error(failWith stderr server e)
                            | Ok status ->
                                // a database behind the migrations would get their changes a second time
                                match MigrationPlanner.notAtHead project.Chain status with
                                | Some why ->
                                    stderr.WriteLine $"%s{why}: upgrade it first, or autogenerate --offline"
                                    Error ExitCode.InvalidInput
                                | None ->
                                    readLive project server stderr ct
                                    |> Result.map (fun (options, live) -> live, options))
                        |> Result.mapError (fun code -> code, "")

                match current with
                | Error(code, e) ->
                    if e <> "" then
                        stderr.WriteLine e

                    code
                | Ok(current, options) ->
                    let options = {
                        options with
                            Renames = desired.Renames
                    }

                    match Autogenerate.parts options allowDestructive current desired.Schema with
                    | None ->
                        stderr.WriteLine "no changes: no revision written"
                        ExitCode.Ok
                    | Some(plan, up, down) ->
                        for w in Plan.warnings plan do
                            stderr.WriteLine("warning: " + w)

                        write up down

/// The statements of revisions, for --sql.
let private resolveRange (chain: Revision list) (range: string) (defaultFrom: string) =
    let from, until =
        match range.Split(':', 2) with
        | [| f; t |] -> f, t
        | _ -> defaultFrom, range

    match MigrationPlanner.resolveText chain -1 from with
    | Error e -> Error e
    | Ok f ->
        match MigrationPlanner.resolveText chain f until with
        | Error e -> Error e
        | Ok t -> Ok(f, t)

/// <summary>srschema upgrade|downgrade [TARGET | FROM:TO] [--sql]: with --sql, the statements for the range on stdout
/// (no server); else applied through the executor with the history table.</summary>
let migrate
    (folder: string)
    (direction: Direction)
    (target: string)
    (sql: bool)
    (json: bool)
    (stdout: TextWriter)
    (stderr: TextWriter)
    (env: ServerEnv)
    =
    let ct = env.Cancel

    let up = direction = Up

    match loadProject folder stderr with
    | Error code -> code
    | Ok project ->
        let chain = project.Chain

        if sql then
            match resolveRange chain target (if up then "base" else "head") with
            | Error e ->
                stderr.WriteLine e
                ExitCode.InvalidInput
            | Ok(f, t) when up && t < f ->
                stderr.WriteLine $"upgrade goes up: %s{target} is below its start"
                ExitCode.InvalidInput
            | Ok(f, t) when not up && t > f ->
                stderr.WriteLine $"downgrade goes down: %s{target} is above its start"
                ExitCode.InvalidInput
            | Ok(f, t) ->
                let revisions =
                    if up then
                        [ for i in f + 1 .. t -> chain[i], true ]
                    else
                        [ for i in f .. -1 .. t + 1 -> chain[i], false ]

                if json then
                    JObject [
                        "revisions",
                        JArray [
                            for r, isUp in revisions ->
                                JObject [
                                    "id", JString r.Id
                                    "direction", JString(if isUp then "up" else "down")
                                    "message", JString r.Message
                                    "statements",
                                    JArray(
                                        (if isUp then r.Up else r.Down) |> List.map (fun st -> JString(st.Sql + ";"))
                                    )
                                ]
                        ]
                    ]
                    |> Json.serialize
                    |> stdout.WriteLine
                else
                    stdout.Write(Chain.script revisions)

                stderr.WriteLine $"%d{revisions.Length} revision(s)"
                ExitCode.Ok
        else
            withTarget target stderr (fun target ->
                withServer project stderr env (fun server ->
                    let progress (id: string, direction: Direction, e: ExecutionEvent) =
                        let at = $"%s{id} %s{Direction.label direction}"

                        match e with
                        | StatementStarted(n, _) -> stderr.WriteLine $"%s{at}: statement %d{n}"
                        | JobProgress(n, job, jobId, state, progress) ->
                            stderr.WriteLine
                                $"%s{at}: statement %d{n}: %s{Job.label job} job %s{jobId} %s{state} %s{progress}"
                        | WaitingForTable(n, table, jobId, state) ->
                            stderr.WriteLine
                                $"%s{at}: statement %d{n}: waiting for job %s{jobId} (%s{state}) on %s{table}"
                        | Retrying(n, attempt, _, delay) ->
                            stderr.WriteLine $"%s{at}: statement %d{n}: table busy, retry %d{attempt} in %O{delay}"
                        | OutcomeChecked(n, finding) -> stderr.WriteLine $"%s{at}: statement %d{n}: %s{finding}"
                        | NoJobAppeared _
                        | StatementFinished _ -> ()

                    match
                        (Migrator.migrate
                            server.Session
                            project
                            (MigratorOptions.forProject project.Config env.Migrator)
                            server.Info
                            direction
                            target
                            progress
                            ct)
                            .GetAwaiter()
                            .GetResult()
                    with
                    | Ok report ->
                        let now = defaultArg (Chain.idAt chain report.Reached) "base"

                        if List.isEmpty report.Ran then
                            stderr.WriteLine $"already at %s{now}: nothing to run"
                        else
                            stderr.WriteLine $"at %s{now}"

                        if json then
                            stdout.WriteLine(Json.serialize (JObject [ "at", JString now ]))

                        ExitCode.Ok
                    | Error e -> failWith stderr server e))

/// <summary>srschema heads: the revisions nothing builds on (one in a linear history).</summary>
let heads (folder: string) (json: bool) (stdout: TextWriter) (stderr: TextWriter) =
    match ProjectConfig.load folder with
    | Error e ->
        stderr.WriteLine e
        ExitCode.InvalidInput
    | Ok config ->
        match Revision.load (Path.Combine(folder, config.Migrations)) with
        | Error errors ->
            for e in errors do
                stderr.WriteLine e

            ExitCode.InvalidInput
        | Ok revisions ->
            let heads =
                revisions
                |> List.filter (fun r -> not (revisions |> List.exists (fun c -> c.Parent = Some r.Id)))

            if json then
                JObject [
                    "heads",
                    JArray(
                        heads
                        |> List.map (fun r -> JObject [ "id", JString r.Id; "message", JString r.Message ])
                    )
                ]
                |> Json.serialize
                |> stdout.WriteLine
            else
                for r in heads do
                    stdout.WriteLine $"%s{r.Id} %s{r.Message}"

            ExitCode.Ok

/// The state of each revision of the chain, from a status.
let private revisionState (status: MigrationStatus) (i: int) =
    match status.Partial with
    | _ when i <= status.Current -> "applied"
    | Some p when p.Position = i -> MigrationPlanner.describePartial p
    | _ -> "pending"

/// <summary>srschema history [--offline]: the revisions base first; with a server, which are applied.</summary>
let history (folder: string) (offline: bool) (json: bool) (stdout: TextWriter) (stderr: TextWriter) (env: ServerEnv) =
    let ct = env.Cancel

    match loadProject folder stderr with
    | Error code -> code
    | Ok project ->
        let print (status: MigrationStatus option) =
            let stateOf i =
                status |> Option.map (fun s -> revisionState s i)

            if json then
                JObject [
                    "revisions",
                    JArray [
                        for i, r in List.indexed project.Chain ->
                            JObject [
                                "id", JString r.Id
                                "parent", (r.Parent |> Option.map JString |> Option.defaultValue JNull)
                                "message", JString r.Message
                                "state", (stateOf i |> Option.map JString |> Option.defaultValue JNull)
                            ]
                    ]
                ]
                |> Json.serialize
                |> stdout.WriteLine
            else
                for i, r in List.indexed project.Chain do
                    let state = stateOf i |> Option.map (sprintf " (%s)") |> Option.defaultValue ""
                    let parent = defaultArg r.Parent "base"
                    stdout.WriteLine $"%s{r.Id} <- %s{parent}: %s{r.Message}%s{state}"

        if offline then
            print None
            ExitCode.Ok
        else
            withServer project stderr env (fun server ->
                match readStatus project server ct with
                | Ok status ->
                    print (Some status)
                    ExitCode.Ok
                | Error e -> failWith stderr server e)

/// <summary>srschema current: the revision the database is at (base when none), and a revision stopped part-way.</summary>
let current (folder: string) (json: bool) (stdout: TextWriter) (stderr: TextWriter) (env: ServerEnv) =
    let ct = env.Cancel

    match loadProject folder stderr with
    | Error code -> code
    | Ok project ->
        withServer project stderr env (fun server ->
            match readStatus project server ct with
            | Error e -> failWith stderr server e
            | Ok status ->
                let id = defaultArg (Chain.idAt project.Chain status.Current) "base"

                if json then
                    JObject [
                        "current", JString id
                        "partial",
                        (match status.Partial with
                         | Some p ->
                             JObject [
                                 "revision", JString p.Revision.Id
                                 "direction", JString(Direction.label p.Direction)
                                 "statementsDone", JNumber(int64 p.Done)
                                 "statements", JNumber(int64 p.Total)
                                 "inProgress",
                                 (p.Recognise
                                  |> Option.map (fun s -> JNumber(int64 s.Index))
                                  |> Option.defaultValue JNull)
                             ]
                         | None -> JNull)
                        "edited", JArray(status.Edited |> List.map (snd >> JString))
                        "unknown", JArray(status.Unknown |> List.map JString)
                    ]
                    |> Json.serialize
                    |> stdout.WriteLine
                else
                    stdout.WriteLine id

                match status.Partial with
                | Some p ->
                    stderr.WriteLine $"revision %s{p.Revision.Id}: %s{revisionState status p.Position}"

                    match p.Recognise with
                    | Some s ->
                        stderr.WriteLine
                            $"statement %d{s.Index} was sent and its outcome is not recorded: the next %s{Direction.command p.Direction} reads the server to decide before sending anything"
                    | None -> ()
                | None -> ()

                for _, path in status.Edited do
                    stderr.WriteLine $"warning: %s{path} was edited after it was applied"

                for id in status.Unknown do
                    stderr.WriteLine $"warning: the database has revision %s{id}, which the migrations folder does not"

                ExitCode.Ok)

/// <summary>srschema stamp REV: record the database as at REV without running anything.</summary>
let stamp (folder: string) (target: string) (json: bool) (stdout: TextWriter) (stderr: TextWriter) (env: ServerEnv) =
    let ct = env.Cancel

    match loadProject folder stderr with
    | Error code -> code
    | Ok project ->
        withTarget target stderr (fun target ->
            withServer project stderr env (fun server ->
                match
                    (Migrator.stamp
                        server.Session
                        project
                        (MigratorOptions.forProject project.Config env.Migrator)
                        server.Info
                        target
                        ct)
                        .GetAwaiter()
                        .GetResult()
                with
                | Ok t ->
                    let at = defaultArg (Chain.idAt project.Chain t) "base"

                    if json then
                        stdout.WriteLine(Json.serialize (JObject [ "at", JString at ]))
                    else
                        stdout.WriteLine at

                    ExitCode.Ok
                | Error e -> failWith stderr server e))

/// <summary>srschema check [--offline]: offline, every migration parses, each revision's up then down gives the schema
/// before it, and the head equals the model; live, the database equals the head and the model. Exit 2 with the
/// differences when something differs.</summary>
let check (folder: string) (offline: bool) (json: bool) (stdout: TextWriter) (stderr: TextWriter) (env: ServerEnv) =
    let ct = env.Cancel

    match loadProject folder stderr with
    | Error code -> code
    | Ok project ->
        match model project stderr with
        | Error _ -> ExitCode.InvalidInput
        | Ok desired ->
            let found = ResizeArray<string * Plan>()

            /// The result: text (the differences as SQL on stdout), or one JSON document.
            let finish (ok: bool) (problem: string option) =
                if json then
                    JObject [
                        "ok", JBool ok
                        "problem", (problem |> Option.map JString |> Option.defaultValue JNull)
                        "differences",
                        JArray [
                            for what, plan in found -> JObject [ "what", JString what; "plan", PlanJson.plan plan ]
                        ]
                    ]
                    |> Json.serialize
                    |> stdout.WriteLine
                else
                    problem |> Option.iter stderr.WriteLine

                    for what, plan in found do
                        stderr.WriteLine $"%s{what}:"
                        stdout.Write(Plan.sql plan)

                if ok then ExitCode.Ok else ExitCode.Changes

            match MigrationProject.checkOffline project desired.Schema with
            | Error e -> finish false (Some e)
            | Ok(headSchema, toModel) ->
                let report (what: string) (plan: Plan) =
                    if Plan.isEmpty plan then
                        true
                    else
                        found.Add(what, plan)
                        false

                let headMatches = report "the model differs from the migrations' head" toModel

                if offline then
                    if headMatches then
                        stderr.WriteLine
                            $"ok: %d{project.Chain.Length} revision(s) replay up and down; the head equals the model"

                    finish headMatches None
                else
                    withServer project stderr env (fun server ->
                        // the history first: a database stamped elsewhere than the head is not at the head, whatever
                        // its tables look like
                        match readStatus project server ct with
                        | Error e -> failWith stderr server e
                        | Ok status ->
                            let recorded =
                                MigrationPlanner.notAtHead project.Chain status
                                |> Option.map (sprintf "the history table says so: %s")

                            match readLive project server stderr ct with
                            | Error code -> code
                            | Ok(liveOptions, live) ->
                                let matchesHead =
                                    report
                                        "the database differs from the migrations' head"
                                        (Diff.plan liveOptions live headSchema)

                                let ok = headMatches && matchesHead && recorded.IsNone

                                if ok then
                                    stderr.WriteLine
                                        "ok: the history is at the head, and the database equals the migrations' head and the model"

                                finish ok recorded)

/// <summary>srschema apply [--allow-destructive]: diff the live database against the model and run the plan
/// (development databases; no migration files).</summary>
let apply (folder: string) (allowDestructive: bool) (stdout: TextWriter) (stderr: TextWriter) (env: ServerEnv) =
    let ct = env.Cancel

    match loadProject folder stderr with
    | Error code -> code
    | Ok project ->
        match model project stderr with
        | Error _ -> ExitCode.InvalidInput
        | Ok desired ->
            withServer project stderr env (fun server ->
                match readLive project server stderr ct with
                | Error code -> code
                | Ok(options, actual) ->
                    let options = {
                        options with
                            Renames = desired.Renames
                    }

                    let plan = Diff.plan options actual desired.Schema
                    stdout.Write(Plan.sql plan)

                    if Plan.isEmpty plan then
                        stderr.WriteLine "no changes"
                        ExitCode.Ok
                    elif Plan.maxRisk plan = Some Destructive && not allowDestructive then
                        stderr.WriteLine
                            "the plan has destructive steps: nothing run (add --allow-destructive to run it)"

                        ExitCode.RiskyPlan
                    else
                        match
                            (Executor.run
                                server.Session
                                ExecutorOptions.defaults
                                options
                                server.Settings.Database
                                actual
                                plan
                                (function
                                | StatementStarted(n, _) ->
                                    stderr.WriteLine $"statement %d{n} of %d{plan.Steps.Length}"
                                | JobProgress(n, job, id, state, _) ->
                                    stderr.WriteLine $"statement %d{n}: %s{Job.label job} job %s{id} %s{state}"
                                | _ -> ())
                                ct)
                                .GetAwaiter()
                                .GetResult()
                        with
                        | Ok n ->
                            stderr.WriteLine $"%d{n} statement(s) applied"
                            ExitCode.Ok
                        | Error({ Failure = Cancelled _ } as e) ->
                            stderr.WriteLine(ExecutionError.describe e)
                            ExitCode.Cancelled
                        | Error e ->
                            stderr.WriteLine(ExecutionError.describe e)
                            ExitCode.ServerFailure)
