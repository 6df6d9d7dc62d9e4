namespace StarRocks.Schema.Database

open System
open System.Threading
open System.Threading.Tasks
open StarRocks.Schema

/// <summary>What the server is: its release (from <c>current_version()</c>, never the handshake version) and run mode.</summary>
type ServerInfo = {
    /// <summary>The StarRocks release.</summary>
    Version: ServerVersion
    /// <summary>Shared-nothing or shared-data.</summary>
    RunMode: RunMode
    /// <summary>What could not be read and was assumed instead.</summary>
    Warnings: string list
}

/// <summary>A database read from a server: its objects in the model, what the server is, and what was skipped.</summary>
type Reflected = {
    /// <summary>The native tables, views and materialized views (asynchronous and synchronous), named without their database.</summary>
    Schema: Schema
    /// <summary>The server's release and run mode.</summary>
    Server: ServerInfo
    /// <summary>Objects skipped (catalog or external tables, objects dropped while being read) and assumptions made.</summary>
    Warnings: string list
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.Database.ServerInfo"/>.</summary>
[<RequireQualifiedAccess>]
module ServerInfo =
    /// <summary>The diff options for a database on this server: its release and run mode, the database as the
    /// default one for unqualified names.</summary>
    let diffOptions (database: string) (info: ServerInfo) =
        DiffOptions.forServer (Some info.Version) (Some info.RunMode) (Name.tryCreate database |> Result.toOption)

/// <summary>Reads what a server has.</summary>
[<RequireQualifiedAccess>]
module Reflect =
    let private first (r: ResultSet) =
        match r.Rows with
        | (Some v :: _) :: _ -> Some v
        | _ -> None

    /// <summary>The server's release and run mode: <c>SELECT current_version()</c> (else <c>@@version_comment</c>), and
    /// <c>SELECT @@run_mode</c> (4.0+, no privilege needed; else the FE configuration; else shared-nothing, with a
    /// warning).</summary>
    let server (session: ISession) (ct: CancellationToken) : Task<Result<ServerInfo, SessionError>> =
        task {
            let! version =
                task {
                    match! session.Query("SELECT current_version()", ct) with
                    | Ok r ->
                        return
                            Ok(
                                first r
                                |> Option.map ServerVersion.tryParse
                                |> Option.defaultValue (Error "current_version() returned nothing")
                            )
                    | Error(Refused _) ->
                        // older builds: "StarRocks version 3.3.5"
                        match! session.Query("SELECT @@version_comment", ct) with
                        | Ok r ->
                            let text = first r |> Option.defaultValue ""
                            let last = text.Split(' ', StringSplitOptions.RemoveEmptyEntries) |> Array.tryLast
                            return Ok(ServerVersion.tryParse (defaultArg last text))
                        | Error e -> return Error e
                    | Error e -> return Error e
                }

            match version with
            | Error e -> return Error e
            | Ok versionRead ->
                let runModeOf (text: string) =
                    match text.Trim().ToLowerInvariant() with
                    | "shared_data" -> Some SharedData
                    | "shared_nothing" -> Some SharedNothing
                    | _ -> None

                let! mode =
                    task {
                        match! session.Query("SELECT @@run_mode", ct) with
                        | Ok r -> return first r |> Option.bind runModeOf
                        | Error(Refused _) ->
                            match! session.Query("ADMIN SHOW FRONTEND CONFIG LIKE 'run_mode'", ct) with
                            | Ok r ->
                                return
                                    ResultSet.records r
                                    |> List.tryHead
                                    |> Option.bind (fun row -> row "Value")
                                    |> Option.bind runModeOf
                            | Error _ -> return None
                        | Error _ -> return None
                    }

                let warnings = [
                    match versionRead with
                    | Error e -> $"the server's release could not be read (%s{e}); assuming %O{ServerVersion.newest}"
                    | Ok _ -> ()
                    if mode.IsNone then
                        "the run mode could not be read (@@run_mode needs 4.0+, the FE configuration a privilege); assuming shared-nothing"
                ]

                return
                    Ok {
                        Version = versionRead |> Result.defaultValue ServerVersion.newest
                        RunMode = mode |> Option.defaultValue SharedNothing
                        Warnings = warnings
                    }
        }

    /// <summary>The names of the tables, views and materialized views of a database (one query).</summary>
    let objectNames (session: ISession) (database: string) (ct: CancellationToken) =
        task {
            let sql =
                "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.tables WHERE TABLE_SCHEMA = "
                + Sql.literal database

            let! rows = Session.records session sql ct

            return
                rows
                |> Result.map (
                    List.choose (fun row ->
                        match row "TABLE_NAME", row "TABLE_TYPE" with
                        | Some name, Some kind when kind = "BASE TABLE" || kind = "VIEW" -> Some name
                        | _ -> None)
                    >> List.sort
                )
        }

    /// <summary>The CREATE statement of one object (<c>SHOW CREATE TABLE</c> serves tables, views and materialized
    /// views); None when the object no longer exists.</summary>
    let showCreate (session: ISession) (database: string) (name: string) (ct: CancellationToken) =
        task {
            let sql = $"SHOW CREATE TABLE %s{Sql.identifier database}.%s{Sql.identifier name}"

            match! session.Query(sql, ct) with
            | Ok { Rows = (_ :: Some text :: _) :: _ } -> return Ok(Some text)
            | Ok _ -> return Ok None
            | Error(Refused(code, message)) when
                code = 1051
                || code = 1146
                || message.Contains("Unknown table", StringComparison.OrdinalIgnoreCase)
                || message.Contains("does not exist", StringComparison.OrdinalIgnoreCase)
                ->
                return Ok None
            | Error e -> return Error e
        }

    /// <summary>The tables of a database the server reports as range-distributed (one query of
    /// <c>information_schema.tables_config</c>, whose DISTRIBUTE_TYPE is RANGE for them: SHOW CREATE prints no
    /// DISTRIBUTED BY clause for them). Only asked of servers that have range distribution (4.1+ shared-data).</summary>
    let rangeDistributed (session: ISession) (database: string) (ct: CancellationToken) =
        task {
            let sql =
                "SELECT TABLE_NAME, DISTRIBUTE_TYPE FROM information_schema.tables_config WHERE TABLE_SCHEMA = "
                + Sql.literal database

            let! rows = Session.records session sql ct

            return
                rows
                |> Result.map (fun rows ->
                    rows
                    |> List.choose (fun row ->
                        match row "TABLE_NAME", row "DISTRIBUTE_TYPE" with
                        | Some name, Some kind when kind.Trim().Equals("RANGE", StringComparison.OrdinalIgnoreCase) ->
                            Some name
                        | _ -> None)
                    |> Set.ofList)
        }

    /// Marks the tables the server reports as range-distributed: a table read without DISTRIBUTED BY gets
    /// Distribution.Range; one that printed a clause keeps it, with a warning.
    let private withRange (database: string) (ranged: Set<string>) (objects: SchemaObject list) =
        let marked =
            objects
            |> List.map (fun o ->
                match o with
                | TableObject t when ranged.Contains(Name.value t.Name.Name) && t.Distribution.IsNone ->
                    TableObject {
                        t with
                            Distribution = Some Distribution.Range
                    }
                | other -> other)

        let warnings = [
            for o in objects do
                match o with
                | TableObject t when ranged.Contains(Name.value t.Name.Name) && t.Distribution.IsSome ->
                    $"%s{database}.%s{Name.value t.Name.Name}: information_schema.tables_config reports RANGE distribution but SHOW CREATE printed a DISTRIBUTED BY clause; the clause is kept"
                | _ -> ()
        ]

        marked, warnings

    /// The outcome of reading one object.
    type private Read =
        | Object of SchemaObject
        | Skipped of string

    let private parseObject (database: string) (name: string) (text: string) : Result<Read, string> =
        let source = $"%s{database}.%s{name}"

        match Parse.script source text with
        | Ok { Statements = [ s ] } -> Ok(Object s.Object)
        | Ok parsed -> Error $"%s{source}: SHOW CREATE printed %d{parsed.Statements.Length} statements, expected one"
        | Error(d :: _) when d.Message.Contains "not a native StarRocks table" ->
            Ok(Skipped $"%s{source}: skipped, not a native table (external and catalog tables are not managed)")
        | Error ds -> Error(ds |> List.map Diagnostic.format |> String.concat "; ")

    /// <summary>The synchronous materialized views of a database, in one query: the rows of
    /// <c>SHOW MATERIALIZED VIEWS</c> whose <c>refresh_type</c> is <c>ROLLUP</c> (on a server without that column, whose
    /// text reads as one), each read from its <c>text</c> (the
    /// statement that created it, newlines removed, or one the server writes from the index's columns) by the same
    /// parser as files, named without the database. A row that does not read as one is an error naming it.</summary>
    /// <remarks>The text is the CREATE statement as it was sent: after <c>ALTER TABLE ... RENAME</c> of its base
    /// table it still names the old table (a diff then creates the view again on the table the model names).</remarks>
    let syncMaterializedViews (session: ISession) (database: string) (ct: CancellationToken) =
        task {
            let! rows =
                Session.records session $"SHOW MATERIALIZED VIEWS FROM %s{Sql.identifier database}" ct

            let bare (q: QualifiedName) =
                match q.Database with
                | Some d when Name.value d = database -> { q with Database = None }
                | _ -> q

            return
                rows
                |> Result.mapError SessionError.describe
                |> Result.bind (fun rows ->
                    // a server too old to say refresh_type: every row whose text reads as a synchronous view is one
                    let read =
                        rows
                        |> List.choose (fun row ->
                            let name = row "name" |> Option.defaultValue "?"
                            let source = $"%s{database}.%s{name} (SHOW MATERIALIZED VIEWS)"

                            let rollup =
                                row "refresh_type"
                                |> Option.map (fun t -> t.Equals("ROLLUP", StringComparison.OrdinalIgnoreCase))

                            match rollup, Parse.script source (row "text" |> Option.defaultValue "") with
                            | Some false, _ -> None
                            | _,
                              Ok {
                                     Statements = [ {
                                                        Object = SyncMaterializedViewObject m
                                                    } ]
                                 } ->
                                Some(
                                    Ok {
                                        m with
                                            Name = bare m.Name
                                            Base = bare m.Base
                                    }
                                )
                            | None, _ -> None
                            | Some true, Ok _ ->
                                Some(Error $"%s{source}: its text is not one synchronous materialized view")
                            | Some true, Error ds ->
                                Some(Error(ds |> List.map Diagnostic.format |> String.concat "; ")))

                    match
                        read
                        |> List.choose (function
                            | Error e -> Some e
                            | Ok _ -> None)
                    with
                    | [] -> Ok(read |> List.choose Result.toOption)
                    | errors -> Error(String.concat "\n" errors))
        }

    /// <summary>Reads a whole database of a server already read (see <c>server</c>) into the model with one query for the
    /// object list, then one
    /// <c>SHOW CREATE</c> per object spread over the given sessions (run concurrently, each session one statement at a
    /// time), parsed by the same parser as files, and its synchronous materialized views (<c>syncMaterializedViews</c>). Catalog and external tables and objects dropped meanwhile are
    /// skipped with a warning; an object that does not parse is an error naming it.</summary>
    /// <param name="sessions">One or more sessions to the same server (a small pool).</param>
    /// <param name="database">The database.</param>
    /// <param name="ct">Cancels the reading.</param>
    /// <param name="info">The server, as <c>server</c> read it.</param>
    let objects
        (sessions: ISession list)
        (database: string)
        (info: ServerInfo)
        (ct: CancellationToken)
        : Task<Result<Reflected, string>> =
        task {
            match sessions with
            | [] -> return Error "no session to read with"
            | main :: _ ->
                match! objectNames main database ct with
                | Error e -> return Error(SessionError.describe e)
                | Ok names ->
                    let share = sessions.Length

                    let work (i: int) (session: ISession) =
                        task {
                            let results = ResizeArray<Result<Read, string>>()

                            for name in
                                names
                                |> List.indexed
                                |> List.filter (fun (j, _) -> j % share = i)
                                |> List.map snd do
                                match! showCreate session database name ct with
                                | Ok(Some text) -> results.Add(parseObject database name text)
                                | Ok None -> results.Add(Ok(Skipped $"%s{database}.%s{name}: dropped while being read"))
                                | Error e -> results.Add(Error $"%s{database}.%s{name}: %s{SessionError.describe e}")

                            return List.ofSeq results
                        }

                    let! parts = Task.WhenAll(sessions |> List.mapi work)
                    let reads = parts |> Seq.concat |> List.ofSeq

                    match
                        reads
                        |> List.choose (function
                            | Error e -> Some e
                            | Ok _ -> None)
                    with
                    | [] ->
                        match! syncMaterializedViews main database ct with
                        | Error e -> return Error e
                        | Ok syncViews ->
                            let objects =
                                (reads
                                 |> List.choose (function
                                     | Ok(Object o) -> Some o
                                     | _ -> None))
                                @ (syncViews |> List.map SyncMaterializedViewObject)

                            let skipped =
                                reads
                                |> List.choose (function
                                    | Ok(Skipped w) -> Some w
                                    | _ -> None)

                            // range distribution (4.1+ shared-data) is not in SHOW CREATE: one query for the database
                            let! ranged =
                                if ServerRules.allows info.Version info.RunMode Capability.RangeDistribution then
                                    rangeDistributed main database ct
                                else
                                    Task.FromResult(Ok Set.empty)

                            let objects, rangeWarnings =
                                match ranged with
                                | Ok names -> withRange database names objects
                                | Error e ->
                                    objects,
                                    [
                                        $"%s{database}: range distribution could not be read from information_schema.tables_config (%s{SessionError.describe e}); tables without DISTRIBUTED BY are read as not stating their distribution"
                                    ]

                            return
                                Ok {
                                    Schema = Schema.ofDistinct objects
                                    Server = info
                                    Warnings = info.Warnings @ skipped @ rangeWarnings
                                }
                    | errors -> return Error(String.concat "\n" errors)
        }

    /// <summary>Reads what the server is (<c>server</c>), then a whole database (<c>objects</c>).</summary>
    /// <param name="sessions">One or more sessions to the same server (a small pool).</param>
    /// <param name="database">The database.</param>
    /// <param name="ct">Cancels the reading.</param>
    let database
        (sessions: ISession list)
        (database: string)
        (ct: CancellationToken)
        : Task<Result<Reflected, string>> =
        task {
            match sessions with
            | [] -> return Error "no session to read with"
            | main :: _ ->
                match! server main ct with
                | Error e -> return Error(SessionError.describe e)
                | Ok info -> return! objects sessions database info ct
        }

    /// <summary>One object as the server has it now (for deciding what a statement whose outcome is unknown did). On a
    /// server with range distribution (<c>rangeDistribution</c>: 4.1+ shared-data, see <c>ServerRules</c>) a table
    /// printed without DISTRIBUTED BY is looked up in <c>information_schema.tables_config</c>, as <c>objects</c>
    /// does.</summary>
    let object (session: ISession) (rangeDistribution: bool) (database: string) (name: string) (ct: CancellationToken) =
        task {
            match! showCreate session database name ct with
            | Error e -> return Error(SessionError.describe e)
            | Ok None -> return Ok None
            | Ok(Some text) ->
                match parseObject database name text with
                | Ok(Object(TableObject { Distribution = None } as o)) when rangeDistribution ->
                    match! rangeDistributed session database ct with
                    | Ok ranged -> return Ok(withRange database ranged [ o ] |> fst |> List.tryHead)
                    | Error e -> return Error(SessionError.describe e)
                | Ok(Object o) -> return Ok(Some o)
                | Ok(Skipped why) -> return Error why
                | Error e -> return Error e
        }
