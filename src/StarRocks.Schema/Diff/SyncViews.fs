/// The synchronous materialized views stage. A synchronous materialized view is an index of its base table: it is
/// created (a ROLLUP job) and dropped, never altered; any change is a drop and a create. It is also dropped before,
/// and created again after, whatever StarRocks refuses while it exists or takes away with the table: a column it
/// reads dropped, changed or renamed, and a copy-and-swap rebuild of its table (SWAP leaves it on the old table,
/// which the rebuild drops).
module internal StarRocks.Schema.Diffing.SyncViews

open StarRocks.Schema
open StarRocks.Schema.Diffing.Found
open StarRocks.Schema.Diffing.Order

/// The synchronous materialized views' steps, and what was found.
type SyncSteps = {
    /// Before the table changes (StarRocks refuses to drop or change a column a synchronous view reads).
    Drops: Step list
    /// After the tables are created, changed and rebuilt.
    Creates: Step list
    Differences: Difference list
}

/// What the table steps do to one table, as far as its synchronous materialized views care.
type private TableFate =
    /// Dropped, or rebuilt by copy and swap.
    | Replaced of why: string
    /// These columns are dropped, changed or renamed in place.
    | ColumnsTouched of Name list

/// Per table key, what the table steps do to it.
let private fates (o: DiffOptions) (tableSteps: Step list) : Map<Key, TableFate> =
    let key = keyOf o

    tableSteps
    |> List.collect (fun s -> s.Operations)
    |> List.fold
        (fun (acc: Map<Key, TableFate>) op ->
            let touch (q: QualifiedName) (c: Name) =
                match acc.TryFind(key q) with
                | Some(Replaced _) -> acc
                | Some(ColumnsTouched cs) -> acc.Add(key q, ColumnsTouched(cs @ [ c ]))
                | None -> acc.Add(key q, ColumnsTouched [ c ])

            match op with
            | SwapTable(q, _) ->
                acc.Add(
                    key q,
                    Replaced
                        $"its base table %s{quote q.Name} is rebuilt by copy and swap, which leaves it on the old table"
                )
            | DropTable q when not (acc.ContainsKey(key q)) -> acc.Add(key q, Replaced "its base table is dropped")
            | DropColumn(q, c)
            | RenameColumn(q, c, _)
            | AddField(q, c, _, _, _)
            | DropField(q, c, _, _) -> touch q c
            | ModifyColumn(q, d) -> touch q d.Column.Name
            | _ -> acc)
        Map.empty

/// The canonical form of a synchronous materialized view's definition, without its name: its query (which names
/// the base table) read as any query is compared, then its comment and properties.
let private definition (m: SyncMaterializedView) =
    Normalize.query (Render.syncQuery m), m.Comment, m.Properties

/// The stage: drops of what the desired schema lacks or what must be created again, then creates of what is new,
/// changed or created again. `renamedTables` maps an actual table's key to the desired one's.
let compare (o: DiffOptions) (b: Objects.Both) (renamedTables: Map<Key, Key>) (tableSteps: Step list) : SyncSteps =
    let key = keyOf o
    let fateOf = fates o tableSteps

    let baseKey (m: SyncMaterializedView) =
        let k = key m.Base
        renamedTables.TryFind k |> Option.defaultValue k

    /// Why an actual view kept by the desired schema must be created again, if it must.
    let disturbance (m: SyncMaterializedView) =
        match fateOf.TryFind(baseKey m) |> Option.orElse (fateOf.TryFind(key m.Base)) with
        | Some(Replaced why) -> Some why
        | Some(ColumnsTouched columns) ->
            match Normalize.syncReads m columns with
            | [] -> None
            | read ->
                let columns = read |> List.map quote |> String.concat ", "

                Some
                    $"it reads %s{columns}, which the plan drops or changes: StarRocks refuses that while the view exists"
        | None -> None

    let dropStep (m: SyncMaterializedView) notes =
        Plan.step [ DropMaterializedView m.Name ] notes

    let createStep (m: SyncMaterializedView) notes =
        Plan.step [ CreateSyncMaterializedView m ] notes

    /// What the server's release may refuse of a view the plan creates, as warnings.
    let releaseWarnings (m: SyncMaterializedView) =
        let warn condition reason =
            onlyIf
                condition
                (difference m.Name DiffAttribute.Object "(none)" "synchronous materialized view" (Warned reason))

        concat [
            warn
                (not (allows o Capability.SyncMaterializedViews))
                $"StarRocks %O{o.ServerVersion} in a shared-data cluster has no synchronous materialized views (they come in 3.4): the CREATE will be refused"
            warn
                (m.Where.IsSome && not (allows o Capability.SyncMaterializedViewWhere))
                $"StarRocks %O{o.ServerVersion} refuses WHERE in a synchronous materialized view (it comes in 3.1.8)"
        ]

    let decisions = [
        for KeyValue(k, (_, a)) in b.ActualSyncViews do
            match b.DesiredSyncViews.TryFind k |> Option.map snd with
            | None ->
                let found =
                    difference a.Name DiffAttribute.Object "synchronous materialized view" "(none)" Altered

                yield
                    found.Differences,
                    [
                        dropStep a [
                            "the synchronous materialized view is dropped (its base table keeps its data)"
                        ]
                    ],
                    []
            | Some d ->
                let (aQuery, aComment, aProps) = definition a
                let (dQuery, dComment, dProps) = definition { d with Base = a.Base }

                let changed =
                    concat [
                        onlyIf
                            (baseKey a <> key d.Base)
                            (difference
                                d.Name
                                DiffAttribute.Object
                                (QualifiedName.display a.Base)
                                (QualifiedName.display d.Base)
                                Rebuilt)
                        onlyIf
                            (aQuery <> dQuery)
                            (difference
                                d.Name
                                DiffAttribute.Query
                                (Query.text (Render.syncQuery a))
                                (Query.text (Render.syncQuery d))
                                Rebuilt)
                        onlyIf
                            (aComment <> dComment)
                            (difference d.Name DiffAttribute.Comment aComment dComment Rebuilt)
                        onlyIf
                            (aProps <> dProps)
                            (difference
                                d.Name
                                DiffAttribute.Properties
                                (propertiesText aProps)
                                (propertiesText dProps)
                                Rebuilt)
                    ]

                match changed.Differences, disturbance a with
                | [], None -> ()
                | [], Some why ->
                    let note = $"created again: %s{why}"

                    let found =
                        difference d.Name DiffAttribute.State (QualifiedName.display a.Base) note Rebuilt

                    yield
                        found.Differences @ (releaseWarnings d).Differences,
                        [ dropStep a [ note ] ],
                        [ createStep d [ note ] ]
                | differences, _ ->
                    let note =
                        "a synchronous materialized view cannot be altered: it is dropped and created again"

                    yield differences @ (releaseWarnings d).Differences, [ dropStep a [ note ] ], [ createStep d [] ]
        for KeyValue(k, (_, d)) in b.DesiredSyncViews do
            if not (b.ActualSyncViews.ContainsKey k) then
                let found =
                    difference d.Name DiffAttribute.Object "(none)" "synchronous materialized view" Altered

                yield found.Differences @ (releaseWarnings d).Differences, [], [ createStep d [] ]
    ]

    {
        Drops = decisions |> List.collect (fun (_, drops, _) -> drops)
        Creates = decisions |> List.collect (fun (_, _, creates) -> creates)
        Differences = decisions |> List.collect (fun (differences, _, _) -> differences)
    }
