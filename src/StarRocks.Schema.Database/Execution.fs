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
    /// <summary>How long to wait, after a lost reply, for the connection that sent the statement to leave <c>SHOW
    /// PROCESSLIST</c> (the statement may still run on it) before killing it. Default 5 minutes.</summary>
    ConnectionGoneTimeout: TimeSpan
    /// <summary>How long after an INSERT was sent its label's absence still means "it did not run": StarRocks keeps a
    /// finished load's label for <c>label_keep_max_second</c> (3 days by default) but may drop it sooner, at a
    /// clean-up (every <c>label_clean_interval_second</c>, 4 h by default) that finds more than
    /// <c>label_keep_max_num</c> (1000) loads in the database. Past this, an absent label cannot tell. Default 1 hour.</summary>
    LabelWindow: TimeSpan
    /// <summary>Waits (Task.Delay by default).</summary>
    Delay: TimeSpan -> CancellationToken -> Task
    /// <summary>The clock (DateTimeOffset.UtcNow by default).</summary>
    Now: unit -> DateTimeOffset
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.Database.ExecutorOptions"/>.</summary>
[<RequireQualifiedAccess>]
module ExecutorOptions =
    /// <summary>1 s first poll, 10 s longest, 2 h per job, 5 s for a job to appear, 10 retries of a busy table, 5
    /// minutes for a lost connection to go, labels trusted for an hour.</summary>
    let defaults = {
        PollInterval = TimeSpan.FromSeconds 1.0
        MaxPollInterval = TimeSpan.FromSeconds 10.0
        JobTimeout = TimeSpan.FromHours 2.0
        JobAppearGrace = TimeSpan.FromSeconds 5.0
        BusyRetries = 10
        ConnectionGoneTimeout = TimeSpan.FromMinutes 5.0
        LabelWindow = TimeSpan.FromHours 1.0
        Delay = fun d ct -> Task.Delay(d, ct)
        Now = fun () -> DateTimeOffset.UtcNow
    }

/// <summary>A statement to run: its SQL, the operations it is (empty for SQL srschema does not model: it is sent as
/// is, without waits), the job it starts, the label an INSERT is sent with, and whether it copies into a table the
/// plan created just before (a rebuild's own new table, which nothing else writes).</summary>
type ExecutableStatement = {
    /// <summary>The statement.</summary>
    Sql: string
    /// <summary>The operations it is; empty when unknown.</summary>
    Operations: Operation list
    /// <summary>The job it starts.</summary>
    Job: Job
    /// <summary>The label an INSERT is sent with when it names none (<c>Label.apply</c>); ignored for other
    /// statements.</summary>
    Label: string option
    /// <summary>True for the copy step of a rebuild: an <c>INSERT ... SELECT</c> into a table created earlier in the
    /// same plan or revision part, so its row count is evidence of the copy.</summary>
    IntoFreshTable: bool
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.Database.ExecutableStatement"/>.</summary>
[<RequireQualifiedAccess>]
module ExecutableStatement =
    /// <summary>True when the copy into <c>target</c> follows a statement, among <c>earlier</c>, that created it.</summary>
    let copiesIntoCreated (earlier: Operation list) (operations: Operation list) =
        match operations with
        | [ CopyRows(_, target, _) ] ->
            earlier
            |> List.exists (function
                | CreateTable t -> t.Name = target
                | _ -> false)
        | _ -> false

    /// <summary>The statements of a plan; INSERTs are labelled <c>srschema_&lt;run&gt;_&lt;step&gt;_...</c> from a run
    /// id (one per run of a plan).</summary>
    let ofPlan (runId: string) (plan: Plan) =
        plan.Steps
        |> List.mapi (fun i s -> i, s)
        |> List.map (fun (i, s) -> {
            Sql = Plan.statement s
            Operations = s.Operations
            Job = s.Job
            Label = Some(Label.derive $"plan_%d{i + 1}" [ runId; string i; Plan.statement s ])
            IntoFreshTable =
                copiesIntoCreated (plan.Steps |> List.truncate i |> List.collect (fun p -> p.Operations)) s.Operations
        })

/// <summary>What is known of how a statement was sent: the label an INSERT carried, when its intent was recorded
/// (just before it was sent), and the server connection it was sent on (<c>CONNECTION_ID()</c>).</summary>
type SentStatement = {
    /// <summary>The label the INSERT was sent with.</summary>
    Label: string option
    /// <summary>When it was sent (at the latest).</summary>
    SentAt: DateTimeOffset option
    /// <summary>The connection it was sent on.</summary>
    ConnectionId: string option
}

/// <summary>What a load label shows (<c>SHOW LOAD WHERE LABEL</c>).</summary>
type LabelState =
    /// <summary>A load with the label FINISHED: the INSERT ran.</summary>
    | LabelFinished
    /// <summary>Every load with the label was CANCELLED: the INSERT did not run.</summary>
    | LabelCancelled
    /// <summary>A load with the label is still going (LOADING, COMMITTED, ...).</summary>
    | LabelRunning of state: string
    /// <summary>No load has the label: never started, or forgotten since.</summary>
    | LabelAbsent

/// <summary>What the server shows of the jobs of a statement's table above the floor recorded before it was sent.</summary>
type JobEvidence =
    /// <summary>No job above the floor.</summary>
    | NoNewJob
    /// <summary>One job above the floor (id, final state).</summary>
    | OneJob of id: string * cancelled: bool
    /// <summary>Several: another client changed the same table; which is the statement's cannot be told.</summary>
    | SeveralJobs of ids: string list

/// <summary>What a property SET shows on the server.</summary>
type PropertyEvidence =
    /// <summary>The statement sets no property.</summary>
    | NoPropertiesSet
    /// <summary>The server prints every value set.</summary>
    | AllShown
    /// <summary>The server prints another value for each (or none, where the value set is not the default).</summary>
    | ShownOtherwise
    /// <summary>The server does not print this property, and the value set is its default: nothing shows it.</summary>
    | NotShown of key: string

/// <summary>The evidence gathered on the server about a statement whose outcome is unknown, once the connection that
/// sent it is gone and its table idle. <c>Recognition.decide</c> turns it into an answer, purely.</summary>
type Evidence =
    /// <summary>A statement that changes no schema and no rows (SET, ANALYZE, REFRESH, ...): sending it again changes
    /// nothing.</summary>
    | Repeatable of verb: string
    /// <summary>A statement the server keeps no trace of (UPDATE, DELETE, an unlabelled INSERT, SQL srschema does not
    /// model); the words say what it is.</summary>
    | NoTrace of what: string
    /// <summary>The statement's operations do not apply to the state before it (the database drifted): what it would
    /// change cannot be compared.</summary>
    | NoStateAfter of reason: string
    /// <summary>A labelled INSERT: its label's state, whether the label may have been forgotten since it was sent,
    /// and for a rebuild's copy into its own new table the rows there and in the source.</summary>
    | Load of label: string option * state: LabelState * mayHaveExpired: bool * freshCopy: (int64 * int64) option
    /// <summary>The old connection outlived the wait and could not be killed, or the server never said which it was
    /// (empty): the statement may still run.</summary>
    | StillRunning of connectionId: string
    /// <summary><c>ALTER MATERIALIZED VIEW ... ACTIVE</c>: the view's IS_ACTIVE flag (None: not shown).</summary>
    | ActiveFlag of active: bool option
    /// <summary><c>MODIFY PARTITION (*) SET</c>: per partition and property, whether SHOW PARTITIONS shows the value
    /// set (None: not shown).</summary>
    | PartitionValues of shown: bool option list
    /// <summary>A synchronous materialized view created or dropped: whether SHOW MATERIALIZED VIEWS (or SHOW CREATE)
    /// still shows it.</summary>
    | SyncViewListed of created: bool * listed: bool
    /// <summary>A SWAP: whether both tables match the state after, and the state before.</summary>
    | Swapped of matchesAfter: bool * matchesBefore: bool
    /// <summary>Any other modelled statement: the jobs above the floor (None: the floor is not known, a later run), the
    /// properties it sets as printed, and whether the object matches the state after and the state before.</summary>
    | ObjectState of jobs: JobEvidence option * properties: PropertyEvidence * matchesAfter: bool * matchesBefore: bool

/// <summary>What reading the server says about a statement whose outcome is not known.</summary>
type Recognition =
    /// <summary>The server shows the statement's effect.</summary>
    | Ran
    /// <summary>The server shows the state before the statement.</summary>
    | DidNotRun
    /// <summary>What the server shows does not settle it; the finding says why.</summary>
    | CannotTell of finding: string

/// <summary>What the caller does while a statement runs: record its intent right before it is sent, record the job it
/// started (when first seen), and keep its own state alive during long waits (a lease). Each is awaited; an error stops the statement, whose outcome is then
/// unknown if it had been sent.</summary>
type StatementHooks = {
    /// <summary>Called right before each send, with the label, the time and the connection it goes out with (a
    /// journal records its intent here); an error stops the statement unsent.</summary>
    BeforeSend: SentStatement -> Task<Result<unit, string>>
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
        BeforeSend = fun _ -> Task.FromResult(Ok())
        RecordJob = fun _ -> Task.FromResult(Ok())
        KeepAlive = fun () -> Task.FromResult(Ok())
    }
