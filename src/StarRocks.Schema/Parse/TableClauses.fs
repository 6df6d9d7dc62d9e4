/// The clauses after a table's column list: key, partitioning, distribution and ORDER BY, and the clauses kept as
/// written (CHARSET, ROLLUP). Materialized views share partitioning, distribution and ORDER BY.
module internal StarRocks.Schema.Parsing.TableClauses

open FParsec
open StarRocks.Schema
open StarRocks.Schema.Parsing.Names

// ---------------------------------------------------------------------------------------------------------------
// Keys

let keysClause: P<Keys> =
    let model =
        choice (KeysModel.all |> List.map (fun m -> kw (KeysModel.keyword m) >>% m))

    model .>> kw "KEY" .>>. nameList
    |>> fun (m, cols) -> { Model = m; Columns = cols }

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

let partitionKey (stopKeywords: string list) (inParens: bool) : P<PartitionKey> =
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

let rangePartition: P<RangePartition> =
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

let listPartition: P<ListPartition> =
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
let partitionKeys (stops: string list) : P<PartitionKey list> =
    (parens (commaSep (partitionKey [] true)))
    <|> commaSep (partitionKey stops false)

let tablePartitioning: P<Partitioning> =
    let keysInParens = parens (commaSep (partitionKey [] true))

    kws "PARTITION BY"
    >>. choice [
        kw "RANGE" >>. keysInParens .>>. rangePartitions |>> Partitioning.Range
        // without a partition list, LIST (c1, ...) is automatic partitioning by columns, the same as PARTITION BY (c1, ...)
        kw "LIST" >>. keysInParens .>>. opt (parens (sepEndBy listPartition (sym ',')))
        |>> fun (keys, partitions) ->
            match partitions with
            | Some ps -> Partitioning.List(keys, ps)
            | None -> Partitioning.Expression(keys, [])
        partitionKeys tableStops .>>. (opt rangePartitions |>> Option.defaultValue [])
        |>> Partitioning.Expression
    ]

// ---------------------------------------------------------------------------------------------------------------
// Distribution and sort key

let distribution: P<Distribution> =
    let buckets = opt (kw "BUCKETS" >>. integer)

    kws "DISTRIBUTED BY"
    >>. choice [
        kw "HASH" >>. nameList .>>. buckets |>> Distribution.Hash
        kw "RANDOM" >>. buckets |>> Distribution.Random
    ]

let orderBy: P<Name list> = kws "ORDER BY" >>. nameList

// ---------------------------------------------------------------------------------------------------------------
// Clauses kept as written

/// The text p consumed, kept as a clause the model does not cover.
let private raw (clause: string) (p: P<'a>) : P<RawClause> =
    afterSuccess p (fun start _ stream ->
        Reply {
            Clause = clause
            Text = stream.ReadFrom(start, false).Trim()
        })

/// ROLLUP (...) in CREATE TABLE, refused where it starts: StarRocks keeps each rollup as a synchronous materialized
/// view (SHOW MATERIALIZED VIEWS lists it with refresh type ROLLUP), which a schema file declares on its own; kept as
/// text in the table, it would be read back from the server as a view the file lacks, and dropped.
let rollup: P<RawClause> =
    followedBy (kw "ROLLUP")
    >>. failFatally
            "ROLLUP in CREATE TABLE is a legacy form srschema does not read: StarRocks keeps each rollup as a synchronous materialized view, so declare each one after the table, e.g. CREATE MATERIALIZED VIEW r1 AS SELECT b, a FROM t (for an AGGREGATE KEY table, with GROUP BY and the value columns' aggregate functions)"

let charset: P<RawClause> =
    raw
        "CHARSET"
        (optional (kw "DEFAULT")
         >>? choice [ kws "CHARACTER SET"; kws "CHAR SET"; kw "CHARSET" ]
         >>. optional (sym '=')
         >>. identText)
