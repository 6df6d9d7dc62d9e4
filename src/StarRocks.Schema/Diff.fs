namespace StarRocks.Schema

open StarRocks.Schema.Diffing
open StarRocks.Schema.Diffing.Order

[<RequireQualifiedAccess>]
module Diff =
    /// What the queries of one side read, among that side's objects.
    let private readsIn
        (o: DiffOptions)
        (tables: Objects.Indexed<Table>)
        (views: Objects.Indexed<View>)
        (mvs: Objects.Indexed<MaterializedView>)
        =
        let names (b: Objects.Indexed<_>) =
            b |> Map.map (fun _ (q, _) -> q) |> Map.toList

        readsOf o (Map.ofList (names tables @ names views @ names mvs))

    /// What the view or materialized view with key k depends on, on one side.
    let private dependsOn
        (views: Objects.Indexed<View>)
        (mvs: Objects.Indexed<MaterializedView>)
        (reads: Query -> Key list)
        (k: Key)
        =
        let query =
            match views.TryFind k, mvs.TryFind k with
            | Some(_, v), _ -> Some v.Query
            | None, Some(_, m) -> Some m.Query
            | None, None -> None

        query |> Option.map reads |> Option.defaultValue [] |> List.filter ((<>) k)

    /// The view and materialized view drops, dependents first.
    let private orderedDrops (b: Objects.Both) (reads: Query -> Key list) (views: Objects.ViewStep list) =
        let drops = views |> List.filter (fun v -> not v.Drop.IsEmpty)

        let dropsOf =
            drops
            |> List.groupBy (fun v -> v.Key)
            |> List.map (fun (k, vs) -> k, vs |> List.collect (fun (v: Objects.ViewStep) -> v.Drop))
            |> Map.ofList

        dependencyOrder (drops |> List.map (fun v -> v.Key)) (dependsOn b.ActualViews b.ActualMaterializedViews reads)
        |> List.rev
        |> List.distinct
        |> List.collect (fun k -> dropsOf[k])

    /// The view and materialized view creates and changes, dependencies first (one entry a key: the last one).
    let private orderedCreates (b: Objects.Both) (reads: Query -> Key list) (views: Objects.ViewStep list) =
        let creates =
            views
            |> List.fold
                (fun (acc: Map<Key, Step list>) v ->
                    match v.Create with
                    | Some steps -> acc.Add(v.Key, steps)
                    | None -> acc)
                Map.empty

        dependencyOrder (creates.Keys |> List.ofSeq) (dependsOn b.DesiredViews b.DesiredMaterializedViews reads)
        |> List.collect (fun k -> creates[k])

    let plan (options: DiffOptions) (actual: Schema) (desired: Schema) : Plan =
        let both = Objects.index options actual desired

        let actualReads =
            readsIn options both.ActualTables both.ActualViews both.ActualMaterializedViews

        let desiredReads =
            readsIn options both.DesiredTables both.DesiredViews both.DesiredMaterializedViews

        // compare: every pair of objects, and every object only on one side (rebuilds included)
        let tables = Objects.tables options both
        let views = Objects.views options both

        // materialized views the plan keeps that read a rebuilt object are activated again
        let keys (select: Objects.ViewStep -> bool) =
            views |> List.filter select |> List.map (fun v -> v.Key)

        let created = set (keys (fun v -> v.Created))

        let reactivations =
            Rebuild.reactivations
                both.ActualMaterializedViews
                both.DesiredMaterializedViews
                desiredReads
                (created.Contains >> not)
                (set (tables.Disturbed @ keys (fun v -> v.Disturbed)))

        // synchronous materialized views: dropped before the table steps that need them gone, created after
        let renamedTables =
            tables.Renames
            |> List.collect (fun s -> s.Operations)
            |> List.choose (function
                | RenameTable(q, n) -> Some(keyOf options q, keyOf options { q with Name = n })
                | _ -> None)
            |> Map.ofList

        let syncViews =
            SyncViews.compare options both renamedTables (tables.Changes @ tables.Drops)

        // order
        {
            Steps =
                [
                    yield! orderedDrops both actualReads views
                    yield! syncViews.Drops
                    yield! tables.Renames
                    yield! tables.Changes
                    yield! tables.Drops
                    yield! tables.Creates
                    yield! syncViews.Creates
                    yield! orderedCreates both desiredReads views
                    yield! reactivations |> List.map snd
                ]
                // every statement is written for the options' release (the untimed refresh is ON_CHANGE from 26.2)
                |> List.map (fun s -> {
                    s with
                        WrittenFor = Some options.ServerVersion
                })
            Differences =
                tables.Differences
                @ syncViews.Differences
                @ (views |> List.collect (fun v -> v.Differences))
                @ (reactivations |> List.collect (fun (f, _) -> f.Differences))
        }

    let planModel (options: DiffOptions) (actual: Schema) (desired: Model) : Plan =
        plan
            {
                options with
                    Renames = options.Renames @ desired.Renames
            }
            actual
            desired.Schema
