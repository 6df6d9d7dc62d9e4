/// Laws of the diff over generated schema pairs (b made from a by random edits): the plan turns a into b, the
/// reverse plan restores a, every statement reads back as the same operations, and the order respects dependencies.
module StarRocks.Schema.Tests.DiffLaws

open Expecto
open FsCheck
open FsCheck.FSharp
open Microsoft.FSharp.Reflection
open StarRocks.Schema
open StarRocks.Schema.Tests.Support

let private pairs = Arb.fromGen Generators.schemaPair
let private schemas = Arb.fromGen Generators.schema

/// The plan's steps, each as its SQL, for failure messages.
let sqlOf (p: Plan) =
    p.Steps
    |> List.map (fun s -> Render.statement s.Operations)
    |> String.concat "\n"

/// Applies a plan or fails the test with the statement that did not fit.
let applyOk (p: Plan) (s: Schema) =
    match Apply.operations (Plan.operations p) s with
    | Ok r -> r
    | Error e -> failtestf "the plan does not apply: %s\n%s" e (sqlOf p)

/// What must match exactly whatever the diff thinks: object names, and per table the columns (names and types, in
/// order) and the key clause.
let private shape (s: Schema) =
    let names (q: QualifiedName) = Name.value q.Name
    let lower (n: Name) = (Name.value n).ToLowerInvariant()

    let rec typeText t =
        match t with
        | Struct fields ->
            fields
            |> List.map (fun f -> lower f.Name + " " + typeText f.Type)
            |> String.concat ", "
        | Array e -> "array " + typeText e
        | Map(k, v) -> "map " + typeText k + " " + typeText v
        | other -> sprintf "%A" other

    [
        for KeyValue(q, t) in s.Tables do
            let keys = t.Keys |> Option.map (fun k -> string k.Model, List.map lower k.Columns)
            names q, sprintf "%A" (t.Columns |> List.map (fun c -> lower c.Name, typeText c.Type), keys)
        for KeyValue(q, _) in s.Views do
            names q, "view"
        for KeyValue(q, _) in s.MaterializedViews do
            names q, "materialized view"
    ]
    |> List.sort

/// a ≡ b: the same shape, and the diff from a to b has nothing to do.
let expectEquivalent (o: DiffOptions) (a: Schema) (b: Schema) what =
    Expect.equal (shape a) (shape b) $"%s{what}: tables, columns, types and keys"
    let rest = Diff.plan o a b

    if not (Plan.isEmpty rest) then
        failtestf "%s: a plan is still needed:\n%s" what (sqlOf rest)

/// The name of an operation's case, e.g. "AddColumn".
let caseName (op: Operation) =
    (fst (FSharpValue.GetUnionFields(op, typeof<Operation>))).Name

let private prop name (test: DiffOptions * Schema * Schema * string list -> unit) =
    testPropertyWithConfig config name (Prop.forAll pairs test)

let tests =
    testList "diff laws" [
        testPropertyWithConfig config "diff a a is empty"
        <| Prop.forAll schemas (fun a ->
            let p = Diff.plan DiffOptions.defaults a a

            if not (Plan.isEmpty p) then
                failtestf "expected no steps:\n%s" (sqlOf p))

        prop "apply (diff a b) a is equivalent to b"
        <| fun (o, a, b, _) ->
            let p = Diff.plan o a b
            expectEquivalent o (applyOk p a) b "after the plan"

        prop "diff b a applied after diff a b restores a"
        <| fun (o, a, b, _) ->
            let forward = Diff.plan o a b
            let reached = applyOk forward a
            // the reverse direction declares the opposite renames
            let back = {
                o with
                    Renames =
                        o.Renames
                        |> List.map (function
                            | TableRenamed(q, old) -> TableRenamed({ q with Name = old }, q.Name)
                            | ColumnRenamed(q, c, old) -> ColumnRenamed(q, old, c))
            }

            let reverse = Diff.plan back reached a
            expectEquivalent o (applyOk reverse reached) a "after the reverse plan"

        prop "every planned statement parses back into the same operations"
        <| fun (o, a, b, _) ->
            for step in (Diff.plan o a b).Steps do
                let sql = Render.statement step.Operations
                Expect.isFalse (sql.TrimEnd().EndsWith ";;") "one ';' ends the statement"

                match Parse.operations "plan.sql" sql with
                | Ok [ parsed ] -> Expect.equal parsed.Operations step.Operations sql
                | Ok other -> failtestf "expected one statement, got %d:\n%s" other.Length sql
                | Error e ->
                    failtestf "does not parse: %s\n%s" (e |> List.map Diagnostic.format |> String.concat "; ") sql

        prop "views and materialized views come after what they read, and are dropped before it"
        <| fun (o, a, b, _) ->
            let p = Diff.plan o a b
            let ops = Plan.operations p |> List.indexed

            let firstIndex (pred: Operation -> bool) =
                ops |> List.tryFind (snd >> pred) |> Option.map fst

            let createdAt (q: QualifiedName) =
                firstIndex (function
                    | CreateTable t -> t.Name = q
                    | CreateView v -> v.Name = q
                    | CreateMaterializedView m -> m.Name = q
                    | _ -> false)

            let reads (query: Query) =
                Normalize.references query |> List.map List.last

            for i, op in ops do
                match op with
                | CreateView { Query = query }
                | ReplaceView { Query = query }
                | AlterView(_, _, query)
                | CreateMaterializedView { Query = query } ->
                    for name in reads query do
                        for KeyValue(q, _) in b.Tables do
                            if Name.value q.Name = name then
                                match createdAt q with
                                | Some j when j > i ->
                                    failtestf "%A is created after a view that reads it\n%s" q (sqlOf p)
                                | _ -> ()
                | DropTable q ->
                    // a view or materialized view of a that reads q and is dropped must be dropped earlier
                    for KeyValue(vq, v) in a.Views do
                        if reads v.Query |> List.contains (Name.value q.Name) then
                            match firstIndex ((=) (DropView vq)) with
                            | Some j when j > i -> failtestf "view %A is dropped after its table\n%s" vq (sqlOf p)
                            | _ -> ()
                | _ -> ()

        prop "a plan toward a schema with only additions has no destructive step"
        <| fun (o, a, b, _) ->
            let only = {
                Tables = b.Tables |> Map.filter (fun k _ -> not (a.Tables.ContainsKey k))
                Views = b.Views |> Map.filter (fun k _ -> not (a.Views.ContainsKey k))
                MaterializedViews =
                    b.MaterializedViews
                    |> Map.filter (fun k _ -> not (a.MaterializedViews.ContainsKey k))
            }

            let added = {
                a with
                    Tables = Map.fold (fun (m: Map<_, _>) k v -> m.Add(k, v)) a.Tables only.Tables
                    Views = Map.fold (fun (m: Map<_, _>) k v -> m.Add(k, v)) a.Views only.Views
                    MaterializedViews =
                        Map.fold (fun (m: Map<_, _>) k v -> m.Add(k, v)) a.MaterializedViews only.MaterializedViews
            }

            let p = Diff.plan o a added

            if Plan.maxRisk p = Some Destructive then
                failtestf "destructive step in:\n%s" (sqlOf p)

        test "the edits cover every kind of operation" {
            // a fixed seed: the sample is the same on every run, so the assertion cannot flicker
            let sample =
                Gen.sampleWithSeed (Rnd(20261126UL, 3UL)) 10 1000 Generators.schemaPair
                |> List.ofArray

            let seen =
                sample
                |> List.collect (fun (o, a, b, _) -> Diff.plan o a b |> Plan.operations |> List.map caseName)
                |> set

            let all =
                FSharpType.GetUnionCases typeof<Operation> |> Array.map (fun c -> c.Name) |> set

            let missing = Set.difference all seen |> Set.toList

            if not (List.isEmpty missing) then
                failtestf "operation kinds never planned from the edits: %s" (String.concat ", " missing)
        }
    ]
