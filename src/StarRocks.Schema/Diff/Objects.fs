/// The compare stage: pairs the objects of both schemas by key (tables also by declared renames), and turns each
/// pair, each object only in the desired schema and each object only in the actual one into steps and differences.
/// Ordering the steps is left to the plan.
module internal StarRocks.Schema.Diffing.Objects

open StarRocks.Schema
open StarRocks.Schema.Diffing.Found
open StarRocks.Schema.Diffing.Order

/// Objects of one kind by key, with their names.
type Indexed<'v> = Map<Key, QualifiedName * 'v>

/// Both schemas' objects by key.
type Both = {
    ActualTables: Indexed<Table>
    DesiredTables: Indexed<Table>
    ActualViews: Indexed<View>
    DesiredViews: Indexed<View>
    ActualMaterializedViews: Indexed<MaterializedView>
    DesiredMaterializedViews: Indexed<MaterializedView>
    ActualSyncViews: Indexed<SyncMaterializedView>
    DesiredSyncViews: Indexed<SyncMaterializedView>
}

/// Indexes both schemas by key.
let index (o: DiffOptions) (actual: Schema) (desired: Schema) : Both =
    let byKey (m: Map<QualifiedName, 'v>) : Indexed<'v> =
        m |> Map.toList |> List.map (fun (q, v) -> keyOf o q, (q, v)) |> Map.ofList

    {
        ActualTables = byKey actual.Tables
        DesiredTables = byKey desired.Tables
        ActualViews = byKey actual.Views
        DesiredViews = byKey desired.Views
        ActualMaterializedViews = byKey actual.MaterializedViews
        DesiredMaterializedViews = byKey desired.MaterializedViews
        ActualSyncViews = byKey actual.SyncMaterializedViews
        DesiredSyncViews = byKey desired.SyncMaterializedViews
    }

/// Whether an object of either schema has the key.
let taken (b: Both) (k: Key) =
    b.ActualTables.ContainsKey k
    || b.DesiredTables.ContainsKey k
    || b.ActualViews.ContainsKey k
    || b.DesiredViews.ContainsKey k
    || b.ActualMaterializedViews.ContainsKey k
    || b.DesiredMaterializedViews.ContainsKey k

let private created (q: QualifiedName) kind =
    difference q DiffAttribute.Object "(none)" kind Altered

let private dropped (q: QualifiedName) kind =
    difference q DiffAttribute.Object kind "(none)" Altered

let private steps (statements: (Operation list * string list) list) =
    statements |> List.map (fun (ops, notes) -> Plan.step ops notes)

/// The tables' steps, by kind, and what was found.
type TableSteps = {
    Renames: Step list
    Changes: Step list
    Drops: Step list
    Creates: Step list
    Differences: Difference list
    /// Tables rebuilt or with renamed columns: materialized views reading them become inactive.
    Disturbed: Key list
}

/// The tables stage.
let tables (o: DiffOptions) (b: Both) : TableSteps =
    let key = keyOf o

    let renamedFrom (k: Key) (dq: QualifiedName) =
        o.Renames
        |> List.tryPick (function
            | TableRenamed(t, old) when key t = k -> Some(key { dq with Name = old })
            | _ -> None)
        |> Option.filter (fun oldKey -> b.ActualTables.ContainsKey oldKey && not (b.DesiredTables.ContainsKey oldKey))

    let pairs =
        b.DesiredTables
        |> Map.toList
        |> List.choose (fun (k, (dq, dt)) ->
            match b.ActualTables.TryFind k with
            | Some(aq, at) -> Some(k, aq, at, dt, None)
            | None ->
                renamedFrom k dq
                |> Option.map (fun oldKey ->
                    let aq, at = b.ActualTables[oldKey]
                    oldKey, aq, at, dt, Some dq.Name))

    let pairedActual = pairs |> List.map (fun (k, _, _, _, _) -> k) |> set
    let pairedDesired = pairs |> List.map (fun (_, _, _, dt, _) -> key dt.Name) |> set

    let creates =
        b.DesiredTables
        |> Map.toList
        |> List.filter (fun (k, _) -> not (pairedDesired.Contains k))
        |> List.map (fun (_, (dq, dt)) -> created dq "table", Plan.step [ CreateTable dt ] [])

    let drops =
        b.ActualTables
        |> Map.toList
        |> List.filter (fun (k, _) -> not (pairedActual.Contains k))
        |> List.map (fun (_, (aq, _)) ->
            dropped aq "table", Plan.step [ DropTable aq ] [ "the table and its data are dropped" ])

    let compared =
        pairs
        |> List.map (fun (_, aq, at, dt, newName) ->
            let target, nameFound =
                match newName with
                | Some n ->
                    { aq with Name = n }, difference aq DiffAttribute.Name (Name.value aq.Name) (Name.value n) Altered
                | None -> aq, none

            let columnRenames =
                o.Renames
                |> List.choose (function
                    | ColumnRenamed(t, c, old) when key t = key dt.Name -> Some(c, old)
                    | _ -> None)

            // a table equal to the desired one in every field has nothing to compare
            let change =
                if newName.IsNone && List.isEmpty columnRenames && { at with Name = dt.Name } = dt then
                    Tables.unchanged
                else
                    Tables.compare o target at dt columnRenames

            let renameSteps =
                newName
                |> Option.map (fun n -> Plan.step [ RenameTable(aq, n) ] [])
                |> Option.toList

            if List.isEmpty change.Found.Reasons then
                renameSteps,
                steps change.Statements,
                nameFound.Differences @ change.Found.Differences,
                (if change.RenamedColumns then [ key target ] else [])
            else
                renameSteps,
                Rebuild.table o (taken b) (key target) target at dt change.Sources change.Found.Reasons,
                nameFound.Differences @ rebuilt change.Found.Differences,
                [ key target ])

    {
        Renames = compared |> List.collect (fun (r, _, _, _) -> r)
        Changes = compared |> List.collect (fun (_, c, _, _) -> c)
        Drops = List.map snd drops
        Creates = List.map snd creates
        Differences =
            (creates @ drops |> List.collect (fun (f, _) -> f.Differences))
            @ (compared |> List.collect (fun (_, _, d, _) -> d))
        Disturbed = compared |> List.collect (fun (_, _, _, k) -> k)
    }

/// What the views stage decides for one view or materialized view.
type ViewStep = {
    Key: Key
    /// Steps that drop it (ordered with the other drops, dependents first).
    Drop: Step list
    /// Steps that create or change it (ordered with the others, dependencies first).
    Create: Step list option
    Differences: Difference list
    /// Dropped and created again (materialized views reading it become inactive).
    Disturbed: bool
    /// Created by this plan (so it needs no reactivation).
    Created: bool
}

let private viewStep (k: Key) (found: Found) = {
    Key = k
    Drop = []
    Create = None
    Differences = found.Differences
    Disturbed = false
    Created = false
}

/// The views and materialized views stage: drops of what the desired schema lacks, then each desired view and
/// materialized view created or compared.
let views (o: DiffOptions) (b: Both) : ViewStep list = [
    for KeyValue(k, (aq, _)) in b.ActualViews do
        if not (b.DesiredViews.ContainsKey k) then
            {
                viewStep k (dropped aq "view") with
                    Drop = [ Plan.step [ DropView aq ] [] ]
            }
    for KeyValue(k, (aq, _)) in b.ActualMaterializedViews do
        if not (b.DesiredMaterializedViews.ContainsKey k) then
            {
                viewStep k (dropped aq "materialized view") with
                    Drop = [
                        Plan.step [ DropMaterializedView aq ] [ "the materialized view and its data are dropped" ]
                    ]
            }
    for KeyValue(k, (dq, dv)) in b.DesiredViews do
        match b.ActualViews.TryFind k with
        | None -> {
            viewStep k (created dq "view") with
                Create = Some [ Plan.step [ CreateView dv ] [] ]
                Created = true
          }
        | Some(aq, av) ->
            let statements, found = Views.compareView o aq av dv

            match statements with
            | ([ DropView _ ], notes) :: rest -> {
                viewStep k found with
                    Drop = [ Plan.step [ DropView aq ] notes ]
                    Create = Some(steps rest)
                    Disturbed = true
              }
            | [] -> viewStep k found
            | _ -> {
                viewStep k found with
                    Create = Some(steps statements)
              }
    for KeyValue(k, (dq, dm)) in b.DesiredMaterializedViews do
        match b.ActualMaterializedViews.TryFind k with
        | None -> {
            viewStep k (created dq "materialized view") with
                Create = Some [ Plan.step [ CreateMaterializedView dm ] [] ]
                Created = true
          }
        | Some(aq, am) ->
            let statements, found = Views.compareMaterializedView o aq am dm

            if List.isEmpty found.Reasons then
                {
                    viewStep k found with
                        Create =
                            if List.isEmpty statements then
                                None
                            else
                                Some(steps statements)
                }
            else
                let drop, create = Rebuild.materializedView o aq am dm found.Reasons

                {
                    viewStep k {
                        found with
                            Differences = rebuilt found.Differences
                    } with
                        Drop = [ drop ]
                        Create = Some [ create ]
                        Disturbed = true
                        Created = true
                }
]
