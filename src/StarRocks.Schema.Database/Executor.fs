namespace StarRocks.Schema.Database

open System
open System.Threading
open System.Threading.Tasks
open StarRocks.Schema

/// <summary>What the executor is doing, for progress displays.</summary>
type ExecutionEvent =
    /// <summary>A statement is about to be sent (1-based step number).</summary>
    | StatementStarted of step: int * sql: string
    /// <summary>An earlier ALTER job on the table is still running; the executor waits for it first.</summary>
    | WaitingForTable of step: int * table: string * jobId: string * state: string
    /// <summary>The job the statement started, as <c>SHOW ALTER TABLE</c> reports it.</summary>
    | JobProgress of step: int * job: Job * jobId: string * state: string * progress: string
    /// <summary>No job appeared: StarRocks applied the change synchronously (fast schema evolution, metadata only).</summary>
    | NoJobAppeared of step: int
    /// <summary>The table was busy; the statement is sent again after the delay.</summary>
    | Retrying of step: int * attempt: int * reason: string * delay: TimeSpan
    /// <summary>The connection broke after sending; what the server has decides what happens next.</summary>
    | OutcomeChecked of step: int * finding: string
    /// <summary>The statement (and its job) finished.</summary>
    | StatementFinished of step: int * elapsed: TimeSpan

/// <summary>Why a plan stopped.</summary>
type ExecutionFailure =
    /// <summary>The server refused the statement: nothing of this step was done.</summary>
    | StatementRefused of message: string
    /// <summary>The statement's job was cancelled (or failed); the message is the job's <c>Msg</c>.</summary>
    | JobCancelled of jobId: string * message: string
    /// <summary>The job did not finish in time; it may still be running.</summary>
    | JobTimedOut of jobId: string * waited: TimeSpan
    /// <summary>The table stayed busy with another job longer than the timeout.</summary>
    | TableBusy of message: string
    /// <summary>The connection broke and what the server has does not tell whether the statement ran.</summary>
    | OutcomeUnknown of message: string
    /// <summary>The server could not be reached.</summary>
    | ServerUnreachable of message: string

/// <summary>A plan that stopped: at which step (1-based), with which statement, and why. Steps before it are done;
/// a rerun from this step is safe once the cause is mended.</summary>
type ExecutionError = {
    /// <summary>The step that failed.</summary>
    Step: int
    /// <summary>Its statement.</summary>
    Sql: string
    /// <summary>Why.</summary>
    Failure: ExecutionFailure
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.Database.ExecutionError"/>.</summary>
[<RequireQualifiedAccess>]
module ExecutionError =
    /// <summary>One line for messages.</summary>
    let describe (e: ExecutionError) =
        let why =
            match e.Failure with
            | StatementRefused m -> $"the server refused it: %s{m}"
            | JobCancelled(id, m) -> $"its job %s{id} was cancelled: %s{m}"
            | JobTimedOut(id, waited) -> $"its job %s{id} did not finish within %O{waited} (it may still be running)"
            | TableBusy m -> $"the table stayed busy: %s{m}"
            | OutcomeUnknown m -> $"its outcome is unknown: %s{m}"
            | ServerUnreachable m -> $"the server is unreachable: %s{m}"

        $"step %d{e.Step} failed, %s{why}"

/// <summary>How the executor polls and waits. <c>Delay</c> and <c>Now</c> are there so tests run without sleeping.</summary>
type ExecutorOptions = {
    /// <summary>The first pause between polls of a job (then doubled up to <c>MaxPollInterval</c>). Default 1 s.</summary>
    PollInterval: TimeSpan
    /// <summary>The longest pause between polls. Default 10 s.</summary>
    MaxPollInterval: TimeSpan
    /// <summary>How long one job (or an earlier job on the table) may take. Default 2 h.</summary>
    JobTimeout: TimeSpan
    /// <summary>How long to look for the job a statement started before deciding StarRocks applied it synchronously.
    /// Default 5 s.</summary>
    JobAppearGrace: TimeSpan
    /// <summary>How often a statement refused because the table is busy is sent again. Default 10.</summary>
    BusyRetries: int
    /// <summary>Waits (Task.Delay by default).</summary>
    Delay: TimeSpan -> CancellationToken -> Task
    /// <summary>The clock (DateTimeOffset.UtcNow by default).</summary>
    Now: unit -> DateTimeOffset
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.Database.ExecutorOptions"/>.</summary>
[<RequireQualifiedAccess>]
module ExecutorOptions =
    /// <summary>1 s first poll, 10 s longest, 2 h per job, 5 s for a job to appear, 10 retries of a busy table.</summary>
    let defaults = {
        PollInterval = TimeSpan.FromSeconds 1.0
        MaxPollInterval = TimeSpan.FromSeconds 10.0
        JobTimeout = TimeSpan.FromHours 2.0
        JobAppearGrace = TimeSpan.FromSeconds 5.0
        BusyRetries = 10
        Delay = fun d ct -> Task.Delay(d, ct)
        Now = fun () -> DateTimeOffset.UtcNow
    }

/// <summary>A statement to run: its SQL, the operations it is (empty for SQL srschema does not model: it is sent as
/// is, without waits), and the job it starts.</summary>
type ExecutableStatement = {
    /// <summary>The statement.</summary>
    Sql: string
    /// <summary>The operations it is; empty when unknown.</summary>
    Operations: Operation list
    /// <summary>The job it starts.</summary>
    Job: Job
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.Database.ExecutableStatement"/>.</summary>
[<RequireQualifiedAccess>]
module ExecutableStatement =
    /// <summary>The statements of a plan.</summary>
    let ofPlan (plan: Plan) =
        plan.Steps
        |> List.map (fun s -> {
            Sql = Plan.statement s
            Operations = s.Operations
            Job = s.Job
        })

/// <summary>Runs plans against a server: one statement per command; before DDL on a table, waits until no ALTER job
/// runs on it; after a statement that starts a job, finds that job in <c>SHOW ALTER TABLE COLUMN | OPTIMIZE</c> and
/// waits until it is FINISHED; retries the "table is busy" refusals with backoff; never resubmits a statement whose
/// outcome is unknown without reading what the server has.</summary>
[<RequireQualifiedAccess>]
module Executor =
    /// <summary>The texts of the refusals StarRocks gives while another ALTER job runs on the table (all versions).</summary>
    let busyMarkers = [
        "is not NORMAL"
        "only permitted if NORMAL"
        "is in progress on the table"
        "is being created on the table"
        "is being altered"
        "is currently in state"
    ]

    /// <summary>True when a refusal means "the table is busy with another job": worth retrying.</summary>
    let isBusy (message: string) =
        busyMarkers
        |> List.exists (fun m -> message.Contains(m, StringComparison.OrdinalIgnoreCase))

    let private jobLists = [ "COLUMN"; "OPTIMIZE"; "ROLLUP" ]

    let private jobListOf =
        function
        | ColumnJob -> "COLUMN"
        | OptimizeJob -> "OPTIMIZE"
        | NoJob -> ""

    /// A job row: id, state, message, progress.
    type private JobRow = {
        Id: int64
        IdText: string
        State: string
        Msg: string
        Progress: string
    }

    let private isFinal (state: string) =
        state.Equals("FINISHED", StringComparison.OrdinalIgnoreCase)
        || state.Equals("CANCELLED", StringComparison.OrdinalIgnoreCase)

    /// Statements that change an existing table and so must wait until it has no running job.
    let private changesExistingTable (op: Operation) =
        match op with
        | DropTable _ -> true
        | _ -> Operation.form op = AlterTableClause

    /// The object named q of a schema, named without its database (as SHOW CREATE prints it), alone in a schema.
    let private objectNamed (q: QualifiedName) (s: Schema) : Schema =
        let bare = QualifiedName.ofName q.Name

        Schema.objects s
        |> List.filter (fun o -> SchemaObject.name o = q)
        |> List.map (function
            | TableObject t -> TableObject { t with Name = bare }
            | ViewObject v -> ViewObject { v with Name = bare }
            | MaterializedViewObject m -> MaterializedViewObject { m with Name = bare })
        |> Schema.ofDistinct

    /// <summary>Reads an object from the server and says whether it looks as in <c>after</c> and as in <c>before</c>
    /// (each compared by the diff): how a statement whose outcome is unknown is decided.</summary>
    /// <param name="session">The session.</param>
    /// <param name="diffOptions">Server release, run mode and default database (to compare states).</param>
    /// <param name="database">The object's database.</param>
    /// <param name="q">The object.</param>
    /// <param name="before">The schema before the statement.</param>
    /// <param name="after">The schema after it.</param>
    /// <param name="ct">Cancels the reading.</param>
    let matchesOnServer
        (session: ISession)
        (diffOptions: DiffOptions)
        (database: string)
        (q: QualifiedName)
        (before: Schema)
        (after: Schema)
        (ct: CancellationToken)
        : Task<Result<bool * bool, string>> =
        task {
            match! Reflect.object session database (Name.value q.Name) ct with
            | Error e -> return Error e
            | Ok now ->
                let current = now |> Option.toList |> Schema.ofDistinct

                let same (s: Schema) =
                    Plan.isEmpty (Diff.plan diffOptions current (objectNamed q s))

                return Ok(same after, same before)
        }

    type private Run
        (
            session: ISession,
            options: ExecutorOptions,
            diffOptions: DiffOptions,
            database: string,
            onEvent: ExecutionEvent -> unit,
            ct: CancellationToken
        ) =

        let databaseOf (q: QualifiedName) =
            q.Database |> Option.map Name.value |> Option.defaultValue database

        member _.Jobs(list: string, q: QualifiedName) : Task<Result<JobRow list, SessionError>> =
            task {
                let sql =
                    $"SHOW ALTER TABLE %s{list} FROM %s{Sql.identifier (databaseOf q)} WHERE TableName = %s{Sql.literal (Name.value q.Name)}"

                let! rows = Session.records session sql ct

                return
                    rows
                    |> Result.map (
                        List.choose (fun row ->
                            match row "JobId" with
                            | Some id ->
                                Some {
                                    Id =
                                        (match Int64.TryParse id with
                                         | true, n -> n
                                         | _ -> 0L)
                                    IdText = id
                                    State = row "State" |> Option.defaultValue ""
                                    Msg = row "Msg" |> Option.defaultValue ""
                                    Progress = row "Progress" |> Option.defaultValue ""
                                }
                            | None -> None)
                    )
            }

        /// Waits until no job on the table is running; returns the highest job id of each list.
        member this.WaitIdle(step: int, q: QualifiedName) : Task<Result<Map<string, int64>, ExecutionFailure>> =
            task {
                let started = options.Now()
                let mutable pause = options.PollInterval
                let mutable result = None

                while result.IsNone do
                    let! lists =
                        task {
                            let found = ResizeArray()

                            for list in jobLists do
                                let! rows = this.Jobs(list, q)
                                found.Add(list, rows)

                            return List.ofSeq found
                        }

                    match
                        lists
                        |> List.tryPick (fun (_, r) ->
                            match r with
                            | Error e -> Some e
                            | Ok _ -> None)
                    with
                    | Some(Unreachable m) -> result <- Some(Error(ServerUnreachable m))
                    | Some e -> result <- Some(Error(StatementRefused(SessionError.describe e)))
                    | None ->
                        let rows = lists |> List.map (fun (l, r) -> l, Result.defaultValue [] r)

                        match rows |> List.collect snd |> List.tryFind (fun j -> not (isFinal j.State)) with
                        | None ->
                            let highest =
                                rows
                                |> List.map (fun (l, js) -> l, (js |> List.map (fun j -> j.Id) |> List.fold max 0L))
                                |> Map.ofList

                            result <- Some(Ok highest)
                        | Some running when options.Now() - started > options.JobTimeout ->
                            result <-
                                Some(
                                    Error(
                                        TableBusy
                                            $"job %s{running.IdText} on `%s{Name.value q.Name}` is still %s{running.State}"
                                    )
                                )
                        | Some running ->
                            onEvent (WaitingForTable(step, Name.value q.Name, running.IdText, running.State))
                            do! options.Delay pause ct
                            pause <- min options.MaxPollInterval (pause + pause)

                return result.Value
            }

        /// Waits for the job a statement started (a job id above the recorded one).
        member this.WaitJob(step: int, job: Job, q: QualifiedName, before: Map<string, int64>) =
            task {
                let list = jobListOf job
                let floor = before.TryFind list |> Option.defaultValue 0L
                let started = options.Now()
                let mutable pause = options.PollInterval
                let mutable seen: JobRow option = None
                let mutable result: Result<unit, ExecutionFailure> option = None

                while result.IsNone do
                    match! this.Jobs(list, q) with
                    | Error(Unreachable m) -> result <- Some(Error(ServerUnreachable m))
                    | Error e -> result <- Some(Error(StatementRefused(SessionError.describe e)))
                    | Ok rows ->
                        let mine =
                            match seen with
                            | Some j -> rows |> List.filter (fun r -> r.Id = j.Id)
                            | None ->
                                let newer = rows |> List.filter (fun r -> r.Id > floor)

                                match newer |> List.sortBy (fun r -> r.Id) with
                                | first :: _ -> newer |> List.filter (fun r -> r.Id = first.Id)
                                | [] -> []

                        let waited = options.Now() - started

                        match mine with
                        | [] when seen.IsNone && waited >= options.JobAppearGrace ->
                            onEvent (NoJobAppeared step)
                            result <- Some(Ok())
                        | [] when seen.IsSome ->
                            // the job's rows are gone (history expired): it ended; FINISHED is the only quiet end
                            result <- Some(Ok())
                        | [] -> ()
                        | first :: _ ->
                            seen <- Some first
                            onEvent (JobProgress(step, job, first.IdText, first.State, first.Progress))

                            match
                                mine
                                |> List.tryFind (fun r ->
                                    r.State.Equals("CANCELLED", StringComparison.OrdinalIgnoreCase))
                            with
                            | Some cancelled -> result <- Some(Error(JobCancelled(cancelled.IdText, cancelled.Msg)))
                            | None when mine |> List.forall (fun r -> isFinal r.State) -> result <- Some(Ok())
                            | None when waited > options.JobTimeout ->
                                result <- Some(Error(JobTimedOut(first.IdText, waited)))
                            | None -> ()

                        if result.IsNone then
                            do! options.Delay pause ct
                            pause <- min options.MaxPollInterval (pause + pause)

                return result.Value
            }

        /// After a lost connection: does the object look as it did before the statement, or as it should after it?
        member _.Decide(step: int, q: QualifiedName, before: Schema, after: Schema) =
            task {
                match! matchesOnServer session diffOptions (databaseOf q) q before after ct with
                | Error e -> return Error e
                | Ok(sameAfter, sameBefore) ->
                    let finding =
                        match sameAfter, sameBefore with
                        | true, false -> "the statement ran"
                        | false, true -> "the statement did not run"
                        | true, true -> "the object looks the same before and after this statement"
                        | false, false -> "the object matches neither the state before nor the state after"

                    onEvent (OutcomeChecked(step, finding))
                    return Ok(sameAfter, sameBefore)
            }

    /// <summary>Runs statements in order and waits for their jobs. <c>actual</c> is the schema before the first one:
    /// when a connection breaks after a statement was sent, the object is read again and compared with the states
    /// before and after the statement (through <c>Apply</c>), so the statement is sent again only if it did not run.
    /// <c>afterEach</c> runs after each statement finished (to record progress). Step numbers start at
    /// <c>firstStep</c>. Returns the number of the last step run, or where and why it stopped.</summary>
    /// <param name="session">The session to run on.</param>
    /// <param name="options">Polling, timeouts and retries.</param>
    /// <param name="diffOptions">Server release, run mode and default database (to compare states).</param>
    /// <param name="database">The database unqualified names are in.</param>
    /// <param name="actual">The schema before the first statement.</param>
    /// <param name="firstStep">The number of the first statement (1 for a whole plan).</param>
    /// <param name="statements">The statements.</param>
    /// <param name="afterEach">Called with each finished step's number.</param>
    /// <param name="onEvent">Progress events.</param>
    /// <param name="ct">Cancels between and during waits (a statement already sent keeps running on the server).</param>
    let statements
        (session: ISession)
        (options: ExecutorOptions)
        (diffOptions: DiffOptions)
        (database: string)
        (actual: Schema)
        (firstStep: int)
        (statements: ExecutableStatement list)
        (afterEach: int -> Task)
        (onEvent: ExecutionEvent -> unit)
        (ct: CancellationToken)
        : Task<Result<int, ExecutionError>> =
        task {
            let r = Run(session, options, diffOptions, database, onEvent, ct)
            let mutable expected = actual
            let mutable failure: ExecutionError option = None
            let mutable completed = firstStep - 1

            for i, step in List.indexed statements do
                if failure.IsNone then
                    ct.ThrowIfCancellationRequested()
                    let number = firstStep + i
                    let sql = step.Sql
                    let target = step.Operations |> List.tryHead |> Option.map Operation.target
                    let started = options.Now()

                    let fail f =
                        failure <-
                            Some {
                                Step = number
                                Sql = sql
                                Failure = f
                            }

                    let before = expected

                    let after =
                        Apply.operations step.Operations expected |> Result.defaultValue expected

                    onEvent (StatementStarted(number, sql))

                    let! idle =
                        match target with
                        | Some q when step.Operations |> List.exists changesExistingTable -> r.WaitIdle(number, q)
                        | _ -> Task.FromResult(Ok Map.empty)

                    match idle with
                    | Error f -> fail f
                    | Ok highest ->
                        // send, retrying while the table is busy; Ok true = sent, Ok false = it already ran
                        let mutable attempt = 0
                        let mutable sent: Result<bool, ExecutionFailure> option = None

                        while sent.IsNone do
                            match! session.Execute(sql, ct) with
                            | Ok() -> sent <- Some(Ok true)
                            | Error(Refused(_, message)) when isBusy message && attempt < options.BusyRetries ->
                                attempt <- attempt + 1

                                let delay =
                                    min
                                        options.MaxPollInterval
                                        (TimeSpan.FromTicks(options.PollInterval.Ticks * int64 attempt))

                                onEvent (Retrying(number, attempt, message, delay))
                                do! options.Delay delay ct
                            | Error(Refused(_, message)) when isBusy message -> sent <- Some(Error(TableBusy message))
                            | Error(Refused(code, message)) ->
                                sent <- Some(Error(StatementRefused $"(%d{code}) %s{message}"))
                            | Error(Unreachable m) -> sent <- Some(Error(ServerUnreachable m))
                            | Error(ConnectionLost m) ->
                                match target with
                                | None ->
                                    sent <-
                                        Some(
                                            Error(
                                                OutcomeUnknown
                                                    $"%s{m}; srschema does not model this statement, so it cannot tell whether it ran: check and rerun from this step"
                                            )
                                        )
                                | Some q ->
                                    // never resubmit blindly: a new job, or the object itself, says what happened
                                    let! newer =
                                        task {
                                            if step.Job = NoJob then
                                                return false
                                            else
                                                match! r.Jobs(jobListOf step.Job, q) with
                                                | Ok rows ->
                                                    let floor =
                                                        highest.TryFind(jobListOf step.Job) |> Option.defaultValue 0L

                                                    return rows |> List.exists (fun j -> j.Id > floor)
                                                | Error _ -> return false
                                        }

                                    if newer then
                                        onEvent (OutcomeChecked(number, "the statement's job exists: it ran"))
                                        sent <- Some(Ok true)
                                    else
                                        match! r.Decide(number, q, before, after) with
                                        | Error e ->
                                            sent <-
                                                Some(
                                                    Error(
                                                        OutcomeUnknown $"%s{m}; reading the object again failed: %s{e}"
                                                    )
                                                )
                                        | Ok(true, false) -> sent <- Some(Ok false)
                                        | Ok(false, true) when attempt = 0 -> attempt <- attempt + 1 // it did not run: send it once more
                                        | Ok _ ->
                                            sent <-
                                                Some(
                                                    Error(
                                                        OutcomeUnknown
                                                            $"%s{m}; the server's state does not show whether it ran: check the object and rerun from this step"
                                                    )
                                                )

                        match sent.Value with
                        | Error f -> fail f
                        | Ok ran ->
                            let! waited =
                                match target with
                                | Some q when ran && step.Job <> NoJob -> r.WaitJob(number, step.Job, q, highest)
                                | _ -> Task.FromResult(Ok())

                            match waited with
                            | Error f -> fail f
                            | Ok() ->
                                expected <- after
                                completed <- number
                                do! afterEach number
                                onEvent (StatementFinished(number, options.Now() - started))

            match failure with
            | Some f -> return Error f
            | None -> return Ok completed
        }

    /// <summary>Waits until no ALTER job runs on a table (a job still running from an earlier, interrupted run).</summary>
    /// <param name="session">The session.</param>
    /// <param name="options">Polling and timeout.</param>
    /// <param name="database">The database of an unqualified table name.</param>
    /// <param name="table">The table.</param>
    /// <param name="onEvent">Progress events.</param>
    /// <param name="ct">Cancels the wait.</param>
    let waitIdle
        (session: ISession)
        (options: ExecutorOptions)
        (database: string)
        (table: QualifiedName)
        (onEvent: ExecutionEvent -> unit)
        (ct: CancellationToken)
        =
        task {
            let r = Run(session, options, DiffOptions.defaults, database, onEvent, ct)
            let! result = r.WaitIdle(0, table)
            return result |> Result.map ignore
        }

    /// <summary>Runs a plan's steps in order and waits for their jobs (see <c>statements</c>). Returns the number of
    /// steps run, or where and why the plan stopped.</summary>
    /// <param name="session">The session to run on.</param>
    /// <param name="options">Polling, timeouts and retries.</param>
    /// <param name="diffOptions">Server release, run mode and default database (to compare states).</param>
    /// <param name="database">The database unqualified names are in.</param>
    /// <param name="actual">The schema the plan was made from.</param>
    /// <param name="plan">The plan.</param>
    /// <param name="onEvent">Progress events.</param>
    /// <param name="ct">Cancels between and during waits.</param>
    let run
        (session: ISession)
        (options: ExecutorOptions)
        (diffOptions: DiffOptions)
        (database: string)
        (actual: Schema)
        (plan: Plan)
        (onEvent: ExecutionEvent -> unit)
        (ct: CancellationToken)
        : Task<Result<int, ExecutionError>> =
        statements
            session
            options
            diffOptions
            database
            actual
            1
            (ExecutableStatement.ofPlan plan)
            (fun _ -> Task.CompletedTask)
            onEvent
            ct
