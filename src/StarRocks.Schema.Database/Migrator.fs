namespace StarRocks.Schema.Database

open System
open System.Threading
open System.Threading.Tasks
open StarRocks.Schema

/// <summary>A row of the history table: a revision applied (or being applied), or the lease.</summary>
type HistoryRow = {
    /// <summary>The revision id (or <c>__lock__</c> for the lease).</summary>
    Revision: string
    /// <summary>Its parent (empty for base).</summary>
    Parent: string
    /// <summary>Its message.</summary>
    Message: string
    /// <summary>The checksum of its file when it was applied.</summary>
    Checksum: string
    /// <summary><c>applied</c>, <c>upgrading</c> or <c>downgrading</c> (the last two: stopped part-way).</summary>
    State: string
    /// <summary>Statements of the part in progress already done.</summary>
    StatementsDone: int
    /// <summary>For the lease: who holds it.</summary>
    Owner: string
    /// <summary>For the lease: until when (UTC, yyyy-MM-dd HH:mm:ss).</summary>
    ExpiresAt: string
    /// <summary>The server job (SHOW ALTER TABLE JobId) of the statement in progress, when it started one.</summary>
    JobId: string
}

/// <summary>The history table in StarRocks: a PRIMARY KEY table (an INSERT of an existing key replaces the row), one
/// row per revision with per-statement progress, and one row for the lease.</summary>
[<RequireQualifiedAccess>]
module History =
    /// <summary>The key of the lease row.</summary>
    [<Literal>]
    let LockKey = "__lock__"

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

    /// The columns a row is read from and written to (updated_at is written with the time of the write).
    let private columns =
        (model "history" Map.empty).Columns
        |> List.map (fun c -> Name.value c.Name)
        |> List.filter ((<>) "updated_at")

    let private datetime (t: DateTimeOffset) =
        t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Globalization.CultureInfo.InvariantCulture)

    /// <summary>Reads every row.</summary>
    let read (session: ISession) (table: string) (ct: CancellationToken) =
        task {
            let sql = $"""SELECT %s{String.concat ", " columns} FROM %s{Sql.identifier table}"""

            let! rows = Session.records session sql ct

            return
                rows
                |> Result.map (
                    List.map (fun row ->
                        let text c = row c |> Option.defaultValue ""

                        {
                            Revision = text "revision"
                            Parent = text "parent"
                            Message = text "message"
                            Checksum = text "checksum"
                            State = text "state"
                            StatementsDone =
                                (match Int32.TryParse(text "statements_done") with
                                 | true, n -> n
                                 | _ -> 0)
                            Owner = text "owner"
                            ExpiresAt = text "expires_at"
                            JobId = text "job_id"
                        })
                )
        }

    /// <summary>Writes a row (an upsert: the table has a primary key).</summary>
    let write (session: ISession) (table: string) (now: DateTimeOffset) (row: HistoryRow) (ct: CancellationToken) =
        let value (s: string) =
            if s = "" then "NULL" else Sql.literal s

        let sql =
            $"""INSERT INTO %s{Sql.identifier table} (%s{String.concat ", " columns}, updated_at) VALUES (%s{Sql.literal row.Revision}, %s{value row.Parent}, %s{value row.Message}, %s{value row.Checksum}, %s{value row.State}, %d{row.StatementsDone}, %s{value row.Owner}, %s{value row.ExpiresAt}, %s{value row.JobId}, %s{Sql.literal (datetime now)})"""

        session.Execute(sql, ct)

    /// <summary>Deletes a row.</summary>
    let delete (session: ISession) (table: string) (revision: string) (ct: CancellationToken) =
        session.Execute($"DELETE FROM %s{Sql.identifier table} WHERE revision = %s{Sql.literal revision}", ct)

    /// <summary>A live schema without the history table (the tool's own, not part of any model).</summary>
    let exclude (table: string) (schema: Schema) = {
        schema with
            Tables = schema.Tables |> Map.filter (fun q _ -> Name.value q.Name <> table)
    }

    /// <summary>A revision's row.</summary>
    let row (r: Revision) (state: string) (done': int) = {
        Revision = r.Id
        Parent = defaultArg r.Parent ""
        Message = r.Message
        Checksum = r.Checksum
        State = state
        StatementsDone = done'
        Owner = ""
        ExpiresAt = ""
        JobId = ""
    }

    /// <summary>The lease row for an owner until a time.</summary>
    let lease (owner: string) (until: DateTimeOffset) = {
        Revision = LockKey
        Parent = ""
        Message = ""
        Checksum = ""
        State = "lock"
        StatementsDone = 0
        Owner = owner
        ExpiresAt = datetime until
        JobId = ""
    }

    /// <summary>True when a lease row's expiry is past.</summary>
    let expired (now: DateTimeOffset) (row: HistoryRow) =
        match
            DateTime.TryParse(
                row.ExpiresAt,
                Globalization.CultureInfo.InvariantCulture,
                Globalization.DateTimeStyles.AssumeUniversal
                ||| Globalization.DateTimeStyles.AdjustToUniversal
            )
        with
        | true, t -> DateTimeOffset(t, TimeSpan.Zero) <= now
        | _ -> true

/// <summary>Where a database stands against a migrations folder.</summary>
type MigrationStatus = {
    /// <summary>The index in the chain of the last fully applied revision (-1: none).</summary>
    Current: int
    /// <summary>A revision stopped part-way: its index, direction (upgrading or downgrading) and statements done.</summary>
    Partial: (int * string * int) option
    /// <summary>Applied revisions whose file changed since (checksum), with their paths.</summary>
    Edited: string list
    /// <summary>History rows of revisions the folder does not have.</summary>
    Unknown: string list
}

/// <summary>Options of a migration run.</summary>
type MigratorOptions = {
    /// <summary>Polling, timeouts and retries of the executor.</summary>
    Executor: ExecutorOptions
    /// <summary>Who runs (for the lease).</summary>
    Owner: string
    /// <summary>How long the lease lasts without renewal (renewed after every statement). Default 10 minutes.</summary>
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

/// <summary>Runs migrations against a server with the history table: upgrade and downgrade (resumable at the
/// statement that failed), stamp, status.</summary>
[<RequireQualifiedAccess>]
module Migrator =
    /// <summary>Where the database stands: from the history rows and the ordered chain.</summary>
    let status (chain: Revision list) (rows: HistoryRow list) : MigrationStatus =
        let rows = rows |> List.filter (fun r -> r.Revision <> History.LockKey)

        let find (r: Revision) =
            rows |> List.tryFind (fun row -> row.Revision = r.Id)

        let applied =
            chain
            |> List.takeWhile (fun r -> (find r |> Option.map (fun row -> row.State)) = Some "applied")

        let current = applied.Length - 1

        let partial =
            chain
            |> List.indexed
            |> List.tryPick (fun (i, r) ->
                match find r with
                | Some row when row.State = "upgrading" || row.State = "downgrading" ->
                    Some(i, row.State, row.StatementsDone)
                | _ -> None)

        {
            Current = current
            Partial = partial
            Edited =
                applied
                |> List.choose (fun r ->
                    match find r with
                    | Some row when row.Checksum <> "" && row.Checksum <> r.Checksum -> Some r.Path
                    | _ -> None)
            Unknown =
                rows
                |> List.filter (fun row -> not (chain |> List.exists (fun r -> r.Id = row.Revision)))
                |> List.map (fun row -> row.Revision)
        }

    let private describe (e: SessionError) = SessionError.describe e

    /// <summary>Takes the lease: fails when another owner holds an unexpired one, or when another owner's write won
    /// the race (read back after <c>LeaseSettle</c>). Its limit: two runs that both write within the settle time and
    /// whose writes reach the table in the other order than their reads could both see themselves; the settle time
    /// makes that window small, not zero.</summary>
    let acquire (session: ISession) (config: ProjectConfig) (options: MigratorOptions) (ct: CancellationToken) =
        task {
            let table = config.HistoryTable

            match! session.Execute(History.createSql table config.HistoryProperties, ct) with
            | Error e -> return Error $"creating the history table: %s{describe e}"
            | Ok() ->
                match! History.read session table ct with
                | Error e -> return Error(describe e)
                | Ok rows ->
                    let now = options.Executor.Now()

                    match rows |> List.tryFind (fun r -> r.Revision = History.LockKey) with
                    | Some lock when lock.Owner <> options.Owner && not (History.expired now lock) ->
                        return Error $"another run holds the lease: %s{lock.Owner}, until %s{lock.ExpiresAt} UTC"
                    | _ ->
                        match!
                            History.write
                                session
                                table
                                now
                                (History.lease options.Owner (now + options.LeaseDuration))
                                ct
                        with
                        | Error e -> return Error(describe e)
                        | Ok() ->
                            do! options.Executor.Delay options.LeaseSettle ct

                            match! History.read session table ct with
                            | Error e -> return Error(describe e)
                            | Ok after ->
                                match after |> List.tryFind (fun r -> r.Revision = History.LockKey) with
                                | Some lock when lock.Owner = options.Owner -> return Ok rows
                                | Some lock ->
                                    return Error $"another run took the lease at the same time: %s{lock.Owner}"
                                | None -> return Error "the lease row disappeared"
        }

    /// <summary>Gives the lease back.</summary>
    let release (session: ISession) (config: ProjectConfig) (ct: CancellationToken) =
        History.delete session config.HistoryTable History.LockKey ct

    /// <summary>The statements of a revision part, as the executor runs them.</summary>
    let private executable (statements: MigrationStatement list) =
        statements
        |> List.map (fun s ->
            let ops = s.Operations |> Option.defaultValue []

            {
                Sql = s.Sql
                Operations = ops
                Job =
                    ops
                    |> List.map Operation.job
                    |> List.tryFind (fun j -> j <> NoJob)
                    |> Option.defaultValue NoJob
            })

    /// <summary>Where a database stands against a project's migrations, from its history table (none yet: base).</summary>
    let readStatus
        (session: ISession)
        (project: MigrationProject)
        (ct: CancellationToken)
        : Task<Result<MigrationStatus, SessionError>> =
        task {
            match! History.read session project.Config.HistoryTable ct with
            | Ok rows -> return Ok(status project.Chain rows)
            | Error(Refused _) -> return Ok(status project.Chain [])
            | Error e -> return Error e
        }

    /// <summary>Moves the database from where it stands to a target index of the chain (-1 = base), revision by
    /// revision, recording each statement in the history table. A revision stopped part-way resumes at the statement
    /// after the last one recorded (a statement already applied is recognised by reading the object and skipped).</summary>
    /// <param name="session">The session.</param>
    /// <param name="config">The project.</param>
    /// <param name="options">Executor options, owner, lease.</param>
    /// <param name="diffOptions">Server release and run mode (to compare states); the database is set from config.</param>
    /// <param name="chain">The ordered revisions.</param>
    /// <param name="target">The target index (-1 = base).</param>
    /// <param name="onEvent">Progress: the revision (id and direction) and the executor's events.</param>
    /// <param name="ct">Cancels the run.</param>
    let migrate
        (session: ISession)
        (config: ProjectConfig)
        (options: MigratorOptions)
        (diffOptions: DiffOptions)
        (chain: Revision list)
        (target: int)
        (onEvent: string * string * ExecutionEvent -> unit)
        (ct: CancellationToken)
        : Task<Result<int, string>> =
        task {
            match! acquire session config options ct with
            | Error e -> return Error e
            | Ok rows ->
                let result =
                    task {
                        let status = status chain rows

                        if not (List.isEmpty status.Edited) then
                            return
                                Error(
                                    "applied migrations were edited since (checksum differs): "
                                    + String.concat ", " status.Edited
                                )
                        elif
                            (match status.Partial with
                             | Some(i, "upgrading", _) -> target < i
                             | Some(i, "downgrading", _) -> target >= i
                             | _ -> false)
                        then
                            let i, state, n = status.Partial.Value
                            let verb = if state = "upgrading" then "upgrade" else "downgrade"

                            return
                                Error
                                    $"revision %s{chain[i].Id} stopped after %d{n} statement(s) while %s{state}: run %s{verb} to finish it first (or repair the database and stamp)"
                        elif not (List.isEmpty status.Unknown) then
                            return
                                Error(
                                    "the database has revisions the migrations folder does not: "
                                    + String.concat ", " status.Unknown
                                )
                        else
                            let diffOptions = {
                                diffOptions with
                                    DefaultDatabase = Name.tryCreate config.Database |> Result.toOption
                            }

                            match! Reflect.database [ session ] config.Database ct with
                            | Error e -> return Error e
                            | Ok live ->
                                // the revisions to run, in order, with the direction and the statements already done
                                let partialAt, partialState, partialDone =
                                    match status.Partial with
                                    | Some(i, state, n) -> i, state, n
                                    | None -> -2, "", 0

                                // a revision stopped while downgrading is still (partly) there: the way down starts at it
                                let top =
                                    if partialState = "downgrading" then
                                        partialAt
                                    else
                                        status.Current

                                let steps = [
                                    if target > status.Current then
                                        for i in status.Current + 1 .. target ->
                                            i,
                                            "up",
                                            (if i = partialAt && partialState = "upgrading" then
                                                 partialDone
                                             else
                                                 0)
                                    else
                                        for i in top .. -1 .. target + 1 ->
                                            i,
                                            "down",
                                            (if i = partialAt && partialState = "downgrading" then
                                                 partialDone
                                             else
                                                 0)
                                ]

                                let table = config.HistoryTable
                                let mutable expected = live.Schema
                                let mutable failure = None
                                let mutable position = status.Current

                                for i, direction, skip in steps do
                                    if failure.IsNone then
                                        let r = chain[i]
                                        let part = if direction = "up" then r.Up else r.Down
                                        let state = if direction = "up" then "upgrading" else "downgrading"
                                        let remaining = executable part |> List.skip (min skip part.Length)

                                        // a resumed statement that already ran (its job finished after the
                                        // interruption) is recognised and not sent again
                                        let! alreadyDone =
                                            task {
                                                match remaining with
                                                | first :: _ when skip > 0 && not first.Operations.IsEmpty ->
                                                    let q = Operation.target first.Operations.Head

                                                    let! _ =
                                                        Executor.waitIdle
                                                            session
                                                            options.Executor
                                                            config.Database
                                                            q
                                                            ignore
                                                            ct

                                                    let after =
                                                        Apply.operations first.Operations expected
                                                        |> Result.defaultValue expected

                                                    let database =
                                                        q.Database
                                                        |> Option.map Name.value
                                                        |> Option.defaultValue config.Database

                                                    match!
                                                        Executor.matchesOnServer
                                                            session
                                                            diffOptions
                                                            database
                                                            q
                                                            expected
                                                            after
                                                            ct
                                                    with
                                                    | Ok(true, _) -> return 1
                                                    | Ok _
                                                    | Error _ -> return 0
                                                | _ -> return 0
                                            }

                                        let toRun = remaining |> List.skip alreadyDone
                                        let recordedJobs = System.Collections.Generic.HashSet<int * string>()

                                        let record (n: int) =
                                            task {
                                                let now = options.Executor.Now()
                                                let! _ = History.write session table now (History.row r state n) ct

                                                let! _ =
                                                    History.write
                                                        session
                                                        table
                                                        now
                                                        (History.lease options.Owner (now + options.LeaseDuration))
                                                        ct

                                                return ()
                                            }
                                            :> Task

                                        // the revision is under way: the history says so before its first statement
                                        let! _ =
                                            History.write
                                                session
                                                table
                                                (options.Executor.Now())
                                                (History.row r state skip)
                                                ct

                                        for k in 1..alreadyDone do
                                            do! record (skip + k)

                                        let! ran =
                                            Executor.statements
                                                session
                                                options.Executor
                                                diffOptions
                                                config.Database
                                                expected
                                                (skip + alreadyDone + 1)
                                                toRun
                                                record
                                                (fun e ->
                                                    match e with
                                                    | JobProgress(n, _, jobId, _, _) when
                                                        not (recordedJobs.Contains(n, jobId))
                                                        ->
                                                        recordedJobs.Add((n, jobId)) |> ignore

                                                        History.write
                                                            session
                                                            table
                                                            (options.Executor.Now())
                                                            {
                                                                History.row r state (n - 1) with
                                                                    JobId = jobId
                                                            }
                                                            ct
                                                        |> ignore
                                                    | _ -> ()

                                                    onEvent (r.Id, direction, e))
                                                ct

                                        match ran with
                                        | Error e ->
                                            failure <-
                                                Some
                                                    $"revision %s{r.Id} (%s{r.Message}), %s{direction}: %s{ExecutionError.describe e}"
                                        | Ok _ ->
                                            expected <-
                                                part
                                                |> List.fold
                                                    (fun s st ->
                                                        match st.Operations with
                                                        | Some ops -> Apply.operations ops s |> Result.defaultValue s
                                                        | None -> s)
                                                    expected

                                            let now = options.Executor.Now()

                                            if direction = "up" then
                                                let! _ =
                                                    History.write
                                                        session
                                                        table
                                                        now
                                                        (History.row r "applied" part.Length)
                                                        ct

                                                position <- i
                                            else
                                                let! _ = History.delete session table r.Id ct
                                                position <- i - 1

                                match failure with
                                | Some f -> return Error f
                                | None -> return Ok position
                    }

                let! outcome = result
                let! _ = release session config ct
                return outcome
        }

    /// <summary>Records the database as being at a target index (-1 = base) without running anything.</summary>
    let stamp
        (session: ISession)
        (config: ProjectConfig)
        (options: MigratorOptions)
        (chain: Revision list)
        (target: int)
        (ct: CancellationToken)
        =
        task {
            match! acquire session config options ct with
            | Error e -> return Error e
            | Ok rows ->
                let now = options.Executor.Now()

                for row in rows do
                    if row.Revision <> History.LockKey then
                        let! _ = History.delete session config.HistoryTable row.Revision ct
                        ()

                for r in chain |> List.truncate (target + 1) do
                    let! _ =
                        History.write session config.HistoryTable now (History.row r "applied" r.Up.Length) ct

                    ()

                let! _ = release session config ct
                return Ok target
        }
