namespace StarRocks.Schema.Database

open System
open System.Data
open System.Threading
open System.Threading.Tasks
open MySqlConnector

/// <summary>Where and how to connect to a StarRocks frontend (FE query port, 9030 by default).</summary>
type ConnectionSettings = {
    /// <summary>The FE host.</summary>
    Host: string
    /// <summary>The FE query port.</summary>
    Port: int
    /// <summary>The user.</summary>
    User: string
    /// <summary>The password (never printed or logged).</summary>
    Password: string
    /// <summary>The database the schema lives in.</summary>
    Database: string
    /// <summary>Seconds to wait for a connection before failing (default 5).</summary>
    ConnectTimeoutSeconds: int
    /// <summary>Seconds a command may run; 0 (the default) waits as long as it takes: DDL returns quickly, and a
    /// client-side timeout against StarRocks turns into a confusing parse error.</summary>
    CommandTimeoutSeconds: int
    /// <summary>TLS: none, preferred (the default), required, verify-ca or verify-full.</summary>
    Ssl: MySqlSslMode
}

/// <summary>Reading connection settings from a <c>starrocks://</c> URL or a MySqlConnector connection string, and the
/// connection string the tool uses (text protocol, no connection reset, no user variables).</summary>
[<RequireQualifiedAccess>]
module Connection =
    /// <summary>The default FE query port.</summary>
    [<Literal>]
    let DefaultPort = 9030

    let private defaults = {
        Host = ""
        Port = DefaultPort
        User = "root"
        Password = ""
        Database = ""
        ConnectTimeoutSeconds = 5
        CommandTimeoutSeconds = 0
        Ssl = MySqlSslMode.Preferred
    }

    /// "[catalog.]database": only the internal catalog holds native objects.
    let private database (path: string) =
        match path.Split('.', 2) with
        | [| "" |] -> Error "the URL names no database: starrocks://user:password@host:port/database"
        | [| db |] -> Ok db
        | [| catalog; db |] when
            catalog.Equals("default_catalog", StringComparison.OrdinalIgnoreCase)
            && db <> ""
            ->
            Ok db
        | [| catalog; _ |] ->
            Error $"catalog '%s{catalog}': only default_catalog is supported (external catalogs hold no native tables)"
        | _ -> Error "the URL names no database"

    let private sslMode (value: string) =
        match value.ToLowerInvariant().Replace("_", "-") with
        | "none"
        | "disabled"
        | "false" -> Ok MySqlSslMode.None
        | "preferred" -> Ok MySqlSslMode.Preferred
        | "required"
        | "true" -> Ok MySqlSslMode.Required
        | "verify-ca" -> Ok MySqlSslMode.VerifyCA
        | "verify-full" -> Ok MySqlSslMode.VerifyFull
        | other -> Error $"ssl=%s{other}: expected none, preferred, required, verify-ca or verify-full"

    let private seconds (name: string) (value: string) =
        match Int32.TryParse value with
        | true, n when n >= 0 -> Ok n
        | _ -> Error $"%s{name}=%s{value}: expected a number of seconds"

    /// <summary>Reads <c>starrocks://user:password@host:port/[catalog.]database?connect_timeout=5&amp;command_timeout=0&amp;ssl=preferred</c>
    /// (the password URL-encoded; port 9030 when omitted). <c>Error</c> says what is wrong without repeating the password.</summary>
    let parseUrl (url: string) : Result<ConnectionSettings, string> =
        match Uri.TryCreate((if isNull url then "" else url.Trim()), UriKind.Absolute) with
        | false, _ ->
            Error
                "not a valid URL (is the port a number? are '@', ':' and '/' in the password written %40, %3A and %2F?): expected starrocks://user:password@host:port/database"
        | true, uri when uri.Scheme <> "starrocks" ->
            Error $"unknown scheme '%s{uri.Scheme}': expected starrocks://user:password@host:port/database"
        | true, uri when uri.Host = "" -> Error "the URL names no host"
        | true, uri ->
            let user, password =
                match uri.UserInfo.Split(':', 2) with
                | [| "" |] -> defaults.User, ""
                | [| u |] -> Uri.UnescapeDataString u, ""
                | parts -> Uri.UnescapeDataString parts[0], Uri.UnescapeDataString parts[1]

            let options =
                uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
                |> Array.map (fun kv ->
                    match kv.Split('=', 2) with
                    | [| k; v |] -> Uri.UnescapeDataString k, Uri.UnescapeDataString v
                    | parts -> Uri.UnescapeDataString parts[0], "")
                |> List.ofArray

            let apply (settings: Result<ConnectionSettings, string>) (key: string, value: string) =
                settings
                |> Result.bind (fun s ->
                    match key.ToLowerInvariant() with
                    | "connect_timeout" ->
                        seconds key value |> Result.map (fun n -> { s with ConnectTimeoutSeconds = n })
                    | "command_timeout" ->
                        seconds key value |> Result.map (fun n -> { s with CommandTimeoutSeconds = n })
                    | "ssl" -> sslMode value |> Result.map (fun m -> { s with Ssl = m })
                    | other ->
                        Error $"unknown URL option '%s{other}' (expected connect_timeout, command_timeout or ssl)")

            database (Uri.UnescapeDataString(uri.AbsolutePath.Trim('/')))
            |> Result.bind (fun db ->
                List.fold
                    apply
                    (Ok {
                        defaults with
                            Host = uri.Host
                            Port = (if uri.Port > 0 then uri.Port else DefaultPort)
                            User = user
                            Password = password
                            Database = db
                    })
                    options)

    /// <summary>Reads a MySqlConnector connection string (it must name a database).</summary>
    let ofConnectionString (text: string) : Result<ConnectionSettings, string> =
        try
            let b = MySqlConnectionStringBuilder(text)

            if String.IsNullOrEmpty b.Database then
                Error "the connection string names no database"
            elif String.IsNullOrEmpty b.Server then
                Error "the connection string names no server"
            else
                database b.Database
                |> Result.map (fun db -> {
                    Host = b.Server
                    Port = int b.Port
                    User = b.UserID
                    Password = b.Password
                    Database = db
                    ConnectTimeoutSeconds = int b.ConnectionTimeout
                    CommandTimeoutSeconds = int b.DefaultCommandTimeout
                    Ssl = b.SslMode
                })
        with :? ArgumentException as ex ->
            Error $"not a valid connection string: %s{ex.Message}"

    /// <summary>The MySqlConnector connection string: text protocol (no prepared statements), no connection reset, no
    /// user variables, affected rows as found, pooling on.</summary>
    let connectionString (s: ConnectionSettings) : string =
        let b =
            MySqlConnectionStringBuilder(
                Server = s.Host,
                Port = uint32 s.Port,
                UserID = s.User,
                Password = s.Password,
                Database = s.Database,
                ConnectionTimeout = uint32 s.ConnectTimeoutSeconds,
                DefaultCommandTimeout = uint32 s.CommandTimeoutSeconds,
                SslMode = s.Ssl,
                Pooling = true,
                ConnectionReset = false,
                AllowUserVariables = false,
                UseAffectedRows = false,
                IgnorePrepare = true
            )

        b.ConnectionString

    let private userInfo =
        Text.RegularExpressions.Regex(
            @"(?<before>(?:\b[A-Za-z][A-Za-z0-9+.\-]*:/*)|(?:(?<=^|[\s'""(])))(?<user>[^\s:/@'""]+):(?<password>[^\s/'""]*)@",
            Text.RegularExpressions.RegexOptions.CultureInvariant
        )

    let private passwordSetting =
        Text.RegularExpressions.Regex(
            @"(?<key>\b(?:password|pwd)\s*=\s*)[^;'""\s]*",
            Text.RegularExpressions.RegexOptions.IgnoreCase
            ||| Text.RegularExpressions.RegexOptions.CultureInvariant
        )

    /// <summary>A text with every password it may hold replaced by <c>***</c>: the password of any
    /// <c>scheme://user:password@host</c> (also a mistyped scheme, or none) and of <c>Password=</c> / <c>Pwd=</c> in a
    /// connection string. The user is kept. Every message that may name a source, URL or connection string goes
    /// through this one function.</summary>
    let redact (text: string) : string =
        if String.IsNullOrEmpty text then
            text
        else
            let text = userInfo.Replace(text, "${before}${user}:***@")
            passwordSetting.Replace(text, "${key}***")

    /// <summary>True for a text that looks like a URL (a scheme of two or more letters, then <c>:/</c>): a source
    /// that is one but not a <c>starrocks://</c> URL is neither a file nor a server.</summary>
    let looksLikeUrl (source: string) =
        Text.RegularExpressions.Regex.IsMatch(source, @"^[A-Za-z][A-Za-z0-9+.\-]+:/")

    /// <summary>True for a source that names a server: a <c>starrocks://</c> URL or <c>env:NAME</c>.</summary>
    let isLive (source: string) =
        source.StartsWith("starrocks://", StringComparison.OrdinalIgnoreCase)
        || source.StartsWith("env:", StringComparison.Ordinal)

    /// <summary>The settings of a live source: a <c>starrocks://</c> URL, or <c>env:NAME</c> for a variable holding
    /// one (so the password stays out of shell history). <c>Error</c> says what is wrong, never the password.</summary>
    let resolve (source: string) : Result<ConnectionSettings, string> =
        if source.StartsWith("env:", StringComparison.Ordinal) then
            let name = source.Substring 4

            match Environment.GetEnvironmentVariable name with
            | null
            | "" -> Error $"%s{source}: the environment variable %s{name} is not set"
            | url -> parseUrl url |> Result.mapError (fun e -> $"the URL in %s{name}: %s{e}")
        else
            parseUrl source |> Result.mapError (fun e -> $"%s{redact source}: %s{e}")

    /// <summary>Where the settings point, for messages: <c>user@host:port/database</c> (never the password).</summary>
    let display (s: ConnectionSettings) =
        $"%s{s.User}@%s{s.Host}:%d{s.Port}/%s{s.Database}"

/// <summary>A session over one MySqlConnector connection, opened on first use. Errors come back as values; only
/// cancellation is an exception (<c>OperationCanceledException</c>), as in the rest of .NET.</summary>
type MySqlSession(settings: ConnectionSettings) =
    let connection = new MySqlConnection(Connection.connectionString settings)

    let where = $"%s{settings.Host}:%d{settings.Port}"

    let openConnection (ct: CancellationToken) : Task<Result<unit, SessionError>> =
        task {
            if connection.State = ConnectionState.Open then
                return Ok()
            else
                try
                    if connection.State <> ConnectionState.Closed then
                        do! connection.CloseAsync()

                    // MySqlConnector waits for a server's greeting until the connect timeout, whatever the token
                    // says: the wait ends at cancellation too, and the connection is left to its timeout
                    let opening = connection.OpenAsync(ct)
                    let! first = Task.WhenAny(opening, Task.Delay(Timeout.Infinite, ct))

                    if not (obj.ReferenceEquals(first, opening)) then
                        // its outcome no longer matters (the session is being given up); observing it keeps an
                        // unobserved-exception report away
                        opening.ContinueWith((fun (t: Task) -> t.Exception), TaskContinuationOptions.OnlyOnFaulted)
                        |> ignore

                        ct.ThrowIfCancellationRequested()

                    do! opening
                    return Ok()
                with
                | :? OperationCanceledException -> return raise (OperationCanceledException ct)
                | ex -> return Error(Unreachable $"%s{where}: %s{ex.Message}")
        }

    let run (sql: string) (ct: CancellationToken) (body: MySqlCommand -> Task<'a>) : Task<Result<'a, SessionError>> =
        task {
            match! openConnection ct with
            | Error e -> return Error e
            | Ok() ->
                try
                    use command = new MySqlCommand(sql, connection)
                    let! value = body command
                    return Ok value
                with
                | :? OperationCanceledException -> return raise (OperationCanceledException ct)
                | :? MySqlException as ex when connection.State = ConnectionState.Open ->
                    return Error(Refused(ex.Number, ex.Message))
                | ex -> return Error(ConnectionLost $"%s{where}: %s{ex.Message}")
        }

    /// <summary>The settings this session connects with.</summary>
    member _.Settings = settings

    interface ISession with
        member _.Query(sql, ct) =
            run sql ct (fun command ->
                task {
                    use! reader = command.ExecuteReaderAsync(ct)
                    let columns = [ for i in 0 .. reader.FieldCount - 1 -> reader.GetName i ]
                    let rows = ResizeArray<string option list>()

                    let text (i: int) =
                        if reader.IsDBNull i then
                            None
                        else
                            Some(Convert.ToString(reader.GetValue i, Globalization.CultureInfo.InvariantCulture))

                    let mutable more = true

                    while more do
                        let! next = reader.ReadAsync(ct)

                        if next then
                            rows.Add [ for i in 0 .. reader.FieldCount - 1 -> text i ]
                        else
                            more <- false

                    return ResultSet.create columns (List.ofSeq rows)
                })

        member _.Execute(sql, ct) =
            run sql ct (fun command ->
                task {
                    // success is the absence of an error: StarRocks reports no affected rows for DDL, and the history
                    // upserts need none
                    let! _affectedRows = command.ExecuteNonQueryAsync(ct)
                    return ()
                })

        member _.DisposeAsync() = connection.DisposeAsync()
