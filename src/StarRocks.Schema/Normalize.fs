namespace StarRocks.Schema

open System
open StarRocks.Schema.Lexical

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

    /// Words with a role in the query's structure; every other bare word is an identifier.
    let private isKeyword (w: string) = isQueryKeyword w

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

    let private setOperations = [ "UNION"; "INTERSECT"; "EXCEPT"; "MINUS" ]

    let private isSetOperation (n: Node) = setOperations |> List.exists (isKw n)

    let private clauseEnds =
        [ "WHERE"; "GROUP"; "HAVING"; "ORDER"; "LIMIT"; "OFFSET"; "QUALIFY"; "WINDOW" ]
        @ setOperations

    let private isClauseEnd (n: Node) = clauseEnds |> List.exists (isKw n)

    /// An item of a FROM clause.
    type private FromItem =
        /// A relation: a table (a chain), a table function (a chain and its arguments) or a subquery, and its alias.
        | Relation of relation: Node list * alias: string option
        /// Anything else: FROM, JOIN words, commas, ON conditions.
        | Other of Node

    /// The items of a FROM clause (its top-level nodes, starting at FROM).
    let private fromItems (nodes: Node list) : FromItem list =
        let alias (tail: Node list) =
            match tail with
            | Leaf(Word a) :: Chain([ name ], false) :: after when isWord (Word a) "AS" -> Some name, after
            | Chain([ name ], false) :: after -> Some name, after
            | _ -> None, tail

        let rec go (ns: Node list) (expectRelation: bool) (acc: FromItem list) =
            match ns with
            | [] -> List.rev acc
            | (Chain(_, false) as f) :: (Group _ as args) :: tail when expectRelation ->
                let a, after = alias tail
                go after false (Relation([ f; args ], a) :: acc)
            | (Chain _ | Group _ as r) :: tail when expectRelation ->
                let a, after = alias tail
                go after false (Relation([ r ], a) :: acc)
            | n :: tail -> go tail (isKw n "FROM" || isKw n "JOIN" || n = Leaf(Symbol ",")) (Other n :: acc)

        go nodes false []

    /// The name the only relation of a FROM clause is known by (its alias, else its last name part), if there is
    /// only one.
    let private singleRelation (items: FromItem list) : string option =
        let relations =
            items
            |> List.choose (function
                | Relation(r, a) -> Some(r, a)
                | Other _ -> None)

        match relations with
        | [ _, Some a ] -> Some a
        | [ [ Chain(parts, _) ], None ] -> Some(List.last parts)
        | _ -> None

    /// An identifier in canonical text: backticked when it is a keyword or not a plain word, so that the canonical
    /// text reads back as the same tokens.
    let private identifierOut (name: string) = Quote.inQuery name

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
                | Text s -> out.Add(Quote.singleQuoted s)
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
        for block in splitBefore isSetOperation nodes do
            emitBlock out columns block

    and private emitBlock (out: ResizeArray<string>) (columns: string list option) (block: Node list) =
        // a set operation (UNION [ALL | DISTINCT] ...) that leads the block is written as is
        let setWords, block =
            match block with
            | op :: q :: rest when isSetOperation op && (isKw q "ALL" || isKw q "DISTINCT") -> [ op; q ], rest
            | op :: rest when isSetOperation op -> [ op ], rest
            | _ -> [], block

        emit None out setWords

        // the block's FROM clause decides the scope of its column qualifiers
        let fromAt =
            block
            |> List.tryFindIndex (fun n -> isKw n "FROM")
            |> Option.defaultValue block.Length

        let selectPart, rest = List.splitAt fromAt block
        let fromPart = rest |> List.takeWhile (fun n -> not (isClauseEnd n))
        let items = fromItems fromPart
        let scope = singleRelation items

        match block with
        | first :: _ when isKw first "SELECT" ->
            emitSelectList scope out columns selectPart
            emitFrom scope out items
            emit scope out (List.skip fromPart.Length rest)
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

                // an expression named by its own text, or a column by its own name
                let isOwnName =
                    compact exprOut = compact aliasAsExpression
                    || (match expr with
                        | [ Chain(parts, false) ] -> sameName (List.last parts) a
                        | _ -> false)

                if not isOwnName then
                    out.Add "AS"
                    out.Add(columnOut a)
            | None -> ())

    /// A FROM clause: relations lose their database qualifiers and always write AS before an alias; INNER JOIN is
    /// JOIN and LEFT/RIGHT/FULL OUTER JOIN is LEFT/RIGHT/FULL JOIN.
    and private emitFrom scope out (items: FromItem list) =
        let rec go (xs: FromItem list) =
            match xs with
            | [] -> ()
            | Other i :: (Other j :: _ as tail) when (isKw i "INNER" || isKw i "OUTER") && isKw j "JOIN" -> go tail
            | Relation(relation, alias) :: tail ->
                match relation with
                | [ Chain(parts, _) ] -> out.Add(identifierOut (List.last parts))
                | nodes -> emit scope out nodes

                match alias with
                | Some a ->
                    out.Add "AS"
                    out.Add(columnOut a)
                | None -> ()

                go tail
            | Other n :: tail ->
                emit scope out [ n ]
                go tail

        go items

    let private canonical (columns: string list option) (q: Query) =
        let out = ResizeArray<string>()
        let nodes = tree (sqlTokens (Query.text q))

        if startsQuery nodes then
            emitQuery out columns nodes
        else
            emit None out nodes

        String.Join(" ", out)

    let query (q: Query) : string = canonical None q

    let queryWithColumns (columns: Name list) (q: Query) : string =
        canonical
            (if List.isEmpty columns then
                 None
             else
                 Some(columns |> List.map Name.value))
            q

    let outputNames (q: Query) : string list option =
        let nodes = tree (sqlTokens (Query.text q))

        match splitBefore isSetOperation nodes with
        | (first :: afterSelect) :: _ when isKw first "SELECT" && startsQuery nodes ->
            let selectPart =
                afterSelect
                |> List.takeWhile (fun n -> not (isKw n "FROM"))
                |> fun items ->
                    match items with
                    | d :: rest when isKw d "DISTINCT" || isKw d "ALL" -> rest
                    | _ -> items

            let names =
                splitBefore (fun n -> n = Leaf(Symbol ",")) selectPart
                |> List.map (fun item ->
                    let item =
                        match item with
                        | Leaf(Symbol ",") :: rest -> rest
                        | _ -> item

                    match List.rev item with
                    | [ Chain(parts, false) ] -> Some(List.last parts)
                    | Chain([ a ], false) :: asWord :: _ :: _ when isKw asWord "AS" -> Some a
                    | Chain([ a ], false) :: (Chain _ | Group _ | Leaf(Text _)) :: _ -> Some a
                    | _ -> None)

            if List.isEmpty names || names |> List.exists Option.isNone then
                None
            else
                Some(names |> List.map (fun n -> n.Value.ToLowerInvariant()))
        | _ -> None

    let sameQuery (a: Query) (b: Query) = query a = query b

    // -----------------------------------------------------------------------------------------------------------
    // Comments and the defaults StarRocks resolves itself

    let comment (o: SchemaObject) : string =
        match o with
        | TableObject { Comment = "OLAP" }
        | ViewObject { Comment = "VIEW" }
        | MaterializedViewObject { Comment = "MATERIALIZED_VIEW" } -> ""
        | TableObject t -> t.Comment
        | ViewObject v -> v.Comment
        | MaterializedViewObject m -> m.Comment
        | SyncMaterializedViewObject m -> m.Comment

    let nullable (t: Table) (c: Column) : bool =
        match c.Nullable with
        | Some n -> n
        | None when c.Value = Some AutoIncrement -> false
        | None ->
            match t.Keys with
            | Some { Model = Primary; Columns = keys } ->
                not (keys |> List.exists (fun k -> sameName (Name.value k) (Name.value c.Name)))
            | _ -> true

    let sortKey (t: Table) : Name list option =
        match t.OrderBy, t.Keys with
        | Some cols, _ -> Some cols
        | None, Some k -> Some k.Columns
        | None, None -> None

    let distribution (t: Table) : Distribution option =
        match t.Distribution, t.Keys with
        | Some d, _ -> Some d
        | None, Some { Model = Primary; Columns = keys } -> Some(Distribution.Hash(keys, None))
        | None, _ -> None

    let expression (e: Expr) : string =
        canonical None (Query.ofText (Expr.text e))

    let references (q: Query) : string list list =
        let found = ResizeArray<string list>()

        let rec walk (nodes: Node list) =
            for n in nodes do
                match n with
                | Chain(parts, _) -> found.Add parts
                | Group inner -> walk inner
                | Leaf _ -> ()

        walk (tree (sqlTokens (Query.text q)))
        found |> Seq.distinct |> List.ofSeq

    let syncReads (m: SyncMaterializedView) (columns: Name list) : Name list =
        let mentioned =
            references (Render.syncQuery m)
            |> List.choose List.tryLast
            |> List.map (fun p -> p.ToLowerInvariant())
            |> set

        columns
        |> List.filter (fun c -> mentioned.Contains((Name.value c).ToLowerInvariant()))
