namespace StarRocks.Schema

open StarRocks.Schema.Diffing
open StarRocks.Schema.Diffing.Order

[<RequireQualifiedAccess>]
module Diff =
    let plan (options: DiffOptions) (actual: Schema) (desired: Schema) : Plan =
        let o = options
        let both = Objects.index o actual desired

        // compare: every pair of objects, every object only on one side
        let tables = Objects.tables o both
        let views = Objects.views o both

        // rebuild: materialized views kept by the plan that read a disturbed object are activated again
        let names (b: Objects.Indexed<_>) =
            b |> Map.map (fun _ (q, _) -> q) |> Map.toList

        let everything tables views mvs =
            Map.ofList (names tables @ names views @ names mvs)

        let actualReads =
            readsOf o (everything both.ActualTables both.ActualViews both.ActualMaterializedViews)

        let desiredReads =
            readsOf o (everything both.DesiredTables both.DesiredViews both.DesiredMaterializedViews)

        let recreated =
            views |> List.filter (fun v -> v.Created) |> List.map (fun v -> v.Key) |> set

        let disturbed =
            set (
                tables.Disturbed
                @ (views |> List.filter (fun v -> v.Disturbed) |> List.map (fun v -> v.Key))
            )

        let reactivations =
            Rebuild.reactivations
                both.ActualMaterializedViews
                both.DesiredMaterializedViews
                desiredReads
                (recreated.Contains >> not)
                disturbed

        // order: view drops dependents first, then tables, then view creates dependencies first
        let queryIn (views: Objects.Indexed<View>) (mvs: Objects.Indexed<MaterializedView>) (k: Key) =
            match views.TryFind k, mvs.TryFind k with
            | Some(_, v), _ -> Some v.Query
            | None, Some(_, m) -> Some m.Query
            | None, None -> None

        let dependsOn views mvs (reads: Query -> Key list) (k: Key) =
            queryIn views mvs k
            |> Option.map reads
            |> Option.defaultValue []
            |> List.filter ((<>) k)

        let drops = views |> List.filter (fun v -> not v.Drop.IsEmpty)

        let dropOrder =
            dependencyOrder
                (drops |> List.map (fun v -> v.Key))
                (dependsOn both.ActualViews both.ActualMaterializedViews actualReads)
            |> List.rev
            |> List.distinct

        let creates =
            views
            |> List.fold
                (fun (acc: Map<Key, Step list>) v ->
                    match v.Create with
                    | Some steps -> acc.Add(v.Key, steps)
                    | None -> acc)
                Map.empty

        let createOrder =
            dependencyOrder
                (creates |> Map.toList |> List.map fst)
                (dependsOn both.DesiredViews both.DesiredMaterializedViews desiredReads)

        {
            Steps = [
                yield!
                    dropOrder
                    |> List.collect (fun k ->
                        drops |> List.filter (fun v -> v.Key = k) |> List.collect (fun v -> v.Drop))
                yield! tables.Renames
                yield! tables.Changes
                yield! tables.Drops
                yield! tables.Creates
                yield! createOrder |> List.collect (fun k -> creates[k])
                yield! reactivations |> List.map snd
            ]
            Differences =
                tables.Differences
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
