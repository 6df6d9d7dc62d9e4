namespace StarRocks.Schema.Database

open System
open System.Threading
open System.Threading.Tasks
open StarRocks.Schema

/// <summary>The lease a migration run holds in the history table: taking it, keeping it (fenced: confirmed before
/// every history write, renewed before every statement and during waits), and giving it back.</summary>
[<RequireQualifiedAccess>]
module MigrationLease =
    /// Creates the history table if needed and reads it.
    let private prepare (session: ISession) (config: ProjectConfig) (ct: CancellationToken) =
        task {
            let table = config.HistoryTable

            match! session.Execute(History.createSql table config.HistoryProperties, ct) with
            | Error e -> return Error(HistoryWriteFailed(table, "creating it", SessionError.describe e))
            | Ok() -> return! History.readTable session config.Database table ct
        }

    /// Adds the journal's columns to a history table an earlier srschema made (one schema-change job, waited for).
    let private carryForward
        (session: ISession)
        (config: ProjectConfig)
        (options: MigratorOptions)
        (diffOptions: DiffOptions)
        (missing: string list)
        (ct: CancellationToken)
        =
        task {
            let table = config.HistoryTable
            let model = History.model table config.HistoryProperties

            let ops = [
                for c in model.Columns do
                    if List.contains (Name.value c.Name) missing then
                        AddColumn(
                            model.Name,
                            {
                                Column = c
                                Key = false
                                Position = None
                            }
                        )
            ]

            if List.isEmpty ops then
                return Ok()
            else
                let legacy = {
                    model with
                        Columns =
                            model.Columns
                            |> List.filter (fun c -> not (List.contains (Name.value c.Name) missing))
                }

                let statement = {
                    Sql = Render.statement ops
                    Operations = ops
                    Job = ColumnJob
                    Label = None
                    IntoFreshTable = false
                }

                match!
                    Executor.statements
                        session
                        options.Executor
                        diffOptions
                        config.Database
                        (Schema.ofDistinct [ TableObject legacy ])
                        1
                        [ statement ]
                        ignore
                        ct
                with
                | Ok _ -> return Ok()
                | Error { Failure = Cancelled _ } -> return Error CancelledBeforeStart
                | Error e ->
                    let columns = String.concat ", " missing

                    return
                        Error(
                            HistoryWriteFailed(
                                table,
                                $"adding the journal's columns %s{columns}",
                                ExecutionError.describe e
                            )
                        )
        }

    /// <summary>Gives the lease back if it is still this run's: one DELETE naming the owner, so another run's lease is
    /// never removed (awaited and checked; never cancelled).</summary>
    let release (session: ISession) (config: ProjectConfig) (options: MigratorOptions) =
        task {
            let table = config.HistoryTable

            // the DELETE names the owner, so sending it again after a lost connection can only remove this run's row
            let! first = History.deleteLease session table options.Owner CancellationToken.None

            let! released =
                match first with
                | Error _ -> History.deleteLease session table options.Owner CancellationToken.None
                | Ok() -> Task.FromResult(Ok())

            match released with
            | Ok() -> return Ok()
            | Error e -> return Error(LeaseNotReleased(table, MigrationError.describe e))
        }

    /// <summary>Takes the lease: refused while another owner holds an unexpired one, or when another owner's write won
    /// the race (read back after <c>LeaseSettle</c>). Returns the history table as read back. <c>written</c> is set once the
    /// lease row may have been written (the caller then releases it). Its limit: two runs that both write within the
    /// settle time and whose writes reach the table in the other order than their reads could both see themselves; the
    /// settle time makes that window small, not zero.</summary>
    let acquire
        (session: ISession)
        (config: ProjectConfig)
        (options: MigratorOptions)
        (history: MigrationHistory)
        (written: bool ref)
        (ct: CancellationToken)
        : Task<Result<History.Read, MigrationError>> =
        task {
            let table = config.HistoryTable
            let now = options.Executor.Now()

            match history.Lease with
            | Some lease when lease.Owner <> options.Owner && not (History.expired now lease) ->
                return Error(LeaseHeld(lease.Owner, lease.ExpiresAt))
            | _ ->
                let mine = {
                    Owner = options.Owner
                    ExpiresAt = Some(now + options.LeaseDuration)
                }

                written.Value <- true

                match! History.writeLease session table now mine ct with
                | Error e -> return Error e
                | Ok() ->
                    do! options.Executor.Delay options.LeaseSettle ct

                    match! History.readTable session config.Database table ct with
                    | Error e -> return Error e
                    | Ok after ->
                        match after.History.Lease with
                        | Some lease when lease.Owner = options.Owner -> return Ok after
                        | Some lease -> return Error(LeaseLost lease.Owner)
                        | None -> return Error(LeaseLost "nobody (the lease row disappeared)")
        }

    /// <summary>Why a run may not go on under its lease.</summary>
    type LeaseProblem =
        /// <summary>The lease row names another run (the holder) or is gone (None): this run's lease was lost.</summary>
        | Lost of holder: string option
        /// <summary>Renewals failed past the grace, or the row could not be read when the lease had to be confirmed.</summary>
        | Unrenewed of MigrationError

    /// <summary>The lease a run holds, fenced: before each statement it is renewed and before each history write
    /// confirmed, both by reading the lease row first. A missing row or another owner's row means the lease was lost
    /// (another run may have continued): it is never written again for this run. A renewal that merely fails is let go
    /// while the last successful one still covers the margin (a quarter of the lease), counted across revisions.</summary>
    type Keeper internal (session: ISession, config: ProjectConfig, options: MigratorOptions) =
        let table = config.HistoryTable
        let now () = options.Executor.Now()
        let margin = TimeSpan.FromTicks(options.LeaseDuration.Ticks / 4L)
        let mutable renewed = now ()
        let mutable tried = now ()
        // once lost, always lost: the lease is never written again for this run
        let mutable lost: LeaseProblem option = None

        /// Whether the last successful renewal still covers the margin: a failed renewal or read is let go while it does.
        let covered () =
            now () + margin < renewed + options.LeaseDuration

        /// Reads the lease row: Ok(Some expiry) when it is this run's, Error(Lost holder) when it is lost.
        let own (session: ISession) =
            task {
                match lost with
                | Some problem -> return Error problem
                | None ->
                    match! History.readLease session config.Database table CancellationToken.None with
                    | Error e -> return Error(Unrenewed e)
                    | Ok(Some l) when l.Owner = options.Owner -> return Ok l.ExpiresAt
                    | Ok other ->
                        let problem = Lost(other |> Option.map (fun l -> l.Owner))
                        lost <- Some problem
                        return Error problem
            }

        /// <summary>Renews the lease on a session (read, then write a new expiry): Error(Lost holder) when it was lost,
        /// Error(Unrenewed e) when renewals failed past the grace.</summary>
        member _.RenewOn(session: ISession) : Task<Result<unit, LeaseProblem>> =
            task {
                tried <- now ()

                let! read = own session

                let! written =
                    match read with
                    | Error e -> Task.FromResult(Error e)
                    | Ok _ ->
                        task {
                            let at = now ()

                            match!
                                History.renewLease
                                    session
                                    table
                                    at
                                    {
                                        Owner = options.Owner
                                        ExpiresAt = Some(at + options.LeaseDuration)
                                    }
                                    CancellationToken.None
                            with
                            | Ok() ->
                                renewed <- at
                                return Ok()
                            | Error e -> return Error(Unrenewed e)
                        }

                match written with
                | Ok() -> return Ok()
                | Error(Lost holder) -> return Error(Lost holder)
                | Error(Unrenewed _) when covered () -> return Ok()
                | Error(Unrenewed e) ->
                    return
                        Error(
                            Unrenewed(
                                HistoryWriteFailed(
                                    table,
                                    "renewing the lease, which is about to expire",
                                    MigrationError.describe e
                                )
                            )
                        )
            }

        /// <summary>Renews the lease on the run's session.</summary>
        member this.Renew() = this.RenewOn session

        /// <summary>Renews the lease on a second session every quarter of its duration until <c>work</c> ends, and
        /// gives its result. A renewal that finds the lease lost or fails past the grace is remembered: the run's
        /// next confirmation stops it.</summary>
        member this.RenewWhile(second: ISession, work: Task<'T>) : Task<'T> =
            task {
                while not work.IsCompleted do
                    // whichever ends first: the statement, or a quarter of the lease
                    let! _first =
                        Task.WhenAny(work, options.Executor.Delay margin CancellationToken.None)

                    if not work.IsCompleted then
                        // a lost lease is remembered by the keeper; a failure past the grace shows at the next confirm
                        match! this.RenewOn second with
                        | Ok()
                        | Error _ -> ()

                return! work
            }

        /// <summary>Confirms, before a history write, that the lease row is this run's and valid for at least the
        /// margin (renewing it when it is not).</summary>
        member this.Confirm() : Task<Result<unit, LeaseProblem>> =
            task {
                match! own session with
                | Error(Lost holder) -> return Error(Lost holder)
                // the row could not be read: the last renewal still covers the margin, as for a failed renewal
                | Error(Unrenewed _) when covered () -> return Ok()
                | Error e -> return Error e
                | Ok(Some until) when until >= now () + margin -> return Ok()
                | Ok _ -> return! this.Renew()
            }

        /// <summary>Reads the lease row and says whether it is still this run's, with no grace: after a fenced write,
        /// the lease still this run's means the write was made (Error(Lost holder): lost; Error(Unrenewed e): the row
        /// could not be read, so whether the write was made is not known).</summary>
        member _.Held() : Task<Result<unit, LeaseProblem>> =
            task {
                match! own session with
                | Ok _ -> return Ok()
                | Error e -> return Error e
            }

        /// <summary>During long waits: renews when a quarter of the lease has passed since the last try.</summary>
        member this.KeepAlive() : Task<Result<unit, LeaseProblem>> =
            if now () - tried < margin then
                Task.FromResult(Ok())
            else
                this.Renew()

    /// Runs a body holding the lease: prepares the history table, takes the lease, adds the journal's columns to an
    /// earlier srschema's table, runs the body, and gives the lease back whenever it may have been written, whatever
    /// happened (an exception is rethrown after; a failed release is reported with the body's error).
    let internal withLease
        (session: ISession)
        (config: ProjectConfig)
        (options: MigratorOptions)
        (diffOptions: DiffOptions)
        (ct: CancellationToken)
        (body: Keeper -> MigrationHistory -> Task<Result<'T, MigrationError>>)
        : Task<Result<'T, MigrationError>> =
        task {
            let written = ref false

            let! outcome =
                task {
                    try
                        match! prepare session config ct with
                        | Error e -> return Choice1Of2(Error e)
                        | Ok read ->
                            match! acquire session config options read.History written ct with
                            | Error e -> return Choice1Of2(Error e)
                            | Ok held ->
                                // under the lease: the columns missing now
                                match! carryForward session config options diffOptions held.Missing ct with
                                | Error e -> return Choice1Of2(Error e)
                                | Ok() ->
                                    let! result = body (Keeper(session, config, options)) held.History
                                    return Choice1Of2 result
                    with
                    | :? OperationCanceledException -> return Choice1Of2(Error CancelledBeforeStart)
                    | ex -> return Choice2Of2 ex
                }

            let! released =
                if written.Value then
                    release session config options
                else
                    Task.FromResult(Ok())

            match outcome, released with
            | Choice2Of2 ex, _ ->
                Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex).Throw()
                return Unchecked.defaultof<_>
            | Choice1Of2(Ok _), Error e -> return Error e
            | Choice1Of2(Error e), Error(LeaseNotReleased(_, cause)) -> return Error(LeaseLeftBehind(e, cause))
            | Choice1Of2 result, _ -> return result
        }
