/// What StarRocks cannot alter in place is rebuilt. A table by copy and swap: CREATE the desired table under a
/// temporary name, copy the rows it keeps, SWAP it with the table, DROP the old one. A materialized view by drop and
/// create. What the desired side leaves unset is taken from the actual object, when it still fits.
module internal StarRocks.Schema.Diffing.Rebuild

open StarRocks.Schema
open StarRocks.Schema.Diffing.Found
open StarRocks.Schema.Diffing.Order

/// Desired properties plus the actual non-default ones the desired side leaves unset (a rebuild keeps them).
let private mergedProperties
    (o: DiffOptions)
    (owner: PropertyOwner)
    (actual: Map<string, string>)
    (desired: Map<string, string>)
    =
    let declared =
        desired |> Map.toList |> List.map (fst >> ServerRules.tablePropertyKey) |> set

    actual
    |> Map.filter (fun k v ->
        not (declared.Contains(ServerRules.tablePropertyKey k))
        && not (ServerRules.isDefault o.RunMode owner k v)
        && not (ServerRules.ignoredIn o.RunMode k))
    |> Map.fold (fun (acc: Map<string, string>) k v -> acc.Add(k, v)) desired

/// The table a rebuild creates: the desired table, with what it leaves unset taken from the actual one (when that
/// still fits the desired columns).
let private tableTarget (o: DiffOptions) (a: Table) (d: Table) : Table =
    let merged = {
        d with
            Keys = d.Keys |> Option.orElse a.Keys
            Distribution = d.Distribution |> Option.orElse a.Distribution
            OrderBy = d.OrderBy |> Option.orElse a.OrderBy
            Partitioning = d.Partitioning |> Option.orElse a.Partitioning
            Properties = mergedProperties o PropertyOwner.Table a.Properties d.Properties
    }

    if List.isEmpty (Validate.table merged) then merged else d

/// The materialized view a rebuild creates, likewise.
let private materializedViewTarget (o: DiffOptions) (a: MaterializedView) (d: MaterializedView) =
    let merged = {
        d with
            Partitioning = d.Partitioning |> Option.orElse a.Partitioning
            Distribution = d.Distribution |> Option.orElse a.Distribution
            OrderBy = d.OrderBy |> Option.orElse a.OrderBy
            Refresh = d.Refresh |> Option.orElse a.Refresh
            Properties = mergedProperties o PropertyOwner.MaterializedView a.Properties d.Properties
    }

    if List.isEmpty (Validate.materializedView merged) then
        merged
    else
        d

/// A name for the rebuild's temporary table that no object of either schema has in its database.
let private temporaryName (isTaken: string -> bool) (q: QualifiedName) =
    let candidate i =
        let suffix = if i = 0 then "__srschema_new" else $"__srschema_new%d{i}"
        Name.create (Name.value q.Name + suffix)

    let rec find i =
        let n = candidate i
        if isTaken (Name.value n) then find (i + 1) else n

    { q with Name = find 0 }

/// The steps that rebuild table `target` (actual `at`, desired `dt`) by copy and swap. `taken` says which keys an
/// object of either schema has; `key` is the key of `target`.
let table
    (o: DiffOptions)
    (taken: Key -> bool)
    (key: Key)
    (target: QualifiedName)
    (at: Table)
    (dt: Table)
    (sources: (Name * Name) list)
    (reasons: string list)
    : Step list =
    let tmp = temporaryName (fun n -> taken (fst key, n)) target

    let copied =
        sources
        |> List.filter (fun (dn, _) ->
            dt.Columns
            |> List.exists (fun c -> Name.same c.Name dn && not (Column.isGenerated c)))

    let describe (dn: Name, an: Name) =
        if Name.same dn an then
            quote dn
        else
            $"%s{quote an} -> %s{quote dn}"

    let addedCols =
        dt.Columns
        |> List.filter (fun c ->
            not (Column.isServerMaintained c)
            && not (copied |> List.exists (fun (dn, _) -> Name.same dn c.Name)))
        |> List.map (fun c -> quote c.Name)

    let droppedCols =
        at.Columns
        |> List.filter (fun c ->
            not (Column.isServerMaintained c)
            && not (sources |> List.exists (fun (_, an) -> Name.same an c.Name)))
        |> List.map (fun c -> quote c.Name)

    let listed (what: string) (items: string list) =
        if List.isEmpty items then
            []
        else
            [ what + ": " + String.concat ", " items ]

    let because = String.concat "; " reasons

    [
        Plan.step [ CreateTable { tableTarget o at dt with Name = tmp } ] [
            $"rebuild of `%s{QualifiedName.display target}` by copy and swap, because: %s{because}"
        ]
        if not (List.isEmpty copied) then
            Plan.step [ CopyRows(target, tmp, copied) ] [
                yield! listed "copied" (copied |> List.map describe)
                yield! listed "new (their defaults or generated values)" addedCols
                yield! listed "not copied (their data is lost)" droppedCols
                // the copy is a snapshot: nothing carries later writes over to the new table
                yield
                    $"rows written to `%s{QualifiedName.display target}` after this copy and before the SWAP are lost:"
                yield "stop loads into it for the rebuild, or gate the plan in CI with --fail-on rewrite"
            ]
        Plan.step [ SwapTable(target, tmp.Name) ] []
        Plan.step [ DropTable tmp ] [ "drops the previous table (now under the temporary name) and its data" ]
    ]

/// The drop step and the create step that rebuild materialized view `aq` (actual `am`, desired `dm`).
let materializedView (o: DiffOptions) (aq: QualifiedName) (am: MaterializedView) (dm: MaterializedView) reasons =
    let reasonText = String.concat "; " reasons

    let because =
        $"rebuild of `%s{QualifiedName.display aq}` (drop and create), because: %s{reasonText}"

    Plan.step [ DropMaterializedView aq ] [ because ],
    Plan.step [ CreateMaterializedView(materializedViewTarget o am dm) ] []

/// Materialized views the plan keeps that read an object it rebuilds (or whose columns it renames): StarRocks makes
/// them inactive, so the plan activates them again. `reads` gives what a desired query reads; `kept` says whether the
/// plan keeps the view (neither creates nor rebuilds it).
let reactivations
    (actual: Map<Key, QualifiedName * MaterializedView>)
    (desired: Map<Key, QualifiedName * MaterializedView>)
    (reads: Query -> Key list)
    (kept: Key -> bool)
    (disturbed: Set<Key>)
    : (Found * Step) list =
    desired
    |> Map.toList
    |> List.filter (fun (k, (_, dm)) ->
        actual.ContainsKey k
        && kept k
        && (reads dm.Query |> List.exists (fun r -> r <> k && disturbed.Contains r)))
    |> List.map (fun (k, _) ->
        let aq = fst actual[k]

        difference aq DiffAttribute.State "inactive after a change of an object it reads" "active" Altered,
        Plan.step [ ActivateMaterializedView aq ] [ "a change of an object it reads made it inactive" ])
