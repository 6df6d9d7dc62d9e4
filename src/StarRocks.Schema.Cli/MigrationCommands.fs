/// The Alembic-style commands: init, revision, upgrade, downgrade, current, history, heads, stamp, check, apply.
/// A project is a folder with srschema.json (see ProjectConfig), a model folder and a migrations folder.
module StarRocks.Schema.Cli.MigrationCommands

open System
open System.IO
open System.Threading
open StarRocks.Schema
open StarRocks.Schema.Database
open StarRocks.Schema.Cli.ExitCodes
open StarRocks.Schema.Cli.Output

let private loadProject (folder: string) (t: Terminal) : Result<MigrationProject, int> =
    match MigrationProject.load folder with
    | Error errors ->
        for e in errors do
            t.Err.WriteLine e

        Error ExitCode.InvalidInput
    | Ok project -> Ok project

/// <summary>What server commands run with: how a session is opened (a test passes a double) and what cancels them.</summary>
type ServerEnv = {
    /// <summary>Opens a session.</summary>
    Connect: ConnectionSettings -> ISession
    /// <summary>Cancels server work (Ctrl-C, SIGTERM).</summary>
    Cancel: CancellationToken
    /// <summary>What cancelled <c>Cancel</c>, read once it is cancelled: Ctrl-C (exit 130) or SIGTERM (exit 143).</summary>
    Interruption: unit -> Interruption
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
let private connect (project: MigrationProject) (t: Terminal) (env: ServerEnv) (body: Server -> Result<'T, int>) =
    match MigrationProject.serverSettings project.Config with
    | Error e ->
        t.Err.WriteLine e
        Error ExitCode.InvalidInput
    | Ok settings ->
        let session = env.Connect settings

        try
            try
                match (Reflect.server session env.Cancel).GetAwaiter().GetResult() with
                | Error e ->
                    t.Err.WriteLine $"%s{Connection.display settings}: %s{SessionError.describe e}"
                    Error ExitCode.ServerFailure
                | Ok info ->
                    for w in info.Warnings do
                        Terminal.warn t w

                    body {
                        Session = session
                        Settings = settings
                        Info = info
                    }
            with :? OperationCanceledException ->
                // reading only (migration runs record their own cancellation): nothing was changed
                Terminal.cancelledReading t
                Error ExitCode.Cancelled
        finally
            session.DisposeAsync().AsTask().GetAwaiter().GetResult()

/// Runs a command's body with the project's server; the body gives the exit code.
let private withServer (project: MigrationProject) (t: Terminal) (env: ServerEnv) (body: Server -> int) =
    match connect project t env (body >> Ok) with
    | Ok code
    | Error code -> code

/// Runs a body with a target read from the command line (a target that does not read is invalid input).
let private withTarget (text: string) (t: Terminal) (body: Target -> int) =
    match Target.parse text with
    | Error e ->
        t.Err.WriteLine e
        ExitCode.InvalidInput
    | Ok target -> body target

/// The exit code of a migration error, with its one line on stderr.
let private failWith (t: Terminal) (server: Server) (e: MigrationError) =
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
        t.Err.WriteLine $"%s{Connection.display server.Settings}: %s{MigrationError.describe e}"
    elif code = ExitCode.Cancelled then
        Terminal.cancelled t (MigrationError.describe e)
    else
        t.Err.WriteLine(MigrationError.describe e)

    code

/// Where the database stands against the migrations: only a history table that does not exist means base.
let private readStatus (project: MigrationProject) (server: Server) (ct: CancellationToken) =
    (Migrator.readStatus server.Session project ct).GetAwaiter().GetResult()

/// The live database (without the history table) and the diff options of its server; an exit code on failure.
let private readLive (project: MigrationProject) (server: Server) (t: Terminal) (ct: CancellationToken) =
    match (Reflect.objects [ server.Session ] server.Settings.Database server.Info ct).GetAwaiter().GetResult() with
    | Error e ->
        t.Err.WriteLine $"%s{Connection.display server.Settings}: %s{e}"
        Error ExitCode.ServerFailure
    | Ok live ->
        Ok(
            ServerInfo.diffOptions project.Config.Database server.Info,
            History.exclude project.Config.HistoryTable live.Schema
        )

let private model (project: MigrationProject) (t: Terminal) =
    // the model is files: nothing to cancel
    Sources.load (MigrationProject.modelPath project) t CancellationToken.None

/// What a run shows of its statements and jobs: each statement as it starts and what a resume found stay as lines;
/// a job's state, progress and time since its statement started, a wait for a busy table and a retry are its live
/// status. Make one per run (it keeps the clock); <c>statement</c> names statement n for the lines.
let private executionProgress (p: Progress) =
    let elapsed = Diagnostics.Stopwatch()

    fun (statement: int -> string) (e: ExecutionEvent) ->
        match e with
        | StatementStarted(n, _) ->
            elapsed.Restart()
            p.Line(statement n)
        | JobProgress(n, job, jobId, state, progress) ->
            let time = elapsed.Elapsed.ToString(@"hh\:mm\:ss")
            p.Status $"%s{statement n}: %s{Job.label job} job %s{jobId} %s{state} %s{progress} (%s{time})"
        | WaitingForTable(n, table, jobId, state) ->
            p.Status $"%s{statement n}: waiting for job %s{jobId} (%s{state}) on %s{table}"
        | Retrying(n, attempt, _, delay) -> p.Status $"%s{statement n}: table busy, retry %d{attempt} in %O{delay}"
        | OutcomeChecked(n, finding) -> p.Line $"%s{statement n}: %s{finding}"
        | NoJobAppeared _
        | StatementFinished _ -> ()

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
let init (folder: string) (database: string option) (t: Terminal) =
    let config = Path.Combine(folder, ProjectConfig.FileName)

    if File.Exists config then
        t.Err.WriteLine $"%s{config} exists already: nothing written"
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
        t.Out.WriteLine config
        t.Info.WriteLine $"initialized: %s{config}, %s{settings.Schema}/orders.sql, %s{settings.Migrations}/"
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
    (t: Terminal)
    (env: ServerEnv)
    =
    let ct = env.Cancel

    match loadProject folder t with
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
            t.Out.WriteLine path
            let parentName = defaultArg parent "base"
            t.Info.WriteLine $"revision %s{id} written (parent: %s{parentName})"
            ExitCode.Ok

        if not autogenerate then
            write "" ""
        else
            match model project t with
            | Error f -> Sources.exitCode f
            | Ok desired ->
                let current =
                    if offline then
                        Chain.replayWith project.Chain Schema.empty
                        |> Result.map (fun (s, notes) ->
                            for note in notes do
                                Terminal.warn t note

                            s, MigrationProject.offlineOptions project.Config)
                        |> Result.mapError (fun e -> ExitCode.InvalidInput, e)
                    else
                        connect project t env (fun server ->
                            match readStatus project server ct with
                            | Error e -> Error(failWith t server e)
                            | Ok status ->
                                // a database behind the migrations would get their changes a second time
                                match MigrationPlanner.notAtHead project.Chain status with
                                | Some why ->
                                    t.Err.WriteLine $"%s{why}: upgrade it first, or autogenerate --offline"
                                    Error ExitCode.InvalidInput
                                | None ->
                                    readLive project server t ct
                                    |> Result.map (fun (options, live) -> live, options))
                        |> Result.mapError (fun code -> code, "")

                match current with
                | Error(code, e) ->
                    if e <> "" then
                        t.Err.WriteLine e

                    code
                | Ok(current, options) ->
                    let options = {
                        options with
                            Renames = desired.Renames
                    }

                    match Autogenerate.parts options allowDestructive current desired.Schema with
                    | None ->
                        t.Info.WriteLine "no changes: no revision written"
                        ExitCode.Ok
                    | Some(plan, up, down) ->
                        for w in Plan.warnings plan do
                            Terminal.warn t w

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
    (t: Terminal)
    (env: ServerEnv)
    =
    let ct = env.Cancel

    let up = direction = Up

    match loadProject folder t with
    | Error code -> code
    | Ok project ->
        let chain = project.Chain

        if sql then
            match resolveRange chain target (if up then "base" else "head") with
            | Error e ->
                t.Err.WriteLine e
                ExitCode.InvalidInput
            | Ok(f, until) when up && until < f ->
                t.Err.WriteLine $"upgrade goes up: %s{target} is below its start"
                ExitCode.InvalidInput
            | Ok(f, until) when not up && until > f ->
                t.Err.WriteLine $"downgrade goes down: %s{target} is above its start"
                ExitCode.InvalidInput
            | Ok(f, until) ->
                let revisions =
                    if up then
                        [ for i in f + 1 .. until -> chain[i], true ]
                    else
                        [ for i in f .. -1 .. until + 1 -> chain[i], false ]

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
                    |> t.Out.WriteLine
                else
                    t.Out.Write(Chain.script revisions)

                t.Info.WriteLine $"%d{revisions.Length} revision(s)"
                ExitCode.Ok
        else
            withTarget target t (fun target ->
                withServer project t env (fun server ->
                    let label =
                        $"%s{Direction.command direction} %s{Connection.display server.Settings}"

                    let result =
                        Progress.run t label true (fun p ->
                            let report = executionProgress p

                            let progress (id: string, direction: Direction, e: ExecutionEvent) =
                                report (fun n -> $"%s{id} %s{Direction.label direction}: statement %d{n}") e

                            // the lease is renewed on a second connection while a long statement runs
                            let options =
                                MigratorOptions.forProject project.Config env.Migrator
                                |> MigratorOptions.renewingOn (fun () -> env.Connect server.Settings)

                            (Migrator.migrate server.Session project options server.Info direction target progress ct)
                                .GetAwaiter()
                                .GetResult())

                    match result with
                    | Ok report ->
                        let now = defaultArg (Chain.idAt chain report.Reached) "base"

                        if List.isEmpty report.Ran then
                            t.Info.WriteLine $"already at %s{now}: nothing to run"
                        else
                            t.Info.WriteLine $"at %s{now}"

                        if json then
                            t.Out.WriteLine(Json.serialize (JObject [ "at", JString now ]))

                        ExitCode.Ok
                    | Error e -> failWith t server e))

/// <summary>srschema heads: the revisions nothing builds on (one in a linear history).</summary>
let heads (folder: string) (json: bool) (t: Terminal) =
    match ProjectConfig.load folder with
    | Error e ->
        t.Err.WriteLine e
        ExitCode.InvalidInput
    | Ok config ->
        match Revision.load (Path.Combine(folder, config.Migrations)) with
        | Error errors ->
            for e in errors do
                t.Err.WriteLine e

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
                |> t.Out.WriteLine
            else
                for r in heads do
                    t.Out.WriteLine $"%s{r.Id} %s{r.Message}"

            ExitCode.Ok

/// The state of each revision of the chain, from a status.
let private revisionState (status: MigrationStatus) (i: int) =
    match status.Partial with
    | _ when i <= status.Current -> "applied"
    | Some p when p.Position = i -> MigrationPlanner.describePartial p
    | _ -> "pending"

/// <summary>srschema history [--offline]: the revisions base first; with a server, which are applied.</summary>
let history (folder: string) (offline: bool) (json: bool) (t: Terminal) (env: ServerEnv) =
    let ct = env.Cancel

    match loadProject folder t with
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
                |> t.Out.WriteLine
            else
                for i, r in List.indexed project.Chain do
                    let state = stateOf i |> Option.map (sprintf " (%s)") |> Option.defaultValue ""
                    let parent = defaultArg r.Parent "base"
                    t.Out.WriteLine $"%s{r.Id} <- %s{parent}: %s{r.Message}%s{state}"

        if offline then
            print None
            ExitCode.Ok
        else
            withServer project t env (fun server ->
                match readStatus project server ct with
                | Ok status ->
                    print (Some status)
                    ExitCode.Ok
                | Error e -> failWith t server e)

/// <summary>srschema current: the revision the database is at (base when none), and a revision stopped part-way.</summary>
let current (folder: string) (json: bool) (t: Terminal) (env: ServerEnv) =
    let ct = env.Cancel

    match loadProject folder t with
    | Error code -> code
    | Ok project ->
        withServer project t env (fun server ->
            match readStatus project server ct with
            | Error e -> failWith t server e
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
                    |> t.Out.WriteLine
                else
                    t.Out.WriteLine id

                match status.Partial with
                | Some p ->
                    t.Err.WriteLine $"revision %s{p.Revision.Id}: %s{revisionState status p.Position}"

                    match p.Recognise with
                    | Some s ->
                        t.Err.WriteLine
                            $"statement %d{s.Index} was sent and its outcome is not recorded: the next %s{Direction.command p.Direction} reads the server to decide before sending anything"
                    | None -> ()
                | None -> ()

                for _, path in status.Edited do
                    Terminal.warn t $"%s{path} was edited after it was applied"

                for id in status.Unknown do
                    Terminal.warn t $"the database has revision %s{id}, which the migrations folder does not"

                ExitCode.Ok)

/// <summary>srschema stamp REV: record the database as at REV without running anything.</summary>
let stamp (folder: string) (target: string) (json: bool) (t: Terminal) (env: ServerEnv) =
    let ct = env.Cancel

    match loadProject folder t with
    | Error code -> code
    | Ok project ->
        withTarget target t (fun target ->
            withServer project t env (fun server ->
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
                | Ok stamped ->
                    let at = defaultArg (Chain.idAt project.Chain stamped) "base"

                    if json then
                        t.Out.WriteLine(Json.serialize (JObject [ "at", JString at ]))
                    else
                        t.Out.WriteLine at

                    ExitCode.Ok
                | Error e -> failWith t server e))

/// <summary>srschema check [--offline]: offline, every migration parses, each revision's up then down gives the schema
/// before it, and the head equals the model; live, the database equals the head and the model. Exit 2 with the
/// differences when something differs.</summary>
let check (folder: string) (offline: bool) (json: bool) (t: Terminal) (env: ServerEnv) =
    let ct = env.Cancel

    match loadProject folder t with
    | Error code -> code
    | Ok project ->
        match model project t with
        | Error f -> Sources.exitCode f
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
                    |> t.Out.WriteLine
                else
                    problem |> Option.iter t.Err.WriteLine

                    for what, plan in found do
                        t.Err.WriteLine $"%s{what}:"
                        t.Out.Write(Plan.sql plan)

                if ok then ExitCode.Ok else ExitCode.Changes

            match MigrationProject.checkOffline project desired.Schema with
            | Error e -> finish false (Some e)
            | Ok(headSchema, toModel, notes) ->
                for note in notes do
                    Terminal.warn t note

                let report (what: string) (plan: Plan) =
                    if Plan.isEmpty plan then
                        true
                    else
                        found.Add(what, plan)
                        false

                let headMatches = report "the model differs from the migrations' head" toModel

                if offline then
                    if headMatches then
                        t.Info.WriteLine
                            $"ok: %d{project.Chain.Length} revision(s) replay up and down; the head equals the model"

                    finish headMatches None
                else
                    withServer project t env (fun server ->
                        // the history first: a database stamped elsewhere than the head is not at the head, whatever
                        // its tables look like
                        match readStatus project server ct with
                        | Error e -> failWith t server e
                        | Ok status ->
                            let recorded =
                                MigrationPlanner.notAtHead project.Chain status
                                |> Option.map (sprintf "the history table says so: %s")

                            match readLive project server t ct with
                            | Error code -> code
                            | Ok(liveOptions, live) ->
                                let matchesHead =
                                    report
                                        "the database differs from the migrations' head"
                                        (Diff.plan liveOptions live headSchema)

                                let ok = headMatches && matchesHead && recorded.IsNone

                                if ok then
                                    t.Info.WriteLine
                                        "ok: the history is at the head, and the database equals the migrations' head and the model"

                                finish ok recorded)

/// <summary>srschema apply [--allow-destructive]: diff the live database against the model and run the plan
/// (development databases; no migration files).</summary>
let apply (folder: string) (allowDestructive: bool) (t: Terminal) (env: ServerEnv) =
    let ct = env.Cancel

    match loadProject folder t with
    | Error code -> code
    | Ok project ->
        match model project t with
        | Error f -> Sources.exitCode f
        | Ok desired ->
            withServer project t env (fun server ->
                match readLive project server t ct with
                | Error code -> code
                | Ok(options, actual) ->
                    let options = {
                        options with
                            Renames = desired.Renames
                    }

                    let plan = Diff.plan options actual desired.Schema
                    t.Out.Write(Plan.sql plan)

                    if Plan.isEmpty plan then
                        t.Info.WriteLine "no changes"
                        ExitCode.Ok
                    elif Plan.maxRisk plan = Some Destructive && not allowDestructive then
                        t.Err.WriteLine
                            "the plan has destructive steps: nothing run (add --allow-destructive to run it)"

                        ExitCode.RiskyPlan
                    else
                        let run (p: Progress) =
                            (Executor.run
                                server.Session
                                ExecutorOptions.defaults
                                options
                                server.Settings.Database
                                actual
                                plan
                                (executionProgress p (fun n -> $"statement %d{n} of %d{plan.Steps.Length}"))
                                ct)
                                .GetAwaiter()
                                .GetResult()

                        match Progress.run t $"apply %s{Connection.display server.Settings}" true run with
                        | Ok n ->
                            t.Info.WriteLine $"%d{n} statement(s) applied"
                            ExitCode.Ok
                        | Error({ Failure = Cancelled _ } as e) ->
                            Terminal.cancelled t (ExecutionError.describe e)
                            ExitCode.Cancelled
                        | Error e ->
                            t.Err.WriteLine(ExecutionError.describe e)
                            ExitCode.ServerFailure)
