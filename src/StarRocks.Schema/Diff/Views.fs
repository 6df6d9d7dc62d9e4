/// Compares views and asynchronous materialized views. A view changes in place (ALTER VIEW, CREATE OR REPLACE VIEW)
/// or is dropped and created on old servers; a materialized view changes its refresh and properties in place, and
/// anything else means dropping and creating it (the reasons are returned).
module internal StarRocks.Schema.Diffing.Views

open StarRocks.Schema
open StarRocks.Schema.Diffing.Found

let private viewColumnsText (cols: ViewColumn list) =
    cols
    |> List.map (fun c ->
        if c.Comment = "" then
            quote c.Name
        else
            $"%s{quote c.Name} COMMENT \"%s{c.Comment}\"")
    |> String.concat ", "
    |> sprintf "(%s)"

let private sameViewColumns (a: ViewColumn list) (b: ViewColumn list) =
    List.length a = List.length b
    && List.forall2 (fun (x: ViewColumn) (y: ViewColumn) -> Name.same x.Name y.Name && x.Comment = y.Comment) a b

/// A column list that only repeats the query's output names (no comments) says no more than no list: the server
/// prints one for every view and materialized view.
let private implicitColumns (cols: ViewColumn list) (query: Query) =
    cols |> List.forall (fun c -> c.Comment = "")
    && Normalize.outputNames query = Some(cols |> List.map (fun c -> (Name.value c.Name).ToLowerInvariant()))

/// True when the desired column list differs from the actual one (an empty desired list leaves it unset).
let private columnListChanged (a: ViewColumn list) (d: ViewColumn list) (dQuery: Query) =
    not (List.isEmpty d)
    && not (sameViewColumns a d)
    && not (List.isEmpty a && implicitColumns d dQuery)

/// Canonical query texts of both sides; a `*` expands to the actual column list when the desired side has none.
let private queries (aCols: ViewColumn list) (aQuery: Query) (dCols: ViewColumn list) (dQuery: Query) =
    let columnNames (cols: ViewColumn list) = cols |> List.map (fun c -> c.Name)

    let dNames =
        if List.isEmpty dCols then
            columnNames aCols
        else
            columnNames dCols

    Normalize.queryWithColumns (columnNames aCols) aQuery, Normalize.queryWithColumns dNames dQuery

/// A query that differs only in spelling (what the server re-rendered), found as ignored.
let private sameQueryExplained (q: QualifiedName) (a: Query) (d: Query) =
    onlyIf
        (Query.text a <> Query.text d)
        (difference
            q
            DiffAttribute.Query
            (Query.text a)
            (Query.text d)
            (Ignored "the same query once spelled canonically (qualifiers, backticks, aliases, case, white space)"))

let private securityText =
    function
    | Some SecurityInvoker -> "INVOKER"
    | Some SecurityNone
    | None -> "NONE"

/// The statements (with their notes) for a view in both schemas, and what was found. On servers without CREATE OR
/// REPLACE VIEW the first statement is a DROP VIEW.
let compareView (o: DiffOptions) (q: QualifiedName) (a: View) (d: View) =
    let aq, dq = queries a.Columns a.Query d.Columns d.Query
    let queryChanged = aq <> dq
    let columnsChanged = columnListChanged a.Columns d.Columns d.Query
    let aComment = Normalize.comment (ViewObject a)
    let dComment = Normalize.comment (ViewObject d)
    let commentChanged = aComment <> dComment

    let securityChanged, securityKept =
        match d.Security with
        | None ->
            false,
            onlyIf
                (a.Security = Some SecurityInvoker)
                (difference
                    q
                    DiffAttribute.Security
                    "INVOKER"
                    "(unset)"
                    (Kept "the desired view does not state its security"))
        | Some s -> s <> (a.Security |> Option.defaultValue SecurityNone), none

    let propertiesChanged =
        not d.Properties.IsEmpty
        && ServerRules.properties o.RunMode a.Properties
           <> ServerRules.properties o.RunMode d.Properties

    let found =
        concat [
            if queryChanged then
                difference q DiffAttribute.Query aq dq Altered
            else
                sameQueryExplained q a.Query d.Query
            onlyIf
                columnsChanged
                (difference q DiffAttribute.Columns (viewColumnsText a.Columns) (viewColumnsText d.Columns) Altered)
            onlyIf commentChanged (difference q DiffAttribute.Comment aComment dComment Altered)
            securityKept
            onlyIf
                securityChanged
                (difference q DiffAttribute.Security (securityText a.Security) (securityText d.Security) Altered)
            onlyIf
                propertiesChanged
                (difference
                    q
                    DiffAttribute.Properties
                    (propertiesText a.Properties)
                    (propertiesText d.Properties)
                    Altered)
        ]

    let replacement = {
        d with
            Security = d.Security |> Option.orElse a.Security
            Columns = d.Columns
    }

    let statements =
        if commentChanged || securityChanged || propertiesChanged then
            if allows o Capability.ReplaceView then
                [
                    [ ReplaceView replacement ],
                    [
                        "CREATE OR REPLACE: ALTER VIEW cannot change a comment, security or properties"
                    ]
                ]
            else
                [
                    [ DropView q ], [ "CREATE OR REPLACE VIEW needs 3.1+: the view is dropped and created again" ]
                    [ CreateView replacement ], []
                ]
        elif queryChanged || columnsChanged then
            [ [ AlterView(q, d.Columns, d.Query) ], [] ]
        else
            []

    statements, found

let private refreshText (r: Refresh option) =
    r |> Option.map Render.refresh |> Option.defaultValue "(unset)"

/// The in-place statements for a materialized view in both schemas, and what was found; Found.Reasons non-empty
/// means it must be dropped and created.
let compareMaterializedView (o: DiffOptions) (q: QualifiedName) (a: MaterializedView) (d: MaterializedView) =
    let immutable (attribute: DiffAttribute) before after =
        concat [
            difference q attribute before after Rebuilt
            rebuild $"%s{DiffAttribute.text attribute} cannot be altered"
        ]

    let kept (attribute: DiffAttribute) before (what: string) =
        difference q attribute before "(unset)" (Kept $"the desired view does not state its %s{what}")

    let aq, dq = queries a.Columns a.Query d.Columns d.Query

    let queryFound =
        if aq <> dq then
            immutable DiffAttribute.Query aq dq
        else
            sameQueryExplained q a.Query d.Query

    let columnsFound =
        onlyIf
            (columnListChanged a.Columns d.Columns d.Query)
            (immutable DiffAttribute.Columns (viewColumnsText a.Columns) (viewColumnsText d.Columns))

    let indexesText (ixs: Index list) =
        ixs |> List.map indexText |> String.concat "; "

    // indexes live in the column list: a desired view without one leaves them unset
    let indexesFound =
        if List.isEmpty d.Columns && List.isEmpty d.Indexes then
            onlyIf
                (not (List.isEmpty a.Indexes))
                (kept DiffAttribute.Indexes (indexesText a.Indexes) "column list and indexes")
        else
            let same =
                List.length a.Indexes = List.length d.Indexes
                && List.forall2
                    (fun (x: Index) (y: Index) -> Name.same x.Name y.Name && sameIndex x y)
                    a.Indexes
                    d.Indexes

            onlyIf (not same) (immutable DiffAttribute.Indexes (indexesText a.Indexes) (indexesText d.Indexes))

    let aComment = Normalize.comment (MaterializedViewObject a)
    let dComment = Normalize.comment (MaterializedViewObject d)

    let commentFound =
        onlyIf (aComment <> dComment) (immutable DiffAttribute.Comment aComment dComment)

    let keysText (k: PartitionKey list option) =
        k
        |> Option.map (List.map partitionKeyText >> String.concat ", ")
        |> Option.defaultValue "(none)"

    let partitioningFound =
        match d.Partitioning with
        | None ->
            onlyIf a.Partitioning.IsSome (kept DiffAttribute.Partitioning (keysText a.Partitioning) "partitioning")
        | Some _ when keysText a.Partitioning <> keysText d.Partitioning ->
            immutable DiffAttribute.Partitioning (keysText a.Partitioning) (keysText d.Partitioning)
        | Some _ -> none

    let distributionFound =
        match d.Distribution, a.Distribution with
        | None, Some ad -> keptDistribution q "view" ad
        | None, None -> none
        | Some dd, ad ->
            let ad = ad |> Option.defaultValue (Distribution.Random None)

            let same =
                match dd, ad with
                | Distribution.Hash(dc, db), Distribution.Hash(ac, ab) -> sameNames dc ac && (db.IsNone || db = ab)
                | Distribution.Random db, Distribution.Random ab -> db.IsNone || db = ab
                | Distribution.Range, Distribution.Range -> true
                | _ -> false

            onlyIf
                (not same)
                (immutable DiffAttribute.Distribution (distributionText (Some ad)) (distributionText (Some dd)))

    let sortKeyFound =
        match d.OrderBy, a.OrderBy with
        | None, Some ao -> kept DiffAttribute.SortKey (names ao) "sort key"
        | Some dOrder, ao when not (ao |> Option.exists (sameNames dOrder)) ->
            immutable DiffAttribute.SortKey (ao |> Option.map names |> Option.defaultValue "(none)") (names dOrder)
        | _ -> none

    let refreshOps, refreshFound =
        match d.Refresh with
        | None ->
            match a.Refresh with
            | Some { Scheme = Manual }
            | None -> [], none
            | Some _ -> [], kept DiffAttribute.Refresh (refreshText a.Refresh) "refresh"
        | Some dr ->
            let ar = a.Refresh |> Option.defaultValue { Moment = None; Scheme = Manual }

            let canonical (r: Refresh) =
                match r.Scheme with
                | Async(start, every) -> Async(start, every |> Option.map (fun (n, u) -> n, u.ToUpperInvariant()))
                | s -> s

            let momentOf (r: Refresh) =
                r.Moment |> Option.defaultValue Immediate

            let momentFound =
                onlyIf
                    (momentOf ar <> momentOf dr)
                    (difference
                        q
                        DiffAttribute.RefreshMoment
                        (string (momentOf ar))
                        (string (momentOf dr))
                        (Ignored "the refresh moment only matters when the view is created"))

            if canonical ar <> canonical dr then
                [ [ SetRefresh(q, dr) ], [] ],
                concat [
                    momentFound
                    difference q DiffAttribute.Refresh (refreshText (Some ar)) (refreshText (Some dr)) Altered
                ]
            else
                [], momentFound

    let changes, propertiesFound =
        propertyChanges o q PropertyOwner.MaterializedView a.Properties d.Properties

    let propertyOps =
        changes
        |> List.map (fun (k, v) -> [ SetMaterializedViewProperties(q, Map.ofList [ k, v ]) ], [])

    refreshOps @ propertyOps,
    concat [
        queryFound
        columnsFound
        indexesFound
        commentFound
        partitioningFound
        distributionFound
        sortKeyFound
        refreshFound
        propertiesFound
    ]
