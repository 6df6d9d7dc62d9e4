/// The tokens of the FParsec grammar: the parser's type and state, white space and comments, keywords and
/// punctuation, names, literals, expression text kept as written and property lists. Every token consumes the white
/// space and comments after it. What a name, a quoted string or a comment is, is Lexical's to say.
module internal StarRocks.Schema.Parsing.Names

open System
open System.Text
open FParsec
open StarRocks.Schema

// ---------------------------------------------------------------------------------------------------------------
// Parser state

/// The parser's user state: the nesting depth of types. A reference type (an immutable record) rather than an int:
/// FParsec's combinators instantiated over a reference type share code that ReadyToRun precompiles, where an int
/// state makes the JIT compile each of them at start-up (about a tenth of the tool's start-up time).
type Depth = { Value: int }

type P<'a> = Parser<'a, Depth>

/// The state a statement starts in: no type open.
let topLevel = { Value = 0 }

// ---------------------------------------------------------------------------------------------------------------
// White space, keywords and punctuation

/// An identifier character (Lexical.isIdentifierPart), never FParsec's end-of-stream marker '\uffff'.
let private isIdChar (c: char) =
    Lexical.isIdentifierPart c && c <> CharStream.EndOfStreamChar

let private advance (stream: CharStream<Depth>) =
    let c = stream.Read()

    if c = '\n' then
        stream.RegisterNewline() |> ignore

/// White space and comments. Written by hand so that it never adds "expected" items to error messages.
let ws: P<unit> =
    fun stream ->
        let mutable go = true

        while go do
            stream.SkipWhitespace() |> ignore

            if stream.Skip Lexical.LineComment then
                stream.SkipRestOfLine true
            elif stream.Skip Lexical.BlockCommentOpen then
                while not stream.IsEndOfStream && not (stream.Skip Lexical.BlockCommentClose) do
                    advance stream
            else
                go <- false

        Reply(())

/// A case-insensitive keyword that is not the prefix of a longer word. Hand-written (one case-folded match and a
/// preallocated error) because keywords are tried at almost every position.
let kw (word: string) : P<unit> =
    let folded = word.ToLowerInvariant()
    let error = expected word
    let length = word.Length

    fun stream ->
        if stream.MatchCaseFolded folded && not (isIdChar (stream.Peek length)) then
            stream.Skip length
            ws stream
        else
            Reply(Error, error)

/// Several keywords in a row, e.g. "MATERIALIZED VIEW".
let kws (words: string) : P<unit> =
    words.Split(' ', StringSplitOptions.RemoveEmptyEntries)
    |> Array.map kw
    |> Array.reduce (>>?)
    <?> words

/// A punctuation character and the white space after it.
let sym (c: char) : P<unit> =
    let error = expectedString (string c)

    fun stream -> if stream.Skip c then ws stream else Reply(Error, error)

/// Runs p; when it succeeds, andThen gets the state the stream was in before p, p's value and the stream, and replies.
let afterSuccess (p: P<'a>) (andThen: CharStreamState<Depth> -> 'a -> CharStream<Depth> -> Reply<'b>) : P<'b> =
    fun stream ->
        let state = stream.State
        let reply = p stream

        if reply.Status <> Ok then
            Reply(reply.Status, reply.Error)
        else
            andThen state reply.Result stream

/// Runs p, then checks its value; a failed check is reported at the place where p started, not after it.
let checkedAt (p: P<'a>) (check: 'a -> Result<'b, string>) : P<'b> =
    afterSuccess p (fun state value stream ->
        match check value with
        | Result.Ok v -> Reply v
        | Result.Error message ->
            stream.BacktrackTo state
            Reply(FatalError, messageError message))

let commaSep (p: P<'a>) : P<'a list> = sepBy1 p (sym ',')

let parens (p: P<'a>) : P<'a> = between (sym '(') (sym ')') p

// ---------------------------------------------------------------------------------------------------------------
// Quoted text on the stream

/// The number of characters from the stream's position to the end of the text being parsed.
let private available (stream: CharStream<Depth>) =
    int (stream.IndexOfLastCharPlus1 - stream.Index)

/// Lexical.plainQuotedLength of the quoted text at the stream's position.
let private plainQuotedLength (stream: CharStream<Depth>) =
    Lexical.plainQuotedLength (fun k -> stream.Peek k) (available stream) 0

/// Reads the quoted text at the stream's position, decoded (Lexical.decodeQuoted); ValueNone, with the stream at the
/// end, when it is never closed. skip moves the stream over the given number of characters.
let inline private readQuoted (stream: CharStream<Depth>) ([<InlineIfLambda>] skip: int -> unit) : string voption =
    let value = StringBuilder()
    let e = Lexical.decodeQuoted (fun k -> stream.Peek k) (available stream) 0 value
    skip (if e < 0 then available stream else e)
    if e < 0 then ValueNone else ValueSome(value.ToString())

/// Moves the stream over count characters, each line feed a new line.
let advanceBy (stream: CharStream<Depth>) (count: int) =
    for _ in 1..count do
        advance stream

/// Moves the stream over count characters as FParsec's own character parsers do: "\r\n", "\r" and "\n" are each a
/// new line.
let private skipWithNewlines (stream: CharStream<Depth>) (count: int) =
    let target = stream.Index + int64 count

    while stream.Index < target do
        if not (stream.SkipNewline()) then
            stream.Skip()

// ---------------------------------------------------------------------------------------------------------------
// Names

/// A backticked identifier (doubled backticks escape one) or a bare word.
let identText: P<string> =
    let error = expected "identifier"
    let unterminated = mergeErrors (expectedString "`") (expectedString "``")

    fun (stream: CharStream<Depth>) ->
        if stream.Peek() = '`' then
            let simple = plainQuotedLength stream

            if simple >= 0 then
                stream.Skip()
                let value = stream.Read simple
                stream.Skip()
                ws stream |> ignore
                Reply value
            else
                // as FParsec's character parsers read it: each line break becomes '\n'
                match readQuoted stream (skipWithNewlines stream) with
                | ValueSome value ->
                    ws stream |> ignore
                    Reply(value.Replace("\r\n", "\n").Replace('\r', '\n'))
                | ValueNone -> Reply(Error, unterminated)
        else
            let mutable n = 0

            while isIdChar (stream.Peek n) do
                n <- n + 1

            if n = 0 then
                Reply(Error, error)
            else
                let value = stream.Read n
                ws stream |> ignore
                Reply value

let identifier: P<Name> =
    fun stream ->
        let reply = identText stream

        if reply.Status <> Ok then
            Reply(reply.Status, reply.Error)
        else
            match Name.tryCreate reply.Result with
            | Result.Ok n -> Reply n
            | Result.Error e -> Reply(FatalError, messageError e)

let qualifiedName: P<QualifiedName> =
    sepBy1 identifier (skipChar '.' >>. ws)
    >>= fun parts ->
        match parts with
        | [ n ] -> preturn (QualifiedName.ofName n)
        | [ d; n ] -> preturn (QualifiedName.inDatabase d n)
        | [ c; d; n ] ->
            preturn {
                Catalog = Some c
                Database = Some d
                Name = n
            }
        | _ -> fail "a name has at most three parts: catalog.database.name"

/// The name of an object a CREATE statement defines: only objects of default_catalog are managed; a name in another
/// catalog is refused where it is written (the wording "not a native StarRocks table" is the one reflection skips).
let objectName: P<QualifiedName> =
    checkedAt qualifiedName (fun q ->
        match q.Catalog with
        | Some c when not (String.Equals(Name.value c, "default_catalog", StringComparison.OrdinalIgnoreCase)) ->
            Result.Error
                $"`%s{QualifiedName.display q}` is in catalog `%s{Name.value c}`: only tables of default_catalog are managed (it is not a native StarRocks table)"
        | _ -> Result.Ok q)

let nameList: P<Name list> = parens (commaSep identifier)

// ---------------------------------------------------------------------------------------------------------------
// Literals

/// A single- or double-quoted string literal, decoded (backslash escapes as in MySQL, doubled quotes). Line breaks,
/// including CR LF, are kept byte for byte.
let stringLiteral: P<string> =
    (fun (stream: CharStream<Depth>) ->
        let q = stream.Peek()

        if q <> '\'' && q <> '"' then
            Reply(Error, expected "string literal")
        else
            let simple = plainQuotedLength stream

            if simple >= 0 then
                stream.Skip()
                let value = stream.Read simple
                stream.Skip()
                Reply value
            else
                match readQuoted stream (advanceBy stream) with
                | ValueSome value -> Reply value
                | ValueNone -> Reply(FatalError, messageError "unterminated string literal"))
    .>> ws

let integer: P<int> =
    checkedAt (many1Satisfy isDigit .>> ws <?> "number") (fun digits ->
        match Int32.TryParse digits with
        | true, v -> Result.Ok v
        | false, _ -> Result.Error $"the number %s{digits} is too large")

let comment: P<string> = kw "COMMENT" >>. stringLiteral

let private keyValue: P<string * string> =
    stringLiteral .>> sym '=' .>>. stringLiteral

let private toMap (what: string) (pairs: (string * string) list) : Result<Map<string, string>, string> =
    match pairs |> List.countBy fst |> List.tryFind (fun (_, c) -> c > 1) with
    | Some(k, _) -> Result.Error $"%s{what}: the key \"%s{k}\" is given more than once"
    | None -> Result.Ok(Map.ofList pairs)

let propertyList (what: string) : P<Map<string, string>> =
    checkedAt (parens (sepEndBy keyValue (sym ','))) (toMap what)

let properties: P<Map<string, string>> =
    checkedAt (kw "PROPERTIES" >>. parens (sepEndBy keyValue (sym ','))) (toMap "PROPERTIES")

// ---------------------------------------------------------------------------------------------------------------
// Expression text, kept as written

/// Reads expression text up to (not including) a ',' or ')' at depth 0, one of the stop keywords at depth 0,
/// (when stopAtPartitionList) a '(' at depth 0 that opens a partition list, or a word at depth 0 that follows a
/// complete term with no operator between them (what follows is then another clause, or a cut-off one). The text is
/// kept exactly as written.
let private scanExpr (stopAtJuxtaposed: bool) (stopKeywords: string list) (stopAtPartitionList: bool) : P<Expr> =
    let stops =
        Collections.Generic.HashSet<string>(stopKeywords, StringComparer.OrdinalIgnoreCase)

    fun stream ->
        let startState = stream.State
        let mutable depth = 0
        let mutable fin = false
        let mutable error = None
        let mutable prevIdChar = false
        // a complete term (word, literal or closing parenthesis) ended, and white space followed it
        let mutable afterTerm = false
        let mutable spaceSinceTerm = false

        let wordAhead () =
            let mutable n = 0

            while isIdChar (stream.Peek n) do
                n <- n + 1

            stream.PeekString n

        let startsPartitionList () =
            let mutable n = 1

            while Char.IsWhiteSpace(stream.Peek n) do
                n <- n + 1

            let word = stream.PeekString(n + 9)
            let rest = word.Substring(min n word.Length)

            rest.StartsWith("PARTITION", StringComparison.OrdinalIgnoreCase)
            || rest.StartsWith("START", StringComparison.OrdinalIgnoreCase)

        while not fin && error.IsNone do
            if stream.IsEndOfStream then
                if depth > 0 then
                    error <- Some "an expression opens a parenthesis it does not close"

                fin <- true
            else
                let c = stream.Peek()

                if Lexical.opensComment c (fun () -> stream.Peek 1) then
                    (ws stream) |> ignore
                    prevIdChar <- false
                    spaceSinceTerm <- afterTerm
                elif Char.IsWhiteSpace c then
                    advance stream
                    prevIdChar <- false
                    spaceSinceTerm <- afterTerm
                elif Lexical.isQuote c then
                    let e = Lexical.quotedEnd (fun k -> stream.Peek k) (available stream) 0
                    advanceBy stream (if e < 0 then available stream else e)

                    if e < 0 then
                        error <- Some "unterminated quoted text in an expression"

                    prevIdChar <- false
                    afterTerm <- depth = 0
                    spaceSinceTerm <- false
                elif depth = 0 && (c = ',' || c = ')' || c = ']') then
                    fin <- true
                elif c = '(' || c = '[' then
                    if c = '(' && depth = 0 && stopAtPartitionList && startsPartitionList () then
                        fin <- true
                    elif depth >= Limits.MaxNesting then
                        error <- Some $"parentheses nested deeper than %d{Limits.MaxNesting} levels"
                    else
                        depth <- depth + 1
                        advance stream

                    prevIdChar <- false
                    afterTerm <- false
                    spaceSinceTerm <- false
                elif c = ')' || c = ']' then
                    depth <- depth - 1
                    advance stream
                    prevIdChar <- false
                    afterTerm <- depth = 0
                    spaceSinceTerm <- false
                elif isIdChar c then
                    if depth = 0 && not prevIdChar then
                        let w = wordAhead ()

                        let juxtaposed =
                            stopAtJuxtaposed
                            && afterTerm
                            && spaceSinceTerm
                            && not (Lexical.joiningWords.Contains w)

                        if juxtaposed || stops.Contains w then
                            fin <- true
                        else
                            advanceBy stream w.Length

                            prevIdChar <- true
                            afterTerm <- true
                            spaceSinceTerm <- false
                    else
                        advance stream
                        prevIdChar <- true
                else
                    advance stream
                    prevIdChar <- false
                    afterTerm <- false
                    spaceSinceTerm <- false

        match error with
        | Some e -> Reply(FatalError, messageError e)
        | None ->
            let text = stream.ReadFrom(startState, false).Trim()

            if text.Length = 0 then
                stream.BacktrackTo startState
                Reply(Error, expected "expression")
            else
                Reply(Expr.ofText text)

let exprText (stopKeywords: string list) (stopAtPartitionList: bool) : P<Expr> =
    scanExpr true stopKeywords stopAtPartitionList

/// Reads the text of a query clause (a WHERE condition, a GROUP BY item) up to a ',' or ')' at depth 0 or one of the
/// stop keywords at depth 0: unlike exprText, words may follow one another (`k IS NOT NULL`, `x BETWEEN 1 AND 2`).
let clauseText (stopKeywords: string list) : P<Expr> = scanExpr false stopKeywords false

/// The rest of the statement, exactly as written (a view or materialized view query).
let restOfStatement: P<string> =
    fun stream ->
        let start = stream.State
        stream.SkipCharsOrNewlines Int32.MaxValue |> ignore
        Reply(stream.ReadFrom(start, false))
