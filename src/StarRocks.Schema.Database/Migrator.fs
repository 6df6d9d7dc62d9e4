namespace StarRocks.Schema.Database

open System
open System.Threading
open System.Threading.Tasks
open StarRocks.Schema

/// <summary>Why a migration command stopped. Every case says what was done and what was not; none is guessed.</summary>
type MigrationError =
    /// <summary>The planner refused the command: nothing was sent.</summary>
    | PlanRefused of Refusal
    /// <summary>Another run holds the lease (until when, if readable): nothing was sent.</summary>
    | LeaseHeld of owner: string * until: DateTimeOffset option
    /// <summary>Another run wrote the lease at the same time and won: nothing was sent.</summary>
    | LeaseLost of owner: string
    /// <summary>While a revision's part ran, another run took over the lease (this run's had expired): this run
    /// stopped at once, writing nothing more; the statement named is left to the other run to decide.</summary>
    | LeaseTakenOver of owner: string * revision: string * direction: Direction * index: int
    /// <summary>The history table could not be read (it exists, or whether it exists could not be read): nothing was
    /// sent.</summary>
    | HistoryUnreadable of table: string * cause: string
    /// <summary>A write to the history table failed; <c>what</c> says which, and so what was done.</summary>
    | HistoryWriteFailed of table: string * what: string * cause: string
    /// <summary>The server could not be read (its release, or the live schema): nothing was sent.</summary>
    | ServerUnavailable of cause: string
    /// <summary>A statement failed; <c>mayHaveRun</c> says whether it was sent with its outcome unknown (the next run
    /// recognises it first) or certainly did not run (the next run sends it).</summary>
    | StatementFailed of revision: string * direction: Direction * index: int * total: int * error: ExecutionError
    /// <summary>A statement recorded as sent could not be recognised on the server: the run stops rather than guess.</summary>
    | OutcomeUndecided of revision: string * direction: Direction * index: int * sql: string * finding: string
    /// <summary>Cancelled: where the run stopped (revision, direction, statements done of total) and whether the
    /// statement in progress had been sent (its outcome is recognised on the next run).</summary>
    | MigrationCancelled of revision: string * direction: Direction * statementsDone: int * total: int * sent: bool
    /// <summary>Cancelled before any statement was sent.</summary>
    | CancelledBeforeStart
    /// <summary>The run reached its target but the lease row could not be removed (it expires by itself).</summary>
    | LeaseNotReleased of table: string * cause: string
    /// <summary>The run stopped (the error), and its lease row could not be removed either (it expires by itself).</summary>
    | LeaseLeftBehind of error: MigrationError * cause: string

/// <summary>Functions over <see cref="T:StarRocks.Schema.Database.MigrationError"/>.</summary>
[<RequireQualifiedAccess>]
module MigrationError =
    /// <summary>One clear line, with how to go on.</summary>
    let rec describe =
        function
        | LeaseLeftBehind(e, cause) ->
            $"%s{describe e}; its lease row could not be removed either (%s{cause}): it expires by itself"
        | PlanRefused r -> Refusal.describe r + " (nothing was run)"
        | LeaseHeld(owner, until) ->
            let time =
                until
                |> Option.map (fun t -> t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss") + " UTC")
                |> Option.defaultValue "an unreadable time"

            $"another run holds the lease: %s{owner}, until %s{time} (nothing was run)"
        | LeaseLost owner -> $"another run took the lease at the same time: %s{owner} (nothing was run)"
        | LeaseTakenOver(owner, id, d, index) ->
            $"another run (%s{owner}) took over the lease while revision %s{id} (%s{Direction.label d}) was at statement %d{index}: this run stopped without writing more; that statement is decided by the run that holds the lease (or by the next run)"
        | HistoryUnreadable(table, cause) -> $"the history table %s{table} cannot be read: %s{cause} (nothing was run)"
        | HistoryWriteFailed(table, what, cause) -> $"writing the history table %s{table} failed (%s{what}): %s{cause}"
        | ServerUnavailable cause -> $"the server cannot be read: %s{cause} (nothing was run)"
        | StatementFailed(id, d, index, total, e) ->
            let next =
                if ExecutionError.mayHaveRun e then
                    "it may have run: the next run reads the server to decide before sending anything"
                else
                    "it did not run: the next run sends it"

            $"revision %s{id} (%s{Direction.label d}), statement %d{index} of %d{total}: %s{ExecutionError.describe e}; %s{next}"
        | OutcomeUndecided(id, d, index, sql, finding) ->
            $"revision %s{id} (%s{Direction.label d}), statement %d{index} was sent earlier and the server does not show whether it ran (%s{finding}). Check it by hand: if it ran, stamp the database or finish the revision by hand; if it did not, run it by hand. The statement: %s{sql}"
        | MigrationCancelled(id, d, done', total, sent) ->
            let inFlight =
                if sent then
                    $"; statement %d{done' + 1} had been sent: the next run recognises it before sending anything"
                else
                    ""

            $"cancelled: revision %s{id} (%s{Direction.label d}) stopped after %d{done'} of %d{total} statement(s)%s{inFlight}; run %s{Direction.command d} again to resume"
        | CancelledBeforeStart -> "cancelled before any statement was sent"
        | LeaseNotReleased(table, cause) ->
            $"the run finished, but its lease row in %s{table} could not be removed (%s{cause}); it expires by itself"

/// <summary>What a run did.</summary>
type MigrationReport = {
    /// <summary>The index reached (-1: base).</summary>
    Reached: int
    /// <summary>The revisions' parts run, in order.</summary>
    Ran: (string * Direction) list
}

/// <summary>Options of a migration run.</summary>
type MigratorOptions = {
    /// <summary>Polling, timeouts and retries of the executor.</summary>
    Executor: ExecutorOptions
    /// <summary>Who runs (for the lease).</summary>
    Owner: string
    /// <summary>How long the lease lasts without renewal (renewed before every statement). Default 10 minutes.</summary>
    LeaseDuration: TimeSpan
    /// <summary>How long to wait after writing the lease before reading it back. Default 2 s.</summary>
    LeaseSettle: TimeSpan
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.Database.MigratorOptions"/>.</summary>
[<RequireQualifiedAccess>]
module MigratorOptions =
    /// <summary>Executor defaults; the owner is user@machine:process; a 10-minute lease, read back after 2 s.</summary>
    let defaults = {
        Executor = ExecutorOptions.defaults
        Owner = $"%s{Environment.UserName}@%s{Environment.MachineName}:%d{Environment.ProcessId}"
        LeaseDuration = TimeSpan.FromMinutes 10.0
        LeaseSettle = TimeSpan.FromSeconds 2.0
    }

    /// <summary>Options with the lease duration a project's srschema.json sets (<c>leaseMinutes</c>).</summary>
    let forProject (config: ProjectConfig) (options: MigratorOptions) = {
        options with
            LeaseDuration = TimeSpan.FromMinutes(float config.LeaseMinutes)
    }

/// <summary>The history table in StarRocks: a PRIMARY KEY table (an INSERT of an existing key replaces the row, so
/// every write of a row is one atomic upsert), one row per revision with its journal (statements done, the statement
/// in progress with its checksum and outcome, the job), and one row for the lease.</summary>
[<RequireQualifiedAccess>]
module History =
    /// <summary>The key of the lease row.</summary>
    [<Literal>]
    let LockKey = "__lock__"

    /// <summary>The journal's columns, which srschema releases before the journal did not create (added on the first
    /// run that writes).</summary>
    let journalColumns = [ "statement_index"; "statement_checksum"; "outcome"; "error" ]

    /// <summary>The history table as a model: a PRIMARY KEY table of one bucket, with the given properties.</summary>
    let model (table: string) (properties: Map<string, string>) : Table =
        let column name sqlType comment =
            Define.column name sqlType |> Define.nullable |> Define.columnComment comment

        let history =
            Define.table "history" [
                Define.column "revision" "VARCHAR(64)"
                |> Define.notNull
                |> Define.columnComment "revision id, or __lock__ for the lease"
                column "parent" "VARCHAR(64)" ""
                column "message" "VARCHAR(1024)" ""
                column "checksum" "VARCHAR(64)" ""
                column "state" "VARCHAR(16)" "applied, upgrading or downgrading"
                column "statements_done" "INT" ""
                column "owner" "VARCHAR(256)" ""
                column "expires_at" "DATETIME" ""
                column "job_id" "VARCHAR(64)" "the job of the statement in progress"
                column "updated_at" "DATETIME" ""
                column "statement_index" "INT" "the statement in progress (1-based)"
                column "statement_checksum" "VARCHAR(64)" ""
                column "outcome" "VARCHAR(16)" "none, sent, failed or unknown"
                column "error" "VARCHAR(1024)" ""
            ]
            |> Define.primaryKey [ "revision" ]
            |> Define.hashDistributed [ "revision" ] (Some 1)

        {
            history with
                Name = QualifiedName.ofName (Name.create table)
                Properties = properties
        }

    /// <summary>The CREATE TABLE IF NOT EXISTS statement of the history table (its model, rendered).</summary>
    let createSql (table: string) (properties: Map<string, string>) =
        let create = (Render.table (model table properties)).TrimEnd().TrimEnd(';')
        "CREATE TABLE IF NOT EXISTS" + create.Substring "CREATE TABLE".Length

    let private datetime (t: DateTimeOffset) =
        t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Globalization.CultureInfo.InvariantCulture)

    let private parseTime (text: string) =
        match
            DateTime.TryParse(
                text,
                Globalization.CultureInfo.InvariantCulture,
                Globalization.DateTimeStyles.AssumeUniversal
                ||| Globalization.DateTimeStyles.AdjustToUniversal
            )
        with
        | true, t -> Some(DateTimeOffset(t, TimeSpan.Zero))
        | _ -> None

    /// <summary>The history table, read.</summary>
    type Read = {
        /// <summary>The rows, typed.</summary>
        History: MigrationHistory
        /// <summary>The journal's columns the table lacks (written by an earlier srschema).</summary>
        Missing: string list
    }

    /// The typed rows of a result set; an error names the row and what is wrong with it.
    let private decode (result: ResultSet) : Result<MigrationHistory, string> =
        let has (c: string) =
            result.Columns
            |> List.exists (fun x -> x.Equals(c, StringComparison.OrdinalIgnoreCase))

        let journaled = has "outcome"

        let decodeRow (row: string -> string option) =
            let text c = row c |> Option.defaultValue ""
            let id = text "revision"

            let number (c: string) =
                match row c with
                | None -> Ok 0
                | Some v ->
                    match Int32.TryParse v with
                    | true, n -> Ok n
                    | _ -> Error $"row %s{id}: %s{c} is '%s{v}', not a number"

            let direction =
                match text "state" with
                | "applied" -> Ok None
                | "upgrading" -> Ok(Some Up)
                | "downgrading" -> Ok(Some Down)
                | other -> Error $"row %s{id}: state '%s{other}' is none of applied, upgrading, downgrading"

            if id = LockKey then
                Ok(
                    Choice2Of2 {
                        Owner = text "owner"
                        ExpiresAt = parseTime (text "expires_at")
                    }
                )
            else
                match direction, number "statements_done", number "statement_index" with
                | Error e, _, _
                | _, Error e, _
                | _, _, Error e -> Error e
                | Ok direction, Ok done', Ok index ->
                    let intent =
                        match direction, journaled, row "outcome" with
                        | None, _, _ -> Ok None
                        | Some _, false, _
                        | Some _, true, None ->
                            Ok(
                                Some {
                                    Index = done' + 1
                                    Checksum = ""
                                    Outcome = Unrecorded
                                }
                            )
                        | Some _, true, Some "none" -> Ok None
                        | Some _, true, Some outcome ->
                            let recorded o =
                                Ok(
                                    Some {
                                        Index = index
                                        Checksum = text "statement_checksum"
                                        Outcome = o
                                    }
                                )

                            match outcome with
                            | "sent" -> recorded Sent
                            | "failed" -> recorded (Failed(text "error"))
                            | "unknown" -> recorded (Unknown(text "error"))
                            | other -> Error $"row %s{id}: outcome '%s{other}' is none of none, sent, failed, unknown"

                    intent
                    |> Result.map (fun intent ->
                        Choice1Of2 {
                            Revision = id
                            Parent = row "parent" |> Option.filter ((<>) "")
                            Message = text "message"
                            Checksum = text "checksum"
                            State =
                                (match direction with
                                 | None -> Applied
                                 | Some d -> InProgress(d, done', intent))
                            JobId = row "job_id" |> Option.filter ((<>) "")
                        })

        let rows = ResultSet.records result |> List.map decodeRow

        match
            rows
            |> List.choose (function
                | Error e -> Some e
                | Ok _ -> None)
        with
        | [] ->
            let decoded =
                rows
                |> List.choose (function
                    | Ok r -> Some r
                    | Error _ -> None)

            Ok {
                Entries =
                    decoded
                    |> List.choose (function
                        | Choice1Of2 e -> Some e
                        | Choice2Of2 _ -> None)
                Lease =
                    decoded
                    |> List.tryPick (function
                        | Choice2Of2 l -> Some l
                        | Choice1Of2 _ -> None)
            }
        | errors -> Error(String.concat "; " errors)

    /// <summary>Reads a history table known to exist (one query).</summary>
    let readTable (session: ISession) (database: string) (table: string) (ct: CancellationToken) =
        task {
            match! session.Query($"SELECT * FROM %s{Sql.identifier database}.%s{Sql.identifier table}", ct) with
            | Error e -> return Error(HistoryUnreadable(table, SessionError.describe e))
            | Ok result ->
                match decode result with
                | Error e -> return Error(HistoryUnreadable(table, e))
                | Ok history ->
                    let present (c: string) =
                        result.Columns
                        |> List.exists (fun x -> x.Equals(c, StringComparison.OrdinalIgnoreCase))

                    return
                        Ok {
                            History = history
                            Missing = journalColumns |> List.filter (present >> not)
                        }
        }

    /// <summary>Reads the history table. Only a table that does not exist (per <c>information_schema.tables</c>)
    /// means base; any other failure is an error naming the table and the cause.</summary>
    let read
        (session: ISession)
        (database: string)
        (table: string)
        (ct: CancellationToken)
        : Task<Result<Read, MigrationError>> =
        task {
            match! Reflect.objectNames session database ct with
            | Error e -> return Error(HistoryUnreadable(table, SessionError.describe e))
            | Ok names when
                not (
                    names
                    |> List.exists (fun n -> n.Equals(table, StringComparison.OrdinalIgnoreCase))
                )
                ->
                return
                    Ok {
                        History = MigrationHistory.empty
                        Missing = []
                    }
            | Ok _ -> return! readTable session database table ct
        }

    /// <summary>Reads the lease row alone (one query, for a table known to exist): who holds the lease now.</summary>
    let readLease
        (session: ISession)
        (database: string)
        (table: string)
        (ct: CancellationToken)
        : Task<Result<Lease option, MigrationError>> =
        task {
            let sql =
                $"SELECT * FROM %s{Sql.identifier database}.%s{Sql.identifier table} WHERE revision = %s{Sql.literal LockKey}"

            match! session.Query(sql, ct) with
            | Error e -> return Error(HistoryUnreadable(table, SessionError.describe e))
            | Ok result ->
                match decode result with
                | Error e -> return Error(HistoryUnreadable(table, e))
                | Ok history -> return Ok history.Lease
        }

    let private insert (table: string) (now: DateTimeOffset) (values: (string * string option) list) =
        let value (v: string option) =
            match v with
            | Some s -> Sql.literal s
            | None -> "NULL"

        let written = values @ [ "updated_at", Some(datetime now) ]
        let names = written |> List.map fst |> String.concat ", "
        let texts = written |> List.map (snd >> value) |> String.concat ", "
        $"INSERT INTO %s{Sql.identifier table} (%s{names}) VALUES (%s{texts})"

    /// <summary>The INSERT (an upsert: the table has a primary key) that writes a revision's row.</summary>
    let entrySql (table: string) (owner: string) (now: DateTimeOffset) (e: HistoryEntry) =
        let state, done', intent =
            match e.State with
            | Applied -> "applied", None, None
            | InProgress(d, n, intent) -> Direction.progressive d, Some n, Some intent

        let outcome, error =
            match intent with
            | None
            | Some None -> (if intent.IsSome then Some "none" else None), None
            | Some(Some i) ->
                match i.Outcome with
                | Sent -> Some "sent", None
                | Failed m -> Some "failed", Some m
                | Unknown m -> Some "unknown", Some m
                | Unrecorded -> None, None

        let index, checksum =
            match intent with
            | Some(Some i) when i.Outcome <> Unrecorded -> Some(string i.Index), Some i.Checksum
            | _ -> None, None

        let clip (n: int) (s: string) =
            if s.Length > n then s.Substring(0, n) else s

        insert table now [
            "revision", Some e.Revision
            "parent", e.Parent
            "message", Some(clip 1024 e.Message)
            "checksum", Some e.Checksum
            "state", Some state
            "statements_done", done' |> Option.map string
            "owner", Some owner
            "job_id", e.JobId
            "statement_index", index
            "statement_checksum", checksum
            "outcome", outcome
            "error", error |> Option.map (clip 1024)
        ]

    /// <summary>The INSERT that writes the lease row.</summary>
    let leaseSql (table: string) (now: DateTimeOffset) (lease: Lease) =
        insert table now [
            "revision", Some LockKey
            "state", Some "lock"
            "owner", Some lease.Owner
            "expires_at", lease.ExpiresAt |> Option.map datetime
        ]

    let private execute (session: ISession) (table: string) (what: string) (sql: string) (ct: CancellationToken) =
        task {
            match! session.Execute(sql, ct) with
            | Ok() -> return Ok()
            | Error e -> return Error(HistoryWriteFailed(table, what, SessionError.describe e))
        }

    /// <summary>Writes a revision's row; <c>what</c> says what the write records, for the error.</summary>
    let write session table owner now (e: HistoryEntry) what ct =
        execute session table what (entrySql table owner now e) ct

    /// <summary>Writes the lease row.</summary>
    let writeLease session table now (lease: Lease) ct =
        execute session table "the lease" (leaseSql table now lease) ct

    /// <summary>Deletes a row.</summary>
    let delete session (table: string) (revision: string) what ct =
        execute session table what $"DELETE FROM %s{Sql.identifier table} WHERE revision = %s{Sql.literal revision}" ct

    /// <summary>Deletes the lease row if it is still this owner's (one statement: another run's lease is never
    /// removed).</summary>
    let deleteLease session (table: string) (owner: string) ct =
        execute
            session
            table
            "releasing the lease"
            $"DELETE FROM %s{Sql.identifier table} WHERE revision = %s{Sql.literal LockKey} AND owner = %s{Sql.literal owner}"
            ct

    /// <summary>A live schema without the history table (the tool's own, not part of any model).</summary>
    let exclude (table: string) (schema: Schema) = {
        schema with
            Tables = schema.Tables |> Map.filter (fun q _ -> Name.value q.Name <> table)
    }

    /// <summary>True when a lease's expiry is past (or unreadable).</summary>
    let expired (now: DateTimeOffset) (lease: Lease) =
        lease.ExpiresAt |> Option.forall (fun t -> t <= now)

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

            match! History.deleteLease session table options.Owner CancellationToken.None with
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

    /// <summary>Renews the lease: refused when the lease row names another owner (ours expired and was taken), so a
    /// run never goes on under another's lease.</summary>
    let renew (session: ISession) (config: ProjectConfig) (options: MigratorOptions) =
        task {
            let table = config.HistoryTable

            match! History.readLease session config.Database table CancellationToken.None with
            | Error e -> return Error e
            | Ok lease ->
                match lease with
                | Some lease when lease.Owner <> options.Owner -> return Error(LeaseLost lease.Owner)
                | _ ->
                    let now = options.Executor.Now()

                    return!
                        History.writeLease
                            session
                            table
                            now
                            {
                                Owner = options.Owner
                                ExpiresAt = Some(now + options.LeaseDuration)
                            }
                            CancellationToken.None
        }

    /// Runs a body holding the lease: prepares the history table, takes the lease, adds the journal's columns to an
    /// earlier srschema's table, runs the body, and gives the lease back whenever it may have been written, whatever
    /// happened (an exception is rethrown after; a failed release is reported with the body's error).
    let private withLease
        (session: ISession)
        (config: ProjectConfig)
        (options: MigratorOptions)
        (diffOptions: DiffOptions)
        (ct: CancellationToken)
        (body: MigrationHistory -> Task<Result<'T, MigrationError>>)
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
                                    let! result = body held.History
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

    /// <summary>The statements of a revision part, as the executor runs them.</summary>
    let private executable (s: MigrationStatement) =
        let ops = s.Operations |> Option.defaultValue []

        {
            Sql = s.Sql
            Operations = ops
            Job = Operation.statementJob ops
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

    /// One revision's part: recognise the statement in progress, then send the rest, journaling each.
    let private runStep
        (session: ISession)
        (project: MigrationProject)
        (options: MigratorOptions)
        (diffOptions: DiffOptions)
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
        let entry = HistoryEntry.ofRevision r
        // the job the journal holds for this part: what every row written for it keeps
        let jobId = ref step.JobId

        let progress (k: int) intent =
            entry (InProgress(step.Direction, k, intent)) jobId.Value

        let write (e: HistoryEntry) what =
            History.write session table options.Owner (now ()) e what CancellationToken.None

        // the lease is renewed before every statement and during long waits (at most every quarter of its duration).
        // Another run holding it stops this run without another history write; a renewal that merely fails is let go
        // while the lease is still valid, and tried again.
        let lastRenewal = ref (now ())
        let renewed = ref (now ())
        let leaseLost: MigrationError option ref = ref None

        let renewAt (index: int) : Task<Result<unit, MigrationError>> =
            task {
                lastRenewal.Value <- now ()

                match! renew session config options with
                | Ok() ->
                    renewed.Value <- now ()
                    return Ok()
                | Error(LeaseLost owner) ->
                    let lost = LeaseTakenOver(owner, r.Id, step.Direction, index)
                    leaseLost.Value <- Some lost
                    return Error lost
                | Error _ when now () < renewed.Value + options.LeaseDuration -> return Ok()
                | Error e ->
                    let lost =
                        HistoryWriteFailed(table, "renewing the lease, which has expired", MigrationError.describe e)

                    leaseLost.Value <- Some lost
                    return Error lost
            }

        let keepAlive (index: int) () =
            if now () - lastRenewal.Value < TimeSpan.FromTicks(options.LeaseDuration.Ticks / 4L) then
                Task.FromResult(Ok())
            else
                task {
                    let! renewal = renewAt index
                    return renewal |> Result.mapError MigrationError.describe
                }

        // the job a statement started is recorded with the row as it stands (k done, the intent)
        let hooks (k: int) (intent: StatementIntent option) = {
            RecordJob =
                fun id ->
                    task {
                        match! write (entry (InProgress(step.Direction, k, intent)) (Some id)) $"job %s{id}" with
                        | Ok() ->
                            jobId.Value <- Some id
                            return Ok()
                        | Error e -> return Error(MigrationError.describe e)
                    }
            KeepAlive = keepAlive (k + 1)
        }

        let failed (s: PlannedStatement) (e: ExecutionError) =
            StatementFailed(r.Id, step.Direction, s.Index, step.Total, e)

        // sends statements one by one: renew the lease, write the intent, run, write the outcome
        let rec send (expected: Schema) (k: int) (rest: PlannedStatement list) =
            task {
                match rest with
                | [] -> return Ok expected
                | s :: tail ->
                    if ct.IsCancellationRequested then
                        return Error(MigrationCancelled(r.Id, step.Direction, k, step.Total, false))
                    else
                        let intent o =
                            Some {
                                Index = s.Index
                                Checksum = s.Checksum
                                Outcome = o
                            }

                        match! renewAt s.Index with
                        | Error e -> return Error e
                        | Ok() ->
                            match! write (progress k (intent Sent)) $"the intent of statement %d{s.Index}" with
                            | Error e -> return Error e
                            | Ok() ->
                                let statement = executable s.Statement

                                match!
                                    Executor.statement
                                        session
                                        options.Executor
                                        diffOptions
                                        config.Database
                                        expected
                                        s.Index
                                        statement
                                        (hooks k (intent Sent))
                                        event
                                        ct
                                with
                                | Ok started ->
                                    jobId.Value <- started |> Option.orElse jobId.Value

                                    match! write (progress (k + 1) None) $"statement %d{s.Index} done" with
                                    | Error e -> return Error e
                                    | Ok() ->
                                        let after =
                                            Apply.operations statement.Operations expected
                                            |> Result.defaultValue expected

                                        return! send after (k + 1) tail
                                | Error _ when leaseLost.Value.IsSome -> return Error leaseLost.Value.Value
                                | Error e ->
                                    let outcome =
                                        if ExecutionError.mayHaveRun e then
                                            Unknown(ExecutionError.describe e)
                                        else
                                            Failed(ExecutionError.describe e)

                                    // when this write fails too, the intent 'sent' stays, which the next run treats
                                    // the same way (recognise first)
                                    let! recorded = write (progress k (intent outcome)) "the outcome"

                                    let stopped =
                                        match e.Failure with
                                        | Cancelled sent ->
                                            MigrationCancelled(r.Id, step.Direction, k, step.Total, sent)
                                        | _ -> failed s e

                                    match recorded with
                                    | Ok() -> return Error stopped
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

        // the statement an earlier run sent: the server decides, once its table is idle
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
                        let statement = executable s.Statement

                        match!
                            Executor.decide
                                session
                                options.Executor
                                diffOptions
                                config.Database
                                statement
                                before
                                (hooks step.Done None)
                                event
                                ct
                        with
                        | Error _ when leaseLost.Value.IsSome -> return Error leaseLost.Value.Value
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

                            match! write (progress (step.Done + 1) None) $"statement %d{s.Index} done" with
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
                        | Up -> write (entry Applied jobId.Value) "the revision applied"
                        | Down -> History.delete session table r.Id "the revision removed" CancellationToken.None

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

        withLease session config options diffOptions ct (fun history ->
            task {
                match MigrationPlanner.plan project.Chain history direction target with
                | Error refusal -> return Error(PlanRefused refusal)
                | Ok planned ->
                    let! ran =
                        inOrder [] planned.Steps (fun ran step ->
                            task {
                                match! runStep session project options diffOptions live step onEvent ct with
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
            })

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

        withLease session config options (ServerInfo.diffOptions config.Database server) ct (fun history ->
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

                    let! written = inOrder () writes (fun () write -> write ())
                    return written |> Result.map (fun () -> plan.Target)
            })
