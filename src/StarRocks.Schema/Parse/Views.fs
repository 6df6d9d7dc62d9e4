/// CREATE VIEW and CREATE MATERIALIZED VIEW after their keywords: view columns, clauses, refresh schemes and the
/// query, kept as written.
module internal StarRocks.Schema.Parsing.Views

open FParsec
open StarRocks.Schema
open StarRocks.Schema.Parsing.Names
open StarRocks.Schema.Parsing.Columns
open StarRocks.Schema.Parsing.TableClauses

// ---------------------------------------------------------------------------------------------------------------
// Views

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

let viewColumn: P<ViewColumn> =
    viewColumnName .>>. opt comment
    |>> fun (n, c) -> { Name = n; Comment = defaultArg c "" }

let query: P<Query> =
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

let createView: P<View> =
    let security =
        kw "SECURITY"
        >>. ((kw "NONE" >>% SecurityNone) <|> (kw "INVOKER" >>% SecurityInvoker))

    pipe5
        (optional (kws "IF NOT EXISTS") >>. objectName)
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

// ---------------------------------------------------------------------------------------------------------------
// Materialized views

let refresh: P<Refresh> =
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

/// The query of a synchronous materialized view, in parts: SELECT items FROM table [WHERE] [GROUP BY] [ORDER BY].
let private syncQuery =
    let alias =
        (kw "AS" >>. identifier |>> Some)
        <|> (notFollowedBy (kw "FROM") >>. identifier |>> Some)
        <|> preturn None

    let item =
        exprText [ "AS"; "FROM" ] false .>>. alias
        |>> fun (e, a) -> { Expression = e; Alias = a }

    let items stops = commaSep (clauseText stops)

    // clauses a synchronous materialized view's query cannot have: the query ends before them, and the statement
    // end is then expected
    let notSync = [ "HAVING"; "LIMIT"; "UNION"; "EXCEPT"; "INTERSECT"; "WINDOW" ]

    pipe5
        (kw "SELECT" >>. commaSep item)
        (kw "FROM" >>. objectName)
        (opt (kw "WHERE" >>. clauseText ("GROUP" :: "ORDER" :: notSync)))
        (opt (kws "GROUP BY" >>. items ("ORDER" :: notSync)) |>> Option.defaultValue [])
        (opt (kws "ORDER BY" >>. items notSync) |>> Option.defaultValue [])
        (fun select from where groupBy orderBy -> select, from, where, groupBy, orderBy)
    .>> ws
    .>> (eof
         <?> "end of statement (a synchronous materialized view's query is SELECT ... FROM one table [WHERE ...] [GROUP BY ...] [ORDER BY ...])")

/// CREATE MATERIALIZED VIEW after its keywords: asynchronous when it has REFRESH or DISTRIBUTED BY, else
/// synchronous (StarRocks decides the same way), whose query is read in parts.
let createMaterializedView: P<SchemaObject> =
    let head =
        tuple4
            (optional (kws "IF NOT EXISTS") >>. objectName)
            (opt (columnsWithIndexes viewColumn "column or INDEX"))
            (opt comment)
            mvClauses

    let synchronous name columns cmt clauses =
        let refuse what =
            failFatally
                $"materialized view `%s{QualifiedName.display name}` has no REFRESH and no DISTRIBUTED BY, so it is synchronous, and a synchronous materialized view takes no %s{what}: add REFRESH to make it asynchronous"

        let props =
            clauses
            |> List.tryPick (function
                | MvProperties p -> Some p
                | _ -> None)

        match columns, clauses |> List.exists (fun c -> not c.IsMvProperties) with
        | Some _, _ -> refuse "column list"
        | None, true -> refuse "PARTITION BY or ORDER BY clause (its ORDER BY goes at the end of its query)"
        | None, false ->
            kw "AS" >>. syncQuery
            |>> fun (select, from, where, groupBy, orderBy) ->
                SyncMaterializedViewObject {
                    Name = name
                    Base = from
                    Select = select
                    Where = where
                    GroupBy = groupBy
                    OrderBy = orderBy
                    Comment = defaultArg cmt ""
                    Properties = defaultArg props Map.empty
                }

    let asynchronous name columns cmt clauses =
        kw "AS" >>. query
        |>> fun q ->
            let pick f = clauses |> List.tryPick f
            let columns, indexes = defaultArg columns ([], [])

            MaterializedViewObject {
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

    head
    >>= fun (name, columns, cmt, clauses) ->
        let isAsync =
            clauses
            |> List.exists (function
                | MvRefresh _
                | MvDistribution _ -> true
                | _ -> false)

        if isAsync then
            asynchronous name columns cmt clauses
        else
            synchronous name columns cmt clauses
