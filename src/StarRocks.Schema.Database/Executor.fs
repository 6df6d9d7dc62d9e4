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
    /// <summary>The server could not be reached before the statement was sent: it did not run.</summary>
    | ServerUnreachable of message: string
    /// <summary>What the caller does while the statement runs (record its job, keep its lease) failed; the statement
    /// may have been sent.</summary>
    | HookFailed of message: string
    /// <summary>Cancelled (Ctrl-C, a cancellation token): before the statement was sent (it did not run), or after (its
    /// outcome is unknown until it is recognised).</summary>
    | Cancelled of afterSending: bool

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
            | HookFailed m -> $"recording its progress failed: %s{m}"
            | Cancelled false -> "cancelled before it was sent"
            | Cancelled true -> "cancelled after it was sent (its outcome is recognised on the next run)"

        $"step %d{e.Step} failed, %s{why}"

    /// <summary>True when the statement may have run: it was sent and what it did is not known (a lost connection that
    /// reading the object could not settle, a job that outlived its timeout, a cancellation after sending). False when
    /// it certainly did not run (refused, its job cancelled, never sent).</summary>
    let mayHaveRun (e: ExecutionError) =
        match e.Failure with
        | StatementRefused _
        | JobCancelled _
        | TableBusy _
        | ServerUnreachable _
        | Cancelled false -> false
        | JobTimedOut _
        | OutcomeUnknown _
        | HookFailed _
        | Cancelled true -> true

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

/// <summary>What reading the server says about a statement whose outcome is not known.</summary>
type Recognition =
    /// <summary>The server shows the statement's effect.</summary>
    | Ran
    /// <summary>The server shows the state before the statement.</summary>
    | DidNotRun
    /// <summary>What the server shows does not settle it; the finding says why.</summary>
    | CannotTell of finding: string

/// <summary>What the caller does while a statement runs: record the job it started (when first seen), and keep its
/// own state alive during long waits (a lease). Each is awaited; an error stops the statement, whose outcome is then
/// unknown if it had been sent.</summary>
type StatementHooks = {
    /// <summary>Called with the id of the job the statement started.</summary>
    RecordJob: string -> Task<Result<unit, string>>
    /// <summary>Called before each pause while waiting for a table or a job.</summary>
    KeepAlive: unit -> Task<Result<unit, string>>
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.Database.StatementHooks"/>.</summary>
[<RequireQualifiedAccess>]
module StatementHooks =
    /// <summary>Nothing to record, nothing to keep alive.</summary>
    let none = {
        RecordJob = fun _ -> Task.FromResult(Ok())
        KeepAlive = fun () -> Task.FromResult(Ok())
    }

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

    /// The lists of SHOW ALTER TABLE a table's jobs appear in (ROLLUP: synchronous materialized views, which a plan
    /// does not start but which keep a table busy).
    type private JobList =
        | ColumnList
        | OptimizeList
        | RollupList

    let private jobLists = [ ColumnList; OptimizeList; RollupList ]

    let private listName =
        function
        | ColumnList -> "COLUMN"
        | OptimizeList -> "OPTIMIZE"
        | RollupList -> "ROLLUP"

    /// The list the job a statement starts appears in; None when it starts none.
    let private jobListOf =
        function
        | ColumnJob -> Some ColumnList
        | OptimizeJob -> Some OptimizeList
        | RollupJob -> Some RollupList
        | NoJob -> None

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
        | DropTable _
        | CreateSyncMaterializedView _ -> true
        | _ -> Operation.form op = AlterTableClause

    /// The table whose jobs a statement waits for: its target, or a synchronous materialized view's base table (the
    /// ROLLUP job that builds the view is the table's).
    let private jobTable (op: Operation) =
        match op with
        | CreateSyncMaterializedView m -> {
            m.Base with
                Database = m.Base.Database |> Option.orElse m.Name.Database
          }
        | _ -> Operation.target op

    /// The object named q of a schema, named without its database (as SHOW CREATE prints it), alone in a schema.
    let private objectNamed (q: QualifiedName) (s: Schema) : Schema =
        let bare = QualifiedName.ofName q.Name

        Schema.objects s
        |> List.filter (fun o -> SchemaObject.name o = q)
        |> List.map (function
            | TableObject t -> TableObject { t with Name = bare }
            | ViewObject v -> ViewObject { v with Name = bare }
            | MaterializedViewObject m -> MaterializedViewObject { m with Name = bare }
            | SyncMaterializedViewObject m -> SyncMaterializedViewObject { m with Name = bare })
        |> Schema.ofDistinct

    let private databaseOf (database: string) (q: QualifiedName) =
        q.Database |> Option.map Name.value |> Option.defaultValue database

    /// What the server prints of the properties a statement sets.
    type private PropertyEvidence =
        | NoPropertiesSet
        | AllShown
        | ShownOtherwise
        | NotShown of key: string

    /// A property SET is judged by the value the server prints, never by "equal to a default": a property that is not
    /// printed has its default value, so the SET did not run unless the value it sets is that default (or might be),
    /// which the server cannot show.
    let private propertyEvidence (mode: RunMode) (operations: Operation list) (now: SchemaObject option) =
        let set =
            operations
            |> List.collect (function
                | SetTableProperties(_, p) ->
                    Map.toList p
                    |> List.map (fun (k, v) -> PropertyOwner.Table, ServerRules.tableProperty k, v)
                | SetMaterializedViewProperties(_, p) ->
                    Map.toList p |> List.map (fun (k, v) -> PropertyOwner.MaterializedView, k, v)
                | _ -> [])

        let printed =
            match now with
            | Some(TableObject t) -> t.Properties
            | Some(MaterializedViewObject m) -> m.Properties
            | _ -> Map.empty
            |> Map.toList
            |> List.map (fun (k, v) -> ServerRules.propertyKey k, ServerRules.propertyValue k v)
            |> Map.ofList

        // Some true: shown with the value set; Some false: the server has another value; None: cannot be told
        let shown =
            set
            |> List.map (fun (owner, k, v) ->
                let value = ServerRules.propertyValue k v

                k,
                match printed.TryFind(ServerRules.propertyKey k), ServerRules.propertyDefault mode owner k with
                | Some p, _ -> Some(p = value)
                | None, Some d when ServerRules.propertyValue k d = value -> None
                | None, _ -> Some false)

        match shown with
        | [] -> NoPropertiesSet
        | _ when shown |> List.forall (fun (_, s) -> s = Some true) -> AllShown
        | _ when shown |> List.forall (fun (_, s) -> s.IsSome) -> ShownOtherwise
        | _ -> NotShown(shown |> List.pick (fun (k, s) -> if s.IsNone then Some k else None))

    let private rowCount (session: ISession) (database: string) (q: QualifiedName) (ct: CancellationToken) =
        task {
            let sql =
                $"SELECT COUNT(*) FROM %s{Sql.identifier (databaseOf database q)}.%s{Sql.identifier (Name.value q.Name)}"

            match! session.Query(sql, ct) with
            | Ok { Rows = (Some n :: _) :: _ } ->
                match Int64.TryParse n with
                | true, v -> return Ok v
                | _ -> return Error $"%s{sql} returned %s{n}"
            | Ok _ -> return Error $"%s{sql} returned no row"
            | Error e -> return Error(SessionError.describe e)
        }

    /// <summary>Reads the server to decide whether a statement whose outcome is unknown ran: the object it changes is
    /// read and compared (by the diff) with the states before and after the statement. A property SET counts as run
    /// only when the server prints the value set, and as not run when it prints another value or none while the value
    /// set is not the property's default; a SET to the default of a property the server does not print cannot be told.
    /// The copy step of a rebuild (<c>INSERT INTO tmp SELECT ...</c>, into a table only it writes, atomically) is
    /// decided by counting rows, and <c>ALTER MATERIALIZED VIEW ... ACTIVE</c> by the view's <c>IS_ACTIVE</c> flag, and
    /// <c>MODIFY PARTITION (*) SET</c> by what <c>SHOW PARTITIONS</c> shows; <c>SWAP WITH</c> by reading both tables,
    /// since either alone can look the same swapped and not. A statement srschema does not model cannot be
    /// decided.</summary>
    /// <param name="session">The session.</param>
    /// <param name="diffOptions">Server release, run mode and default database (to compare states).</param>
    /// <param name="database">The database of unqualified names.</param>
    /// <param name="operations">The statement's operations (empty when srschema does not model it).</param>
    /// <param name="before">The schema before the statement.</param>
    /// <param name="after">The schema after it.</param>
    /// <param name="ct">Cancels the reading.</param>
    let recognise
        (session: ISession)
        (diffOptions: DiffOptions)
        (database: string)
        (operations: Operation list)
        (before: Schema)
        (after: Schema)
        (ct: CancellationToken)
        : Task<Result<Recognition, string>> =
        let ranged =
            ServerRules.allows diffOptions.ServerVersion diffOptions.RunMode Capability.RangeDistribution

        let read (q: QualifiedName) =
            Reflect.object session ranged (databaseOf database q) (Name.value q.Name) ct

        // whether the object read under q's name (or its absence) is what the schema has under that name
        let matches (q: QualifiedName) (now: SchemaObject option) (s: Schema) =
            Plan.isEmpty (Diff.plan diffOptions (now |> Option.toList |> Schema.ofDistinct) (objectNamed q s))

        task {
            match operations with
            | [] ->
                return
                    Ok(
                        CannotTell
                            "srschema does not model this statement, so reading the server cannot tell whether it ran"
                    )
            | [ ActivateMaterializedView q ] ->
                // ACTIVE changes no definition: the server's flag says it
                let sql =
                    $"SELECT IS_ACTIVE FROM information_schema.materialized_views WHERE TABLE_SCHEMA = %s{Sql.literal (databaseOf database q)} AND TABLE_NAME = %s{Sql.literal (Name.value q.Name)}"

                match! session.Query(sql, ct) with
                | Error e -> return Error(SessionError.describe e)
                | Ok { Rows = (Some flag :: _) :: _ } when flag.Equals("true", StringComparison.OrdinalIgnoreCase) ->
                    return Ok Ran
                | Ok { Rows = (Some flag :: _) :: _ } when flag.Equals("false", StringComparison.OrdinalIgnoreCase) ->
                    return Ok DidNotRun
                | Ok _ ->
                    return Ok(CannotTell "information_schema.materialized_views does not say whether it is active")
            | [ SetPartitionProperties(q, props) ] ->
                // MODIFY PARTITION (*) SET changes what SHOW PARTITIONS shows of every partition, not the definition
                let columnOf =
                    function
                    | PropertyKey.ReplicationNum -> Some "ReplicationNum"
                    | PropertyKey.StorageMedium -> Some "StorageMedium"
                    | _ -> None

                let sql =
                    $"SHOW PARTITIONS FROM %s{Sql.identifier (databaseOf database q)}.%s{Sql.identifier (Name.value q.Name)}"

                match! Session.records session sql ct with
                | Error e -> return Error(SessionError.describe e)
                | Ok partitions ->
                    let checks = [
                        for KeyValue(k, v) in props do
                            for p in partitions ->
                                columnOf (ServerRules.propertyKey k)
                                |> Option.bind p
                                |> Option.map (fun shown ->
                                    ServerRules.propertyValue k shown = ServerRules.propertyValue k v)
                    ]

                    return
                        Ok(
                            if checks |> List.forall ((=) (Some true)) then
                                // every partition has the value (none at all: the statement changes nothing)
                                Ran
                            elif checks |> List.contains None then
                                CannotTell "SHOW PARTITIONS does not show the property set"
                            else
                                DidNotRun
                        )
            | [ CreateSyncMaterializedView m ] ->
                // a synchronous materialized view shows in SHOW MATERIALIZED VIEWS, not in SHOW CREATE
                match! Reflect.syncMaterializedViews session (databaseOf database m.Name) ct with
                | Error e -> return Error e
                | Ok views ->
                    return
                        Ok(
                            if views |> List.exists (fun v -> v.Name.Name = m.Name.Name) then
                                Ran
                            else
                                DidNotRun
                        )
            | [ DropMaterializedView q ] when not (before.MaterializedViews.ContainsKey q) ->
                // a synchronous view (or one the state before does not know): still listed by SHOW MATERIALIZED
                // VIEWS, or still shown by SHOW CREATE, it was not dropped
                match! Reflect.syncMaterializedViews session (databaseOf database q) ct with
                | Error e -> return Error e
                | Ok views when views |> List.exists (fun v -> v.Name.Name = q.Name) -> return Ok DidNotRun
                | Ok _ ->
                    match! read q with
                    | Error e -> return Error e
                    | Ok(Some _) -> return Ok DidNotRun
                    | Ok None -> return Ok Ran
            | [ CopyRows(source, target, _) ] ->
                match! rowCount session database target ct with
                | Error e -> return Error e
                | Ok copied when copied > 0L -> return Ok Ran
                | Ok _ ->
                    match! rowCount session database source ct with
                    | Error e -> return Error e
                    // nothing to copy: the copy and its absence are the same table
                    | Ok 0L -> return Ok Ran
                    | Ok _ -> return Ok DidNotRun
            | [ SwapTable(q, other) ] ->
                // a swap changes two tables: one of them alone can look the same before and after (a rebuild's new
                // table that leaves a clause to the server, range distribution for one), so both are read, and a swap
                // still not told apart is left undecided rather than taken as run
                let otherName = { q with Name = other }

                match! read q with
                | Error e -> return Error e
                | Ok first ->
                    match! read otherName with
                    | Error e -> return Error e
                    | Ok second ->
                        let both (s: Schema) =
                            matches q first s && matches otherName second s

                        return
                            Ok(
                                match both after, both before with
                                | true, false -> Ran
                                | false, true -> DidNotRun
                                | true, true ->
                                    CannotTell
                                        "the two tables look the same swapped and not swapped: reading them does not show whether the swap ran"
                                | false, false ->
                                    CannotTell
                                        "the two tables match neither the state before the swap nor the state after"
                            )
            | first :: _ ->
                let q = Operation.target first

                match! read q with
                | Error e -> return Error e
                | Ok now ->
                    let same = matches q now

                    return
                        Ok(
                            match propertyEvidence diffOptions.RunMode operations now, same after, same before with
                            | AllShown, true, _ -> Ran
                            | ShownOtherwise, _, true -> DidNotRun
                            | NotShown key, _, _ ->
                                CannotTell
                                    $"the server does not print the property %s{key}, and the value set is its default: it does not show whether the statement ran"
                            | (AllShown | ShownOtherwise), _, _ ->
                                CannotTell "the object matches neither the state before nor the state after"
                            // the server shows everything the statement sets: also when the state before left it
                            // unset (an explicit sort key, say), skipping it leaves the object as it should be
                            | NoPropertiesSet, true, _ -> Ran
                            | NoPropertiesSet, false, true -> DidNotRun
                            | NoPropertiesSet, false, false ->
                                CannotTell "the object matches neither the state before nor the state after"
                        )
        }

    type private Run
        (
            session: ISession,
            options: ExecutorOptions,
            database: string,
            hooks: StatementHooks,
            onEvent: ExecutionEvent -> unit,
            ct: CancellationToken
        ) =

        /// Before a pause: keep the caller's state alive; an error ends the wait.
        member _.Pause(pause: TimeSpan) : Task<Result<unit, ExecutionFailure>> =
            task {
                match! hooks.KeepAlive() with
                | Error e -> return Error(HookFailed e)
                | Ok() ->
                    do! options.Delay pause ct
                    return Ok()
            }

        member _.Jobs(list: JobList, q: QualifiedName) : Task<Result<JobRow list, SessionError>> =
            task {
                let sql =
                    $"SHOW ALTER TABLE %s{listName list} FROM %s{Sql.identifier (databaseOf database q)} WHERE TableName = %s{Sql.literal (Name.value q.Name)}"

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
        member this.WaitIdle(step: int, q: QualifiedName) : Task<Result<Map<JobList, int64>, ExecutionFailure>> =
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

                            match! this.Pause pause with
                            | Error f -> result <- Some(Error f)
                            | Ok() -> pause <- min options.MaxPollInterval (pause + pause)

                return result.Value
            }

        /// Waits for the job a statement started (a job id above the recorded one); records the job when it is first
        /// seen. The statement was sent: a failure to read the job list leaves its outcome unknown.
        member this.WaitJob(step: int, job: Job, list: JobList, q: QualifiedName, before: Map<JobList, int64>) =
            task {
                let floor = before.TryFind list |> Option.defaultValue 0L
                let started = options.Now()
                let mutable pause = options.PollInterval
                let mutable seen: JobRow option = None
                let mutable result: Result<string option, ExecutionFailure> option = None

                while result.IsNone do
                    match! this.Jobs(list, q) with
                    | Error e ->
                        result <- Some(Error(OutcomeUnknown $"reading its job failed: %s{SessionError.describe e}"))
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
                            result <- Some(Ok None)
                        | [] when seen.IsSome ->
                            // the job's rows are gone (history expired): it ended; FINISHED is the only quiet end
                            result <- Some(Ok(seen |> Option.map (fun j -> j.IdText)))
                        | [] -> ()
                        | first :: _ ->
                            let! recorded =
                                if seen.IsNone then
                                    hooks.RecordJob first.IdText
                                else
                                    Task.FromResult(Ok())

                            seen <- Some first

                            match recorded with
                            | Error e -> result <- Some(Error(HookFailed e))
                            | Ok() ->
                                onEvent (JobProgress(step, job, first.IdText, first.State, first.Progress))

                                match
                                    mine
                                    |> List.tryFind (fun r ->
                                        r.State.Equals("CANCELLED", StringComparison.OrdinalIgnoreCase))
                                with
                                | Some cancelled -> result <- Some(Error(JobCancelled(cancelled.IdText, cancelled.Msg)))
                                | None when mine |> List.forall (fun r -> isFinal r.State) ->
                                    result <- Some(Ok(Some first.IdText))
                                | None when waited > options.JobTimeout ->
                                    result <- Some(Error(JobTimedOut(first.IdText, waited)))
                                | None -> ()

                        if result.IsNone then
                            match! this.Pause pause with
                            | Error f -> result <- Some(Error f)
                            | Ok() -> pause <- min options.MaxPollInterval (pause + pause)

                return result.Value
            }

    /// The highest job id of each list a statement's job could appear in, before it is sent.
    type private JobFloor = Map<JobList, int64>

    /// What deciding found: whether it ran, in words, the job ids the idle wait saw (the floor for sending it again),
    /// and the job it started when a job decided it.
    type private Settled = {
        Recognition: Recognition
        Finding: string
        Floor: JobFloor
        JobId: string option
    }

    /// Decides whether a statement whose outcome is unknown ran: first waits until its table is idle (a job it started
    /// finishes, and SHOW CREATE shows its result), then a job newer than the floor (when known) or the server's
    /// state says, with the finding in words. Any read that fails leaves it undecided.
    let private settle
        (r: Run)
        (session: ISession)
        (diffOptions: DiffOptions)
        (database: string)
        (number: int)
        (statement: ExecutableStatement)
        (floor: JobFloor option)
        (before: Schema)
        (after: Schema)
        (ct: CancellationToken)
        : Task<Result<Settled, string>> =
        let fromServer (seen: JobFloor) =
            task {
                let! decided =
                    recognise session diffOptions database statement.Operations before after ct

                return
                    decided
                    |> Result.map (fun d -> {
                        Recognition = d
                        Finding =
                            (match d with
                             | Ran -> "the statement ran"
                             | DidNotRun -> "the statement did not run"
                             | CannotTell finding -> finding)
                        Floor = seen
                        JobId = None
                    })
            }

        task {
            match statement.Operations |> List.tryHead |> Option.map jobTable with
            | None -> return! fromServer Map.empty
            | Some q ->
                let! idle =
                    if
                        statement.Job <> NoJob
                        || statement.Operations |> List.exists changesExistingTable
                    then
                        r.WaitIdle(number, q)
                    else
                        Task.FromResult(Ok Map.empty)

                match idle, floor, jobListOf statement.Job with
                | Error f, _, _ ->
                    return
                        Error(
                            ExecutionError.describe {
                                Step = number
                                Sql = statement.Sql
                                Failure = f
                            }
                        )
                | Ok highest, Some floor, Some list ->
                    let floorId = floor.TryFind list |> Option.defaultValue 0L

                    match highest.TryFind list with
                    | Some now when now > floorId ->
                        // its job (the first above the floor) exists and has ended: FINISHED ran, CANCELLED changed
                        // nothing
                        match! r.Jobs(list, q) with
                        | Error e -> return Error(SessionError.describe e)
                        | Ok rows ->
                            match rows |> List.filter (fun j -> j.Id > floorId) |> List.sortBy (fun j -> j.Id) with
                            | j :: _ when j.State.Equals("CANCELLED", StringComparison.OrdinalIgnoreCase) ->
                                return
                                    Ok {
                                        Recognition = DidNotRun
                                        Finding = $"the statement's job %s{j.IdText} was cancelled: it did not run"
                                        Floor = highest
                                        JobId = None
                                    }
                            | j :: _ ->
                                return
                                    Ok {
                                        Recognition = Ran
                                        Finding = $"the statement's job %s{j.IdText} exists: it ran"
                                        Floor = highest
                                        JobId = Some j.IdText
                                    }
                            | [] -> return! fromServer highest
                    | _ -> return! fromServer highest
                | Ok highest, _, _ -> return! fromServer highest
        }

    /// <summary>Decides whether a statement an earlier run sent ran (its outcome was not recorded): waits until its
    /// table is idle, then reads the server (<c>recognise</c>).</summary>
    /// <param name="session">The session.</param>
    /// <param name="options">Polling and timeouts.</param>
    /// <param name="diffOptions">Server release, run mode and default database (to compare states).</param>
    /// <param name="database">The database of unqualified names.</param>
    /// <param name="statement">The statement.</param>
    /// <param name="before">The schema before it.</param>
    /// <param name="hooks">What to do during waits.</param>
    /// <param name="onEvent">Progress events.</param>
    /// <param name="ct">Cancels the waits and reads.</param>
    let decide
        (session: ISession)
        (options: ExecutorOptions)
        (diffOptions: DiffOptions)
        (database: string)
        (statement: ExecutableStatement)
        (before: Schema)
        (hooks: StatementHooks)
        (onEvent: ExecutionEvent -> unit)
        (ct: CancellationToken)
        : Task<Result<Recognition, string>> =
        let r = Run(session, options, database, hooks, onEvent, ct)

        let after =
            Apply.operations statement.Operations before |> Result.defaultValue before

        task {
            let! decided = settle r session diffOptions database 0 statement None before after ct
            return decided |> Result.map (fun d -> d.Recognition)
        }

    /// <summary>Runs one statement and waits for its job: waits until its table is idle, sends it (again while the
    /// table is busy), finds and waits for the job it started (recorded through the hooks when first seen). When the
    /// connection breaks after sending, the table is waited for and the server read (a newer job, or the object): a
    /// statement that ran is not sent again, one that did not is sent once more, anything else stops with its outcome
    /// unknown; after a lost connection, a later refusal also leaves the outcome unknown. Cancellation is an error too,
    /// saying whether the statement had been sent. Returns the id of the job it started, if any.</summary>
    /// <param name="session">The session to run on.</param>
    /// <param name="options">Polling, timeouts and retries.</param>
    /// <param name="diffOptions">Server release, run mode and default database (to compare states).</param>
    /// <param name="database">The database unqualified names are in.</param>
    /// <param name="before">The schema before the statement.</param>
    /// <param name="number">The statement's number, for events and errors.</param>
    /// <param name="statement">The statement.</param>
    /// <param name="hooks">Records its job and keeps the caller's state alive during waits; an error stops it.</param>
    /// <param name="onEvent">Progress events.</param>
    /// <param name="ct">Cancels between and during waits (a statement already sent keeps running on the server).</param>
    let statement
        (session: ISession)
        (options: ExecutorOptions)
        (diffOptions: DiffOptions)
        (database: string)
        (before: Schema)
        (number: int)
        (statement: ExecutableStatement)
        (hooks: StatementHooks)
        (onEvent: ExecutionEvent -> unit)
        (ct: CancellationToken)
        : Task<Result<string option, ExecutionError>> =
        let r = Run(session, options, database, hooks, onEvent, ct)
        let sql = statement.Sql
        let target = statement.Operations |> List.tryHead |> Option.map jobTable

        let after =
            Apply.operations statement.Operations before |> Result.defaultValue before

        let fail f =
            Error {
                Step = number
                Sql = sql
                Failure = f
            }

        let sent = ref false

        task {
            try
                ct.ThrowIfCancellationRequested()
                let started = options.Now()
                onEvent (StatementStarted(number, sql))

                let! idle =
                    match target with
                    | Some q when statement.Operations |> List.exists changesExistingTable -> r.WaitIdle(number, q)
                    | _ -> Task.FromResult(Ok Map.empty)

                match idle with
                | Error f -> return fail f
                | Ok seen ->
                    // send, retrying while the table is busy; Ok true = sent and its job to wait for, Ok false = it
                    // ran and has been waited for already (its job, if one decided it, in found)
                    let mutable highest = seen
                    let mutable found: string option = None
                    let mutable attempt = 0
                    let mutable lost = false
                    let mutable outcome: Result<bool, ExecutionFailure> option = None

                    while outcome.IsNone do
                        sent.Value <- true

                        match! session.Execute(sql, ct) with
                        | Ok() -> outcome <- Some(Ok true)
                        | Error(Refused(_, message)) when isBusy message && attempt < options.BusyRetries ->
                            attempt <- attempt + 1

                            let delay =
                                min
                                    options.MaxPollInterval
                                    (TimeSpan.FromTicks(options.PollInterval.Ticks * int64 attempt))

                            onEvent (Retrying(number, attempt, message, delay))
                            // refused: this send did not run (an earlier one, if any, was found not to have run)
                            sent.Value <- false

                            match! r.Pause delay with
                            | Error f -> outcome <- Some(Error f)
                            | Ok() -> ()
                        | Error(Refused(_, message)) when isBusy message -> outcome <- Some(Error(TableBusy message))
                        | Error(Refused(code, message)) when lost ->
                            outcome <-
                                Some(
                                    Error(
                                        OutcomeUnknown
                                            $"(%d{code}) %s{message}, refused when sent again after a lost connection"
                                    )
                                )
                        | Error(Refused(code, message)) ->
                            outcome <- Some(Error(StatementRefused $"(%d{code}) %s{message}"))
                        | Error(Unreachable m) -> outcome <- Some(Error(ServerUnreachable m))
                        | Error(ConnectionLost m) ->
                            // never resubmit blindly: the table idle, a new job or the object says what happened
                            match!
                                settle r session diffOptions database number statement (Some highest) before after ct
                            with
                            | Error e ->
                                outcome <- Some(Error(OutcomeUnknown $"%s{m}; deciding whether it ran failed: %s{e}"))
                            | Ok {
                                     Recognition = Ran
                                     Finding = finding
                                     JobId = job
                                 } ->
                                onEvent (OutcomeChecked(number, finding))
                                found <- job
                                outcome <- Some(Ok false)
                            | Ok {
                                     Recognition = DidNotRun
                                     Finding = finding
                                     Floor = floor
                                 } when not lost ->
                                onEvent (OutcomeChecked(number, finding))
                                // the job of the send again is the first above what the idle wait saw
                                highest <- floor
                                lost <- true
                            | Ok { Recognition = DidNotRun } ->
                                outcome <- Some(Error(OutcomeUnknown $"%s{m}; the connection broke twice"))
                            | Ok {
                                     Recognition = CannotTell _
                                     Finding = finding
                                 } ->
                                onEvent (OutcomeChecked(number, finding))

                                outcome <-
                                    Some(
                                        Error(
                                            OutcomeUnknown
                                                $"%s{m}; %s{finding}: check the object, then rerun from this step"
                                        )
                                    )

                    match outcome.Value with
                    | Error f -> return fail f
                    | Ok waitForJob ->
                        let! waited =
                            match target, jobListOf statement.Job with
                            | Some q, Some list when waitForJob -> r.WaitJob(number, statement.Job, list, q, highest)
                            | _ -> Task.FromResult(Ok found)

                        match waited with
                        | Error f -> return fail f
                        | Ok jobId ->
                            onEvent (StatementFinished(number, options.Now() - started))
                            return Ok jobId
            with :? OperationCanceledException ->
                return fail (Cancelled sent.Value)
        }

    /// <summary>Runs statements in order and waits for their jobs (see <c>statement</c>). <c>actual</c> is the schema
    /// before the first one. Step numbers start at <c>firstStep</c>. Returns the number of the last step run, or where
    /// and why it stopped.</summary>
    /// <param name="session">The session to run on.</param>
    /// <param name="options">Polling, timeouts and retries.</param>
    /// <param name="diffOptions">Server release, run mode and default database (to compare states).</param>
    /// <param name="database">The database unqualified names are in.</param>
    /// <param name="actual">The schema before the first statement.</param>
    /// <param name="firstStep">The number of the first statement (1 for a whole plan).</param>
    /// <param name="statements">The statements.</param>
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
        (onEvent: ExecutionEvent -> unit)
        (ct: CancellationToken)
        : Task<Result<int, ExecutionError>> =
        let rec go (expected: Schema) (number: int) (rest: ExecutableStatement list) =
            task {
                match rest with
                | [] -> return Ok(number - 1)
                | step :: tail ->
                    match!
                        statement
                            session
                            options
                            diffOptions
                            database
                            expected
                            number
                            step
                            StatementHooks.none
                            onEvent
                            ct
                    with
                    | Error e -> return Error e
                    | Ok _ ->
                        let after =
                            Apply.operations step.Operations expected |> Result.defaultValue expected

                        return! go after (number + 1) tail
            }

        go actual firstStep statements

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
        statements session options diffOptions database actual 1 (ExecutableStatement.ofPlan plan) onEvent ct
