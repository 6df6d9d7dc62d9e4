/// The statements: CREATE TABLE / VIEW / MATERIALIZED VIEW, both as StarRocks prints them (SHOW CREATE) and as people
/// write them; the migration statements the renderer emits; and the pieces parsed on their own. Their parts are in
/// Names, Types, Columns, TableClauses and Views.
module internal StarRocks.Schema.Parsing.Grammar

open System
open FParsec
open StarRocks.Schema
open StarRocks.Schema.Parsing.Names
open StarRocks.Schema.Parsing.Types
open StarRocks.Schema.Parsing.Columns
open StarRocks.Schema.Parsing.TableClauses
open StarRocks.Schema.Parsing.Views

// ---------------------------------------------------------------------------------------------------------------
// CREATE TABLE

let private notNativeMessage (name: QualifiedName) (why: string) =
    $"table `%s{QualifiedName.display name}` is not a native StarRocks table (%s{why}); external and catalog tables are not supported"

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

/// The key a table without a key clause gets when some column is aggregated (an aggregate function or an
/// aggregate-state type): StarRocks makes it an AGGREGATE KEY table keyed on the other columns (CreateTableAnalyzer);
/// the leading ones are taken, so that a non-aggregated column after an aggregated one is refused by validation as
/// StarRocks refuses it.
let private inferredKeys (columns: Column list) : Keys option =
    if columns |> List.exists Column.isAggregated then
        Some {
            Model = Aggregate
            Columns =
                columns
                |> List.takeWhile (Column.isAggregated >> not)
                |> List.map (fun c -> c.Name)
        }
    else
        None

let private tableHead =
    tuple3 (optional (kws "IF NOT EXISTS") >>. objectName) (columnsAndIndexes <|> borrowedDefinition ()) engineClause

let private createTable (temporary: bool) : P<Table> =
    tableHead
    >>= fun (name, (columns, indexes), engine) ->
        let notNative why = failFatally (notNativeMessage name why)

        let build (cs, keys, cmt, part, dist, order, rollup, props) = {
            Name = name
            Temporary = temporary
            Columns = columns
            Indexes = indexes
            Keys = keys |> Option.orElse (inferredKeys columns)
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

// ---------------------------------------------------------------------------------------------------------------
// Schema statements

/// CREATE statements of objects other than tables, views and materialized views, refused where their words start
/// (without it `CREATE TABLE FUNCTION f(...)` reads as a table named FUNCTION). Each form needs the word that follows
/// it to be a name, so that a table named `function` still parses.
let private otherObject: P<SchemaObject> =
    let forms = [
        "TABLE FUNCTION", "a table function"
        "AGGREGATE FUNCTION", "an aggregate function"
        "GLOBAL FUNCTION", "a function"
        "FUNCTION", "a function"
        "EXTERNAL CATALOG", "a catalog"
        "CATALOG", "a catalog"
        "DATABASE", "a database"
        "SCHEMA", "a database"
        "INDEX", "an index (declare indexes inside CREATE TABLE)"
        "RESOURCE GROUP", "a resource group"
        "RESOURCE", "a resource"
        "ROUTINE LOAD", "a routine load job"
        "PIPE", "a pipe"
        "DICTIONARY", "a dictionary"
        "STORAGE VOLUME", "a storage volume"
        "REPOSITORY", "a repository"
        "USER", "a user"
        "ROLE", "a role"
        "WAREHOUSE", "a warehouse"
        "FILE", "a file"
    ]

    let form (words: string, what: string) =
        lookAhead (kws words >>. (identText <|> (stringLiteral >>% "")))
        >>. failFatally $"`CREATE %s{words}` defines %s{what}, not a table, view or materialized view: not supported"

    let anyForm = choice (List.map form forms)

    // a form that does not match says nothing: the statement's own "expected" list stays as it was
    fun stream ->
        let reply = anyForm stream

        if reply.Status = Error then
            Reply(Error, NoErrorMessages)
        else
            reply

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
        kws "MATERIALIZED VIEW" >>. createMaterializedView
    ]
    <?> "TABLE, VIEW or MATERIALIZED VIEW"

/// One CREATE statement (without its terminating ';').
let statement: P<SchemaObject> =
    ws
    >>. (kw "CREATE"
         <?> "CREATE (a schema file holds CREATE TABLE, VIEW and MATERIALIZED VIEW statements)")
    >>. optional (kws "OR REPLACE")
    >>. (otherObject <|> createBody)

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
    // a load label (WITH LABEL l) says how the INSERT is run, not what it does: read and not kept
    pipe4
        (kw "INTO" >>. qualifiedName .>> optional (kws "WITH LABEL" >>. identifier))
        nameList
        (kw "SELECT" >>. commaSep identifier)
        (kw "FROM" >>. qualifiedName)
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
            otherObject <|> createBody
            |>> function
                | TableObject t -> CreateTable t
                | ViewObject v -> CreateView v
                | MaterializedViewObject m -> CreateMaterializedView m
                | SyncMaterializedViewObject m -> CreateSyncMaterializedView m
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

// ---------------------------------------------------------------------------------------------------------------
// Pieces on their own

/// A column type on its own (with nothing after it).
let columnTypeOnly: P<ColumnType> = ws >>. columnTypeOrState .>> eof

let complexLiteralOnly: P<ComplexLiteral> = ws >>. complexLiteral .>> eof

/// A possibly qualified object name on its own.
let qualifiedNameOnly: P<QualifiedName> = ws >>. qualifiedName .>> eof

/// A PARTITION BY clause on its own.
let partitioningOnly: P<Partitioning> = ws >>. tablePartitioning .>> eof

/// An expression (a generated column's, an expression default's) on its own.
let expressionOnly: P<Expr> = ws >>. exprText [] false .>> eof

/// One partition key (column or expression) on its own.
let partitionKeyOnly: P<PartitionKey> = ws >>. partitionKey [] true .>> eof
