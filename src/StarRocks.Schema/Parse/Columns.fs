/// Column definitions (type, aggregate, NULL / NOT NULL, DEFAULT / AUTO_INCREMENT / AS, comment), INDEX definitions,
/// and the parenthesized list that holds both.
module internal StarRocks.Schema.Parsing.Columns

open FParsec
open StarRocks.Schema
open StarRocks.Schema.Parsing.Names
open StarRocks.Schema.Parsing.Types

// ---------------------------------------------------------------------------------------------------------------
// Columns

let private aggregate: P<AggregateType> =
    choice (AggregateType.all |> List.map (fun a -> kw (AggregateType.keyword a) >>% a))
    <?> "aggregate function"

let private nullability: P<bool> =
    (kws "NOT NULL" >>% false) <|> (kw "NULL" >>% true) <?> "NULL/NOT NULL"

/// A complex-type literal: `[...]`, `map{k: v, ...}` or `row(...)`, whose elements are these or scalars.
let complexLiteral: P<ComplexLiteral> =
    let element, elementRef = createParserForwardedToRef<ComplexLiteral, Depth>()

    let number =
        regex "-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?" .>> ws |>> ComplexLiteral.Number

    let scalar =
        choice [
            stringLiteral |>> ComplexLiteral.Text
            kw "TRUE" >>% ComplexLiteral.Boolean true
            kw "FALSE" >>% ComplexLiteral.Boolean false
            kw "NULL" >>% ComplexLiteral.Null
            number
        ]

    let array =
        between (sym '[') (sym ']') (nestedLiteral (sepBy element (sym ',')))
        |>> ComplexLiteral.Array

    let map =
        kw "map"
        >>? between (sym '{') (sym '}') (nestedLiteral (sepBy (element .>> sym ':' .>>. element) (sym ',')))
        |>> ComplexLiteral.Map

    let row =
        kw "row" >>? parens (nestedLiteral (commaSep element)) |>> ComplexLiteral.Row

    let composite = choice [ array; map; row ]
    elementRef.Value <- composite <|> scalar <?> "literal"
    composite

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
        complexLiteral |>> DefaultValue.Complex
        numberLiteral
    ]
    <?> "default value (a string, NULL, CURRENT_TIMESTAMP, a parenthesized expression or an array, map or row literal)"

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
let columnWith (name: P<Name>) (key: P<bool>) : P<Column * bool> =
    pipe5 name (columnTypeOrState .>>. key) (opt aggregate) (opt nullability) (opt valueSource .>>. opt comment)
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
// Indexes, and the list of columns and indexes

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

/// A parenthesized list of columns (or view columns) and INDEX definitions, split into the two, each in order.
let columnsWithIndexes (columnDef: P<'c>) (label: string) : P<'c list * Index list> =
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

let columnsAndIndexes = columnsWithIndexes column "column definition or INDEX"
