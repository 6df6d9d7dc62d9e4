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

/// Runs a body with a session to the project's server.
let private withServer (project: MigrationProject) (stderr: TextWriter) (body: ISession -> ConnectionSettings -> int) =
    match MigrationProject.serverSettings project.Config with
    | Error e ->
        stderr.WriteLine e
        ExitCode.InvalidInput
    | Ok settings ->
        let session = new MySqlSession(settings) :> ISession

        try
            body session settings
        finally
            session.DisposeAsync().AsTask().GetAwaiter().GetResult()

let private serverOptions (project: MigrationProject) (session: ISession) (stderr: TextWriter) =
    match (MigrationProject.serverOptions session project.Config CancellationToken.None).GetAwaiter().GetResult() with
    | Error e -> Error(SessionError.describe e)
    | Ok(options, warnings) ->
        for w in warnings do
            stderr.WriteLine("warning: " + w)

        Ok options

/// Where the database stands against the migrations; no history table yet means base.
let private readStatus (project: MigrationProject) (session: ISession) =
    (Migrator.readStatus session project CancellationToken.None).GetAwaiter().GetResult()

/// The live database (without the history table) and the diff options of its server; an exit code on failure.
let private readLive
    (project: MigrationProject)
    (session: ISession)
    (settings: ConnectionSettings)
    (stderr: TextWriter)
    =
    match serverOptions project session stderr with
    | Error e ->
        stderr.WriteLine e
        Error ExitCode.ServerFailure
    | Ok options ->
        match (Reflect.database [ session ] settings.Database CancellationToken.None).GetAwaiter().GetResult() with
        | Error e ->
            stderr.WriteLine e
            Error ExitCode.ServerFailure
        | Ok live -> Ok(options, History.exclude project.Config.HistoryTable live.Schema)

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

        Directory.CreateDirectory(Path.Combine(folder, settings.Schema)) |> ignore
        Directory.CreateDirectory(Path.Combine(folder, settings.Migrations)) |> ignore
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
    =
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
                        match MigrationProject.serverSettings project.Config with
                        | Error e -> Error(ExitCode.InvalidInput, e)
                        | Ok settings ->
                            let session = new MySqlSession(settings) :> ISession

                            try
                                // no history, or none readable: base
                                let status =
                                    readStatus project session
                                    |> Result.defaultValue (Migrator.status project.Chain [])

                                // a database behind the migrations would get their changes a second time
                                if status.Current <> project.Chain.Length - 1 || status.Partial.IsSome then
                                    let at = defaultArg (Chain.idAt project.Chain status.Current) "base"

                                    let head = defaultArg (Chain.idAt project.Chain (project.Chain.Length - 1)) "base"

                                    Error(
                                        ExitCode.InvalidInput,
                                        $"the database is not at the head of the migrations (at %s{at}, head %s{head}): upgrade it first, or autogenerate --offline"
                                    )
                                else
                                    readLive project session settings stderr
                                    |> Result.map (fun (options, live) -> live, options)
                                    |> Result.mapError (fun code -> code, "")
                            finally
                                session.DisposeAsync().AsTask().GetAwaiter().GetResult()

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

    match Chain.resolve chain -1 from with
    | Error e -> Error e
    | Ok f ->
        match Chain.resolve chain f until with
        | Error e -> Error e
        | Ok t -> Ok(f, t)

/// <summary>srschema upgrade|downgrade [TARGET | FROM:TO] [--sql]: with --sql, the statements for the range on stdout
/// (no server); else applied through the executor with the history table.</summary>
let migrate
    (folder: string)
    (up: bool)
    (target: string)
    (sql: bool)
    (json: bool)
    (stdout: TextWriter)
    (stderr: TextWriter)
    =
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
            withServer project stderr (fun session _ ->
                let applied =
                    readStatus project session |> Result.defaultValue (Migrator.status chain [])

                match Chain.resolve chain applied.Current target with
                | Error e ->
                    stderr.WriteLine e
                    ExitCode.InvalidInput
                | Ok t ->
                    match serverOptions project session stderr with
                    | Error e ->
                        stderr.WriteLine e
                        ExitCode.ServerFailure
                    | Ok options ->
                        let progress (id: string, direction: string, e: ExecutionEvent) =
                            match e with
                            | StatementStarted(n, _) -> stderr.WriteLine $"%s{id} %s{direction}: statement %d{n}"
                            | JobProgress(n, job, jobId, state, progress) ->
                                stderr.WriteLine
                                    $"%s{id} %s{direction}: statement %d{n}: %s{Job.label job} job %s{jobId} %s{state} %s{progress}"
                            | WaitingForTable(n, table, jobId, state) ->
                                stderr.WriteLine
                                    $"%s{id} %s{direction}: statement %d{n}: waiting for job %s{jobId} (%s{state}) on %s{table}"
                            | Retrying(n, attempt, _, delay) ->
                                stderr.WriteLine
                                    $"%s{id} %s{direction}: statement %d{n}: table busy, retry %d{attempt} in %O{delay}"
                            | OutcomeChecked(n, finding) ->
                                stderr.WriteLine $"%s{id} %s{direction}: statement %d{n}: %s{finding}"
                            | NoJobAppeared _
                            | StatementFinished _ -> ()

                        match
                            (Migrator.migrate
                                session
                                project.Config
                                MigratorOptions.defaults
                                options
                                chain
                                t
                                progress
                                CancellationToken.None)
                                .GetAwaiter()
                                .GetResult()
                        with
                        | Ok position ->
                            let now = defaultArg (Chain.idAt chain position) "base"
                            stderr.WriteLine $"at %s{now}"

                            if json then
                                stdout.WriteLine(Json.serialize (JObject [ "at", JString now ]))

                            ExitCode.Ok
                        | Error e ->
                            stderr.WriteLine e
                            ExitCode.ServerFailure)

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

/// <summary>srschema history [--offline]: the revisions base first; with a server, which are applied.</summary>
let history (folder: string) (offline: bool) (json: bool) (stdout: TextWriter) (stderr: TextWriter) =
    match loadProject folder stderr with
    | Error code -> code
    | Ok project ->
        let print (status: MigrationStatus option) =
            let stateOf i =
                match status with
                | None -> None
                | Some s when i <= s.Current -> Some "applied"
                | Some { Partial = Some(p, state, n) } when p = i ->
                    Some $"stopped after %d{n} statement(s) while %s{state}"
                | Some _ -> Some "pending"

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
            withServer project stderr (fun session _ ->
                match readStatus project session with
                | Ok status ->
                    print (Some status)
                    ExitCode.Ok
                | Error e ->
                    stderr.WriteLine(SessionError.describe e)
                    ExitCode.ServerFailure)

/// <summary>srschema current: the revision the database is at (base when none), and a revision stopped part-way.</summary>
let current (folder: string) (json: bool) (stdout: TextWriter) (stderr: TextWriter) =
    match loadProject folder stderr with
    | Error code -> code
    | Ok project ->
        withServer project stderr (fun session _ ->
            match readStatus project session with
            | Error e ->
                stderr.WriteLine(SessionError.describe e)
                ExitCode.ServerFailure
            | Ok status ->

                let id = defaultArg (Chain.idAt project.Chain status.Current) "base"

                if json then
                    JObject [
                        "current", JString id
                        "partial",
                        (match status.Partial with
                         | Some(i, state, n) ->
                             JObject [
                                 "revision", JString project.Chain[i].Id
                                 "state", JString state
                                 "statementsDone", JNumber(int64 n)
                             ]
                         | None -> JNull)
                        "edited", JArray(status.Edited |> List.map JString)
                    ]
                    |> Json.serialize
                    |> stdout.WriteLine
                else
                    stdout.WriteLine id

                match status.Partial with
                | Some(i, state, n) ->
                    stderr.WriteLine
                        $"revision %s{project.Chain[i].Id} stopped after %d{n} statement(s) while %s{state}"
                | None -> ()

                for path in status.Edited do
                    stderr.WriteLine $"warning: %s{path} was edited after it was applied"

                ExitCode.Ok)

/// <summary>srschema stamp REV: record the database as at REV without running anything.</summary>
let stamp (folder: string) (target: string) (json: bool) (stdout: TextWriter) (stderr: TextWriter) =
    match loadProject folder stderr with
    | Error code -> code
    | Ok project ->
        match Chain.resolve project.Chain -1 target with
        | Error e ->
            stderr.WriteLine e
            ExitCode.InvalidInput
        | Ok t ->
            withServer project stderr (fun session _ ->
                match
                    (Migrator.stamp
                        session
                        project.Config
                        MigratorOptions.defaults
                        project.Chain
                        t
                        CancellationToken.None)
                        .GetAwaiter()
                        .GetResult()
                with
                | Ok _ ->
                    let at = defaultArg (Chain.idAt project.Chain t) "base"

                    if json then
                        stdout.WriteLine(Json.serialize (JObject [ "at", JString at ]))
                    else
                        stdout.WriteLine at

                    ExitCode.Ok
                | Error e ->
                    stderr.WriteLine e
                    ExitCode.ServerFailure)

/// <summary>srschema check [--offline]: offline, every migration parses, each revision's up then down gives the schema
/// before it, and the head equals the model; live, the database equals the head and the model. Exit 2 with the
/// differences when something differs.</summary>
let check (folder: string) (offline: bool) (json: bool) (stdout: TextWriter) (stderr: TextWriter) =
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
            | Ok(head, toModel) ->
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
                    withServer project stderr (fun session settings ->
                        match readLive project session settings stderr with
                        | Error code -> code
                        | Ok(liveOptions, live) ->
                            let matchesHead =
                                report
                                    "the database differs from the migrations' head"
                                    (Diff.plan liveOptions live head)

                            if headMatches && matchesHead then
                                stderr.WriteLine "ok: the database equals the migrations' head and the model"

                            finish (headMatches && matchesHead) None)

/// <summary>srschema apply [--allow-destructive]: diff the live database against the model and run the plan
/// (development databases; no migration files).</summary>
let apply (folder: string) (allowDestructive: bool) (stdout: TextWriter) (stderr: TextWriter) =
    match loadProject folder stderr with
    | Error code -> code
    | Ok project ->
        match model project stderr with
        | Error _ -> ExitCode.InvalidInput
        | Ok desired ->
            withServer project stderr (fun session settings ->
                match readLive project session settings stderr with
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
                                session
                                ExecutorOptions.defaults
                                options
                                settings.Database
                                actual
                                plan
                                (function
                                | StatementStarted(n, _) ->
                                    stderr.WriteLine $"statement %d{n} of %d{plan.Steps.Length}"
                                | JobProgress(n, job, id, state, _) ->
                                    stderr.WriteLine $"statement %d{n}: %s{Job.label job} job %s{id} %s{state}"
                                | _ -> ())
                                CancellationToken.None)
                                .GetAwaiter()
                                .GetResult()
                        with
                        | Ok n ->
                            stderr.WriteLine $"%d{n} statement(s) applied"
                            ExitCode.Ok
                        | Error e ->
                            stderr.WriteLine(ExecutionError.describe e)
                            ExitCode.ServerFailure)
