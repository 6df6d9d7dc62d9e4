/// How objects are matched between two schemas (their keys), what a view or materialized view reads, and the order
/// that puts an object after those it depends on.
module internal StarRocks.Schema.Diffing.Order

open StarRocks.Schema

/// The key objects are matched by: the database (None for the default one) and the name.
type Key = string option * string

/// The key of a name: a database equal to the default one counts as none.
let keyOf (o: DiffOptions) (q: QualifiedName) : Key =
    let db =
        match q.Database, o.DefaultDatabase with
        | Some d, Some dflt when Name.same d dflt -> None
        | d, _ -> d

    db |> Option.map Name.value, Name.value q.Name

/// Dependencies first, stable in the input order; a cycle is broken where it is found.
let dependencyOrder (nodes: 'k list) (dependsOn: 'k -> 'k list) : 'k list =
    let inSet = set nodes

    // depth first; `visited` and `result` (reversed) are threaded through
    let rec visit (visited: Set<'k>, result: 'k list) (n: 'k) =
        if visited.Contains n then
            visited, result
        else
            let visited, result =
                dependsOn n
                |> List.filter inSet.Contains
                |> List.fold visit (visited.Add n, result)

            visited, n :: result

    nodes |> List.fold visit (Set.empty, []) |> snd |> List.rev

/// The objects of a schema a query reads, found by matching the identifier chains it mentions.
let readsOf (o: DiffOptions) (objects: Map<Key, QualifiedName>) : Query -> Key list =
    let fold (k: Key) =
        (fst k |> Option.map (fun s -> s.ToLowerInvariant())), (snd k).ToLowerInvariant()

    let byFolded =
        objects
        |> Map.toList
        |> List.groupBy (fst >> fold)
        |> List.map (fun (k, v) -> k, List.map fst v)
        |> Map.ofList

    let dflt =
        o.DefaultDatabase |> Option.map (fun d -> (Name.value d).ToLowerInvariant())

    fun (q: Query) ->
        Normalize.references q
        |> List.collect (fun parts ->
            let parts = parts |> List.map (fun p -> p.ToLowerInvariant())

            let candidates =
                match parts with
                | [ n ] -> [ None, n ]
                | [ a; b ] -> [ None, a; Some a, b ]
                | a :: b :: c :: _ -> [ None, a; Some a, b; Some b, c ]
                | [] -> []

            candidates
            |> List.map (fun (db, n) -> (if db = dflt then None else db), n)
            |> List.collect (fun k -> byFolded.TryFind k |> Option.defaultValue []))
        |> List.distinct
