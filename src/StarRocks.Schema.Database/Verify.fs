namespace StarRocks.Schema.Database

open System.Threading
open StarRocks.Schema

/// <summary>Round-trip schema verification for an application's own tests: does the database match the model?</summary>
[<RequireQualifiedAccess>]
module Verify =
    /// <summary>The plan from what the database has to the model, with the server's own release and run mode:
    /// <c>Plan.isEmpty</c> when the database matches; otherwise its steps say what differs and
    /// <c>Plan.Differences</c> explains each difference.</summary>
    /// <param name="session">A session to the server.</param>
    /// <param name="database">The database to read.</param>
    /// <param name="model">The schema it should have (names unqualified or qualified with <c>database</c>).</param>
    /// <param name="renames">Renames the model declares (usually none).</param>
    /// <param name="ct">Cancels the reading.</param>
    let schema (session: ISession) (database: string) (model: Schema) (renames: Rename list) (ct: CancellationToken) =
        task {
            match! Reflect.database [ session ] database ct with
            | Error e -> return Error e
            | Ok reflected ->
                let options = {
                    ServerInfo.diffOptions database reflected.Server with
                        Renames = renames
                }

                return Ok(Diff.plan options reflected.Schema model)
        }

    /// <summary>The same, with the model given as CREATE statements (a file's text).</summary>
    /// <param name="session">A session to the server.</param>
    /// <param name="database">The database to read.</param>
    /// <param name="sql">The model's CREATE statements.</param>
    /// <param name="ct">Cancels the reading.</param>
    let script (session: ISession) (database: string) (sql: string) (ct: CancellationToken) =
        task {
            match
                Parse.script "<model>" sql
                |> Result.bind (fun s -> Parse.schema [ s ] |> Result.map (fun m -> s, m))
            with
            | Error ds -> return Error(ds |> List.map Diagnostic.format |> String.concat "\n")
            | Ok(parsed, model) -> return! schema session database model parsed.Renames ct
        }
