namespace StarRocks.Schema.Database

open System
open System.IO
open System.Text.Json
open System.Threading
open System.Threading.Tasks
open StarRocks.Schema

/// <summary>A migrations project: <c>srschema.json</c> beside a model folder and a migrations folder.</summary>
type ProjectConfig = {
    /// <summary>The server: a <c>starrocks://</c> URL or <c>env:NAME</c>; None for offline work only.</summary>
    Url: string option
    /// <summary>The one database the project manages.</summary>
    Database: string
    /// <summary>The model folder (CREATE statements), relative to the config file.</summary>
    Schema: string
    /// <summary>The migrations folder, relative to the config file.</summary>
    Migrations: string
    /// <summary>The history table's name.</summary>
    HistoryTable: string
    /// <summary>The history table's properties (e.g. <c>replication_num</c> = 1 on a single-node cluster).</summary>
    HistoryProperties: Map<string, string>
    /// <summary>How long a migration run's lease lasts without renewal, in minutes (default 10). It is renewed before
    /// every statement and during waits, but not while the server executes one statement: it must be longer than the
    /// longest single statement (a rebuild's INSERT ... SELECT copy).</summary>
    LeaseMinutes: int
    /// <summary>The server release assumed offline.</summary>
    ServerVersion: ServerVersion option
    /// <summary>The run mode assumed offline.</summary>
    RunMode: RunMode option
}

/// <summary>Reading and writing <c>srschema.json</c>.</summary>
[<RequireQualifiedAccess>]
module ProjectConfig =
    /// <summary>The config file's name.</summary>
    [<Literal>]
    let FileName = "srschema.json"

    /// <summary>A new project's settings.</summary>
    let defaults = {
        Url = Some "env:SRSCHEMA_URL"
        Database = "shop"
        Schema = "schema"
        Migrations = "migrations"
        HistoryTable = "srschema_history"
        HistoryProperties = Map.ofList [ PropertyKey.ReplicationNum, "1" ]
        LeaseMinutes = 10
        ServerVersion = None
        RunMode = None
    }

    /// <summary>The JSON text of a config.</summary>
    let render (c: ProjectConfig) : string =
        let str (s: string) = JString s

        let value =
            JObject [
                "url", (c.Url |> Option.map str |> Option.defaultValue JNull)
                "database", str c.Database
                "schema", str c.Schema
                "migrations", str c.Migrations
                "historyTable", str c.HistoryTable
                "historyProperties", JObject(c.HistoryProperties |> Map.toList |> List.map (fun (k, v) -> k, str v))
                "leaseMinutes", JNumber(int64 c.LeaseMinutes)
                "serverVersion", (c.ServerVersion |> Option.map (string >> str) |> Option.defaultValue JNull)
                "runMode",
                (c.RunMode
                 |> Option.map (function
                     | SharedNothing -> str "shared-nothing"
                     | SharedData -> str "shared-data")
                 |> Option.defaultValue JNull)
            ]

        Json.serialize value + "\n"

    /// <summary>Reads a config's JSON text; <c>Error</c> names the member that is wrong.</summary>
    let parse (source: string) (text: string) : Result<ProjectConfig, string> =
        try
            use doc =
                JsonDocument.Parse(
                    text,
                    JsonDocumentOptions(CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)
                )

            let root = doc.RootElement

            let optString (name: string) =
                match root.TryGetProperty name with
                | true, v when v.ValueKind = JsonValueKind.String -> Ok(Some(v.GetString()))
                | true, v when v.ValueKind = JsonValueKind.Null -> Ok None
                | true, _ -> Error $"%s{source}: \"%s{name}\" must be a string"
                | false, _ -> Ok None

            let required (name: string) (dflt: string) =
                optString name |> Result.map (Option.defaultValue dflt)

            let properties =
                match root.TryGetProperty "historyProperties" with
                | true, v when v.ValueKind = JsonValueKind.Object ->
                    v.EnumerateObject()
                    |> Seq.map (fun p ->
                        p.Name,
                        (if p.Value.ValueKind = JsonValueKind.String then
                             p.Value.GetString()
                         else
                             p.Value.GetRawText()))
                    |> Map.ofSeq
                    |> Ok
                | true, v when v.ValueKind = JsonValueKind.Null -> Ok Map.empty
                | true, _ -> Error $"%s{source}: \"historyProperties\" must be an object"
                | false, _ -> Ok defaults.HistoryProperties

            match
                optString "url", optString "database", required "schema" "schema", required "migrations" "migrations"
            with
            | Error e, _, _, _
            | _, Error e, _, _
            | _, _, Error e, _
            | _, _, _, Error e -> Error e
            | Ok url, Ok database, Ok schema, Ok migrations ->
                match database with
                | None
                | Some "" -> Error $"%s{source}: \"database\" (the database the project manages) is missing"
                | Some db ->
                    let version =
                        match optString "serverVersion" with
                        | Ok(Some v) ->
                            ServerVersion.tryParse v
                            |> Result.map Some
                            |> Result.mapError (fun e -> $"%s{source}: serverVersion: %s{e}")
                        | Ok None -> Ok None
                        | Error e -> Error e

                    let mode =
                        match optString "runMode" with
                        | Ok(Some m) ->
                            match m.ToLowerInvariant().Replace("_", "-") with
                            | "shared-nothing" -> Ok(Some SharedNothing)
                            | "shared-data" -> Ok(Some SharedData)
                            | other -> Error $"%s{source}: runMode '%s{other}': expected shared-nothing or shared-data"
                        | Ok None -> Ok None
                        | Error e -> Error e

                    let lease =
                        match root.TryGetProperty "leaseMinutes" with
                        | true, v when v.ValueKind = JsonValueKind.Number ->
                            match v.TryGetInt32() with
                            | true, n when n > 0 -> Ok n
                            | _ -> Error $"%s{source}: \"leaseMinutes\" must be a whole number of minutes above 0"
                        | true, v when v.ValueKind = JsonValueKind.Null -> Ok defaults.LeaseMinutes
                        | true, _ -> Error $"%s{source}: \"leaseMinutes\" must be a whole number of minutes above 0"
                        | false, _ -> Ok defaults.LeaseMinutes

                    match version, mode, properties, required "historyTable" defaults.HistoryTable with
                    | Error e, _, _, _
                    | _, Error e, _, _
                    | _, _, Error e, _
                    | _, _, _, Error e -> Error e
                    | Ok _, Ok _, Ok _, Ok table when (Name.tryCreate table).IsError ->
                        Error $"%s{source}: \"historyTable\" must be a table name"
                    | Ok _, Ok _, Ok _, Ok _ when Result.isError lease ->
                        Error(
                            match lease with
                            | Error e -> e
                            | Ok _ -> ""
                        )
                    | Ok v, Ok m, Ok props, Ok table ->
                        Ok {
                            Url = url
                            Database = db
                            Schema = schema
                            Migrations = migrations
                            HistoryTable = table
                            HistoryProperties = props
                            LeaseMinutes = Result.defaultValue defaults.LeaseMinutes lease
                            ServerVersion = v
                            RunMode = m
                        }
        with :? JsonException as ex ->
            // System.Text.Json's message ends with " LineNumber: 0 | BytePositionInLine: 1." (both 0-based)
            let message =
                match ex.Message.IndexOf " LineNumber:" with
                | -1 -> ex.Message
                | i -> ex.Message.Substring(0, i)

            let place =
                match Option.ofNullable ex.LineNumber, Option.ofNullable ex.BytePositionInLine with
                | Some line, Some column -> $"%s{source}:%d{line + 1L}:%d{column + 1L}"
                | _ -> source

            Error $"%s{place}: not valid JSON: %s{message}"

    /// <summary>Reads the config file of a project folder.</summary>
    let load (folder: string) : Result<ProjectConfig, string> =
        let path = Path.Combine(folder, FileName)

        if File.Exists path then
            parse path (File.ReadAllText path)
        else
            Error $"%s{path}: no such file (run srschema init)"

/// <summary>A loaded migrations project: its folder, its config and its revisions in order.</summary>
type MigrationProject = {
    /// <summary>The project folder.</summary>
    Folder: string
    /// <summary>srschema.json.</summary>
    Config: ProjectConfig
    /// <summary>The revisions, base first.</summary>
    Chain: Revision list
}

/// <summary>Loading a migrations project, and the settings its work uses.</summary>
[<RequireQualifiedAccess>]
module MigrationProject =
    /// <summary>Reads srschema.json and the migrations folder, and orders the revisions; every problem, with its file.</summary>
    let load (folder: string) : Result<MigrationProject, string list> =
        ProjectConfig.load folder
        |> Result.mapError List.singleton
        |> Result.bind (fun config ->
            Revision.load (Path.Combine(folder, config.Migrations))
            |> Result.bind (Chain.order >> Result.mapError List.singleton)
            |> Result.map (fun chain -> {
                Folder = folder
                Config = config
                Chain = chain
            }))

    /// <summary>The model folder's path.</summary>
    let modelPath (project: MigrationProject) =
        Path.Combine(project.Folder, project.Config.Schema)

    /// <summary>The diff options offline: the release and run mode the config assumes (else the newest release,
    /// shared-nothing), the managed database as the default one.</summary>
    let offlineOptions (config: ProjectConfig) =
        DiffOptions.forServer config.ServerVersion config.RunMode (Name.tryCreate config.Database |> Result.toOption)

    /// <summary>The offline check of a project against its model: every revision's up part, then its down part, gives
    /// back the schema before it (else the first revision that does not), and the plan from the migrations' head to the
    /// model (empty when they match). Returns the head, that plan and the replay's notes (the statements it skipped
    /// because they change data or settings, not the schema; see <c>Chain.replayWith</c>).</summary>
    let checkOffline (project: MigrationProject) (model: Schema) : Result<Schema * Plan * string list, string> =
        let options = offlineOptions project.Config

        Chain.verifyWith options project.Chain
        |> Result.map (fun (head, notes) -> head, Diff.plan options head model, notes)

    /// <summary>Connection settings pointed at the project's database.</summary>
    let onDatabase (config: ProjectConfig) (settings: ConnectionSettings) = {
        settings with
            Database = config.Database
    }

    /// <summary>The settings of the project's server (its URL, or the environment variable it names), or why there
    /// are none.</summary>
    let serverSettings (config: ProjectConfig) : Result<ConnectionSettings, string> =
        match config.Url with
        | None -> Error "srschema.json names no server (\"url\"); use the --offline or --sql forms"
        | Some url -> Connection.resolve url |> Result.map (onDatabase config)
