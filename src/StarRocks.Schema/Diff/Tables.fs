/// Compares a table in both schemas, clause by clause (key, columns, indexes, partitioning, distribution, sort key,
/// properties, comment), and returns the statements that change it in place, or the reasons it must be rebuilt.
module internal StarRocks.Schema.Diffing.Tables

open StarRocks.Schema
open StarRocks.Schema.Diffing.Found

/// The outcome of comparing one table.
type TableChange = {
    /// Statements to run in place (with their notes), when Found.Reasons is empty.
    Statements: (Operation list * string list) list
    /// What was found; Reasons non-empty: the table must be rebuilt.
    Found: Found
    /// Columns of the desired table mapped to the actual columns they come from.
    Sources: (Name * Name) list
    /// True when a column was renamed in place (materialized views reading the table become inactive).
    RenamedColumns: bool
}

/// Nothing to change.
let unchanged = {
    Statements = []
    Found = none
    Sources = []
    RenamedColumns = false
}

let private keyClause (q: QualifiedName) (a: Table) (d: Table) (m: Columns.Mapping) =
    let model = Columns.modelOf a

    match a.Keys, d.Keys with
    | _, None ->
        match a.Keys with
        | Some k when k.Model <> Duplicate ->
            difference
                q
                DiffAttribute.Key
                $"%s{KeysModel.keyword k.Model} KEY%s{names k.Columns}"
                "(unset)"
                (Kept "the desired table does not state its key clause")
        | _ -> none
    | None, Some dk ->
        onlyIf
            (dk.Model <> Duplicate)
            (concat [
                difference q DiffAttribute.KeyModel "DUPLICATE (default)" (KeysModel.keyword dk.Model) Rebuilt
                rebuild $"key model DUPLICATE -> %s{KeysModel.keyword dk.Model}"
            ])
    | Some ak, Some dk when ak.Model <> dk.Model ->
        concat [
            difference q DiffAttribute.KeyModel (KeysModel.keyword ak.Model) (KeysModel.keyword dk.Model) Rebuilt
            rebuild $"key model %s{KeysModel.keyword ak.Model} -> %s{KeysModel.keyword dk.Model}"
        ]
    | Some ak, Some dk ->
        let before = ak.Columns |> List.map (Columns.toDesired m)

        if sameNames before dk.Columns then
            none
        else
            let kept = before |> List.filter (fun n -> not (Columns.isDropped m n))
            let keysAdded = dk.Columns |> List.filter (Columns.isAdded m)
            let keysDropped = ak.Columns |> List.filter (Columns.isDropped m)
            let dKept = dk.Columns |> List.filter (Columns.isAdded m >> not)

            let hasReplace =
                m.Actual
                |> List.exists (fun c ->
                    match c.Aggregate with
                    | Some Replace
                    | Some ReplaceIfNotNull -> true
                    | _ -> false)

            // key columns can be added to DUPLICATE and AGGREGATE tables, and dropped from DUPLICATE ones and from
            // AGGREGATE ones without REPLACE columns
            let allowed =
                sameNames kept dKept
                && (List.isEmpty keysAdded || model = Duplicate || model = Aggregate)
                && (List.isEmpty keysDropped
                    || model = Duplicate
                    || (model = Aggregate && not hasReplace))

            concat [
                difference
                    q
                    DiffAttribute.KeyColumns
                    (names ak.Columns)
                    (names dk.Columns)
                    (if allowed then Altered else Rebuilt)
                onlyIf (not allowed) (rebuild $"key columns %s{names ak.Columns} -> %s{names dk.Columns}")
            ]

/// Index drops and adds (a changed index is dropped and added again).
let private indexes (q: QualifiedName) (a: Table) (d: Table) (m: Columns.Mapping) =
    let findIndex (ix: Index) (among: Index list) =
        among |> List.tryFind (fun x -> Name.same x.Name ix.Name)

    let dropped =
        a.Indexes
        |> List.choose (fun ix ->
            match findIndex ix d.Indexes with
            | None -> Some(ix, difference q (DiffAttribute.Index ix.Name) (indexText ix) "(none)" Altered)
            | Some dix when
                not (
                    sameIndex
                        {
                            ix with
                                Columns = List.map (Columns.toDesired m) ix.Columns
                        }
                        dix
                )
                ->
                Some(ix, difference q (DiffAttribute.Index ix.Name) (indexText ix) (indexText dix) Altered)
            | Some _ -> None)

    let added =
        d.Indexes
        |> List.choose (fun ix ->
            match findIndex ix a.Indexes with
            | None -> Some(ix, difference q (DiffAttribute.Index ix.Name) "(none)" (indexText ix) Altered)
            | Some aix when dropped |> List.exists (fun (x, _) -> Name.same x.Name aix.Name) -> Some(ix, none)
            | Some _ -> None)

    List.map fst dropped, List.map fst added, concat (List.map snd dropped @ List.map snd added)

let private partitioning (o: DiffOptions) (q: QualifiedName) (a: Table) (d: Table) =
    let aScheme = Partitions.schemeText a.Partitioning
    let dScheme = Partitions.schemeText d.Partitioning

    match a.Partitioning, d.Partitioning with
    | None, None -> [], none
    | Some _, None ->
        [],
        difference
            q
            DiffAttribute.Partitioning
            aScheme
            "(unset)"
            (Kept "the desired table does not state its partitioning")
    | _ when aScheme <> dScheme ->
        [],
        concat [
            difference q DiffAttribute.Partitioning aScheme dScheme Rebuilt
            rebuild $"partitioning %s{aScheme} -> %s{dScheme}"
        ]
    | _ -> Partitions.changes o q a d

/// Whether a table written without DISTRIBUTED BY is range-distributed on the server: 4.1+ shared-data clusters, for
/// a table with a key clause or ORDER BY (CREATE TABLE docs; the FE's enable_range_distribution, on by default there).
let private rangeByDefault (o: DiffOptions) (t: Table) =
    allows o Capability.RangeDistribution && (t.Keys.IsSome || t.OrderBy.IsSome)

let private distribution (o: DiffOptions) (q: QualifiedName) (a: Table) (d: Table) (m: Columns.Mapping) =
    let ad = Normalize.distribution a |> Option.defaultValue (Distribution.Random None)

    let found outcome =
        difference
            q
            DiffAttribute.Distribution
            (distributionText (Some ad))
            (distributionText (Normalize.distribution d))
            outcome

    match d.Distribution, a.Distribution with
    // not written, on a server where that means range distribution (either side: a table created from text without
    // the clause is range-distributed there)
    | None, Some Distribution.Range when rangeByDefault o d -> [], none
    | Some Distribution.Range, None when rangeByDefault o a -> [], none
    | Some Distribution.Range, Some Distribution.Range -> [], none
    // There is no ALTER to or from range distribution (no DISTRIBUTED BY RANGE syntax; OPTIMIZE jobs are for
    // shared-nothing clusters). Copy and swap gets it: into a table created without the clause (range distributed
    // where rangeByDefault holds), or with the explicit HASH / RANDOM clause. Elsewhere the server would not give a
    // table without the clause range distribution: the difference is kept.
    | Some Distribution.Range, _ when rangeByDefault o d ->
        [],
        concat [
            found Rebuilt
            rebuild
                "range distribution is only given at creation, to a table without DISTRIBUTED BY (4.1+ shared-data, enable_range_distribution on)"
        ]
    | Some Distribution.Range, _ ->
        [],
        found (
            Kept
                "range distribution needs a 4.1+ shared-data server and a key clause or ORDER BY; the table is kept as it is"
        )
    | _, Some Distribution.Range when (Normalize.distribution d).IsSome ->
        [],
        concat [
            found Rebuilt
            rebuild "a range-distributed table's distribution cannot be altered"
        ]
    | _ ->
        match Normalize.distribution d with
        | None -> [], keptDistribution q "table" ad
        | Some dd ->
            let sameShape =
                match dd, ad with
                | Distribution.Hash(dc, db), Distribution.Hash(ac, ab) ->
                    if sameNames dc (List.map (Columns.toDesired m) ac) then
                        Some(db, ab)
                    else
                        None
                | Distribution.Random db, Distribution.Random ab -> Some(db, ab)
                | _ -> None

            let found outcome =
                difference
                    q
                    DiffAttribute.Distribution
                    (distributionText (Some ad))
                    (distributionText (Some dd))
                    outcome

            match sameShape with
            | Some(None, Some n) ->
                [],
                difference
                    q
                    DiffAttribute.Buckets
                    (string n)
                    "(automatic)"
                    (Ignored "BUCKETS omitted: the server chooses the bucket count")
            | Some(db, ab) when db = ab -> [], none
            | _ ->
                if
                    allows o Capability.AlterDistribution
                    && not (ServerRules.has PropertyKey.ColocateWith a.Properties)
                then
                    [ SetDistribution(q, dd) ], found Altered
                else
                    [],
                    concat [
                        found Rebuilt
                        rebuild
                            "the distribution can only be altered on 3.2+ shared-nothing tables outside a colocation group"
                    ]

let private sortKey (o: DiffOptions) (q: QualifiedName) (a: Table) (d: Table) (m: Columns.Mapping) =
    match d.OrderBy with
    | None ->
        match a.OrderBy with
        | Some ao when not (a.Keys |> Option.exists (fun k -> sameNames k.Columns ao)) ->
            [],
            difference
                q
                DiffAttribute.SortKey
                (names ao)
                "(unset)"
                (Kept "the desired table does not state its sort key")
        | _ -> [], none
    | Some dOrder ->
        let before = Normalize.sortKey a |> Option.map (List.map (Columns.toDesired m))

        match before with
        | Some b when sameNames b dOrder -> [], none
        | _ ->
            let beforeText = before |> Option.map names |> Option.defaultValue "(none)"

            let inPlace =
                List.length dOrder < List.length m.Desired
                && (allows o Capability.AlterSortKey
                    || (Columns.modelOf a = Primary && allows o Capability.AlterPrimaryKeySortKey))

            if inPlace then
                [ SetOrderBy(q, dOrder) ], difference q DiffAttribute.SortKey beforeText (names dOrder) Altered
            else
                [],
                concat [
                    difference q DiffAttribute.SortKey beforeText (names dOrder) Rebuilt
                    rebuild
                        "the sort key can only be altered (to fewer columns than the table has) on 3.3+ (3.0+ for PRIMARY KEY)"
                ]

/// SET statements: one key each, except keys of one group (ServerRules.setGroup). On a partitioned table, keys with a
/// partition-level value are set for future partitions, and then for the existing ones.
let private propertyStatements (q: QualifiedName) (partitioned: bool) (changes: (string * string) list) = [
    for group in
        changes
        |> List.groupBy (fst >> ServerRules.setGroup)
        |> List.map (snd >> Map.ofList) do
        let forFuture =
            group
            |> Map.toList
            |> List.map (fun (k, v) ->
                match ServerRules.futurePartitionsKey k with
                | Some future when partitioned -> future, v
                | _ -> k, v)
            |> Map.ofList

        [ SetTableProperties(q, forFuture) ], []

        let existing =
            group
            |> Map.filter (fun k _ -> partitioned && (ServerRules.futurePartitionsKey k).IsSome)

        if not existing.IsEmpty then
            [ SetPartitionProperties(q, existing) ], [ "existing partitions get the new value too" ]
]

let private comment (o: DiffOptions) (q: QualifiedName) (a: Table) (d: Table) =
    let aComment = Normalize.comment (TableObject a)
    let dComment = Normalize.comment (TableObject d)

    if aComment = dComment then
        [], none
    elif allows o Capability.AlterTableComment then
        [ SetTableComment(q, d.Comment) ], difference q DiffAttribute.Comment aComment dComment Altered
    else
        [],
        concat [
            difference q DiffAttribute.Comment aComment dComment Rebuilt
            rebuild "the table comment can only be altered on 3.1+"
        ]

/// Compares actual table `a` with desired table `d` (`q` is the name it has on the server when the statements run).
let compare
    (o: DiffOptions)
    (q: QualifiedName)
    (a: Table)
    (d: Table)
    (columnRenames: (Name * Name) list)
    : TableChange =
    let m = Columns.mapping a d columnRenames
    let keyFound = keyClause q a d m
    let columns = Columns.compare o q a d m
    let indexDrops, indexAdds, indexFound = indexes q a d m
    let partitionOps, partitionFound = partitioning o q a d
    let distributionOps, distributionFound = distribution o q a d m
    let orderOps, orderFound = sortKey o q a d m

    let changes, propertyFound =
        propertyChanges o q PropertyOwner.Table a.Properties d.Properties

    let commentOps, commentFound = comment o q a d

    let temporaryFound =
        onlyIf
            (a.Temporary <> d.Temporary)
            (concat [
                difference q DiffAttribute.Temporary (string a.Temporary) (string d.Temporary) Rebuilt
                rebuild "TEMPORARY cannot be altered"
            ])

    let unmodelledFound =
        let text (t: Table) =
            t.Unmodelled |> List.map (fun r -> r.Text) |> String.concat "; "

        onlyIf
            (a.Unmodelled <> d.Unmodelled)
            (difference
                q
                DiffAttribute.UnmodelledClauses
                (text a)
                (text d)
                (Kept "ROLLUP and CHARSET clauses are not compared"))

    let partitioned = d.Partitioning.IsSome
    let single ops = ops |> List.map (fun op -> [ op ], [])

    let found =
        concat [
            keyFound
            columns.Found
            indexFound
            partitionFound
            distributionFound
            orderFound
            propertyFound
            commentFound
            temporaryFound
            unmodelledFound
        ]

    {
        Statements = [
            yield! single columns.Renames
            yield! indexDrops |> List.map (fun ix -> [ DropIndex(q, ix.Name) ], [])
            if not (List.isEmpty columns.Clauses) then
                let lost = m.Dropped |> List.map (fun c -> quote c.Name) |> String.concat ", "

                columns.Clauses,
                [
                    if lost <> "" then
                        $"the data of dropped columns is lost: %s{lost}"
                ]
            yield! single columns.FieldEdits
            // a column a MODIFY COLUMN restates gets its comment there
            let modified =
                columns.Clauses
                |> List.choose (function
                    | ModifyColumn(_, d) -> Some d.Column.Name
                    | _ -> None)

            yield!
                columns.CommentOnly
                |> List.filter (fun c -> not (modified |> List.exists (Name.same c.Name)))
                |> List.map (fun c -> [ SetColumnComment(q, c.Name, c.Comment) ], [])

            yield! indexAdds |> List.map (fun ix -> [ AddIndex(q, ix) ], [])
            yield! single orderOps
            yield! single distributionOps
            yield! propertyStatements q partitioned changes
            yield! single commentOps

            yield!
                partitionOps
                |> List.map (fun op ->
                    match op with
                    | DropPartition(_, n) -> [ op ], [ $"partition %s{quote n} and its data are dropped" ]
                    | _ -> [ op ], [])
        ]
        Found = {
            found with
                Reasons = List.distinct found.Reasons
        }
        Sources = m.Sources
        RenamedColumns = not (List.isEmpty columns.Renames)
    }
