/// Column types: the scalar types by name, and ARRAY, MAP and STRUCT nested at most Limits.MaxNesting deep (the
/// parser's user state counts the depth).
module internal StarRocks.Schema.Parsing.Types

open System
open FParsec
open StarRocks.Schema
open StarRocks.Schema.Parsing.Names

// ---------------------------------------------------------------------------------------------------------------
// Column types

let private enterNestingOf (what: string) : P<unit> =
    fun stream ->
        let d = stream.UserState.Value + 1

        if d > Limits.MaxNesting then
            Reply(FatalError, messageError $"%s{what} nested deeper than %d{Limits.MaxNesting} levels")
        else
            stream.UserState <- { Value = d }
            Reply(())

let private enterNesting = enterNestingOf "types"

let private leaveNesting: P<unit> =
    fun stream ->
        stream.UserState <- { Value = stream.UserState.Value - 1 }
        Reply(())

let private nested (p: P<'a>) : P<'a> = enterNesting >>. p .>> leaveNesting

/// p one level deeper in the parser's nesting count (literals share the limit of types).
let nestedLiteral (p: P<'a>) : P<'a> =
    enterNestingOf "literals" >>. p .>> leaveNesting

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

/// An argument of an aggregate-state type: a type and an optional NULL / NOT NULL.
let private stateArgument: P<AggregateStateArgument> =
    let nullability = (kws "NOT NULL" >>% false) <|> (kw "NULL" >>% true)

    columnType .>>. opt nullability
    |>> fun (t, n) -> ({ Type = t; Nullable = n }: AggregateStateArgument)

/// The type of a column: a data type, or (in its place) an aggregate-state function with its argument types, as the
/// grammar's aggStateDesc writes it: `min_by(tinyint, datetime)`. A name that is not a data type is read as such a
/// function only when a '(' follows it; otherwise it is an unknown data type.
let columnTypeOrState: P<ColumnType> =
    let state =
        checkedAt typeName (fun name ->
            if Char.IsDigit name[0] then
                Result.Error $"'%s{name}' is neither a data type nor an aggregate function name"
            else
                Result.Ok(name.ToLowerInvariant()))
        .>>. parens (commaSep stateArgument)
        |>> AggregateState

    fun stream ->
        let start = stream.State
        let name = typeName stream

        let isCall =
            name.Status = Ok
            && not (typeBodies.ContainsKey name.Result)
            && stream.Peek() = '('

        stream.BacktrackTo start
        if isCall then state stream else columnType stream
