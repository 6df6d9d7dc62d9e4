namespace StarRocks.Schema.Database

open System
open System.Threading
open System.Threading.Tasks
open StarRocks.Schema

/// Waiting on the server: the jobs of a table (SHOW ALTER TABLE COLUMN | OPTIMIZE | ROLLUP), the connection that sent
/// a statement (SHOW PROCESSLIST), and a load's label (SHOW LOAD).
module internal Watching =
    /// The lists of SHOW ALTER TABLE a table's jobs appear in (ROLLUP: synchronous materialized views, which a plan
    /// does not start but which keep a table busy).
    type internal JobList =
        | ColumnList
        | OptimizeList
        | RollupList

    let internal jobLists = [ ColumnList; OptimizeList; RollupList ]

    let internal listName =
        function
        | ColumnList -> "COLUMN"
        | OptimizeList -> "OPTIMIZE"
        | RollupList -> "ROLLUP"

    /// The list the job a statement starts appears in; None when it starts none.
    let internal jobListOf =
        function
        | ColumnJob -> Some ColumnList
        | OptimizeJob -> Some OptimizeList
        | RollupJob -> Some RollupList
        | NoJob -> None

    /// A job row: id, state, message, progress.
    type internal JobRow = {
        Id: int64
        IdText: string
        State: string
        Msg: string
        Progress: string
    }

    let internal isFinal (state: string) =
        state.Equals("FINISHED", StringComparison.OrdinalIgnoreCase)
        || state.Equals("CANCELLED", StringComparison.OrdinalIgnoreCase)

    /// Statements that change an existing table and so must wait until it has no running job.
    let internal changesExistingTable (op: Operation) =
        match op with
        | DropTable _
        | CreateSyncMaterializedView _ -> true
        | _ -> Operation.form op = AlterTableClause

    /// The table whose jobs a statement waits for: its target, or a synchronous materialized view's base table (the
    /// ROLLUP job that builds the view is the table's).
    let internal jobTable (op: Operation) =
        match op with
        | CreateSyncMaterializedView m -> {
            m.Base with
                Database = m.Base.Database |> Option.orElse m.Name.Database
          }
        | _ -> Operation.target op

    /// The object named q of a schema, named without its database (as SHOW CREATE prints it), alone in a schema.
    let internal objectNamed (q: QualifiedName) (s: Schema) : Schema =
        let bare = QualifiedName.ofName q.Name

        Schema.objects s
        |> List.filter (fun o -> SchemaObject.name o = q)
        |> List.map (function
            | TableObject t -> TableObject { t with Name = bare }
            | ViewObject v -> ViewObject { v with Name = bare }
            | MaterializedViewObject m -> MaterializedViewObject { m with Name = bare }
            | SyncMaterializedViewObject m -> SyncMaterializedViewObject { m with Name = bare })
        |> Schema.ofDistinct

    let internal databaseOf (database: string) (q: QualifiedName) =
        q.Database |> Option.map Name.value |> Option.defaultValue database

    /// The highest job id of each list a statement's job could appear in, before it is sent.
    type JobFloor = Map<JobList, int64>

    type internal Watch
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

                                match newer |> List.map (fun r -> r.Id) |> List.distinct |> List.sort with
                                | [ only ] -> newer |> List.filter (fun r -> r.Id = only)
                                | _ -> newer

                        let waited = options.Now() - started

                        match mine with
                        | a :: b :: _ when seen.IsNone && a.Id <> b.Id ->
                            // another client's job on the same table came and went around the statement's: which one
                            // is the statement's cannot be told, so its outcome is not taken from either
                            let ids =
                                mine |> List.map (fun j -> j.IdText) |> List.distinct |> String.concat ", "

                            result <-
                                Some(
                                    Error(
                                        OutcomeUnknown
                                            $"several jobs (%s{ids}) appeared on `%s{Name.value q.Name}` after it was sent: another client changed the table too, and which job is the statement's cannot be told"
                                    )
                                )
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

        /// The highest job id of a list now (the floor of a statement about to be sent).
        member this.Floor(q: QualifiedName, list: JobList) : Task<Result<JobFloor, SessionError>> =
            task {
                match! this.Jobs(list, q) with
                | Error e -> return Error e
                | Ok rows -> return Ok(Map.ofList [ list, rows |> List.map (fun j -> j.Id) |> List.fold max 0L ])
            }

        /// What the loads with a label show (SHOW LOAD WHERE LABEL).
        member _.Label(label: string) : Task<Result<LabelState, SessionError>> =
            task {
                let sql =
                    $"SHOW LOAD FROM %s{Sql.identifier database} WHERE LABEL = %s{Sql.literal label}"

                match! Session.records session sql ct with
                | Error e -> return Error e
                | Ok rows ->
                    let states =
                        rows
                        |> List.map (fun r -> (r "State" |> Option.defaultValue "").ToUpperInvariant())

                    return
                        Ok(
                            if states |> List.contains "FINISHED" then
                                LabelFinished
                            elif List.isEmpty states then
                                LabelAbsent
                            else
                                match states |> List.tryFind ((<>) "CANCELLED") with
                                | Some running -> LabelRunning running
                                | None -> LabelCancelled
                        )
            }

        /// Whether another connection is still open on the server (SHOW PROCESSLIST); this session's own connection
        /// (a statement sent earlier on it has ended: the protocol runs one at a time) is not.
        member _.Open(connectionId: string) : Task<Result<bool, SessionError>> =
            task {
                match! session.Query("SELECT CONNECTION_ID()", ct) with
                | Ok { Rows = (Some own :: _) :: _ } when own = connectionId -> return Ok false
                | Error((ConnectionLost _ | Unreachable _) as e) -> return Error e
                | _ ->
                    match! Session.records session "SHOW PROCESSLIST" ct with
                    | Error e -> return Error e
                    | Ok rows -> return Ok(rows |> List.exists (fun r -> r "Id" = Some connectionId))
            }

        /// Waits until the connection that sent a statement has left SHOW PROCESSLIST (its statement has ended), or
        /// for a labelled INSERT until the label's load shows; past the timeout the connection is killed and waited for
        /// again. Ok true: gone (or its load visible); Ok false: it would not go.
        member this.ConnectionGone(connectionId: string, label: string option) : Task<Result<bool, string>> =
            task {
                let wait () =
                    task {
                        let started = options.Now()
                        let mutable pause = options.PollInterval
                        let mutable result = None

                        while result.IsNone do
                            let! visible =
                                match label with
                                | Some l ->
                                    task {
                                        match! this.Label l with
                                        | Ok(LabelFinished | LabelCancelled | LabelRunning _) -> return Ok true
                                        | Ok LabelAbsent -> return Ok false
                                        | Error e -> return Error e
                                    }
                                | None -> Task.FromResult(Ok false)

                            match visible with
                            | Error e -> result <- Some(Error(SessionError.describe e))
                            | Ok true -> result <- Some(Ok true)
                            | Ok false ->
                                match! this.Open connectionId with
                                | Error e -> result <- Some(Error(SessionError.describe e))
                                | Ok false -> result <- Some(Ok true)
                                | Ok true when options.Now() - started >= options.ConnectionGoneTimeout ->
                                    result <- Some(Ok false)
                                | Ok true ->
                                    match! this.Pause pause with
                                    | Error(HookFailed m) -> result <- Some(Error m)
                                    | Error _ -> result <- Some(Error "the wait for the old connection stopped")
                                    | Ok() -> pause <- min options.MaxPollInterval (pause + pause)

                        return result.Value
                    }

                match! wait () with
                | Ok false ->
                    // it outlived the wait: kill it (an unknown id means it has just gone), then wait once more
                    match! session.Execute($"KILL CONNECTION %s{connectionId}", ct) with
                    | Error(Refused(code, _)) when code <> 1094 -> return Ok false
                    | Error(ConnectionLost m)
                    | Error(Unreachable m) -> return Error m
                    | _ -> return! wait ()
                | other -> return other
            }
