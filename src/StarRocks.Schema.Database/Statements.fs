namespace StarRocks.Schema.Database

open System
open System.Security.Cryptography
open System.Text
open StarRocks.Schema

/// <summary>What a statement of a revision (or a plan) is, for replaying it offline and for deciding whether it ran
/// when its reply was lost.</summary>
type StatementKind =
    /// <summary>DDL srschema models (CREATE, ALTER, DROP, and a rebuild's <c>INSERT ... SELECT</c>): its operations.</summary>
    | SchemaChange of operations: Operation list
    /// <summary>An INSERT srschema does not model (a data migration): it changes rows, not the schema; the runner
    /// labels it.</summary>
    | DataInsert
    /// <summary>UPDATE, DELETE or TRUNCATE: changes rows, not the schema; the server keeps no trace that tells whether
    /// it ran.</summary>
    | DataChange of verb: string
    /// <summary>A statement that changes no schema and no rows (SET, ANALYZE, REFRESH MATERIALIZED VIEW, ADMIN, GRANT,
    /// SELECT, ...).</summary>
    | NoSchemaChange of verb: string
    /// <summary>Any other statement srschema does not model (a CREATE FUNCTION, say): it cannot be replayed offline.</summary>
    | Unmodelled

/// <summary>Reading statements' kinds and labelling INSERTs (pure).</summary>
[<RequireQualifiedAccess>]
module StatementKind =
    /// The words, quoted names and symbols of a statement, comments and white space skipped: each as compared
    /// (words upper-cased, backticked names unquoted), as written (backticked names unquoted) and its end offset.
    let internal tokens (sql: string) : (string * string * int) seq =
        seq {
            let mutable i = 0
            let mutable stop = false

            while not stop && i < sql.Length do
                let c = sql[i]

                if Char.IsWhiteSpace c then
                    i <- i + 1
                else
                    let afterComment = Lexical.skipComment sql i

                    if afterComment < 0 then
                        stop <- true
                    elif afterComment > i then
                        i <- afterComment
                    elif Lexical.isQuote c then
                        let e = Lexical.skipQuoted sql i

                        if e < 0 then
                            stop <- true
                        else
                            let token =
                                if c = '`' then
                                    fst (Lexical.decodeQuotedAt sql i)
                                else
                                    sql.Substring(i, e - i)

                            yield token, token, e
                            i <- e
                    elif Lexical.isIdentifierPart c then
                        let mutable j = i

                        while j < sql.Length && Lexical.isIdentifierPart sql[j] do
                            j <- j + 1

                        let word = sql.Substring(i, j - i)
                        yield word.ToUpperInvariant(), word, j
                        i <- j
                    else
                        yield string c, string c, i + 1
                        i <- i + 1
        }

    let private noSchema =
        set [
            "SET"
            "ANALYZE"
            "REFRESH"
            "ADMIN"
            "GRANT"
            "REVOKE"
            "SELECT"
            "SHOW"
            "DESC"
            "DESCRIBE"
            "EXPLAIN"
            "USE"
            "KILL"
            "SUBMIT"
            "EXPORT"
            "CANCEL"
            "SYNC"
        ]

    /// <summary>The kind of a statement from its text and the operations the parser read from it (None: not
    /// modelled).</summary>
    let ofStatement (sql: string) (operations: Operation list option) : StatementKind =
        match operations with
        | Some ops -> SchemaChange ops
        | None ->
            match tokens sql |> Seq.tryHead |> Option.map (fun (word, _, _) -> word) with
            | Some "INSERT" -> DataInsert
            | Some("UPDATE" | "DELETE" | "TRUNCATE" as verb) -> DataChange verb
            | Some verb when noSchema.Contains verb -> NoSchemaChange verb
            | _ -> Unmodelled

    /// <summary>True for a statement that is an INSERT (modelled or not): the runner sends it with a label.</summary>
    let isInsert (sql: string) =
        tokens sql |> Seq.tryHead |> Option.exists (fun (word, _, _) -> word = "INSERT")

/// <summary>Load labels of the INSERTs srschema sends (<c>INSERT INTO t WITH LABEL l ...</c>): a label is unique per
/// database while StarRocks keeps it, so an INSERT whose reply was lost is decided by its label's state (<c>SHOW
/// LOAD WHERE LABEL</c>), and a resend with the same label is refused while the first one's load exists.</summary>
[<RequireQualifiedAccess>]
module Label =
    /// <summary>The longest label StarRocks accepts (<c>FeNameFormat.checkLabel</c>: <c>^[-\w]{1,128}$</c>).</summary>
    [<Literal>]
    let MaxLength = 128

    let private valid (c: char) =
        Char.IsAsciiLetterOrDigit c || c = '_' || c = '-'

    /// <summary>A label from its parts: <c>srschema_&lt;what&gt;_&lt;hash&gt;</c>, where <c>what</c> is the readable part
    /// (characters StarRocks does not take in labels become <c>_</c>) and the hash (16 hex digits of SHA-256) covers
    /// every part, so the same parts always give the same label and different ones (almost surely) differ.</summary>
    /// <param name="readable">The readable part (a revision id and a statement's place, say).</param>
    /// <param name="parts">Everything that identifies the statement.</param>
    let derive (readable: string) (parts: string list) : string =
        let hash =
            Convert
                .ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(String.concat "\u0001" parts)))
                .Substring(0, 16)
                .ToLowerInvariant()

        let what = readable |> String.map (fun c -> if valid c then c else '_')
        let what = if what.Length > 60 then what.Substring(0, 60) else what
        $"srschema_%s{what}_%s{hash}"

    /// Where a label goes in an INSERT: after the table name and its partition clause. Some(offset, existing label)
    /// or None when the statement is not an INSERT into a table.
    let private place (sql: string) : (int * string option) option =
        let tokens = StatementKind.tokens sql |> Array.ofSeq

        let at k =
            if k < tokens.Length then
                let word, _, _ = tokens[k]
                word
            else
                ""

        let endOf k =
            let _, _, e = tokens[k]
            e

        if at 0 <> "INSERT" then
            None
        else
            // optimizer hints come as comments, skipped with the others
            let verb = 1

            if at verb <> "INTO" && at verb <> "OVERWRITE" then
                None
            elif at (verb + 1) = "FILES" || at (verb + 1) = "BLACKHOLE" || at (verb + 1) = "" then
                None
            else
                // the table: name (. name)*
                let mutable k = verb + 1

                while at (k + 1) = "." do
                    k <- k + 2

                let mutable last = k
                k <- k + 1

                if at k = "TEMPORARY" then
                    k <- k + 1

                if at k = "PARTITION" || at k = "PARTITIONS" then
                    if at (k + 1) = "(" then
                        let mutable depth = 0
                        let mutable j = k + 1
                        let mutable closed = -1

                        while closed < 0 && j < tokens.Length do
                            match at j with
                            | "(" -> depth <- depth + 1
                            | ")" ->
                                depth <- depth - 1

                                if depth = 0 then
                                    closed <- j
                            | _ -> ()

                            j <- j + 1

                        last <- closed
                        k <- closed + 1
                    else
                        last <- k + 1
                        k <- k + 2

                if last < 0 || last >= tokens.Length then
                    None
                elif at k = "WITH" && at (k + 1) = "LABEL" && k + 2 < tokens.Length then
                    let _, label, _ = tokens[k + 2]
                    Some(endOf last, Some label)
                else
                    Some(endOf last, None)

    /// <summary>The label an INSERT already names (<c>WITH LABEL l</c>), if any.</summary>
    let written (sql: string) : string option = place sql |> Option.bind snd

    /// <summary>The statement as sent with a label: an INSERT into a table that names none gets
    /// <c>WITH LABEL `label`</c> after its table (and partitions); one that names a label keeps it (returned);
    /// anything else is sent as it is, unlabelled (None).</summary>
    let apply (label: string) (sql: string) : string * string option =
        match place sql with
        | None -> sql, None
        | Some(_, Some existing) -> sql, Some existing
        | Some(offset, None) ->
            sql.Substring(0, offset)
            + " WITH LABEL "
            + Sql.identifier label
            + sql.Substring offset,
            Some label
