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
    /// <summary>While a revision's part ran, the lease was lost: its row names another run (<c>holder</c>) or is gone
    /// (None; this run was paused past its expiry and another took over, or removed it). This run stopped at once,
    /// writing nothing more; the statement named is left to the run that holds the lease, or the next one.</summary>
    | LeaseTakenOver of holder: string option * revision: string * direction: Direction * index: int
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
        | LeaseTakenOver(holder, id, d, index) ->
            let row =
                match holder with
                | Some owner -> $"its row names %s{owner}"
                | None -> "its row is gone"

            $"the lease was lost (%s{row}): another run may have continued; this run stopped while revision %s{id} (%s{Direction.label d}) was at statement %d{index}, without writing more; that statement is decided by the run that holds the lease (or by the next run)"
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
    /// <summary>Opens a second connection on which the lease is renewed (every quarter of its duration) while a
    /// statement runs on the first (a long copy, say): then no statement has to finish within the lease. None: the
    /// lease is renewed only between statements and during job waits. The run disposes what it opens.</summary>
    RenewalSession: (unit -> ISession) option
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.Database.MigratorOptions"/>.</summary>
[<RequireQualifiedAccess>]
module MigratorOptions =
    /// <summary>A random id of this process's runs: two processes that share user, machine name and process id
    /// (containers on one host name, each PID 1) still hold different leases.</summary>
    let runId = Guid.NewGuid().ToString("N").Substring(0, 16)

    /// <summary>Executor defaults; the owner is user@machine:process and this process's run id; a 10-minute lease,
    /// read back after 2 s.</summary>
    let defaults = {
        Executor = ExecutorOptions.defaults
        Owner = $"%s{Environment.UserName}@%s{Environment.MachineName}:%d{Environment.ProcessId} run %s{runId}"
        LeaseDuration = TimeSpan.FromMinutes 10.0
        LeaseSettle = TimeSpan.FromSeconds 2.0
        RenewalSession = None
    }

    /// <summary>Options that renew the lease on a second connection, opened with <c>connect</c>, while a statement
    /// runs.</summary>
    let renewingOn (connect: unit -> ISession) (options: MigratorOptions) = {
        options with
            RenewalSession = Some connect
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
    let journalColumns = [
        "statement_index"
        "statement_checksum"
        "outcome"
        "error"
        "epoch"
        "label"
        "connection_id"
        "sent_at"
    ]

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
                column "epoch" "VARCHAR(32)" "the part's epoch: its INSERTs' labels carry it"
                column "label" "VARCHAR(128)" "the load label of the statement in progress"
                column "connection_id" "VARCHAR(32)" "the connection the statement in progress was sent on"
                column "sent_at" "DATETIME" "when the statement in progress was sent"
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
                                    Sent = StatementIntent.unsent
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
                                        Sent = {
                                            Label = row "label" |> Option.filter ((<>) "")
                                            SentAt = row "sent_at" |> Option.bind parseTime
                                            ConnectionId = row "connection_id" |> Option.filter ((<>) "")
                                        }
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
                            Epoch =
                                (match direction with
                                 | None -> None
                                 | Some _ -> row "epoch" |> Option.filter ((<>) ""))
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

    /// The columns and values of a row write, updated_at added.
    let private row (now: DateTimeOffset) (values: (string * string option) list) =
        let value (v: string option) =
            match v with
            | Some s -> Sql.literal s
            | None -> "NULL"

        let written = values @ [ "updated_at", Some(datetime now) ]
        written |> List.map fst |> String.concat ", ", written |> List.map (snd >> value) |> String.concat ", "

    let private insert (table: string) (now: DateTimeOffset) (values: (string * string option) list) =
        let names, texts = row now values
        $"INSERT INTO %s{Sql.identifier table} (%s{names}) VALUES (%s{texts})"

    /// <summary>A row write fenced on the server: the row is written only if, when the server runs the INSERT, the
    /// lease row is still this owner's (<c>INSERT ... SELECT ... FROM</c> the history table <c>WHERE</c> the lease
    /// row is the owner's; no row selected, nothing written). A run paused between its check of the lease and its
    /// write (a hang, a GC, a laptop asleep) so cannot overwrite what the run that took over wrote meanwhile.</summary>
    let private fencedInsert (table: string) (owner: string) (now: DateTimeOffset) values =
        let names, texts = row now values

        $"INSERT INTO %s{Sql.identifier table} (%s{names}) SELECT %s{texts} FROM %s{Sql.identifier table} WHERE state = 'lock' AND owner = %s{Sql.literal owner}"

    /// The columns and values of a revision's row.
    let private entryValues (owner: string) (e: HistoryEntry) =
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

        let index, checksum, sent =
            match intent with
            | Some(Some i) when i.Outcome <> Unrecorded -> Some(string i.Index), Some i.Checksum, i.Sent
            | _ -> None, None, StatementIntent.unsent

        let clip (n: int) (s: string) =
            if s.Length > n then s.Substring(0, n) else s

        [
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
            "epoch", e.Epoch
            "label", sent.Label
            "connection_id", sent.ConnectionId
            "sent_at", sent.SentAt |> Option.map datetime
        ]

    let private leaseValues (lease: Lease) = [
        "revision", Some LockKey
        "state", Some "lock"
        "owner", Some lease.Owner
        "expires_at", lease.ExpiresAt |> Option.map datetime
    ]

    /// <summary>The INSERT that writes the lease row.</summary>
    let leaseSql (table: string) (now: DateTimeOffset) (lease: Lease) = insert table now (leaseValues lease)

    let private execute (session: ISession) (table: string) (what: string) (sql: string) (ct: CancellationToken) =
        task {
            match! session.Execute(sql, ct) with
            | Ok() -> return Ok()
            | Error e -> return Error(HistoryWriteFailed(table, what, SessionError.describe e))
        }

    /// <summary>Writes a revision's row, fenced by the owner's lease (<c>fencedInsert</c>: nothing is written once the
    /// lease row is another's or gone); <c>what</c> says what the write records, for the error. Whether it was
    /// written shows in the lease row: still the owner's afterwards means it was (a lease lost is never the owner's
    /// again).</summary>
    let write session table owner now (e: HistoryEntry) what ct =
        execute session table what (fencedInsert table owner now (entryValues owner e)) ct

    /// <summary>Writes the lease row (taking it: unconditional).</summary>
    let writeLease session table now (lease: Lease) ct =
        execute session table "the lease" (leaseSql table now lease) ct

    /// <summary>Renews the lease row, fenced: written only while the row is still this owner's, so a renewal that
    /// reaches the server after another run took the lease does not take it back.</summary>
    let renewLease session table now (lease: Lease) ct =
        execute session table "the lease" (fencedInsert table lease.Owner now (leaseValues lease)) ct

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
