namespace StarRocks.Schema.Database

open System
open System.Threading
open System.Threading.Tasks
open StarRocks.Schema

/// <summary>Runs migrations against a server with the history table: the pure planner decides the steps, and this
/// journaled runner interprets them: before each statement an intent (revision, direction, statement index and
/// checksum) is written, after it the outcome; every write is awaited and checked; a statement that may have run is
/// recognised on the server before anything else is sent.</summary>
[<RequireQualifiedAccess>]
module Migrator =
    /// <summary>Where a database stands against a project's migrations, from its history table (none yet: base).</summary>
    let readStatus
        (session: ISession)
        (project: MigrationProject)
        (ct: CancellationToken)
        : Task<Result<MigrationStatus, MigrationError>> =
        task {
            match! History.read session project.Config.Database project.Config.HistoryTable ct with
            | Error e -> return Error e
            | Ok read ->
                return
                    MigrationPlanner.status project.Chain read.History
                    |> Result.mapError PlanRefused
        }

    /// Runs steps in order, threading a state, until the first error.
    let rec private inOrder
        (state: 'S)
        (items: 'T list)
        (step: 'S -> 'T -> Task<Result<'S, MigrationError>>)
        : Task<Result<'S, MigrationError>> =
        match items with
        | [] -> Task.FromResult(Ok state)
        | item :: rest ->
            task {
                match! step state item with
                | Error e -> return Error e
                | Ok next -> return! inOrder next rest step
            }

    /// The statement of a revision's part as the executor runs it: an INSERT with its label, derived from the
    /// project (database and history table), the revision, the direction, the statement's place and checksum, and the
    /// part's epoch: the same on every run that resumes the part, new when the part is applied again.
    let private executable
        (config: ProjectConfig)
        (step: MigrationStep)
        (epoch: string)
        (earlier: Operation list)
        (s: PlannedStatement)
        =
        let ops = s.Statement.Operations |> Option.defaultValue []
        let d = Direction.label step.Direction

        {
            Sql = s.Statement.Sql
            Operations = ops
            Job = Operation.statementJob ops
            Label =
                Some(
                    Label.derive $"%s{step.Revision.Id}_%s{d}%d{s.Index}" [
                        config.Database
                        config.HistoryTable
                        step.Revision.Id
                        d
                        string s.Index
                        s.Checksum
                        epoch
                    ]
                )
            IntoFreshTable = ExecutableStatement.copiesIntoCreated earlier ops
        }

    /// The schema the chain gives before statement k+1 of a step (offline replay), for recognising a statement.
    let private replayedBefore (chain: Revision list) (step: MigrationStep) (k: int) =
        let below =
            match step.Direction with
            | Up -> List.truncate step.Position chain
            | Down -> List.truncate (step.Position + 1) chain

        let partSoFar = {
            step.Revision with
                Up = MigrationPlanner.part step.Revision step.Direction |> List.truncate k
        }

        Chain.replay below Schema.empty |> Result.bind (Chain.replay [ partSoFar ])

    /// One revision's part: recognise the statement in progress, then send the rest, journaling each. Every history
    /// write is preceded by a check that the lease is still this run's; every statement by a renewal.
    let private runStep
        (session: ISession)
        (project: MigrationProject)
        (options: MigratorOptions)
        (diffOptions: DiffOptions)
        (lease: MigrationLease.Keeper)
        (renewal: unit -> ISession option)
        (live: unit -> Task<Result<Schema, MigrationError>>)
        (step: MigrationStep)
        (onEvent: string * Direction * ExecutionEvent -> unit)
        (ct: CancellationToken)
        : Task<Result<Schema, MigrationError>> =
        let config = project.Config
        let table = config.HistoryTable
        let r = step.Revision
        let now () = options.Executor.Now()
        let event e = onEvent (r.Id, step.Direction, e)
        // the part's epoch: kept from the journal when the part resumes, new when it starts
        let epoch =
            step.Epoch
            |> Option.defaultWith (fun () -> Guid.NewGuid().ToString("N").Substring(0, 16))

        let entry state job = {
            HistoryEntry.ofRevision r state job with
                Epoch =
                    (match state with
                     | Applied -> None
                     | InProgress _ -> Some epoch)
        }

        // the job the journal holds for this part: what every row written for it keeps
        let jobId = ref step.JobId
        // why the run must stop, when a hook found it (the lease lost, a history write failed)
        let stopped: MigrationError option ref = ref None
        let part = MigrationPlanner.part r step.Direction

        let earlier (index: int) =
            part
            |> List.truncate (index - 1)
            |> List.collect (fun s -> s.Operations |> Option.defaultValue [])

        let progress (k: int) intent =
            entry (InProgress(step.Direction, k, intent)) jobId.Value

        let leaseProblem (index: int) (problem: MigrationLease.LeaseProblem) =
            match problem with
            | MigrationLease.Lost holder -> LeaseTakenOver(holder, r.Id, step.Direction, index)
            | MigrationLease.Unrenewed e -> e

        // a history write, fenced: only while the lease is still this run's
        let write (index: int) (e: HistoryEntry) what =
            task {
                match! lease.Confirm() with
                | Error problem -> return Error(leaseProblem index problem)
                | Ok() -> return! History.write session table options.Owner (now ()) e what CancellationToken.None
            }

        let failWith (e: MigrationError) =
            stopped.Value <- Some e
            Error(MigrationError.describe e)

        let hooks (k: int) (s: PlannedStatement) (sent: SentStatement ref) = {
            BeforeSend =
                fun how ->
                    task {
                        sent.Value <- how

                        let intent = {
                            Index = s.Index
                            Checksum = s.Checksum
                            Outcome = Sent
                            Sent = how
                        }

                        match! write s.Index (progress k (Some intent)) $"the intent of statement %d{s.Index}" with
                        | Error e -> return failWith e
                        | Ok() ->
                            // the write is fenced on the server: only a lease still this run's after it shows that
                            // the intent was written and that no other run took over meanwhile; else nothing is sent
                            match! lease.Held() with
                            | Ok() -> return Ok()
                            | Error(MigrationLease.Lost holder) ->
                                return failWith (LeaseTakenOver(holder, r.Id, step.Direction, s.Index))
                            | Error(MigrationLease.Unrenewed e) ->
                                return
                                    failWith (
                                        HistoryWriteFailed(
                                            table,
                                            $"reading the lease back after the intent of statement %d{s.Index}",
                                            MigrationError.describe e
                                        )
                                    )
                    }
            RecordJob =
                fun id ->
                    task {
                        let intent = {
                            Index = s.Index
                            Checksum = s.Checksum
                            Outcome = Sent
                            Sent = sent.Value
                        }

                        match!
                            write s.Index (entry (InProgress(step.Direction, k, Some intent)) (Some id)) $"job %s{id}"
                        with
                        | Ok() ->
                            jobId.Value <- Some id
                            return Ok()
                        | Error e -> return failWith e
                    }
            KeepAlive =
                fun () ->
                    task {
                        match! lease.KeepAlive() with
                        | Ok() -> return Ok()
                        | Error problem -> return failWith (leaseProblem s.Index problem)
                    }
        }

        let failed (s: PlannedStatement) (e: ExecutionError) =
            StatementFailed(r.Id, step.Direction, s.Index, step.Total, e)

        // sends statements one by one: renew the lease, run (the intent is written right before the send), write the
        // outcome
        let rec send (expected: Schema) (k: int) (rest: PlannedStatement list) =
            task {
                match rest with
                | [] -> return Ok expected
                | s :: tail ->
                    if ct.IsCancellationRequested then
                        return Error(MigrationCancelled(r.Id, step.Direction, k, step.Total, false))
                    else
                        match! lease.Renew() with
                        | Error problem -> return Error(leaseProblem s.Index problem)
                        | Ok() ->
                            let statement = executable config step epoch (earlier s.Index) s
                            let sent = ref StatementIntent.unsent

                            let running =
                                Executor.statement
                                    session
                                    options.Executor
                                    diffOptions
                                    config.Database
                                    expected
                                    s.Index
                                    statement
                                    (hooks k s sent)
                                    event
                                    ct

                            // while it runs, the lease is renewed on a second connection (when the options give one)
                            let! ran =
                                if running.IsCompleted then
                                    running
                                else
                                    match renewal () with
                                    | Some second -> lease.RenewWhile(second, running)
                                    | None -> running

                            match ran with
                            | Ok started ->
                                jobId.Value <- started |> Option.orElse jobId.Value

                                match! write s.Index (progress (k + 1) None) $"statement %d{s.Index} done" with
                                | Error e -> return Error e
                                | Ok() ->
                                    let after =
                                        Apply.operations statement.Operations expected |> Result.defaultValue expected

                                    return! send after (k + 1) tail
                            | Error _ when stopped.Value.IsSome -> return Error stopped.Value.Value
                            | Error e ->
                                let outcome =
                                    if ExecutionError.mayHaveRun e then
                                        Unknown(ExecutionError.describe e)
                                    else
                                        Failed(ExecutionError.describe e)

                                let intent = {
                                    Index = s.Index
                                    Checksum = s.Checksum
                                    Outcome = outcome
                                    Sent = sent.Value
                                }

                                // when this write fails too, the intent 'sent' stays, which the next run treats the same
                                // way (recognise first)
                                let! recorded = write s.Index (progress k (Some intent)) "the outcome"

                                let stopped =
                                    match e.Failure with
                                    | Cancelled sent -> MigrationCancelled(r.Id, step.Direction, k, step.Total, sent)
                                    | _ -> failed s e

                                match recorded with
                                | Ok() -> return Error stopped
                                | Error(LeaseTakenOver _ as lost) -> return Error lost
                                | Error w ->
                                    return
                                        Error(
                                            HistoryWriteFailed(
                                                table,
                                                $"the outcome, after: %s{MigrationError.describe stopped}",
                                                MigrationError.describe w
                                            )
                                        )
            }

        // the statement an earlier run sent: the server decides, once the connection that sent it is gone and its
        // table idle
        let recognised () =
            task {
                match step.Recognise with
                | None -> return Ok(step.Done, step.ToSend)
                | Some s ->
                    let undecided finding =
                        OutcomeUndecided(r.Id, step.Direction, s.Index, s.Statement.Sql, finding)

                    match replayedBefore project.Chain step step.Done with
                    | Error e -> return Error(undecided $"the revisions cannot be replayed offline: %s{e}")
                    | Ok before ->
                        let statement = executable config step epoch (earlier s.Index) s

                        let sent =
                            step.Intent
                            |> Option.map (fun i -> i.Sent)
                            |> Option.defaultValue StatementIntent.unsent

                        match!
                            Executor.decide
                                session
                                options.Executor
                                diffOptions
                                config.Database
                                statement
                                sent
                                before
                                (hooks step.Done s (ref sent))
                                event
                                ct
                        with
                        | Error _ when stopped.Value.IsSome -> return Error stopped.Value.Value
                        | Error e ->
                            // still undecided: the next run tries again
                            return
                                Error(
                                    failed s {
                                        Step = s.Index
                                        Sql = s.Statement.Sql
                                        Failure = OutcomeUnknown $"deciding whether it ran failed: %s{e}"
                                    }
                                )
                        | Ok(CannotTell finding) -> return Error(undecided finding)
                        | Ok DidNotRun ->
                            event (OutcomeChecked(s.Index, "it did not run: it is sent now"))
                            return Ok(step.Done, s :: step.ToSend)
                        | Ok Ran ->
                            event (OutcomeChecked(s.Index, "it ran: recorded, not sent again"))

                            match! write s.Index (progress (step.Done + 1) None) $"statement %d{s.Index} done" with
                            | Error e -> return Error e
                            | Ok() -> return Ok(step.Done + 1, step.ToSend)
            }

        task {
            let! ready =
                task {
                    try
                        match! recognised () with
                        | Error e -> return Error e
                        | Ok(k, toSend) ->
                            match! live () with
                            | Error e -> return Error e
                            | Ok expected -> return Ok(k, toSend, expected)
                    with :? OperationCanceledException ->
                        return
                            Error(
                                MigrationCancelled(r.Id, step.Direction, step.Done, step.Total, step.Recognise.IsSome)
                            )
                }

            match ready with
            | Error e -> return Error e
            | Ok(k, toSend, expected) ->
                match! send expected k toSend with
                | Error e -> return Error e
                | Ok after ->
                    let! finished =
                        match step.Direction with
                        | Up -> write step.Total (entry Applied jobId.Value) "the revision applied"
                        | Down ->
                            task {
                                match! lease.Confirm() with
                                | Error problem -> return Error(leaseProblem step.Total problem)
                                | Ok() ->
                                    return!
                                        History.delete session table r.Id "the revision removed" CancellationToken.None
                            }

                    return finished |> Result.map (fun () -> after)
        }

    /// <summary>Upgrades or downgrades: prepares the history table (adding the journal's columns to one an earlier
    /// srschema made), takes the lease, plans (a refusal sends nothing), runs each revision's part through the journal,
    /// and gives the lease back whatever happens. The server (its release and run mode) is read once, by the caller.</summary>
    /// <param name="session">The session.</param>
    /// <param name="project">The project (its config and chain).</param>
    /// <param name="options">Executor options, owner, lease.</param>
    /// <param name="server">The server, as <c>Reflect.server</c> read it.</param>
    /// <param name="direction">Up (upgrade) or down (downgrade).</param>
    /// <param name="target">The target.</param>
    /// <param name="onEvent">Progress: the revision, the direction and the executor's events.</param>
    /// <param name="ct">Cancels between statements and during waits; the run then records where it stopped.</param>
    let migrate
        (session: ISession)
        (project: MigrationProject)
        (options: MigratorOptions)
        (server: ServerInfo)
        (direction: Direction)
        (target: Target)
        (onEvent: string * Direction * ExecutionEvent -> unit)
        (ct: CancellationToken)
        : Task<Result<MigrationReport, MigrationError>> =
        let config = project.Config
        let diffOptions = ServerInfo.diffOptions config.Database server

        // the live schema, read once and only when a part runs; then carried forward by each part
        let liveSchema: Schema option ref = ref None
        // the second connection the lease is renewed on while a statement runs: opened when first needed
        let second: ISession option ref = ref None

        let renewal () =
            match second.Value, options.RenewalSession with
            | Some s, _ -> Some s
            | None, Some connect ->
                second.Value <- Some(connect ())
                second.Value
            | None, None -> None

        let live () =
            task {
                match liveSchema.Value with
                | Some s -> return Ok s
                | None ->
                    match! Reflect.objects [ session ] config.Database server ct with
                    | Error e -> return Error(ServerUnavailable e)
                    | Ok reflected ->
                        liveSchema.Value <- Some reflected.Schema
                        return Ok reflected.Schema
            }

        let runAll (lease: MigrationLease.Keeper) (history: MigrationHistory) =
            task {
                match MigrationPlanner.plan project.Chain history direction target with
                | Error refusal -> return Error(PlanRefused refusal)
                | Ok planned ->
                    let! ran =
                        inOrder [] planned.Steps (fun ran step ->
                            task {
                                match!
                                    runStep session project options diffOptions lease renewal live step onEvent ct
                                with
                                | Error e -> return Error e
                                | Ok after ->
                                    liveSchema.Value <- Some after
                                    return Ok((step.Revision.Id, step.Direction) :: ran)
                            })

                    return
                        ran
                        |> Result.map (fun ran -> {
                            Reached = planned.Target
                            Ran = List.rev ran
                        })
            }

        task {
            let! result = MigrationLease.withLease session config options diffOptions ct runAll

            // the second connection, if one was opened, is closed
            match second.Value with
            | Some s -> do! s.DisposeAsync()
            | None -> ()

            return result
        }

    /// <summary>Records the database as at a target without running anything: the revisions up to it are written
    /// applied, every other row of the chain removed (the way to repair a history after fixing a database by hand).</summary>
    let stamp
        (session: ISession)
        (project: MigrationProject)
        (options: MigratorOptions)
        (server: ServerInfo)
        (target: Target)
        (ct: CancellationToken)
        : Task<Result<int, MigrationError>> =
        let config = project.Config
        let table = config.HistoryTable

        MigrationLease.withLease
            session
            config
            options
            (ServerInfo.diffOptions config.Database server)
            ct
            (fun lease history ->
                task {
                    match MigrationPlanner.stamp project.Chain history target with
                    | Error refusal -> return Error(PlanRefused refusal)
                    | Ok plan ->
                        let writes = [
                            for e in plan.Write ->
                                fun () ->
                                    History.write
                                        session
                                        table
                                        options.Owner
                                        (options.Executor.Now())
                                        e
                                        $"stamping %s{e.Revision} applied"
                                        CancellationToken.None
                            for id in plan.Delete ->
                                fun () -> History.delete session table id $"removing %s{id}" CancellationToken.None
                        ]

                        // each write fenced by the lease, as a run's are
                        let! written =
                            inOrder () writes (fun () write ->
                                task {
                                    match! lease.Confirm() with
                                    | Error(MigrationLease.Lost holder) ->
                                        return Error(LeaseTakenOver(holder, "stamp", Up, 0))
                                    | Error(MigrationLease.Unrenewed e) -> return Error e
                                    | Ok() -> return! write ()
                                })

                        return written |> Result.map (fun () -> plan.Target)
                })
