namespace StarRocks.Schema.Database

open System
open System.Threading
open System.Threading.Tasks
open StarRocks.Schema
open StarRocks.Schema.Database.Watching

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

    /// <summary>True when a refusal says the INSERT's label is taken: a load with it exists (StarRocks
    /// <c>LabelAlreadyUsedException</c>, "Label [l] has already been used.").</summary>
    let isLabelUsed (message: string) =
        message.Contains("has already been used", StringComparison.OrdinalIgnoreCase)

    /// The connection a statement goes out on (SELECT CONNECTION_ID()). Without it a lost reply could not be settled
    /// (whether the statement still runs would not be known), so a server that does not say sends nothing.
    let private connectionId (session: ISession) (ct: CancellationToken) : Task<Result<string, ExecutionFailure>> =
        task {
            let unknown (why: string) =
                Error(
                    StatementRefused
                        $"the server did not give this session's connection id (SELECT CONNECTION_ID(): %s{why}), which deciding a lost reply needs; nothing was sent"
                )

            match! session.Query("SELECT CONNECTION_ID()", ct) with
            | Ok { Rows = (Some id :: _) :: _ } when id <> "" && id |> Seq.forall Char.IsAsciiDigit -> return Ok id
            | Ok _ -> return unknown "no number"
            | Error(Refused(code, m)) -> return unknown $"(%d{code}) %s{m}"
            | Error(ConnectionLost m)
            | Error(Unreachable m) -> return Error(ServerUnreachable m)
        }

    /// What settling found: whether it ran, in words, and the job that decided it.
    type private Settled = {
        Recognition: Recognition
        Finding: string
        JobId: string option
    }

    /// Settles a statement whose outcome is unknown: the connection that sent it must be gone first (its statement
    /// ended: a late job has registered, a load shows its label), then its table idle, then the evidence decides.
    let private settle
        (w: Watch)
        (session: ISession)
        (options: ExecutorOptions)
        (diffOptions: DiffOptions)
        (database: string)
        (number: int)
        (statement: ExecutableStatement)
        (sent: SentStatement)
        (floor: JobFloor option)
        (before: Schema)
        (ct: CancellationToken)
        : Task<Result<Settled, string>> =
        let settled (evidence: Evidence) =
            let recognition = Recognition.decide evidence

            let jobId =
                match recognition, evidence with
                | Ran, ObjectState(Some(OneJob(id, false)), _, _, _) -> Some id
                | _ -> None

            {
                Recognition = recognition
                Finding =
                    (match recognition, jobId with
                     | Ran, Some id -> $"the statement's job %s{id} finished and the object shows its change: it ran"
                     | Ran, None -> "the statement ran"
                     | DidNotRun, _ -> "the statement did not run"
                     | CannotTell finding, _ -> finding)
                JobId = jobId
            }

        task {
            let! gone =
                match sent.ConnectionId with
                | Some id ->
                    w.ConnectionGone(
                        id,
                        (if StatementKind.isInsert statement.Sql then
                             sent.Label
                         else
                             None)
                    )
                // sent by this srschema without a connection id (the server did not give one): whether its
                // statement has ended cannot be told; a row an earlier srschema wrote has neither id nor time
                | None when sent.SentAt.IsSome -> Task.FromResult(Ok false)
                | None -> Task.FromResult(Ok true)

            match gone with
            | Error e -> return Error e
            | Ok false -> return Ok(settled (StillRunning(defaultArg sent.ConnectionId "")))
            | Ok true ->
                let! idle =
                    match statement.Operations |> List.tryHead with
                    | Some op when
                        statement.Job <> NoJob
                        || statement.Operations |> List.exists changesExistingTable
                        ->
                        w.WaitIdle(number, jobTable op)
                    | _ -> Task.FromResult(Ok Map.empty)

                match idle with
                | Error f ->
                    return
                        Error(
                            ExecutionError.describe {
                                Step = number
                                Sql = statement.Sql
                                Failure = f
                            }
                        )
                | Ok _ ->
                    let! evidence =
                        Recognition.gather w session options diffOptions database statement sent floor before ct

                    return evidence |> Result.map settled
        }

    /// <summary>Decides whether a statement an earlier run sent ran (its outcome was not recorded): waits until the
    /// connection that sent it (as the journal recorded it) has gone and its table is idle, then reads the server
    /// (<c>Recognition.gather</c>) and decides (<c>Recognition.decide</c>). Returns the answer and the finding in
    /// words.</summary>
    /// <param name="session">The session.</param>
    /// <param name="options">Polling and timeouts.</param>
    /// <param name="diffOptions">Server release, run mode and default database (to compare states).</param>
    /// <param name="database">The database of unqualified names.</param>
    /// <param name="statement">The statement.</param>
    /// <param name="sent">How it was sent, as recorded.</param>
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
        (sent: SentStatement)
        (before: Schema)
        (hooks: StatementHooks)
        (onEvent: ExecutionEvent -> unit)
        (ct: CancellationToken)
        : Task<Result<Recognition, string>> =
        let w = Watch(session, options, database, hooks, onEvent, ct)

        task {
            let! decided =
                settle w session options diffOptions database 0 statement sent None before ct

            return decided |> Result.map (fun d -> d.Recognition)
        }

    /// <summary>Runs one statement and waits for its job: waits until its table is idle, sends it (again while the
    /// table is busy) with its label if it is an INSERT, on a connection whose id it reads first, with the job floor
    /// read right before each send; finds and waits for the job it started (only the one job above the floor is its
    /// own: several make its outcome unknown). When the connection breaks after sending, the old connection must be
    /// gone, then the table idle, then the evidence (the label's load, the one new job, the object) decides: a
    /// statement that ran is not sent again, one that did not is sent once more, anything else stops with its outcome
    /// unknown; after a lost connection, a later refusal also leaves the outcome unknown. A resend refused because its
    /// label is taken is decided by that load's state. Cancellation is an error too, saying whether the statement had
    /// been sent. Returns the id of the job it started, if any.</summary>
    /// <param name="session">The session to run on.</param>
    /// <param name="options">Polling, timeouts and retries.</param>
    /// <param name="diffOptions">Server release, run mode and default database (to compare states).</param>
    /// <param name="database">The database unqualified names are in.</param>
    /// <param name="before">The schema before the statement.</param>
    /// <param name="number">The statement's number, for events and errors.</param>
    /// <param name="statement">The statement.</param>
    /// <param name="hooks">Records its intent and job and keeps the caller's state alive during waits; an error stops
    /// it.</param>
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
        let w = Watch(session, options, database, hooks, onEvent, ct)
        let target = statement.Operations |> List.tryHead |> Option.map jobTable
        let jobList = jobListOf statement.Job

        let sql, label =
            match statement.Label with
            | Some l when StatementKind.isInsert statement.Sql -> Label.apply l statement.Sql
            | _ -> statement.Sql, None

        let fail f =
            Error {
                Step = number
                Sql = statement.Sql
                Failure = f
            }

        let sent = ref false

        task {
            try
                ct.ThrowIfCancellationRequested()
                let started = options.Now()
                onEvent (StatementStarted(number, statement.Sql))

                let! idle =
                    match target with
                    | Some q when statement.Operations |> List.exists changesExistingTable -> w.WaitIdle(number, q)
                    | _ -> Task.FromResult(Ok Map.empty)

                match idle with
                | Error f -> return fail f
                | Ok _ ->
                    // send, retrying while the table is busy; Ok true = sent and its job to wait for, Ok false = it
                    // ran and has been waited for already (its job, if one decided it, in found)
                    let mutable floor: JobFloor = Map.empty
                    let mutable found: string option = None
                    let mutable attempt = 0
                    let mutable lost = false
                    let mutable reconnects = 0
                    let mutable outcome: Result<bool, ExecutionFailure> option = None

                    // what a lost reply leaves: settled once the old connection is gone
                    let settleLost (how: SentStatement) (m: string) =
                        task {
                            match!
                                settle
                                    w
                                    session
                                    options
                                    diffOptions
                                    database
                                    number
                                    statement
                                    how
                                    (Some floor)
                                    before
                                    ct
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
                                 } when not lost ->
                                onEvent (OutcomeChecked(number, finding))
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
                        }

                    // what the server answered to one send
                    let onReply (how: SentStatement) (reply: Result<unit, SessionError>) =
                        task {
                            match reply with
                            | Ok() -> outcome <- Some(Ok true)
                            | Error(Refused(_, message)) when isBusy message && attempt < options.BusyRetries ->
                                attempt <- attempt + 1

                                let delay =
                                    min
                                        options.MaxPollInterval
                                        (TimeSpan.FromTicks(options.PollInterval.Ticks * int64 attempt))

                                onEvent (Retrying(number, attempt, message, delay))
                                // refused: this send did not run (an earlier one, if any, was found not to have
                                // run)
                                sent.Value <- false

                                match! w.Pause delay with
                                | Error f -> outcome <- Some(Error f)
                                | Ok() -> ()
                            | Error(Refused(_, message)) when isBusy message && not lost ->
                                outcome <- Some(Error(TableBusy message))
                            | Error(Refused(code, message)) when isLabelUsed message && label.IsSome ->
                                // a load with this label exists: the statement reached the server before
                                do! settleLost how $"(%d{code}) %s{message}"

                                if outcome.IsNone then
                                    outcome <-
                                        Some(
                                            Error(
                                                OutcomeUnknown
                                                    $"(%d{code}) %s{message}: a load with its label exists, yet it does not show that it ran"
                                            )
                                        )
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
                                // never resubmit blindly: the old connection gone, the table idle, then the
                                // evidence says what happened
                                do! settleLost how m
                        }

                    while outcome.IsNone do
                        match! connectionId session ct with
                        | Error f -> outcome <- Some(Error f)
                        | Ok connection ->
                            let how = {
                                Label = label
                                SentAt = Some(options.Now())
                                ConnectionId = Some connection
                            }

                            // the job floor right before the send: only a job above it can be the statement's
                            let! floorRead =
                                match target, jobList with
                                | Some q, Some list -> w.Floor(q, list)
                                | _ -> Task.FromResult(Ok Map.empty)

                            match floorRead with
                            | Error e -> outcome <- Some(Error(ServerUnreachable(SessionError.describe e)))
                            | Ok f ->
                                floor <- f

                                match! hooks.BeforeSend how with
                                | Error e -> outcome <- Some(Error(HookFailed e))
                                | Ok() ->
                                    // what the hook did (history writes on this session) may have lost the connection
                                    // and opened another: the statement must go out on the connection recorded, or a
                                    // lost reply would be settled by waiting for the wrong one
                                    let! still = connectionId session ct

                                    match still with
                                    | Error f -> outcome <- Some(Error f)
                                    | Ok now when now <> connection && reconnects < 3 ->
                                        // recorded again, on the connection it now goes out on
                                        reconnects <- reconnects + 1
                                    | Ok now when now <> connection ->
                                        outcome <-
                                            Some(
                                                Error(
                                                    ServerUnreachable
                                                        "the connection changed each time the statement's intent was recorded"
                                                )
                                            )
                                    | Ok _ ->
                                        sent.Value <- true

                                        sent.Value <- true
                                        let! reply = session.Execute(sql, ct)
                                        do! onReply how reply

                    match outcome.Value with
                    | Error f -> return fail f
                    | Ok waitForJob ->
                        let! waited =
                            match target, jobList with
                            | Some q, Some list when waitForJob -> w.WaitJob(number, statement.Job, list, q, floor)
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

    /// <summary>Runs a plan's steps in order and waits for their jobs (see <c>statements</c>); INSERTs are labelled
    /// with a run id of their own. Returns the number of steps run, or where and why the plan stopped.</summary>
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
        let runId = Guid.NewGuid().ToString("N").Substring(0, 12)
        statements session options diffOptions database actual 1 (ExecutableStatement.ofPlan runId plan) onEvent ct
