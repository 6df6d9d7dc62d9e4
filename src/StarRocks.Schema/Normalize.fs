namespace StarRocks.Schema

open System
open StarRocks.Schema.Parsing
open StarRocks.Schema.Parsing.Lexical

/// <summary>Canonical forms for comparison only: what StarRocks treats as the same is made the same. Pure; used by the
/// diff (never by parsing, which keeps everything as written or printed).</summary>
[<RequireQualifiedAccess>]
module Normalize =

    // -----------------------------------------------------------------------------------------------------------
    // Queries of views and materialized views

    /// A query as a tree: identifier chains (a.b.c) and parenthesized groups.
    type private Node =
        | Leaf of Token
        /// Identifier parts as written (without backticks); star = a trailing ".*".
        | Chain of parts: string list * star: bool
        | Group of Node list

    /// Words with a role in the query's structure; compared upper-case. Every other bare word is an identifier.
    let private keywords =
        Collections.Generic.HashSet<string>(
            [
                "SELECT"
                "FROM"
                "WHERE"
                "GROUP"
                "BY"
                "HAVING"
                "ORDER"
                "LIMIT"
                "OFFSET"
                "UNION"
                "INTERSECT"
                "EXCEPT"
                "MINUS"
                "ALL"
                "DISTINCT"
                "AS"
                "ON"
                "USING"
                "JOIN"
                "INNER"
                "LEFT"
                "RIGHT"
                "FULL"
                "OUTER"
                "CROSS"
                "SEMI"
                "ANTI"
                "AND"
                "OR"
                "NOT"
                "IN"
                "IS"
                "NULL"
                "LIKE"
                "RLIKE"
                "REGEXP"
                "BETWEEN"
                "CASE"
                "WHEN"
                "THEN"
                "ELSE"
                "END"
                "EXISTS"
                "WITH"
                "ASC"
                "DESC"
                "NULLS"
                "FIRST"
                "LAST"
                "OVER"
                "PARTITION"
                "ROWS"
                "RANGE"
                "PRECEDING"
                "FOLLOWING"
                "UNBOUNDED"
                "CURRENT"
                "ROW"
                "INTERVAL"
                "TRUE"
                "FALSE"
                "DIV"
                "MOD"
                "XOR"
                "LATERAL"
                "QUALIFY"
                "WINDOW"
                "CAST"
                "VALUES"
                "ROLLUP"
                "CUBE"
                "GROUPING"
                "SETS"
            ],
            StringComparer.OrdinalIgnoreCase
        )

    let private isKeyword (w: string) = keywords.Contains w

    let private isWord (t: Token) (w: string) =
        match t with
        | Word x -> String.Equals(x, w, StringComparison.OrdinalIgnoreCase)
        | _ -> false

    let private isKw (n: Node) (w: string) =
        match n with
        | Leaf t -> isWord t w
        | Chain _
        | Group _ -> false

    /// An identifier token's text, or None for anything else.
    let private identText =
        function
        | Word w when not (isKeyword w) -> Some w
        | Quoted q -> Some q
        | _ -> None

    /// Tokens to nodes: chains of identifiers joined by '.', and parenthesized groups.
    let private tree (tokens: Token list) : Node list =
        let rec nodes (ts: Token list) (acc: Node list) : Node list * Token list =
            match ts with
            | [] -> List.rev acc, []
            | Symbol ")" :: rest -> List.rev acc, rest
            | Symbol "(" :: rest ->
                let inner, after = nodes rest []
                nodes after (Group inner :: acc)
            | t :: rest ->
                match identText t with
                | Some first ->
                    let rec chain (parts: string list) (ts: Token list) =
                        match ts with
                        | Symbol "." :: Symbol "*" :: after -> List.rev parts, true, after
                        | Symbol "." :: next :: after ->
                            match identText next with
                            | Some p -> chain (p :: parts) after
                            | None -> List.rev parts, false, ts
                        | _ -> List.rev parts, false, ts

                    let parts, star, after = chain [ first ] rest
                    nodes after (Chain(parts, star) :: acc)
                | None -> nodes rest (Leaf t :: acc)

        let rec all (ts: Token list) (acc: Node list) =
            match nodes ts [] with
            | ns, [] -> acc @ ns
            | ns, rest -> all rest (acc @ ns) // a stray ')' ends a level; keep going

        all tokens []

    /// Splits nodes at top-level items equal to the keyword(s) (e.g. UNION); the separators stay at the start of the
    /// following segment.
    let private splitBefore (isSeparator: Node -> bool) (nodes: Node list) =
        let segments = ResizeArray<Node list>()
        let current = ResizeArray<Node>()

        for n in nodes do
            if isSeparator n && current.Count > 0 then
                segments.Add(List.ofSeq current)
                current.Clear()

            current.Add n

        if current.Count > 0 then
            segments.Add(List.ofSeq current)

        List.ofSeq segments

    let private clauseEnds = [
        "WHERE"
        "GROUP"
        "HAVING"
        "ORDER"
        "LIMIT"
        "OFFSET"
        "QUALIFY"
        "WINDOW"
        "UNION"
        "INTERSECT"
        "EXCEPT"
        "MINUS"
    ]

    let private isClauseEnd (n: Node) = clauseEnds |> List.exists (isKw n)

    /// The relations of a FROM clause (its top-level nodes): how many, and the name the only one is known by.
    let private relations (fromClause: Node list) : int * string option =
        let mutable count = 0
        let mutable single = None
        let mutable expectRelation = true
        let mutable rest = fromClause

        while not (List.isEmpty rest) do
            match rest with
            | (Chain _ | Group _) as relation :: tail when expectRelation ->
                count <- count + 1
                expectRelation <- false

                let alias, after =
                    match tail with
                    | Leaf(Word a) :: Chain([ name ], false) :: after when
                        a.Equals("AS", StringComparison.OrdinalIgnoreCase)
                        ->
                        Some name, after
                    | Chain([ name ], false) :: after -> Some name, after
                    | _ -> None, tail

                single <-
                    match alias, relation with
                    | Some a, _ -> Some a
                    | None, Chain(parts, _) -> Some(List.last parts)
                    | None, _ -> None

                rest <- after
            | Leaf(Symbol ",") :: tail ->
                expectRelation <- true
                rest <- tail
            | n :: tail ->
                if isKw n "JOIN" then
                    expectRelation <- true

                rest <- tail
            | [] -> ()

        count, (if count = 1 then single else None)

    let private isPlainWord (s: string) =
        s.Length > 0
        && not (Char.IsDigit s[0])
        && s |> Seq.forall (fun c -> Char.IsLetterOrDigit c || c = '_' || c = '$')

    /// An identifier in canonical text: backticked when it is a keyword or not a plain word, so that the canonical
    /// text reads back as the same tokens.
    let private identifierOut (name: string) =
        if isPlainWord name && not (isKeyword name) then
            name
        else
            "`" + name.Replace("`", "``") + "`"

    /// A column or alias name: compared case-insensitively, so lower-cased.
    let private columnOut (name: string) = identifierOut (name.ToLowerInvariant())

    let private sameName (a: string) (b: string) =
        String.Equals(a, b, StringComparison.OrdinalIgnoreCase)

    /// The canonical text of a type named inside CAST(... AS type), through the column type parser.
    let private canonicalType (typeTokens: string) =
        match Parse.columnType typeTokens with
        | Ok t -> Render.columnType t
        | Error _ -> typeTokens.ToLowerInvariant()

    /// Emits canonical tokens of a node sequence within a query block whose only relation is `scope` (if any).
    let rec private emit (scope: string option) (out: ResizeArray<string>) (nodes: Node list) =
        let rec go (ns: Node list) =
            match ns with
            | [] -> ()
            // a function call: lower-case name (qualifiers kept), canonical arguments
            | Chain(parts, false) :: Group args :: tail ->
                out.Add(String.Join(".", parts |> List.map columnOut))
                emitGroup scope out args
                go tail
            // CAST(expr AS type): the type in its canonical spelling
            | Leaf(Word w) :: Group args :: tail when sameName w "CAST" ->
                out.Add "CAST"
                emitCast scope out args
                go tail
            | Chain(parts, star) :: tail ->
                // [catalog.]db.table.column -> table.column; then table.column -> column for the only relation
                let parts =
                    if parts.Length >= 3 then
                        List.skip (parts.Length - 2) parts
                    else
                        parts

                let kept =
                    match parts, scope with
                    | [ q; c ], Some s when sameName q s -> [ c ]
                    | _ -> parts

                let text = String.Join(".", kept |> List.map columnOut)
                out.Add(if star then text + ".*" else text)
                go tail
            | Group inner :: tail ->
                emitGroup scope out inner
                go tail
            | Leaf t :: tail ->
                match t with
                | Word w ->
                    out.Add(
                        if isKeyword w then
                            w.ToUpperInvariant()
                        else
                            w.ToLowerInvariant()
                    )
                | Quoted q -> out.Add(columnOut q)
                | Text s -> out.Add("'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'")
                | Number n -> out.Add n
                | Symbol ";" -> ()
                | Symbol s -> out.Add s

                go tail

        go nodes

    and private emitGroup scope out (inner: Node list) =
        out.Add "("

        if startsQuery inner then
            emitQuery out None inner
        else
            emit scope out inner

        out.Add ")"

    and private emitCast scope out (args: Node list) =
        out.Add "("

        let rec split before ns =
            match ns with
            | n :: rest when isKw n "AS" -> List.rev before, Some rest
            | n :: rest -> split (n :: before) rest
            | [] -> List.rev before, None

        match split [] args with
        | expr, Some typeNodes ->
            emit scope out expr
            out.Add "AS"
            let typeText = ResizeArray<string>()
            emit None typeText typeNodes
            out.Add(canonicalType (String.Join(" ", typeText)))
        | expr, None -> emit scope out expr

        out.Add ")"

    and private startsQuery (nodes: Node list) =
        match nodes with
        | n :: _ -> isKw n "SELECT" || isKw n "WITH"
        | [] -> false

    /// A query: set operations split into blocks; each block resolves its own scope. `columns`, when known, are the
    /// output column names of the outermost query, used to expand a `*` the way StarRocks stores it.
    and private emitQuery (out: ResizeArray<string>) (columns: string list option) (nodes: Node list) =
        let isSetOperation (n: Node) =
            [ "UNION"; "INTERSECT"; "EXCEPT"; "MINUS" ] |> List.exists (isKw n)

        for block in splitBefore isSetOperation nodes do
            emitBlock out columns block

    and private emitBlock (out: ResizeArray<string>) (columns: string list option) (block: Node list) =
        // a set operation (UNION [ALL | DISTINCT] ...) that leads the block is written as is
        let setWords, block =
            match block with
            | op :: q :: rest when (isKw q "ALL" || isKw q "DISTINCT") && not (isKw op "SELECT") -> [ op; q ], rest
            | op :: rest when [ "UNION"; "INTERSECT"; "EXCEPT"; "MINUS" ] |> List.exists (isKw op) -> [ op ], rest
            | _ -> [], block

        emit None out setWords

        // the block's FROM clause decides the scope of its column qualifiers
        let afterFrom = block |> List.skipWhile (fun n -> not (isKw n "FROM"))

        let fromClause =
            match afterFrom with
            | _ :: rest -> rest |> List.takeWhile (fun n -> not (isClauseEnd n))
            | [] -> []

        let _, scope = relations fromClause

        let selectEnd = block |> List.tryFindIndex (fun n -> isKw n "FROM")

        match block with
        | first :: _ when isKw first "SELECT" ->
            let selectPart, rest =
                match selectEnd with
                | Some i -> List.take i block, List.skip i block
                | None -> block, []

            emitSelectList scope out columns selectPart
            emitFrom scope out rest
        | _ -> emit scope out block

    /// SELECT [DISTINCT] items: an alias equal to what StarRocks would name the item anyway is dropped
    /// (`k1 AS k1`, `count(v1) AS "count(v1)"`), and an implicit alias gets its AS.
    and private emitSelectList scope out (columns: string list option) (selectPart: Node list) =
        let head, items =
            match selectPart with
            | s :: d :: rest when isKw d "DISTINCT" || isKw d "ALL" -> [ s; d ], rest
            | s :: rest -> [ s ], rest
            | [] -> [], []

        emit scope out head

        let itemGroups = splitBefore (fun n -> n = Leaf(Symbol ",")) items

        let isStar (item: Node list) =
            match item with
            | [ Leaf(Symbol "*") ]
            | [ Leaf(Symbol ","); Leaf(Symbol "*") ] -> true
            | _ -> false

        // one `*` among the items stands for the output columns the other items do not account for
        let itemGroups =
            match columns with
            | Some names when (itemGroups |> List.filter isStar |> List.length) = 1 ->
                let starCount = names.Length - (itemGroups.Length - 1)
                let starAt = itemGroups |> List.findIndex isStar

                if starCount < 1 then
                    itemGroups
                else
                    let expanded =
                        names
                        |> List.skip starAt
                        |> List.truncate starCount
                        |> List.mapi (fun i n ->
                            let name = Chain([ n ], false)

                            if i > 0 || starAt > 0 then
                                [ Leaf(Symbol ","); name ]
                            else
                                [ name ])

                    List.take starAt itemGroups @ expanded @ List.skip (starAt + 1) itemGroups
            | _ -> itemGroups

        itemGroups
        |> List.iteri (fun i item ->
            let item =
                match item with
                | Leaf(Symbol ",") :: rest when i > 0 ->
                    out.Add ","
                    rest
                | _ -> item

            let expr, alias =
                match List.rev item with
                | Chain([ a ], false) :: asWord :: revExpr when isKw asWord "AS" -> List.rev revExpr, Some a
                | Chain([ a ], false) :: (Chain _ | Group _ | Leaf(Text _) as last) :: revExpr ->
                    List.rev (last :: revExpr), Some a
                | Chain([ a ], false) :: (Leaf(Word w) as last) :: revExpr when sameName w "END" ->
                    List.rev (last :: revExpr), Some a
                | _ -> item, None

            let exprOut = ResizeArray<string>()
            emit scope exprOut expr
            out.AddRange exprOut

            match alias with
            | Some a ->
                // the alias StarRocks generates is the expression's own text, which old servers wrote qualified
                let aliasAsExpression = ResizeArray<string>()
                emit scope aliasAsExpression (tree (sqlTokens a))

                let compact (parts: seq<string>) =
                    String.Join("", parts).ToLowerInvariant()

                let lastName = if exprOut.Count > 0 then exprOut[exprOut.Count - 1] else ""

                let isOwnName =
                    compact exprOut = compact aliasAsExpression
                    || exprOut.Count = 1 && sameName ((lastName.Split('.') |> Array.last).Trim('`')) a

                if not isOwnName then
                    out.Add "AS"
                    out.Add(columnOut a)
            | None -> ())

    /// FROM and the rest of a block: relations lose their database qualifiers and always write AS before an alias;
    /// INNER JOIN is JOIN and LEFT/RIGHT/FULL OUTER JOIN is LEFT/RIGHT/FULL JOIN.
    and private emitFrom scope out (rest: Node list) =
        let emitAlias (tail: Node list) =
            match tail with
            | Leaf(Word a) :: Chain([ alias ], false) :: after when sameName a "AS" ->
                out.Add "AS"
                out.Add(columnOut alias)
                after
            | Chain([ alias ], false) :: after ->
                out.Add "AS"
                out.Add(columnOut alias)
                after
            | _ -> tail

        let rec go (ns: Node list) (expectRelation: bool) =
            match ns with
            | [] -> ()
            | n :: _ when isClauseEnd n -> emit scope out ns
            // a table function such as unnest(...)
            | (Chain(_, false) as f) :: (Group _ as args) :: tail when expectRelation ->
                emit scope out [ f; args ]
                go (emitAlias tail) false
            | Chain(parts, _) :: tail when expectRelation ->
                out.Add(identifierOut (List.last parts))
                go (emitAlias tail) false
            | Group inner :: tail when expectRelation ->
                emitGroup scope out inner
                go (emitAlias tail) false
            | i :: (j :: _ as tail) when (isKw i "INNER" || isKw i "OUTER") && isKw j "JOIN" -> go tail expectRelation
            | n :: tail when isKw n "FROM" || isKw n "JOIN" || n = Leaf(Symbol ",") ->
                emit scope out [ n ]
                go tail true
            | n :: tail ->
                emit scope out [ n ]
                go tail false

        go rest false

    let private canonical (columns: string list option) (q: Query) =
        let out = ResizeArray<string>()
        let nodes = tree (sqlTokens (Query.text q))

        if startsQuery nodes then
            emitQuery out columns nodes
        else
            emit None out nodes

        String.Join(" ", out)

    /// <summary>The canonical form of a view or materialized view query, for comparison: whitespace, comments,
    /// backticks and keyword case folded; identifiers compared case-insensitively; database qualifiers dropped; a column
    /// qualifier naming the only relation of its query block dropped; and the rewrites StarRocks applies to stored
    /// definitions undone (`INNER JOIN`, `LEFT OUTER JOIN`, `x AS x`, expression-named aliases, `AS` before a table
    /// alias, internal CAST type spellings, a trailing `;`). String literal contents are never changed (only their quote
    /// style). Pure.</summary>
    let query (q: Query) : string = canonical None q

    /// <summary>The canonical form of a query whose output columns are known (a view's or materialized view's column
    /// list, which SHOW CREATE always prints): besides what <c>query</c> does, a lone <c>*</c> in the outermost select
    /// list becomes the columns it stands for, as StarRocks stores it. Pure.</summary>
    let queryWithColumns (columns: Name list) (q: Query) : string =
        canonical
            (if List.isEmpty columns then
                 None
             else
                 Some(columns |> List.map Name.value))
            q

    /// <summary>True when two queries have the same canonical form.</summary>
    let sameQuery (a: Query) (b: Query) = query a = query b
