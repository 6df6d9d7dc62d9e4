/// Where a schema comes from: .sql files and folders, or a live server (starrocks:// URL, possibly from an
/// environment variable). Errors are printed on stderr here (spinners on a terminal while reading); the caller only sees which exit code to use.
module StarRocks.Schema.Cli.Sources

open System
open System.IO
open System.Threading
open StarRocks.Schema
open StarRocks.Schema.Database
open StarRocks.Schema.Cli.ExitCodes
open StarRocks.Schema.Cli.Output

/// <summary>A schema read from a source, with what came with it.</summary>
type Loaded = {
    /// <summary>The objects, in the order of their statements (files) or sorted (servers).</summary>
    Objects: SchemaObject list
    /// <summary>The schema.</summary>
    Schema: Schema
    /// <summary>Renames the files declare.</summary>
    Renames: Rename list
    /// <summary>For a server: its release and run mode.</summary>
    Server: ServerInfo option
    /// <summary>For a server: its database.</summary>
    Database: string option
    /// <summary>What was read, for stderr.</summary>
    Summary: string
}

/// <summary>Why a source could not be read: invalid input (files), or a server that could not be read.</summary>
type Failure =
    /// <summary>A parse or validation error, a missing path, a bad URL.</summary>
    | InvalidInput
    /// <summary>The server could not be reached or refused to be read.</summary>
    | ServerFailure
    /// <summary>Reading a server was cancelled (Ctrl-C): nothing was changed.</summary>
    | Cancelled

/// <summary>The exit code of a source that could not be read (its message is already on stderr).</summary>
let exitCode =
    function
    | InvalidInput -> ExitCode.InvalidInput
    | ServerFailure -> ExitCode.ServerFailure
    | Cancelled -> ExitCode.Cancelled

let private fromFiles (path: string) (t: Terminal) : Result<Loaded, Failure> =
    let read (p: Progress) =
        ModelFiles.readReporting (fun i n -> p.Status $"reading %s{path}: file %d{i} of %d{n}") path

    match Progress.run t $"reading %s{path}" false read with
    | Error(Choice1Of2 e) ->
        t.Err.WriteLine e
        Error InvalidInput
    | Error(Choice2Of2 errors) ->
        for d in errors do
            t.Err.WriteLine(Diagnostic.format d)

        Error InvalidInput
    | Ok model ->
        if List.isEmpty model.Files then
            Terminal.warn t $"%s{path}: no .sql files found"

        for s in model.Scripts do
            for w in s.Warnings do
                Terminal.warn t (Diagnostic.format w)

        let objects = model.Scripts |> List.collect (fun s -> s.Objects)

        Ok {
            Objects = objects
            Schema = model.Schema
            Renames = model.Scripts |> List.collect (fun s -> s.Renames)
            Server = None
            Database = None
            Summary = $"%d{List.length objects} object(s) read from %d{List.length model.Files} file(s)"
        }

/// How many connections read a server's objects concurrently.
let private poolSize = 4

let private fromServer (settings: ConnectionSettings) (t: Terminal) (ct: CancellationToken) : Result<Loaded, Failure> =
    let sessions = [ for _ in 1..poolSize -> new MySqlSession(settings) :> ISession ]

    try
        let read () =
            (Reflect.database sessions settings.Database ct).GetAwaiter().GetResult()

        try
            match Progress.quietly t $"reading %s{Connection.display settings}" read with
            | Error e ->
                t.Err.WriteLine $"%s{Connection.display settings}: %s{e}"
                Error ServerFailure
            | Ok reflected ->
                for w in reflected.Warnings do
                    Terminal.warn t w

                let objects = Schema.objects reflected.Schema

                Ok {
                    Objects = objects
                    Schema = reflected.Schema
                    Renames = []
                    Server = Some reflected.Server
                    Database = Some settings.Database
                    Summary =
                        $"%d{List.length objects} object(s) read from %s{Connection.display settings} (StarRocks %O{reflected.Server.Version})"
                }
        with :? OperationCanceledException ->
            // reading only: nothing was changed
            Terminal.cancelledReading t
            Error Cancelled
    finally
        for s in sessions do
            s.DisposeAsync().AsTask().GetAwaiter().GetResult()

/// A folder of migration files (their first line is "-- srschema revision ..."): the schema at their head.
let private isMigrations (path: string) =
    Directory.Exists path
    && Directory.GetFiles(path, "*.sql")
       |> Array.exists (fun f ->
           File.ReadLines(f)
           |> Seq.tryHead
           |> Option.exists (fun l -> l.StartsWith "-- srschema revision"))

let private fromMigrations (path: string) (t: Terminal) : Result<Loaded, Failure> =
    match Revision.load path with
    | Error errors ->
        for e in errors do
            t.Err.WriteLine e

        Error InvalidInput
    | Ok revisions ->
        match
            Chain.order revisions
            |> Result.bind (fun chain ->
                Chain.replayWith chain Schema.empty
                |> Result.map (fun (s, notes) ->
                    for note in notes do
                        Terminal.warn t note

                    chain, s))
        with
        | Error e ->
            t.Err.WriteLine e
            Error InvalidInput
        | Ok(chain, schema) ->
            let objects = Schema.objects schema

            Ok {
                Objects = objects
                Schema = schema
                Renames = []
                Server = None
                Database = None
                Summary = $"%d{List.length objects} object(s) from %d{List.length chain} migration(s) replayed"
            }

/// <summary>Reads a source: <c>starrocks://...</c>, <c>env:NAME</c> (a variable holding such a URL, so it stays out
/// of shell history), a migrations folder (replayed to its head), or a .sql file or folder.</summary>
let load (source: string) (t: Terminal) (ct: CancellationToken) : Result<Loaded, Failure> =
    if Connection.isLive source then
        match Connection.resolve source with
        | Ok settings -> fromServer settings t ct
        | Error e ->
            t.Err.WriteLine e
            Error InvalidInput
    elif
        Connection.looksLikeUrl source
        && not (File.Exists source || Directory.Exists source)
    then
        t.Err.WriteLine
            $"%s{Connection.redact source}: not a file, and not a starrocks:// URL (expected starrocks://user:password@host:port/database)"

        Error InvalidInput
    elif isMigrations source then
        fromMigrations source t
    else
        fromFiles source t
