/// The FParsec grammar of CREATE TABLE / VIEW / MATERIALIZED VIEW, both as StarRocks prints them (SHOW CREATE) and as
/// people write them. Every token consumes the white space and comments after it. The user state is the current
/// nesting depth of types, bounded by Limits.MaxNesting.
module internal StarRocks.Schema.Parsing.Grammar

open System
open System.Text
open FParsec
open StarRocks.Schema

/// The parser's user state: the nesting depth of types. A reference type (an immutable record) rather than an int:
/// FParsec's combinators instantiated over a reference type share code that ReadyToRun precompiles, where an int
/// state makes the JIT compile each of them at start-up (about a tenth of the tool's start-up time).
type Depth = { Value: int }

type P<'a> = Parser<'a, Depth>

/// The state a statement starts in: no type open.
let topLevel = { Value = 0 }

// ---------------------------------------------------------------------------------------------------------------
// Lexical

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
let private sym (c: char) : P<unit> =
    let error = expectedString (string c)

    fun stream -> if stream.Skip c then ws stream else Reply(Error, error)

/// Runs p, then checks its value; a failed check is reported at the place where p started, not after it.
let private checkedAt (p: P<'a>) (check: 'a -> Result<'b, string>) : P<'b> =
    fun stream ->
        let state = stream.State
        let reply = p stream

        if reply.Status <> Ok then
            Reply(reply.Status, reply.Error)
        else
            match check reply.Result with
            | Result.Ok v -> Reply v
            | Result.Error message ->
                stream.BacktrackTo state
                Reply(FatalError, messageError message)

let private commaSep (p: P<'a>) : P<'a list> = sepBy1 p (sym ',')

let private parens (p: P<'a>) : P<'a> = between (sym '(') (sym ')') p

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
let private advanceBy (stream: CharStream<Depth>) (count: int) =
    for _ in 1..count do
        advance stream

/// Moves the stream over count characters as FParsec's own character parsers do: "\r\n", "\r" and "\n" are each a
/// new line.
let private skipWithNewlines (stream: CharStream<Depth>) (count: int) =
    let target = stream.Index + int64 count

    while stream.Index < target do
        if not (stream.SkipNewline()) then
            stream.Skip()

/// A backticked identifier (doubled backticks escape one) or a bare word.
let private identText: P<string> =
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

let private integer: P<int> =
    checkedAt (many1Satisfy isDigit .>> ws <?> "number") (fun digits ->
        match Int32.TryParse digits with
        | true, v -> Result.Ok v
        | false, _ -> Result.Error $"the number %s{digits} is too large")

// ---------------------------------------------------------------------------------------------------------------
// Balanced expression text

/// Reads expression text up to (not including) a ',' or ')' at depth 0, one of the stop keywords at depth 0,
/// (when stopAtPartitionList) a '(' at depth 0 that opens a partition list, or a word at depth 0 that follows a
/// complete term with no operator between them (what follows is then another clause, or a cut-off one). The text is
/// kept exactly as written.
let private exprText (stopKeywords: string list) (stopAtPartitionList: bool) : P<Expr> =
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
                            afterTerm && spaceSinceTerm && not (Lexical.joiningWords.Contains w)

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

/// The rest of the statement, exactly as written (a view or materialized view query).
let private restOfStatement: P<string> =
    fun stream ->
        let start = stream.State
        stream.SkipCharsOrNewlines Int32.MaxValue |> ignore
        Reply(stream.ReadFrom(start, false))

// ---------------------------------------------------------------------------------------------------------------
// Column types

let private enterNesting: P<unit> =
    fun stream ->
        let d = stream.UserState.Value + 1

        if d > Limits.MaxNesting then
            Reply(FatalError, messageError $"types nested deeper than %d{Limits.MaxNesting} levels")
        else
            stream.UserState <- { Value = d }
            Reply(())

let private leaveNesting: P<unit> =
    fun stream ->
        stream.UserState <- { Value = stream.UserState.Value - 1 }
        Reply(())

let private nested (p: P<'a>) : P<'a> = enterNesting >>. p .>> leaveNesting

let columnType, private columnTypeRef =
    createParserForwardedToRef<ColumnType, Depth>()

let private typeArgs: P<int list> = parens (commaSep integer)

let private optArgs = opt typeArgs

let private angle (p: P<'a>) : P<'a> = between (sym '<') (sym '>') (nested p)

let private structField: P<StructField> =
    pipe3 identifier columnType (opt (kw "COMMENT" >>. stringLiteral))
    <| fun name t comment -> {
        Name = name
        Type = t
        Comment = defaultArg comment ""
    }

let private typeName: P<string> =
    many1Satisfy (fun c -> isAsciiLetter c || isDigit c || c = '_') .>> ws

let private width: P<unit> = optArgs >>% ()

let private decimalOf (ctor: int * int -> ColumnType) : P<ColumnType> =
    optArgs
    >>= fun args ->
        match args with
        | None -> preturn (ctor (10, 0))
        | Some [ p ] -> preturn (ctor (p, 0))
        | Some [ p; s ] -> preturn (ctor (p, s))
        | Some _ -> fail "DECIMAL takes a precision and a scale"

let private lengthOf (name: string) (ctor: int -> ColumnType) (dflt: int) : P<ColumnType> =
    optArgs
    >>= fun args ->
        match args with
        | None -> preturn (ctor dflt)
        | Some [ n ] -> preturn (ctor n)
        | Some _ -> fail $"%s{name} takes one length"

let private varbinary: P<ColumnType> =
    optArgs
    >>= fun args ->
        match args with
        | None -> preturn (Varbinary None)
        | Some [ n ] -> preturn (Varbinary(Some n))
        | Some _ -> fail "VARBINARY takes one length"

/// The rest of each type after its name, built once: type name (any case) -> parser.
let private typeBodies: Collections.Generic.Dictionary<string, P<ColumnType>> =
    let d =
        Collections.Generic.Dictionary<string, P<ColumnType>>(StringComparer.OrdinalIgnoreCase)

    let add (names: string list) p = names |> List.iter (fun n -> d[n] <- p)
    add [ "BOOLEAN"; "BOOL" ] (preturn Boolean)
    add [ "TINYINT" ] (width >>% TinyInt)
    add [ "SMALLINT" ] (width >>% SmallInt)
    add [ "INT"; "INTEGER" ] (width >>% Int)
    add [ "BIGINT" ] (width >>% BigInt)
    add [ "LARGEINT" ] (width >>% LargeInt)
    add [ "FLOAT" ] (width >>% Float)
    add [ "DOUBLE" ] (width >>% Double)

    add
        [
            "DECIMAL"
            "DECIMALV3"
            "NUMERIC"
            "NUMBER"
            "DECIMAL32"
            "DECIMAL64"
            "DECIMAL128"
            "DECIMAL256"
        ]
        (decimalOf Decimal)

    add [ "DECIMALV2" ] (decimalOf DecimalV2)
    add [ "CHAR" ] (lengthOf "CHAR" Char 1)
    add [ "VARCHAR" ] (lengthOf "VARCHAR" Varchar 1)
    add [ "STRING"; "TEXT" ] (preturn (Varchar 65533))
    add [ "BINARY"; "VARBINARY" ] varbinary
    add [ "DATE" ] (preturn Date)
    add [ "DATETIME" ] (preturn DateTime)
    add [ "JSON" ] (preturn Json)
    add [ "HLL" ] (preturn Hll)
    add [ "BITMAP" ] (preturn Bitmap)
    add [ "PERCENTILE" ] (preturn Percentile)
    add [ "VARIANT" ] (preturn Variant)
    add [ "ARRAY" ] (angle columnType |>> Array)
    add [ "MAP" ] (angle (columnType .>> sym ',' .>>. columnType) |>> Map)
    add [ "STRUCT" ] (angle (commaSep structField) |>> Struct)
    d

do
    columnTypeRef.Value <-
        checkedAt (typeName <?> "data type") (fun name ->
            match typeBodies.TryGetValue name with
            | true, body -> Result.Ok body
            | false, _ -> Result.Error $"unknown data type '%s{name}'")
        >>= id

// ---------------------------------------------------------------------------------------------------------------
// Shared clauses

let private keyValue: P<string * string> =
    stringLiteral .>> sym '=' .>>. stringLiteral

let private toMap (what: string) (pairs: (string * string) list) : Result<Map<string, string>, string> =
    match pairs |> List.countBy fst |> List.tryFind (fun (_, c) -> c > 1) with
    | Some(k, _) -> Result.Error $"%s{what}: the key \"%s{k}\" is given more than once"
    | None -> Result.Ok(Map.ofList pairs)

let private propertyList (what: string) : P<Map<string, string>> =
    checkedAt (parens (sepEndBy keyValue (sym ','))) (toMap what)

let properties: P<Map<string, string>> =
    checkedAt (kw "PROPERTIES" >>. parens (sepEndBy keyValue (sym ','))) (toMap "PROPERTIES")

let private comment: P<string> = kw "COMMENT" >>. stringLiteral

let private nameList: P<Name list> = parens (commaSep identifier)

let distribution: P<Distribution> =
    let buckets = opt (kw "BUCKETS" >>. integer)

    kws "DISTRIBUTED BY"
    >>. choice [
        kw "HASH" >>. nameList .>>. buckets |>> Distribution.Hash
        kw "RANDOM" >>. buckets |>> Distribution.Random
    ]

let orderBy: P<Name list> = kws "ORDER BY" >>. nameList

let index: P<Index> =
    let indexType =
        choice (IndexType.all |> List.map (fun t -> kw (IndexType.keyword t) >>% t))
        <?> "index type (BITMAP, GIN, NGRAMBF or VECTOR)"

    let using = kw "USING" >>. indexType .>>. opt (propertyList "index properties")

    pipe4 (kw "INDEX" >>. identifier) nameList (opt using) (opt comment)
    <| fun name cols using cmt -> {
        Name = name
        Columns = cols
        Type = using |> Option.map fst
        Properties = using |> Option.bind snd |> Option.defaultValue Map.empty
        Comment = defaultArg cmt ""
    }

// ---------------------------------------------------------------------------------------------------------------
// Columns

let private aggregate: P<AggregateType> =
    choice (AggregateType.all |> List.map (fun a -> kw (AggregateType.keyword a) >>% a))
    <?> "aggregate function"

let private nullability: P<bool> =
    (kws "NOT NULL" >>% false) <|> (kw "NULL" >>% true) <?> "NULL/NOT NULL"

let private defaultValue: P<DefaultValue> =
    let precision = opt (parens integer)

    let numberLiteral = regex "-?[0-9]+(\\.[0-9]+)?" .>> ws |>> DefaultValue.Literal

    choice [
        stringLiteral |>> DefaultValue.Literal
        kw "NULL" >>% DefaultValue.Null
        kw "CURRENT_TIMESTAMP" >>. precision |>> DefaultValue.CurrentTimestamp
        attempt (kw "NOW" >>. sym '(' >>. sym ')')
        >>% DefaultValue.CurrentTimestamp None
        parens (exprText [] false) |>> DefaultValue.Expression
        numberLiteral
    ]
    <?> "default value (a string, NULL, CURRENT_TIMESTAMP or a parenthesized expression)"

let private valueSource: P<ValueSource> =
    choice [
        kw "DEFAULT" >>. defaultValue |>> Default
        kw "AUTO_INCREMENT" >>% AutoIncrement
        kw "AS" >>. exprText [ "COMMENT" ] false |>> Generated
    ]
    <?> "DEFAULT/AUTO_INCREMENT/AS"

/// KEY and CHARSET after a column's type are valid StarRocks grammar that the model does not keep: a clear error. The
/// label makes a mistyped word list "NULL/NOT NULL" once, like the nullability parser that follows.
let private unsupportedColumnKeyword: P<unit> =
    let reject word why =
        kw word
        >>. fail $"%s{word} on a column definition is not supported here: %s{why}"

    choice [
        reject "KEY" "declare key columns in the table's key clause"
        reject "CHARSET" "StarRocks columns are always utf8"
    ]
    <?> "NULL/NOT NULL"

/// A column definition after its name; `key` reads what may follow the type (KEY in ALTER TABLE clauses).
let private columnWith (name: P<Name>) (key: P<bool>) : P<Column * bool> =
    pipe5 name (columnType .>>. key) (opt aggregate) (opt nullability) (opt valueSource .>>. opt comment)
    <| fun name (t, isKey) agg nullable (value, cmt) ->
        {
            Name = name
            Type = t
            Aggregate = agg
            Nullable = nullable
            Value = value
            Comment = defaultArg cmt ""
        },
        isKey

let column: P<Column> =
    columnWith identifier (optional unsupportedColumnKeyword >>% false) |>> fst

// ---------------------------------------------------------------------------------------------------------------
// Partitioning

let private dateTrunc: P<PartitionKey> =
    kw "date_trunc" >>. parens (stringLiteral .>> sym ',' .>>. identifier)
    |>> fun (unit, col) -> PartitionKey.DateTrunc(unit.ToLowerInvariant(), col)

let private timeSlice: P<PartitionKey> =
    let unitWord = many1Satisfy isAsciiLetter .>> ws |>> fun s -> s.ToLowerInvariant()
    let boundaryWord = (stringLiteral <|> unitWord) |>> fun s -> s.ToLowerInvariant()
    // time_slice(col, INTERVAL n unit[, boundary]) as written, or time_slice(col, n, 'unit', 'boundary') as printed
    let written =
        kw "INTERVAL" >>. integer .>>. unitWord .>>. opt (sym ',' >>. boundaryWord)

    let printed =
        integer .>> sym ','
        .>>. (stringLiteral |>> fun s -> s.ToLowerInvariant())
        .>>. opt (sym ',' >>. boundaryWord)

    kw "time_slice" >>. parens (identifier .>> sym ',' .>>. (written <|> printed))
    |>> fun (col, ((n, unit), boundary)) -> PartitionKey.TimeSlice(col, n, unit, boundary)

let private partitionKey (stopKeywords: string list) (inParens: bool) : P<PartitionKey> =
    let ending =
        choice [ skipChar ','; skipChar ')'; eof; choice (stopKeywords |> List.map kw) ]

    let endingAfterCall = ending <|> skipChar '('
    let columnOnly = identifier .>> followedBy ending |>> PartitionKey.Column

    choice [
        attempt (dateTrunc .>> followedBy endingAfterCall)
        attempt (timeSlice .>> followedBy endingAfterCall)
        attempt columnOnly
        exprText stopKeywords (not inParens) |>> PartitionKey.Expression
    ]
    <?> "partition column or expression"

let private partitionValue: P<PartitionValue> =
    choice [
        kw "MAXVALUE" >>% MaxValue
        kw "NULL" >>% NullValue
        stringLiteral |>> Value
        regex "-?[0-9]+" .>> ws |>> Value
    ]
    <?> "partition value"

let private valueTuple: P<PartitionValue list> = parens (commaSep partitionValue)

let private optPartitionProps =
    opt (propertyList "partition properties") |>> Option.defaultValue Map.empty

let private rangePartition: P<RangePartition> =
    let lessThan = kws "LESS THAN" >>. ((kw "MAXVALUE" >>% [ MaxValue ]) <|> valueTuple)

    let fixedRange =
        between (sym '[') (sym ')') (valueTuple .>> sym ',' .>>. valueTuple)

    // LESS THAN gives no lower bound; a fixed range gives both
    let bounds =
        (lessThan |>> fun upper -> None, upper)
        <|> (fixedRange |>> fun (lower, upper) -> Some lower, upper)

    let single =
        pipe3
            (kw "PARTITION" >>. optional (kws "IF NOT EXISTS") >>. identifier .>> kw "VALUES")
            bounds
            optPartitionProps
            (fun name (lower, upper) props ->
                match lower with
                | None -> LessThan(name, upper, props)
                | Some l -> Fixed(name, l, upper, props))

    let bound = parens (stringLiteral <|> (regex "-?[0-9]+" .>> ws))

    let every =
        parens (
            (kw "INTERVAL" >>. integer .>>. (many1Satisfy isAsciiLetter .>> ws)
             |>> fun (n, u) -> Interval(n, u.ToUpperInvariant()))
            <|> (integer |>> Step)
        )

    let batch =
        pipe3 (kw "START" >>. bound) (kw "END" >>. bound) (kw "EVERY" >>. every)
        <| fun s e ev -> Batch(s, e, ev)

    single <|> batch

/// A partition list; a dangling comma before ')' (3.0 servers) is accepted.
let private rangePartitions: P<RangePartition list> =
    parens (sepEndBy rangePartition (sym ','))

let private listPartition: P<ListPartition> =
    let values =
        parens (commaSep ((valueTuple) <|> (partitionValue |>> List.singleton)))

    pipe3
        (kw "PARTITION" >>. optional (kws "IF NOT EXISTS") >>. identifier)
        (kws "VALUES IN" >>. values)
        optPartitionProps
    <| fun name vals props -> {
        Name = name
        Values = vals
        Properties = props
    }

let private tableStops = [ "DISTRIBUTED"; "ORDER"; "PROPERTIES"; "ROLLUP" ]

/// Partition keys, parenthesized or not.
let private partitionKeys (stops: string list) : P<PartitionKey list> =
    (parens (commaSep (partitionKey [] true)))
    <|> commaSep (partitionKey stops false)

let tablePartitioning: P<Partitioning> =
    let keysInParens = parens (commaSep (partitionKey [] true))

    kws "PARTITION BY"
    >>. choice [
        kw "RANGE" >>. keysInParens .>>. rangePartitions |>> Partitioning.Range
        kw "LIST" >>. keysInParens .>>. parens (sepEndBy listPartition (sym ','))
        |>> Partitioning.List
        partitionKeys tableStops .>>. (opt rangePartitions |>> Option.defaultValue [])
        |>> Partitioning.Expression
    ]

// ---------------------------------------------------------------------------------------------------------------
// Statements


/// A parenthesized list of columns (or view columns) and INDEX definitions, split into the two, each in order.
let private columnsWithIndexes (columnDef: P<'c>) (label: string) : P<'c list * Index list> =
    let element = (index |>> Choice2Of2) <|> (columnDef |>> Choice1Of2) <?> label

    parens (sepEndBy1 element (sym ','))
    |>> fun elements ->
        let columns = ResizeArray()
        let indexes = ResizeArray()

        for e in elements do
            match e with
            | Choice1Of2 c -> columns.Add c
            | Choice2Of2 i -> indexes.Add i

        List.ofSeq columns, List.ofSeq indexes

let private columnsAndIndexes =
    columnsWithIndexes column "column definition or INDEX"

let private notNativeMessage (name: QualifiedName) (why: string) =
    $"table `%s{QualifiedName.display name}` is not a native StarRocks table (%s{why}); external and catalog tables are not supported"

let private keysClause: P<Keys> =
    let model =
        choice (KeysModel.all |> List.map (fun m -> kw (KeysModel.keyword m) >>% m))

    model .>> kw "KEY" .>>. nameList
    |>> fun (m, cols) -> { Model = m; Columns = cols }

/// The text p consumed, kept as a clause the model does not cover.
let private raw (clause: string) (p: P<'a>) : P<RawClause> =
    fun stream ->
        let start = stream.State
        let reply = p stream

        if reply.Status <> Ok then
            Reply(reply.Status, reply.Error)
        else
            Reply {
                Clause = clause
                Text = stream.ReadFrom(start, false).Trim()
            }

let private rollup: P<RawClause> =
    raw "ROLLUP" (kw "ROLLUP" >>. sym '(' >>. optional (exprText [] false) >>. sym ')')

let private charset: P<RawClause> =
    raw
        "CHARSET"
        (optional (kw "DEFAULT")
         >>? choice [ kws "CHARACTER SET"; kws "CHAR SET"; kw "CHARSET" ]
         >>. optional (sym '=')
         >>. identText)

/// Columns written the way external catalogs print them: `DEFAULT NULL` with no NULL / NOT NULL.
let private looksLikeCatalogColumns (columns: Column list) =
    columns
    |> List.exists (fun c -> c.Nullable.IsNone && c.Value = Some(Default DefaultValue.Null))

/// The top-level words from the stream's position to the end of the statement (only on paths that need them: it
/// reads the rest of the statement).
let private topLevelWordsAhead (stream: CharStream<Depth>) =
    Lexical.topLevelWords (stream.PeekString(int (stream.IndexOfLastCharPlus1 - stream.Index)))

/// True when the rest of the statement has a clause only native tables have (catalog printers never print
/// DISTRIBUTED BY, nor a DUPLICATE, AGGREGATE or UNIQUE key).
let private restHasNativeClause: P<bool> =
    fun stream ->
        let words = topLevelWordsAhead stream

        Reply(
            [ "DISTRIBUTED"; "DUPLICATE"; "AGGREGATE"; "UNIQUE" ]
            |> List.exists words.Contains
        )

let private ctasMessage =
    "CREATE TABLE ... AS SELECT (CTAS) takes its columns from a query; a schema file needs them written out: CTAS is not supported"

/// A clear error for the CREATE TABLE forms that take their definition from elsewhere (LIKE, AS SELECT), reported
/// where the form starts; any other input fails as the caller expects, without consuming.
let private borrowedDefinition () : P<'a> =
    let like = kw "LIKE"

    fun stream ->
        let state = stream.State

        if (like stream).Status = Ok then
            stream.BacktrackTo state

            Reply(
                FatalError,
                messageError
                    "CREATE TABLE ... LIKE copies another table's definition, which a schema file cannot see: write the columns and clauses out"
            )
        else
            stream.BacktrackTo state

            // the only top-level AS a CREATE TABLE can have is the one of AS SELECT
            if (topLevelWordsAhead stream).Contains "AS" then
                Reply(FatalError, messageError ctasMessage)
            else
                Reply(Error, NoErrorMessages)

/// The clauses after the column list, in StarRocks's order (built once).
let private tableTail =
    pipe5
        (opt charset .>>. opt keysClause)
        (opt comment .>>. opt tablePartitioning)
        (opt distribution .>>. opt orderBy)
        (opt rollup)
        (opt properties
         .>> ws
         .>> ((eof <?> "end of statement") <|> borrowedDefinition ()))
        (fun (cs, keys) (cmt, part) (dist, order) rollup props -> cs, keys, cmt, part, dist, order, rollup, props)

/// ENGINE = name, with the stream state before it (to report a foreign engine there).
let private engineClause: P<(CharStreamState<Depth> * string) option> =
    opt ((fun stream -> Reply stream.State) .>>. (kw "ENGINE" >>. sym '=' >>. identText))

/// True when a WITH or LOCATION clause (as catalogs print them) comes next.
let private catalogClauseAhead: P<bool> =
    (followedBy (kw "WITH" <|> kw "LOCATION") >>% true) <|> preturn false

let private failAt (state: CharStreamState<Depth>) (message: string) : P<'a> =
    fun stream ->
        stream.BacktrackTo state
        Reply(FatalError, messageError message)

let private tableHead =
    tuple3 (optional (kws "IF NOT EXISTS") >>. qualifiedName) (columnsAndIndexes <|> borrowedDefinition ()) engineClause

let private createTable (temporary: bool) : P<Table> =
    tableHead
    >>= fun (name, (columns, indexes), engine) ->
        let notNative why = failFatally (notNativeMessage name why)

        let build (cs, keys, cmt, part, dist, order, rollup, props) = {
            Name = name
            Temporary = temporary
            Columns = columns
            Indexes = indexes
            Keys = keys
            Comment = defaultArg cmt ""
            Partitioning = part
            Distribution = dist
            OrderBy = order
            Properties = defaultArg props Map.empty
            Unmodelled = List.choose id [ cs; rollup ]
        }

        let tail = tableTail |>> build

        // a table without ENGINE may be one an external catalog printed; only then is more checked
        let unlessCatalogClause =
            catalogClauseAhead
            >>= fun ahead ->
                if ahead then
                    notNative "a WITH or LOCATION clause"
                else
                    tail

        match engine with
        | Some(state, e) when not (String.Equals(e, "OLAP", StringComparison.OrdinalIgnoreCase)) ->
            failAt state (notNativeMessage name $"ENGINE=%s{e}")
        | Some _ -> tail
        | None when looksLikeCatalogColumns columns ->
            restHasNativeClause
            >>= fun native ->
                if native then
                    unlessCatalogClause
                else
                    notNative
                        "it has no ENGINE, no DISTRIBUTED BY and columns that read `DEFAULT NULL` without NULL or NOT NULL, as external catalogs print them; write ENGINE=OLAP if it is native"
        | None -> unlessCatalogClause

/// A view column name: an identifier, or (as some 3.1 servers print it) an unquoted expression such as count(v1).
let private viewColumnName: P<Name> =
    let bare =
        exprText [ "COMMENT" ] false
        >>= fun e ->
            match Name.tryCreate (Expr.text e) with
            | Result.Ok n -> preturn n
            | Result.Error m -> fail m

    attempt (identifier .>> followedBy (skipChar ',' <|> skipChar ')' <|> kw "COMMENT"))
    <|> bare

let private viewColumn: P<ViewColumn> =
    viewColumnName .>>. opt comment
    |>> fun (n, c) -> { Name = n; Comment = defaultArg c "" }

let private query: P<Query> =
    fun stream ->
        let start = stream.State
        let text = (restOfStatement stream).Result

        match Lexical.lastSignificantChar text with
        | None -> Reply(FatalError, messageError "the query is missing after AS")
        | Some(i, (',' | '.')) ->
            stream.BacktrackTo start
            advanceBy stream i
            Reply(FatalError, messageError "the query ends in a ',' or '.': the statement looks cut off")
        | Some _ -> Reply(Query.ofText text)

let private createView: P<View> =
    let security =
        kw "SECURITY"
        >>. ((kw "NONE" >>% SecurityNone) <|> (kw "INVOKER" >>% SecurityInvoker))

    pipe5
        (optional (kws "IF NOT EXISTS") >>. qualifiedName)
        (opt (parens (commaSep viewColumn)) |>> Option.defaultValue [])
        (opt comment .>>. opt security)
        (opt properties)
        (kw "AS" >>. query)
    <| fun name cols (cmt, sec) props q -> {
        Name = name
        Columns = cols
        Comment = defaultArg cmt ""
        Security = sec
        Properties = defaultArg props Map.empty
        Query = q
    }

let private refresh: P<Refresh> =
    let moment = opt ((kw "IMMEDIATE" >>% Immediate) <|> (kw "DEFERRED" >>% Deferred))
    let start = kw "START" >>. parens stringLiteral

    let every =
        kw "EVERY"
        >>. parens (kw "INTERVAL" >>. integer .>>. (many1Satisfy isAsciiLetter .>> ws))
        |>> fun (n, u) -> n, u.ToUpperInvariant()

    let scheme =
        choice [
            (kw "ASYNC" <|> kw "SCHEDULE" <|> kw "ON_CHANGE") >>. opt start .>>. opt every
            |>> Async
            kw "MANUAL" >>% Manual
            kw "INCREMENTAL" >>% Incremental
        ]
        <?> "refresh scheme (ASYNC, MANUAL or INCREMENTAL)"

    kw "REFRESH" >>. moment .>>. scheme |>> fun (m, s) -> { Moment = m; Scheme = s }

type private MvClause =
    | MvPartition of PartitionKey list
    | MvDistribution of Distribution
    | MvOrder of Name list
    | MvRefresh of Refresh
    | MvProperties of Map<string, string>

let private mvStops = [ "DISTRIBUTED"; "ORDER"; "REFRESH"; "PROPERTIES"; "AS" ]

let private mvClause: P<string * MvClause> =
    choice [
        kws "PARTITION BY" >>. partitionKeys mvStops
        |>> fun k -> "PARTITION BY", MvPartition k
        distribution |>> fun d -> "DISTRIBUTED BY", MvDistribution d
        orderBy |>> fun o -> "ORDER BY", MvOrder o
        refresh |>> fun r -> "REFRESH", MvRefresh r
        properties |>> fun p -> "PROPERTIES", MvProperties p
    ]

let private mvClauses: P<MvClause list> =
    many mvClause
    >>= fun clauses ->
        match clauses |> List.countBy fst |> List.tryFind (fun (_, c) -> c > 1) with
        | Some(clause, _) -> fail $"%s{clause} is given more than once"
        | None -> preturn (List.map snd clauses)

let private createMaterializedView: P<MaterializedView> =
    pipe5
        (optional (kws "IF NOT EXISTS") >>. qualifiedName)
        (opt (columnsWithIndexes viewColumn "column or INDEX")
         |>> Option.defaultValue ([], []))
        (opt comment)
        mvClauses
        (kw "AS" >>. query)
    <| fun name (columns, indexes) cmt clauses q ->
        let pick f = clauses |> List.tryPick f

        {
            Name = name
            Columns = columns
            Indexes = indexes
            Comment = defaultArg cmt ""
            Partitioning =
                pick (function
                    | MvPartition k -> Some k
                    | _ -> None)
            Distribution =
                pick (function
                    | MvDistribution d -> Some d
                    | _ -> None)
            OrderBy =
                pick (function
                    | MvOrder o -> Some o
                    | _ -> None)
            Refresh =
                pick (function
                    | MvRefresh r -> Some r
                    | _ -> None)
            Properties =
                pick (function
                    | MvProperties p -> Some p
                    | _ -> None)
                |> Option.defaultValue Map.empty
            Query = q
        }

/// What follows CREATE [OR REPLACE].
let private createBody: P<SchemaObject> =
    let external =
        kw "EXTERNAL"
        >>. checkedAt (kw "TABLE" >>. optional (kws "IF NOT EXISTS") >>. qualifiedName) (fun name ->
            Result.Error(notNativeMessage name "CREATE EXTERNAL TABLE"))

    choice [
        kw "TEMPORARY" >>. kw "TABLE" >>. createTable true |>> TableObject
        kw "TABLE" >>. createTable false |>> TableObject
        external
        kw "VIEW" >>. createView |>> ViewObject
        kws "MATERIALIZED VIEW" >>. createMaterializedView |>> MaterializedViewObject
    ]
    <?> "TABLE, VIEW or MATERIALIZED VIEW"

/// One CREATE statement (without its terminating ';').
let statement: P<SchemaObject> =
    ws
    >>. (kw "CREATE"
         <?> "CREATE (a schema file holds CREATE TABLE, VIEW and MATERIALIZED VIEW statements)")
    >>. optional (kws "OR REPLACE")
    >>. createBody

// ---------------------------------------------------------------------------------------------------------------
// Migration statements: every statement the renderer emits for an operation

let private position: P<ColumnPosition> =
    (kw "FIRST" >>% First) <|> (kw "AFTER" >>. identifier |>> After)
    <?> "FIRST or AFTER"

let private columnDefinition (name: Name) : P<ColumnDefinition> =
    columnWith (preturn name) (opt (kw "KEY") |>> Option.isSome) .>>. opt position
    |>> fun ((c, key), pos) -> {
        Column = c
        Key = key
        Position = pos
    }

let private dotted: P<Name list> = sepBy1 identifier (skipChar '.' >>. ws)

let private splitPath (parts: Name list) =
    List.take (List.length parts - 1) parts, List.last parts

let private modifyColumn (q: QualifiedName) : P<Operation> =
    identifier
    >>= fun name ->
        choice [
            kw "ADD" >>. kw "FIELD" >>. dotted
            .>>. columnType
            .>>. opt comment
            .>>. opt position
            |>> fun (((parts, t), cmt), pos) ->
                let path, field = splitPath parts

                AddField(
                    q,
                    name,
                    path,
                    {
                        Name = field
                        Type = t
                        Comment = defaultArg cmt ""
                    },
                    pos
                )
            kw "DROP" >>. kw "FIELD" >>. dotted
            |>> fun parts ->
                let path, field = splitPath parts
                DropField(q, name, path, field)
            comment |>> fun c -> SetColumnComment(q, name, c)
            columnDefinition name |>> fun d -> ModifyColumn(q, d)
        ]

let private addPartition (q: QualifiedName) : P<Operation> =
    attempt (listPartition |>> fun p -> AddListPartition(q, p))
    <|> (rangePartition |>> fun p -> AddRangePartition(q, p))

let private alterTableClause (q: QualifiedName) : P<Operation> =
    choice [
        kw "ADD"
        >>. choice [
            kw "COLUMN" >>. identifier >>= columnDefinition |>> fun d -> AddColumn(q, d)
            kw "PARTITIONS" >>. rangePartition |>> fun p -> AddRangePartition(q, p)
            followedBy (kw "PARTITION") >>. addPartition q
            index |>> fun ix -> AddIndex(q, ix)
        ]
        kw "DROP"
        >>. choice [
            kw "COLUMN" >>. identifier |>> fun n -> DropColumn(q, n)
            kw "PARTITION" >>. identifier |>> fun n -> DropPartition(q, n)
            kw "INDEX" >>. identifier |>> fun n -> DropIndex(q, n)
        ]
        kw "MODIFY"
        >>. choice [
            kw "COLUMN" >>. modifyColumn q
            kw "PARTITION"
            >>. sym '('
            >>. sym '*'
            >>. sym ')'
            >>. kw "SET"
            >>. propertyList "partition properties"
            |>> fun props -> SetPartitionProperties(q, props)
        ]
        kw "RENAME"
        >>. ((kw "COLUMN" >>. identifier .>> kw "TO" .>>. identifier
              |>> fun (a, b) -> RenameColumn(q, a, b))
             <|> (identifier |>> fun n -> RenameTable(q, n)))
        kw "COMMENT" >>. sym '=' >>. stringLiteral |>> fun c -> SetTableComment(q, c)
        kw "SET" >>. propertyList "properties"
        |>> fun props -> SetTableProperties(q, props)
        distribution |>> fun d -> SetDistribution(q, d)
        orderBy |>> fun cols -> SetOrderBy(q, cols)
        kws "SWAP WITH" >>. identifier |>> fun n -> SwapTable(q, n)
    ]
    <?> "an ALTER TABLE clause"

let private alterMaterializedView (q: QualifiedName) : P<Operation> =
    choice [
        refresh |>> fun r -> SetRefresh(q, r)
        kw "SET" >>. propertyList "properties"
        |>> fun props -> SetMaterializedViewProperties(q, props)
        kw "ACTIVE" >>% ActivateMaterializedView q
    ]
    <?> "REFRESH, SET or ACTIVE"

let private copyRows: P<Operation> =
    pipe4 (kw "INTO" >>. qualifiedName) nameList (kw "SELECT" >>. commaSep identifier) (kw "FROM" >>. qualifiedName)
    <| fun target targets source from -> target, targets, source, from
    >>= fun (target, targets, sources, from) ->
        if List.length targets = List.length sources then
            preturn (CopyRows(from, target, List.zip targets sources))
        else
            fail "the INSERT names as many columns as the SELECT reads"

let private ifExists = optional (kws "IF EXISTS")

/// One statement of a migration script: a CREATE, or any DROP, ALTER or INSERT ... SELECT the renderer emits.
let migrationStatement: P<Operation list> =
    let create =
        choice [
            kws "OR REPLACE" >>. kw "VIEW" >>. createView |>> ReplaceView
            createBody
            |>> function
                | TableObject t -> CreateTable t
                | ViewObject v -> CreateView v
                | MaterializedViewObject m -> CreateMaterializedView m
        ]

    let drop =
        choice [
            kw "TABLE" >>. ifExists >>. qualifiedName |>> DropTable
            kw "VIEW" >>. ifExists >>. qualifiedName |>> DropView
            kws "MATERIALIZED VIEW" >>. ifExists >>. qualifiedName |>> DropMaterializedView
        ]
        <?> "TABLE, VIEW or MATERIALIZED VIEW"

    let alter =
        choice [
            kw "TABLE" >>. qualifiedName >>= fun q -> commaSep (alterTableClause q)
            kw "VIEW"
            >>. pipe3
                qualifiedName
                (opt (parens (commaSep viewColumn)) |>> Option.defaultValue [])
                (kw "AS" >>. query)
                (fun q cols body -> [ AlterView(q, cols, body) ])
            kws "MATERIALIZED VIEW" >>. qualifiedName >>= alterMaterializedView
            |>> List.singleton
        ]
        <?> "TABLE, VIEW or MATERIALIZED VIEW"

    ws
    >>. choice [
        kw "CREATE" >>. create |>> List.singleton
        kw "DROP" >>. drop |>> List.singleton
        kw "ALTER" >>. alter
        kw "INSERT" >>. copyRows |>> List.singleton
    ]
    <?> "CREATE, DROP, ALTER or INSERT"

/// A column type on its own (with nothing after it).
let columnTypeOnly: P<ColumnType> = ws >>. columnType .>> eof

/// A possibly qualified object name on its own.
let qualifiedNameOnly: P<QualifiedName> = ws >>. qualifiedName .>> eof

/// A PARTITION BY clause on its own.
let partitioningOnly: P<Partitioning> = ws >>. tablePartitioning .>> eof

/// An expression (a generated column's, an expression default's) on its own.
let expressionOnly: P<Expr> = ws >>. exprText [] false .>> eof

/// One partition key (column or expression) on its own.
let partitionKeyOnly: P<PartitionKey> = ws >>. partitionKey [] true .>> eof
