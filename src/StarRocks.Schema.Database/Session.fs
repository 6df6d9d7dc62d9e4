namespace StarRocks.Schema.Database

open System
open System.Threading
open System.Threading.Tasks

/// <summary>The rows of a query, every value as the text StarRocks sent (None for NULL), as <c>SHOW</c> statements and
/// <c>information_schema</c> return them.</summary>
type ResultSet = {
    /// <summary>The column names, as the server spells them.</summary>
    Columns: string list
    /// <summary>The rows; each has one value per column.</summary>
    Rows: string option list list
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.Database.ResultSet"/>.</summary>
[<RequireQualifiedAccess>]
module ResultSet =
    /// <summary>A result set from column names and rows of optional texts.</summary>
    let create (columns: string list) (rows: string option list list) = { Columns = columns; Rows = rows }

    /// <summary>The rows as maps from column name (compared case-insensitively) to value.</summary>
    let records (r: ResultSet) : (string -> string option) list =
        let index =
            r.Columns |> List.mapi (fun i c -> c.ToLowerInvariant(), i) |> Map.ofList

        r.Rows
        |> List.map (fun row ->
            fun (column: string) ->
                match index.TryFind(column.ToLowerInvariant()) with
                | Some i when i < List.length row -> row[i]
                | _ -> None)

/// <summary>Why a query or statement did not complete.</summary>
type SessionError =
    /// <summary>The server refused it (syntax, analysis, a busy table, ...): nothing was done.</summary>
    | Refused of code: int * message: string
    /// <summary>The connection broke after the statement was sent: its outcome is unknown.</summary>
    | ConnectionLost of message: string
    /// <summary>No connection could be made (host, port, credentials).</summary>
    | Unreachable of message: string

/// <summary>Functions over <see cref="T:StarRocks.Schema.Database.SessionError"/>.</summary>
[<RequireQualifiedAccess>]
module SessionError =
    /// <summary>One line for messages.</summary>
    let describe =
        function
        | Refused(code, message) -> $"the server refused it (%d{code}): %s{message}"
        | ConnectionLost message -> $"the connection was lost: %s{message}"
        | Unreachable message -> $"cannot connect: %s{message}"

/// <summary>The one small interface everything that talks to a server goes through: run a query, run a statement.
/// Reflection and the executor are tested with a scripted implementation of it.</summary>
type ISession =
    inherit IAsyncDisposable

    /// <summary>Runs a query (text protocol, one statement) and reads every row.</summary>
    abstract Query: sql: string * cancellationToken: CancellationToken -> Task<Result<ResultSet, SessionError>>

    /// <summary>Runs one statement (DDL or DML) that returns no rows.</summary>
    abstract Execute: sql: string * cancellationToken: CancellationToken -> Task<Result<unit, SessionError>>

/// <summary>Functions over <see cref="T:StarRocks.Schema.Database.ISession"/>.</summary>
[<RequireQualifiedAccess>]
module Session =
    /// <summary>Runs a query and gives its rows as records (see <c>ResultSet.records</c>).</summary>
    let records
        (session: ISession)
        (sql: string)
        (ct: CancellationToken)
        : Task<Result<(string -> string option) list, SessionError>> =
        task {
            let! result = session.Query(sql, ct)
            return result |> Result.map ResultSet.records
        }

/// <summary>SQL text helpers for the statements the tool sends itself.</summary>
[<RequireQualifiedAccess>]
module Sql =
    /// <summary>A backticked identifier (a backtick inside is doubled).</summary>
    let identifier (name: string) =
        StarRocks.Schema.Lexical.Quote.backticked name

    /// <summary>A single-quoted string literal (backslash and quote escaped).</summary>
    let literal (text: string) =
        StarRocks.Schema.Lexical.Quote.singleQuoted text
