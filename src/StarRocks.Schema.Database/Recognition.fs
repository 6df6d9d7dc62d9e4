namespace StarRocks.Schema.Database

open System
open System.Threading
open System.Threading.Tasks
open StarRocks.Schema
open StarRocks.Schema.Database.Watching

/// <summary>Deciding whether a statement whose outcome is unknown ran: <c>gather</c> reads the server (once the
/// connection that sent it is gone and its table idle) into typed <c>Evidence</c>, and <c>decide</c>, a pure function,
/// turns the evidence into Ran, DidNotRun or CannotTell with the reason. Never a guess: evidence that does not settle it
/// is CannotTell.</summary>
[<RequireQualifiedAccess; CompilationRepresentation(CompilationRepresentationFlags.ModuleSuffix)>]
module Recognition =
    let private neither =
        CannotTell "the object matches neither the state before nor the state after"

    /// <summary>The answer the evidence gives (pure, total).</summary>
    let decide (evidence: Evidence) : Recognition =
        match evidence with
        | NoTrace what -> CannotTell $"%s{what}: the server keeps no trace that shows whether it ran"
        | Repeatable _ -> DidNotRun
        | NoStateAfter reason ->
            CannotTell
                $"the statement does not apply to the state before it (%s{reason}): the database changed, and what it would have made cannot be compared"
        | StillRunning "" ->
            CannotTell
                "the server did not say which connection sent it (SELECT CONNECTION_ID()), so whether it still runs cannot be told"
        | StillRunning id ->
            CannotTell $"the connection that sent it (%s{id}) is still open and could not be killed: it may still run"
        | Load(_, LabelFinished, _, _) -> Ran
        | Load(_, LabelRunning state, _, _) -> CannotTell $"its load is still %s{state}"
        | Load(_, LabelCancelled, _, Some(copied, _)) when copied > 0L ->
            CannotTell "its load was cancelled, yet the new table has rows"
        | Load(_, LabelCancelled, _, _) -> DidNotRun
        // a rebuild's copy into its own new table: the rows there say it (an INSERT is atomic, nothing else writes it)
        | Load(_, LabelAbsent, _, Some(copied, _)) when copied > 0L -> Ran
        | Load(_, LabelAbsent, _, Some(0L, 0L)) -> Ran
        | Load(_, LabelAbsent, _, Some(0L, _)) -> DidNotRun
        | Load(Some _, LabelAbsent, false, _) -> DidNotRun
        | Load(Some label, LabelAbsent, true, _) ->
            CannotTell
                $"no load has its label %s{label}, but StarRocks may have forgotten it since (label_keep_max_second, label_keep_max_num)"
        | Load(None, _, _, _) -> CannotTell "it was sent without a label (by an earlier srschema)"
        | ActiveFlag(Some true) -> Ran
        | ActiveFlag(Some false) -> DidNotRun
        | ActiveFlag None -> CannotTell "information_schema.materialized_views does not say whether it is active"
        | PartitionValues checks when checks |> List.forall ((=) (Some true)) -> Ran
        | PartitionValues checks when checks |> List.contains None ->
            CannotTell "SHOW PARTITIONS does not show the property set"
        | PartitionValues _ -> DidNotRun
        | SyncViewListed(created, listed) -> if created = listed then Ran else DidNotRun
        | Swapped(true, false) -> Ran
        | Swapped(false, true) -> DidNotRun
        | Swapped(true, true) ->
            CannotTell
                "the two tables look the same swapped and not swapped: reading them does not show whether the swap ran"
        | Swapped(false, false) ->
            CannotTell "the two tables match neither the state before the swap nor the state after"
        | ObjectState(Some(SeveralJobs ids), _, _, _) ->
            let ids = String.concat ", " ids

            CannotTell
                $"several jobs (%s{ids}) appeared on its table after it was sent: another client changed the table too"
        | ObjectState(Some(OneJob(id, false)), properties, after, _) ->
            match properties, after with
            | (NoPropertiesSet | AllShown), true -> Ran
            | _ -> CannotTell $"job %s{id} finished on its table, but the object does not show the statement's change"
        | ObjectState(Some(OneJob(id, true)), properties, _, before) ->
            match properties, before with
            | (NoPropertiesSet | ShownOtherwise), true -> DidNotRun
            | _ -> CannotTell $"job %s{id} on its table was cancelled, but the object does not show the state before"
        | ObjectState(_, NotShown key, _, _) ->
            CannotTell
                $"the server does not print the property %s{key}, and the value set is its default: it does not show whether the statement ran"
        | ObjectState(_, AllShown, true, _) -> Ran
        | ObjectState(_, ShownOtherwise, _, true) -> DidNotRun
        | ObjectState(_, (AllShown | ShownOtherwise), _, _) -> neither
        // the server shows everything the statement sets: also when the state before left it unset (an explicit sort
        // key, say), skipping it leaves the object as it should be
        | ObjectState(_, NoPropertiesSet, true, _) -> Ran
        | ObjectState(_, NoPropertiesSet, false, true) -> DidNotRun
        | ObjectState(_, NoPropertiesSet, false, false) -> neither


    /// A property SET is judged by the value the server prints, never by "equal to a default": a property that is not
    /// printed has its default value, so the SET did not run unless the value it sets is that default (or might be),
    /// which the server cannot show.
    let private properties (mode: RunMode) (operations: Operation list) (now: SchemaObject option) =
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

    /// <summary>What the server shows of a statement whose outcome is unknown, read once the connection that sent it is
    /// gone and its table idle: the label's load for an INSERT (with the rows of a rebuild's new table), the jobs above
    /// the floor (when this run knows it) and the object compared with the states before and after it (through
    /// <c>Apply</c>), the flags and lists that show what a statement changes outside the definition. A read that fails
    /// is an error, never evidence.</summary>
    /// <param name="watch">Waits and job lists.</param>
    /// <param name="session">The session.</param>
    /// <param name="options">Polling, timeouts and the label window.</param>
    /// <param name="diffOptions">Server release, run mode and default database (to compare states).</param>
    /// <param name="database">The database of unqualified names.</param>
    /// <param name="statement">The statement.</param>
    /// <param name="sent">How it was sent: its label, when, on which connection.</param>
    /// <param name="floor">The job floor read right before it was sent (None: not known, a later run).</param>
    /// <param name="before">The schema before it.</param>
    /// <param name="ct">Cancels the reading.</param>
    let internal gather
        (watch: Watch)
        (session: ISession)
        (options: ExecutorOptions)
        (diffOptions: DiffOptions)
        (database: string)
        (statement: ExecutableStatement)
        (sent: SentStatement)
        (floor: JobFloor option)
        (before: Schema)
        (ct: CancellationToken)
        : Task<Result<Evidence, string>> =
        let ranged =
            ServerRules.allows diffOptions.ServerVersion diffOptions.RunMode Capability.RangeDistribution

        let read (q: QualifiedName) =
            Reflect.object session ranged (databaseOf database q) (Name.value q.Name) ct

        // whether the object read under q's name (or its absence) is what the schema has under that name
        let matches (q: QualifiedName) (now: SchemaObject option) (s: Schema) =
            Plan.isEmpty (Diff.plan diffOptions (now |> Option.toList |> Schema.ofDistinct) (objectNamed q s))

        let operations =
            if List.isEmpty statement.Operations then
                None
            else
                Some statement.Operations

        let loadState (label: string) =
            task {
                let started = options.Now()
                let mutable pause = options.PollInterval
                let mutable result = None

                while result.IsNone do
                    match! watch.Label label with
                    | Error e -> result <- Some(Error(SessionError.describe e))
                    | Ok(LabelRunning _ as running) when options.Now() - started < options.JobTimeout ->
                        match! watch.Pause pause with
                        | Error _ -> result <- Some(Ok running)
                        | Ok() -> pause <- min options.MaxPollInterval (pause + pause)
                    | Ok state -> result <- Some(Ok state)

                return result.Value
            }

        let freshCopy () =
            task {
                match statement.Operations with
                | [ CopyRows(source, target, _) ] when statement.IntoFreshTable ->
                    match! rowCount session database target ct with
                    | Error e -> return Error e
                    | Ok copied ->
                        match! rowCount session database source ct with
                        | Error e -> return Error e
                        | Ok rows -> return Ok(Some(copied, rows))
                | _ -> return Ok None
            }

        task {
            match StatementKind.ofStatement statement.Sql operations with
            | _ when StatementKind.isInsert statement.Sql ->
                match! freshCopy () with
                | Error e -> return Error e
                | Ok fresh ->
                    let expired =
                        sent.SentAt |> Option.forall (fun t -> options.Now() - t > options.LabelWindow)

                    match sent.Label with
                    | None -> return Ok(Load(None, LabelAbsent, true, fresh))
                    | Some label ->
                        match! loadState label with
                        | Error e -> return Error e
                        | Ok state -> return Ok(Load(Some label, state, expired, fresh))
            | DataInsert -> return Ok(NoTrace "an INSERT")
            | DataChange verb -> return Ok(NoTrace $"an %s{verb}")
            | NoSchemaChange verb -> return Ok(Repeatable verb)
            | Unmodelled -> return Ok(NoTrace "a statement srschema does not model")
            | SchemaChange ops ->
                match Apply.operations ops before with
                | Error reason -> return Ok(NoStateAfter reason)
                | Ok after ->
                    match ops with
                    | [ ActivateMaterializedView q ] ->
                        // ACTIVE changes no definition: the server's flag says it
                        let sql =
                            $"SELECT IS_ACTIVE FROM information_schema.materialized_views WHERE TABLE_SCHEMA = %s{Sql.literal (databaseOf database q)} AND TABLE_NAME = %s{Sql.literal (Name.value q.Name)}"

                        match! session.Query(sql, ct) with
                        | Error e -> return Error(SessionError.describe e)
                        | Ok { Rows = (Some flag :: _) :: _ } when
                            flag.Equals("true", StringComparison.OrdinalIgnoreCase)
                            ->
                            return Ok(ActiveFlag(Some true))
                        | Ok { Rows = (Some flag :: _) :: _ } when
                            flag.Equals("false", StringComparison.OrdinalIgnoreCase)
                            ->
                            return Ok(ActiveFlag(Some false))
                        | Ok _ -> return Ok(ActiveFlag None)
                    | [ SetPartitionProperties(q, props) ] ->
                        // MODIFY PARTITION (*) SET changes what SHOW PARTITIONS shows of every partition, not the
                        // definition
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
                            return
                                Ok(
                                    PartitionValues [
                                        for KeyValue(k, v) in props do
                                            for p in partitions ->
                                                columnOf (ServerRules.propertyKey k)
                                                |> Option.bind p
                                                |> Option.map (fun shown ->
                                                    ServerRules.propertyValue k shown = ServerRules.propertyValue k v)
                                    ]
                                )
                    | [ CreateSyncMaterializedView m ] ->
                        // a synchronous materialized view shows in SHOW MATERIALIZED VIEWS, not in SHOW CREATE
                        match! Reflect.syncMaterializedViews session (databaseOf database m.Name) ct with
                        | Error e -> return Error e
                        | Ok views ->
                            return Ok(SyncViewListed(true, views |> List.exists (fun v -> v.Name.Name = m.Name.Name)))
                    | [ DropMaterializedView q ] when not (before.MaterializedViews.ContainsKey q) ->
                        // a synchronous view (or one the state before does not know): still listed by SHOW
                        // MATERIALIZED VIEWS, or still shown by SHOW CREATE, it was not dropped
                        match! Reflect.syncMaterializedViews session (databaseOf database q) ct with
                        | Error e -> return Error e
                        | Ok views when views |> List.exists (fun v -> v.Name.Name = q.Name) ->
                            return Ok(SyncViewListed(false, true))
                        | Ok _ ->
                            match! read q with
                            | Error e -> return Error e
                            | Ok shown -> return Ok(SyncViewListed(false, shown.IsSome))
                    | [ SwapTable(q, other) ] ->
                        // a swap changes two tables: one of them alone can look the same before and after (a
                        // rebuild's new table that leaves a clause to the server, range distribution for one), so
                        // both are read
                        let otherName = { q with Name = other }

                        match! read q with
                        | Error e -> return Error e
                        | Ok first ->
                            match! read otherName with
                            | Error e -> return Error e
                            | Ok second ->
                                let both (s: Schema) =
                                    matches q first s && matches otherName second s

                                return Ok(Swapped(both after, both before))
                    | first :: _ ->
                        let q = Operation.target first

                        let! jobs =
                            match floor, jobListOf statement.Job with
                            | Some floor, Some list ->
                                task {
                                    match! watch.Jobs(list, jobTable first) with
                                    | Error e -> return Error(SessionError.describe e)
                                    | Ok rows ->
                                        let above =
                                            rows
                                            |> List.filter (fun j ->
                                                j.Id > (floor.TryFind list |> Option.defaultValue 0L))

                                        return
                                            Ok(
                                                match above |> List.distinctBy (fun j -> j.Id) with
                                                | [] -> Some NoNewJob
                                                | [ j ] ->
                                                    Some(
                                                        OneJob(
                                                            j.IdText,
                                                            j.State.Equals(
                                                                "CANCELLED",
                                                                StringComparison.OrdinalIgnoreCase
                                                            )
                                                        )
                                                    )
                                                | many -> Some(SeveralJobs(many |> List.map (fun j -> j.IdText)))
                                            )
                                }
                            | _ -> Task.FromResult(Ok None)

                        match jobs with
                        | Error e -> return Error e
                        | Ok jobs ->
                            match! read q with
                            | Error e -> return Error e
                            | Ok now ->
                                let same = matches q now

                                return
                                    Ok(
                                        ObjectState(
                                            jobs,
                                            properties diffOptions.RunMode ops now,
                                            same after,
                                            same before
                                        )
                                    )
                    | [] -> return Ok(NoTrace "a statement srschema does not model")
        }
