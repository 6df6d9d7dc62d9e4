/// A test double of a StarRocks server behind ISession: DDL is parsed and applied to an in-memory schema (so every
/// outcome can be read back with SHOW CREATE), statements that start jobs get a job that is RUNNING at its first poll
/// and FINISHED after, the history table keeps rows like a PRIMARY KEY table, tables hold row counts (a table a
/// revision creates gets 3 rows, a rebuild's temporary table none, INSERT ... SELECT copies the count), and a fault
/// can be injected at any interaction: a query or statement that never reaches the server, or a statement that ran
/// and whose reply is lost.
module StarRocks.Schema.Tests.StarRocksDouble

open System
open System.Collections.Generic
open System.Threading
open System.Threading.Tasks
open StarRocks.Schema
open StarRocks.Schema.Database

/// Executor options whose pauses take no time (the double's jobs advance per poll, not per second).
let noWait = {
    ExecutorOptions.defaults with
        Delay =
            fun _ ct ->
                if ct.IsCancellationRequested then
                    Task.FromCanceled ct
                else
                    Task.CompletedTask
}

/// <summary>What goes wrong at an interaction.</summary>
type Fault =
    /// <summary>It never reaches the server: the connection is lost, nothing happened.</summary>
    | BeforeServer
    /// <summary>It ran; the reply is lost.</summary>
    | AfterRun
    /// <summary>The server refuses it; nothing happened.</summary>
    | Refuse
    /// <summary>The run is cancelled (Ctrl-C) as it is about to be sent; nothing happened.</summary>
    | CancelRun
    /// <summary>The reply is lost while the statement still runs on the old connection: it stays in SHOW PROCESSLIST
    /// (a labelled INSERT's load shows LOADING) for this many further interactions, then completes (a job registers,
    /// the rows land), unless the connection is killed first.</summary>
    | LateRun of reads: int
    /// <summary>Another client's schema change lands on the table the interaction names (a COLUMN job that has
    /// already finished), then the interaction runs as usual.</summary>
    | ForeignChange
    /// <summary>The runner is paused (a VM frozen, a laptop asleep) while it waits: when the interaction is a read of
    /// what it waits for (a job poll, the process list, a load), what <c>OnPause</c> says happens meanwhile (another
    /// run, say) happens first; then the read runs as usual.</summary>
    | Pause

/// The values of an INSERT ... (columns) VALUES (...), or of a fenced INSERT ... (columns) SELECT ... FROM t WHERE
/// ...: NULL or quoted strings.
let private insertRow (sql: string) : (string * string option) list =
    let openCols = sql.IndexOf '('
    let closeCols = sql.IndexOf(')', openCols)

    let names =
        sql.Substring(openCols + 1, closeCols - openCols - 1).Split(',')
        |> Array.map (fun c -> c.Trim())
        |> List.ofArray

    let sql, start =
        if sql.Substring(closeCols).StartsWith ") SELECT " then
            // the values end where the fence's FROM starts
            sql.Substring(0, sql.LastIndexOf " FROM `") + ")", closeCols + ") SELECT ".Length
        else
            sql, sql.IndexOf("VALUES (", closeCols) + "VALUES (".Length

    let values = ResizeArray<string option>()
    let mutable i = start

    while i < sql.Length && sql[i] <> ')' do
        match sql[i] with
        | ' '
        | ',' -> i <- i + 1
        | '\'' ->
            let sb = Text.StringBuilder()
            i <- i + 1

            while sql[i] <> '\'' do
                if sql[i] = '\\' then
                    i <- i + 1

                sb.Append(sql[i]) |> ignore
                i <- i + 1

            values.Add(Some(sb.ToString()))
            i <- i + 1
        | _ ->
            let e = sql.IndexOfAny([| ','; ')' |], i)
            let word = sql.Substring(i, e - i).Trim()
            values.Add(if word = "NULL" then None else Some word)
            i <- e

    List.zip names (List.ofSeq values)

type private JobRow = {
    Id: int64
    List: string
    Table: string
    /// What the job changes, applied when it finishes (SHOW CREATE shows the old definition while it runs).
    Effect: Operation list
    /// How many polls it is RUNNING for.
    Length: int
    /// It ends CANCELLED, changing nothing.
    Cancelled: bool
    mutable Polls: int
}

/// <summary>The double. <c>version</c> and <c>mode</c> are what it reports; <c>faults</c> maps interaction numbers
/// (0-based, every Query and Execute counts) to the fault injected there.</summary>
type StarRocksDouble(version: ServerVersion, mode: RunMode, historyTable: string) =
    let mutable schema = Schema.empty
    let rows = Dictionary<string, int64>()
    let history = Dictionary<string, Map<string, string option>>()
    let mutable historyColumns: string list option = None
    let jobs = ResizeArray<JobRow>()
    // materialized views made inactive by a change of an object their query names
    let inactive = HashSet<string>()
    // what SHOW PARTITIONS shows of each table's partitions
    let partitionValues = Dictionary<string, Map<string, string>>()
    let applied = ResizeArray<string>()
    let mutable nextJob = 100L
    let mutable interaction = 0
    let mutable faults: Map<int, Fault> = Map.empty
    let mutable hidden: string -> bool = fun _ -> false
    let disguised = Dictionary<string, string>()
    // objects SHOW CREATE prints otherwise for the next read only (a follower FE that has not caught up)
    let staleOnce = Dictionary<string, string>()
    // faults at the first interaction whose text satisfies a test
    let faultsOn = ResizeArray<(string -> bool) * Fault>()
    // a statement that takes long: it ends after this many lease writes (renewals) have been seen while it runs
    let mutable slowOn: ((string -> bool) * int) option = None

    let mutable slow
        : (int ref * TaskCompletionSource<Result<unit, SessionError>> * (unit -> Result<unit, SessionError>)) option =
        None

    let mutable jobLength = 1
    let mutable cancelNext = false
    let mutable onCancel: unit -> unit = ignore
    let mutable onPause: unit -> unit = ignore
    // the connection the next interaction goes out on; a lost one is replaced by a new one
    let mutable connection = 1
    let mutable broken = false
    // statements still running on connections whose reply was lost: connection id -> (reads left, completion)
    let lingering = Dictionary<int, int ref * (unit -> unit)>()
    // load labels and their states
    let labels = Dictionary<string, string>()
    // statements that change rows, not the schema, as applied
    let dataStatements = ResizeArray<string>()

    let fullColumns =
        (History.model historyTable Map.empty).Columns
        |> List.map (fun c -> Name.value c.Name)

    let unquote (s: string) = s.Trim().Trim('`').Replace("``", "`")

    /// The last backticked name of a statement part (`db`.`t` -> t).
    let lastName (text: string) =
        let parts = text.Trim().Split('.')
        unquote parts[parts.Length - 1]

    let ok = Ok(ResultSet.create [] [])

    let table (columns: string list) (values: string option list list) = Ok(ResultSet.create columns values)

    /// A COLUMN job that changes nothing the double shows (the history table's, another client's), RUNNING for this
    /// many polls.
    let addColumnJob (table: string) (length: int) =
        nextJob <- nextJob + 1L

        jobs.Add {
            Id = nextJob
            List = "COLUMN"
            Table = table
            Effect = []
            Length = length
            Cancelled = false
            Polls = 0
        }

    let pollJobs (list: string) (name: string) =
        let mine =
            jobs |> Seq.filter (fun j -> j.List = list && j.Table = name) |> List.ofSeq

        // a job polled Length times before has ended now: a finished one's change becomes visible
        for j in mine do
            if j.Polls = j.Length && not j.Cancelled then
                schema <- Apply.operations j.Effect schema |> Result.defaultValue schema

        let result =
            table [ "JobId"; "TableName"; "State"; "Msg"; "Progress" ] [
                for j in mine ->
                    [
                        Some(string j.Id)
                        Some j.Table
                        Some(
                            if j.Polls < j.Length then "RUNNING"
                            elif j.Cancelled then "CANCELLED"
                            else "FINISHED"
                        )
                        Some ""
                        None
                    ]
            ]

        for j in mine do
            j.Polls <- j.Polls + 1

        result

    let renderObject (name: string) =
        match staleOnce.TryGetValue name, disguised.TryGetValue name with
        | (true, text), _ ->
            staleOnce.Remove name |> ignore
            Some text
        | _, (true, text) -> Some text
        | _ ->
            match historyColumns with
            | Some columns when name = historyTable ->
                let model = History.model historyTable (Map.ofList [ "replication_num", "1" ])

                Some(
                    Render.table {
                        model with
                            Columns =
                                model.Columns
                                |> List.filter (fun c -> List.contains (Name.value c.Name) columns)
                    }
                )
            | _ ->
                // SHOW CREATE names the object without its database
                let bare = QualifiedName.ofName (Name.create name)

                // a synchronous materialized view is an index, not an object SHOW CREATE TABLE knows
                Schema.objects schema
                |> List.tryFind (fun o -> Name.value (SchemaObject.name o).Name = name)
                |> Option.bind (function
                    | TableObject t -> Some(TableObject { t with Name = bare })
                    | ViewObject v -> Some(ViewObject { v with Name = bare })
                    | MaterializedViewObject m -> Some(MaterializedViewObject { m with Name = bare })
                    | SyncMaterializedViewObject _ -> None)
                |> Option.map Render.schemaObject

    let rowsOf (q: QualifiedName) =
        match rows.TryGetValue(Name.value q.Name) with
        | true, n -> n
        | _ -> 0L

    let running (table: string) =
        jobs |> Seq.exists (fun j -> j.Table = table && j.Polls <= j.Length)

    let applyDdl (sql: string) =
        match Parse.operations "double" sql with
        | Error _ when
            (match StatementKind.ofStatement sql None with
             | DataInsert
             | DataChange _
             | NoSchemaChange _ -> true
             | _ -> false)
            ->
            // a data statement: the double keeps no rows of its own, only that it ran
            dataStatements.Add sql
            applied.Add sql
            ok
        | Error ds -> Error(Refused(1064, ds |> List.map Diagnostic.format |> String.concat "; "))
        | Ok [ parsed ] when
            parsed.Operations
            |> List.exists (fun op ->
                Operation.form op = AlterTableClause
                && running (Name.value (Operation.target op).Name))
            ->
            let table = Name.value (Operation.target parsed.Operations.Head).Name
            Error(Refused(1064, $"A schema change operation is in progress on the table \"%s{table}\". Please wait"))
        | Ok [ parsed ] ->
            let ops = parsed.Operations

            match Apply.operations ops schema with
            | Error e -> Error(Refused(1064, $"Getting analyzing error. Detail message: %s{e}"))
            | Ok after ->
                let deactivateReaders (table: string) =
                    for m in schema.MaterializedViews.Values do
                        if (Query.text m.Query).Contains table then
                            inactive.Add(Name.value m.Name.Name) |> ignore

                for op in ops do
                    // what StarRocks makes inactive: MVs over a table swapped, renamed, dropped or with a column renamed, or
                    // over a view or MV dropped
                    match op with
                    | SwapTable _
                    | RenameTable _
                    | DropTable _
                    | RenameColumn _
                    | DropView _
                    | DropMaterializedView _ -> deactivateReaders (Name.value (Operation.target op).Name)
                    | _ -> ()

                    match op with
                    | ActivateMaterializedView q -> inactive.Remove(Name.value q.Name) |> ignore
                    | CreateTable t ->
                        let name = Name.value t.Name.Name
                        rows[name] <- (if name.Contains "__srschema" then 0L else 3L)

                        partitionValues[name] <-
                            t.Properties
                            |> Map.filter (fun k _ -> k = "replication_num" || k = "storage_medium")
                    | SetPartitionProperties(q, props) ->
                        let name = Name.value q.Name

                        partitionValues[name] <-
                            Map.fold (fun (m: Map<string, string>) k v -> m.Add(k, v)) partitionValues[name] props
                    | CopyRows(source, target, _) -> rows[Name.value target.Name] <- rowsOf target + rowsOf source
                    | SwapTable(q, other) ->
                        let a, b = rowsOf q, rows.GetValueOrDefault(Name.value other)
                        rows[Name.value q.Name] <- b
                        rows[Name.value other] <- a
                        let pa, pb = partitionValues[Name.value q.Name], partitionValues[Name.value other]
                        partitionValues[Name.value q.Name] <- pb
                        partitionValues[Name.value other] <- pa
                    | RenameTable(q, n) ->
                        rows[Name.value n] <- rowsOf q
                        rows.Remove(Name.value q.Name) |> ignore
                        partitionValues[Name.value n] <- partitionValues[Name.value q.Name]
                        partitionValues.Remove(Name.value q.Name) |> ignore
                    | DropTable q ->
                        rows.Remove(Name.value q.Name) |> ignore
                        partitionValues.Remove(Name.value q.Name) |> ignore
                    | _ -> ()

                // a statement that starts a job changes the definition when the job finishes
                match ops |> List.map Operation.job |> List.tryFind (fun j -> j <> NoJob) with
                | Some job ->
                    nextJob <- nextJob + 1L

                    jobs.Add {
                        Id = nextJob
                        List =
                            (match job with
                             | ColumnJob -> "COLUMN"
                             | RollupJob -> "ROLLUP"
                             | OptimizeJob
                             | NoJob -> "OPTIMIZE")
                        Table =
                            (match ops.Head with
                             | CreateSyncMaterializedView m -> Name.value m.Base.Name
                             | op -> Name.value (Operation.target op).Name)
                        Effect = ops
                        Length = jobLength
                        Cancelled = cancelNext
                        Polls = 0
                    }

                    cancelNext <- false
                | None -> schema <- after

                applied.Add sql
                ok
        | Ok many -> Error(Refused(1064, $"%d{many.Length} statements in one"))

    let executeStatement (sql: string) : Result<ResultSet, SessionError> =
        let history' = $"`%s{historyTable}`"

        if sql.StartsWith "CREATE TABLE IF NOT EXISTS" && sql.Contains history' then
            if historyColumns.IsNone then
                historyColumns <- Some fullColumns

            ok
        elif sql.StartsWith $"INSERT INTO %s{history'}" then
            let values = insertRow sql
            let key = values |> List.find (fun (c, _) -> c = "revision") |> snd |> Option.get

            // an upsert writes every column: those not named become NULL
            let known = defaultArg historyColumns fullColumns

            // a fenced write (INSERT ... SELECT ... WHERE state = 'lock' AND owner = 'o') selects a row only while the
            // lease row is that owner's
            let fence = " WHERE state = 'lock' AND owner = '"

            let selected =
                match sql.LastIndexOf fence with
                | -1 -> true
                | at ->
                    let owner = sql.Substring(at + fence.Length).TrimEnd('\'').Replace("\\'", "'")

                    history.Values
                    |> Seq.exists (fun row ->
                        row.TryFind "state" |> Option.flatten = Some "lock"
                        && row.TryFind "owner" |> Option.flatten = Some owner)

            match values |> List.tryFind (fun (c, _) -> not (List.contains c known)) with
            | Some(c, _) -> Error(Refused(1064, $"Unknown column '%s{c}'"))
            | None when not selected -> ok
            | None ->
                history[key] <-
                    Map.ofList [
                        for c in known -> c, values |> List.tryFind (fun (n, _) -> n = c) |> Option.bind snd
                    ]

                ok
        elif sql.StartsWith $"DELETE FROM %s{history'}" then
            // WHERE revision = 'k' [AND owner = 'o']
            let quoted (after: string) =
                let start = sql.IndexOf(after + " = '") + after.Length + 4
                sql.Substring(start, sql.IndexOf('\'', start) - start)

            let key = quoted "revision"

            let owned =
                not (sql.Contains " AND owner = ")
                || (match history.TryGetValue key with
                    | true, row -> row.TryFind "owner" |> Option.flatten = Some(quoted "owner")
                    | _ -> false)

            if owned then
                history.Remove key |> ignore

            ok
        elif sql.StartsWith $"ALTER TABLE %s{history'}" then
            historyColumns <- Some fullColumns
            addColumnJob historyTable 1
            ok
        else
            applyDdl sql

    /// A statement; an INSERT's label is taken while its load is not cancelled (StarRocks's LabelAlreadyUsedException).
    let execute (sql: string) : Result<ResultSet, SessionError> =
        match Label.written sql with
        | Some l when labels.ContainsKey l && labels[l] <> "CANCELLED" ->
            Error(Refused(1064, $"Label [%s{l}] has already been used."))
        | Some l ->
            let result = executeStatement sql
            labels[l] <- (if result.IsOk then "FINISHED" else "CANCELLED")
            result
        | None -> executeStatement sql

    let query (sql: string) : Result<ResultSet, SessionError> =
        if sql = "SELECT CONNECTION_ID()" then
            table [ "CONNECTION_ID()" ] [ [ Some(string connection) ] ]
        elif sql = "SHOW PROCESSLIST" then
            table [ "Id"; "User"; "Host"; "Db"; "Command"; "Time"; "State"; "Info" ] [
                for id in Seq.append [ connection ] lingering.Keys ->
                    [
                        Some(string id)
                        Some "root"
                        Some "client:1"
                        Some "shop"
                        Some "Query"
                        Some "0"
                        Some ""
                        None
                    ]
            ]
        elif sql.StartsWith "SHOW LOAD FROM" then
            let start = sql.IndexOf("LABEL = '") + "LABEL = '".Length
            let label = sql.Substring(start, sql.IndexOf('\'', start) - start)

            table [ "JobId"; "Label"; "State"; "Type" ] [
                match labels.TryGetValue label with
                | true, state -> yield [ Some "1"; Some label; Some state; Some "INSERT" ]
                | _ -> ()
            ]
        elif sql = "SELECT current_version()" then
            table [ "current_version()" ] [ [ Some(string version) ] ]
        elif sql = "SELECT @@run_mode" then
            table [ "@@run_mode" ] [
                [
                    Some(
                        if mode = SharedData then
                            "shared_data"
                        else
                            "shared_nothing"
                    )
                ]
            ]
        elif sql.Contains "information_schema.tables_config" then
            // what 4.1+ shared-data reports: a table created without DISTRIBUTED BY is range-distributed (srschema's
            // plans rely on that to reach range distribution); the reflection asks only such servers
            let ranged = ServerRules.allows version mode Capability.RangeDistribution

            table [ "TABLE_NAME"; "DISTRIBUTE_TYPE" ] [
                for t in schema.Tables.Values ->
                    [
                        Some(Name.value t.Name.Name)
                        Some(
                            match t.Distribution with
                            | Some(Distribution.Hash _) -> "HASH"
                            | Some Distribution.Range -> "RANGE"
                            | None when ranged -> "RANGE"
                            | Some(Distribution.Random _)
                            | None -> "RANDOM"
                        )
                    ]
            ]
        elif sql.Contains "information_schema.tables" then
            table [ "TABLE_NAME"; "TABLE_TYPE" ] [
                for o in
                    Schema.objects schema
                    |> List.filter (fun o -> not o.IsSyncMaterializedViewObject) do
                    yield [
                        Some(Name.value (SchemaObject.name o).Name)
                        Some(
                            match o with
                            | ViewObject _ -> "VIEW"
                            | _ -> "BASE TABLE"
                        )
                    ]
                if historyColumns.IsSome then
                    yield [ Some historyTable; Some "BASE TABLE" ]
            ]
        elif sql.Contains "information_schema.materialized_views" then
            let name =
                sql.Substring(sql.IndexOf("TABLE_NAME = '") + "TABLE_NAME = '".Length).TrimEnd('\'')

            table [ "IS_ACTIVE" ] [
                if schema.MaterializedViews |> Map.exists (fun q _ -> Name.value q.Name = name) then
                    yield [ Some(if inactive.Contains name then "false" else "true") ]
            ]
        elif sql.StartsWith "SHOW MATERIALIZED VIEWS FROM" then
            // as StarRocks lists them: asynchronous ones with their refresh type, synchronous ones as ROLLUP with the
            // statement that created them, newlines removed
            table [ "id"; "database_name"; "name"; "refresh_type"; "text" ] [
                for m in schema.MaterializedViews.Values ->
                    [
                        Some "1"
                        Some "db"
                        Some(Name.value m.Name.Name)
                        Some "ASYNC"
                        Some(Render.materializedView m)
                    ]
                for m in schema.SyncMaterializedViews.Values ->
                    [
                        Some "2"
                        Some "db"
                        Some(Name.value m.Name.Name)
                        Some "ROLLUP"
                        Some((Render.syncMaterializedView m).Replace("\n", " "))
                    ]
            ]
        elif sql.StartsWith "SHOW PARTITIONS FROM" then
            // one partition per table, with the values its CREATE and MODIFY PARTITION gave it
            let name = lastName (sql.Substring "SHOW PARTITIONS FROM".Length)

            match partitionValues.TryGetValue name with
            | true, values ->
                let value k =
                    values.TryFind k |> Option.defaultValue ""

                table [ "PartitionName"; "ReplicationNum"; "StorageMedium" ] [
                    [ Some "p"; Some(value "replication_num"); Some(value "storage_medium") ]
                ]
            | _ -> Error(Refused(1146, $"Unknown table '%s{name}'"))
        elif sql.StartsWith "SHOW CREATE TABLE" then
            let name = lastName (sql.Substring "SHOW CREATE TABLE".Length)

            match renderObject name with
            | Some text -> table [ "Table"; "Create Table" ] [ [ Some name; Some text ] ]
            | None -> Error(Refused(1146, $"Unknown table '%s{name}'"))
        elif sql.StartsWith "SHOW ALTER TABLE" then
            let list = sql.Split(' ')[3]

            let name =
                sql.Substring(sql.IndexOf("TableName = '") + "TableName = '".Length).TrimEnd('\'')

            pollJobs list name
        elif sql.StartsWith "SELECT * FROM" && sql.Contains $"`%s{historyTable}`" then
            // every row, or WHERE revision = 'k'
            let wanted =
                if sql.Contains " WHERE revision = '" then
                    let start = sql.IndexOf(" WHERE revision = '") + " WHERE revision = '".Length
                    Some(sql.Substring(start, sql.IndexOf('\'', start) - start))
                else
                    None

            match historyColumns with
            | None -> Error(Refused(1146, $"Unknown table '%s{historyTable}'"))
            | Some columns ->
                table columns [
                    for KeyValue(key, row) in history do
                        if wanted |> Option.forall ((=) key) then
                            yield [ for c in columns -> row.TryFind c |> Option.flatten ]
                ]
        elif sql.StartsWith "SELECT COUNT(*) FROM" then
            let name = lastName (sql.Substring "SELECT COUNT(*) FROM".Length)

            if schema.Tables |> Map.exists (fun q _ -> Name.value q.Name = name) then
                table [ "count(*)" ] [ [ Some(string (rows.GetValueOrDefault name)) ] ]
            else
                Error(Refused(1146, $"Unknown table '%s{name}'"))
        else
            Error(Refused(1064, $"the double does not answer: %s{sql}"))

    let sent = ResizeArray<string>()

    let kill (sql: string) =
        match Int32.TryParse(sql.Substring "KILL CONNECTION ".Length) with
        | true, id when lingering.ContainsKey id ->
            lingering.Remove id |> ignore

            for KeyValue(l, state) in List.ofSeq labels do
                if state = "LOADING" then
                    labels[l] <- "CANCELLED"

            ok
        | true, id when id = connection -> ok
        | _ -> Error(Refused(1094, $"Unknown thread id: %s{sql.Substring 16}"))

    let interact (run: unit -> Result<ResultSet, SessionError>) (ct: CancellationToken) (sql: string) =
        sent.Add sql
        let n = interaction
        interaction <- interaction + 1

        if broken then
            connection <- connection + 1
            broken <- false

        // time passes with every interaction: statements still running on lost connections come to their end
        for KeyValue(id, (left, complete)) in List.ofSeq lingering do
            if left.Value <= 0 then
                lingering.Remove id |> ignore
                complete ()
            else
                left.Value <- left.Value - 1

        let lost (m: string) =
            broken <- true
            Error(ConnectionLost m)

        if hidden sql then
            lost "hidden"
        elif sql.StartsWith "KILL CONNECTION " then
            kill sql
        else
            let fault =
                faults.TryFind n
                |> Option.orElse (
                    match faultsOn |> Seq.tryFindIndex (fun (f, _) -> f sql) with
                    | Some i ->
                        let _, fault = faultsOn[i]
                        faultsOn.RemoveAt i
                        Some fault
                    | None -> None
                )

            match fault with
            | Some BeforeServer -> lost $"fault before the server at %d{n}"
            | Some AfterRun ->
                // it runs; its reply, whatever it was, is what is lost
                match run () with
                | _ -> lost $"fault after running at %d{n}"
            | Some(LateRun reads) ->
                // it goes on running on the old connection: a labelled load shows LOADING until it completes
                let label = Label.written sql

                match label with
                | Some l -> labels[l] <- "LOADING"
                | None -> ()

                let complete () =
                    // the load that shows LOADING is this one: it ends as it ends
                    label |> Option.iter (labels.Remove >> ignore)
                    run () |> ignore

                lingering[connection] <- (ref reads, complete)
                lost $"fault while running at %d{n}"
            | Some Pause ->
                if
                    sql.StartsWith "SHOW ALTER TABLE"
                    || sql = "SHOW PROCESSLIST"
                    || sql.StartsWith "SHOW LOAD"
                then
                    onPause ()

                run ()
            | Some ForeignChange ->
                let named =
                    [ "ALTER TABLE `"; "ALTER TABLE "; "TableName = '" ]
                    |> List.tryPick (fun marker ->
                        match sql.IndexOf marker with
                        | i when i >= 0 ->
                            let rest = sql.Substring(i + marker.Length)
                            Some(rest.Substring(0, rest.IndexOfAny [| '`'; '\''; ' ' |]))
                        | _ -> None)

                match named with
                | Some t -> addColumnJob t 0
                | None -> ()

                run ()
            | Some Refuse -> Error(Refused(1064, $"an injected refusal at %d{n}"))
            | Some CancelRun ->
                // Ctrl-C lands here: a call that takes the run's token stops, one that does not (a history write)
                // goes through
                onCancel ()
                ct.ThrowIfCancellationRequested()
                run ()
            | None -> run ()

    /// The schema the server has (without the history table).
    member _.Schema = schema

    /// Every statement applied, in order, as written (the load label the runner gives an INSERT removed).
    member _.Applied =
        applied
        |> Seq.map (fun sql -> Text.RegularExpressions.Regex.Replace(sql, " WITH LABEL `[^`]*`", ""))
        |> List.ofSeq

    /// Every statement applied, in order, as sent.
    member _.AppliedAsSent = List.ofSeq applied
    /// The number of the first interaction whose text satisfies a test.
    member _.IndexOf(f: string -> bool) = sent |> Seq.findIndex f

    /// How many statements and queries sent so far contain a text.
    member _.Count(text: string) =
        sent |> Seq.filter (fun s -> s.Contains text) |> Seq.length

    /// How many interactions so far.
    member _.Interactions = interaction

    /// Every query and statement received, in order (those a fault stopped too).
    member _.Sent = List.ofSeq sent
    /// The history rows, by revision.
    member _.History = history |> Seq.map (fun kv -> kv.Key, kv.Value) |> Map.ofSeq
    /// Injects faults at interaction numbers (from now on: the numbers count from the start).
    member _.Inject(f: Map<int, Fault>) = faults <- f
    /// Makes every query containing one of these texts fail with a lost connection (an outcome that cannot be read).
    member _.Hide(f: string -> bool) = hidden <- f

    /// Makes the history table as an earlier srschema made it, without the journal's columns, with these rows.
    member _.LegacyHistory(values: Map<string, string option> list) =
        let legacy =
            fullColumns
            |> List.filter (fun c -> not (List.contains c History.journalColumns))

        historyColumns <- Some legacy

        for v in values do
            history[(v["revision"]).Value] <- v

    /// Jobs started from now on stay RUNNING for this many polls.
    member _.JobLength(n: int) = jobLength <- n
    /// The next job started ends CANCELLED (the server gave up on it), changing nothing.
    member _.CancelNextJob() = cancelNext <- true
    /// What happens while a Pause fault holds the runner.
    member _.OnPause(f: unit -> unit) = onPause <- f
    /// What a CancelRun fault cancels.
    member _.OnCancel(f: unit -> unit) = onCancel <- f
    /// Makes SHOW CREATE print this text for an object (a server that shows neither the state before nor after).
    member _.Disguise(name: string, text: string) = disguised[name] <- text
    /// The labels of loads and their states.
    member _.Labels = labels |> Seq.map (fun kv -> kv.Key, kv.Value) |> Map.ofSeq
    /// The statements that changed rows, not the schema, in order.
    member _.DataStatements = List.ofSeq dataStatements

    /// Another client's schema change on a table: a COLUMN job that is RUNNING for this many polls, then FINISHED.
    member _.ForeignJob(table: string, length: int) = addColumnJob table length

    /// Sets the live schema directly (a database changed by hand).
    member _.SetSchema(s: Schema) = schema <- s

    /// Injects a fault at the first interaction (from now on) whose text satisfies a test.
    member _.FaultOn(f: string -> bool, fault: Fault) = faultsOn.Add(f, fault)
    /// Makes the first statement (from now on) whose text satisfies a test take long: it ends once this many lease
    /// writes (renewals, on any session) have been seen while it runs.
    member _.SlowOn(f: string -> bool, renewals: int) = slowOn <- Some(f, renewals)
    /// Whether a slow statement is still running.
    member _.SlowRunning = slow.IsSome

    /// Makes the next SHOW CREATE of an object print this text (a read that lags behind the leader).
    member _.StaleOnce(name: string, text: string) = staleOnce[name] <- text
    /// The rows a table holds.
    member _.RowCount(name: string) = rows.GetValueOrDefault name

    /// The id of the newest job (ours or another client's).
    member _.LastJobId = nextJob

    interface ISession with
        member _.Query(sql, ct) =
            ct.ThrowIfCancellationRequested()
            Task.FromResult(lock sent (fun () -> interact (fun () -> query sql) ct sql))

        member _.Execute(sql, ct) =
            ct.ThrowIfCancellationRequested()

            match slowOn with
            | Some(f, renewals) when f sql ->
                slowOn <- None

                let tcs =
                    TaskCompletionSource<Result<unit, SessionError>>(TaskCreationOptions.RunContinuationsAsynchronously)

                slow <-
                    Some(
                        ref renewals,
                        tcs,
                        fun () ->
                            lock sent (fun () -> interact (fun () -> execute sql) ct sql)
                            |> Result.map ignore
                    )

                tcs.Task
            | _ ->
                let result =
                    lock sent (fun () -> interact (fun () -> execute sql) ct sql)
                    |> Result.map ignore

                // a renewal brings a slow statement closer to its end
                match slow with
                | Some(left, tcs, finish) when sql.StartsWith "INSERT INTO" && sql.Contains "'__lock__'" ->
                    left.Value <- left.Value - 1

                    if left.Value <= 0 then
                        slow <- None
                        tcs.SetResult(finish ())
                | _ -> ()

                Task.FromResult result

        member _.DisposeAsync() = ValueTask.CompletedTask
