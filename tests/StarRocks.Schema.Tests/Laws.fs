/// Properties over generated models: parse and render are inverse, the generators really cover the model, and no
/// mutation of a valid statement makes the parser throw.
module StarRocks.Schema.Tests.Laws

open System
open Expecto
open FsCheck
open FsCheck.FSharp
open StarRocks.Schema
open StarRocks.Schema.Tests.Support

/// The clause kinds a generated object shows, grouped by the category they are measured in.
let tags (o: SchemaObject) : (string * string) list =
    let rec complex t =
        match t with
        | Array e -> "array" :: complex e
        | Map(k, v) -> "map" :: complex k @ complex v
        | Struct fs -> "struct" :: (fs |> List.collect (fun f -> complex f.Type))
        | _ -> []

    let distribution =
        function
        | None -> "none"
        | Some(Distribution.Hash _) -> "hash"
        | Some(Distribution.Random _) -> "random"
        | Some Distribution.Range -> "range"

    let keyForm =
        function
        | PartitionKey.DateTrunc _ -> "expression date_trunc"
        | PartitionKey.TimeSlice _ -> "expression time_slice"
        | PartitionKey.Column _ -> "expression columns"
        | PartitionKey.Expression _ -> "expression other"

    match o with
    | TableObject t -> [
        "table keys",
        (match t.Keys with
         | None -> "unset"
         | Some k -> string k.Model)
        "table partitioning",
        (match t.Partitioning with
         | None -> "none"
         | Some(Partitioning.Range _) -> "range"
         | Some(Partitioning.List _) -> "list"
         | Some(Partitioning.Expression(k :: _, _)) -> keyForm k
         | Some(Partitioning.Expression([], _)) -> "expression empty")
        "table distribution", distribution t.Distribution
        yield!
            t.Indexes
            |> List.map (fun i -> "table index", (i.Type |> Option.map string |> Option.defaultValue "no USING"))
            |> List.distinct
        yield!
            t.Columns
            |> List.collect (fun c -> complex c.Type)
            |> List.distinct
            |> List.map (fun k -> "table complex type", k)
        match t.Partitioning with
        | Some(Partitioning.Range(_, parts)) ->
            yield!
                parts
                |> List.map (function
                    | LessThan _ -> "range items", "less than"
                    | Fixed _ -> "range items", "fixed"
                    | Batch _ -> "range items", "batch")
                |> List.distinct
        | _ -> ()
      ]
    | ViewObject v -> [
        "view security",
        (match v.Security with
         | None -> "unset"
         | Some s -> string s)
      ]
    | MaterializedViewObject m -> [
        "mv refresh",
        (match m.Refresh with
         | None -> "unset"
         | Some { Scheme = Async _ } -> "async"
         | Some { Scheme = Manual } -> "manual"
         | Some { Scheme = Incremental } -> "incremental")
        "mv distribution", distribution m.Distribution
        "mv partitioning",
        (match m.Partitioning with
         | None -> "none"
         | Some(k :: _) -> keyForm k
         | Some [] -> "empty")
      ]
    | SyncMaterializedViewObject m -> [
        "sync mv clauses",
        (match m.Where, m.OrderBy with
         | Some _, [] -> "where"
         | None, _ :: _ -> "order by"
         | Some _, _ :: _ -> "where and order by"
         | None, [] -> "group by only")
      ]

/// Every kind that must show up, per category.
let expectedKinds = [
    "table keys", [ "unset"; "Duplicate"; "Aggregate"; "Unique"; "Primary" ]
    "table partitioning",
    [
        "none"
        "range"
        "list"
        "expression date_trunc"
        "expression time_slice"
        "expression columns"
        "expression other"
    ]
    "table distribution", [ "none"; "hash"; "random" ]
    "table index", [ "BitmapIndex"; "Gin"; "NgramBloomFilter"; "Vector" ]
    "table complex type", [ "array"; "map"; "struct" ]
    "range items", [ "less than"; "fixed"; "batch" ]
    "view security", [ "unset"; "SecurityNone"; "SecurityInvoker" ]
    "mv refresh", [ "async"; "manual"; "incremental" ]
    "mv distribution", [ "none"; "hash"; "random" ]
]

/// Distribution.Random damage to a statement: cut it, drop a slice, insert a troublesome character, or repeat a slice.
let mutate (text: string) : Gen<string> =
    let troublesome =
        Gen.elements [
            '\''
            '"'
            '`'
            '('
            ')'
            '['
            ']'
            '<'
            '>'
            ';'
            ','
            '-'
            '/'
            '*'
            '\\'
            '\n'
            'x'
            '0'
        ]

    let len = max 1 text.Length

    Gen.oneof [
        Gen.choose (0, len - 1) |> Gen.map (fun i -> text.Substring(0, i))
        Gen.map2
            (fun i k -> text.Remove(min i (text.Length - 1 |> max 0), min k (text.Length - min i text.Length)))
            (Gen.choose (0, len - 1))
            (Gen.choose (1, 8))
        Gen.map2 (fun i c -> text.Insert(i, string c)) (Gen.choose (0, text.Length)) troublesome
        Gen.map2
            (fun i k -> text.Insert(i, text.Substring(i, min k (text.Length - i))))
            (Gen.choose (0, text.Length))
            (Gen.choose (1, 20))
    ]

let tests =
    testList "laws" [
        testPropertyWithConfig config "parse (render m) = m for every generated object"
        <| Prop.forAll Generators.arbitrary (fun o ->
            let rendered = Render.schemaObject o

            match Parse.statement rendered with
            | Ok back -> Prop.label $"rendered:\n%s{rendered}\nparsed back:\n%A{back}" (back = o)
            | Error e -> Prop.label $"rendered:\n%s{rendered}\nerror: %s{Diagnostic.format e}" false)

        testPropertyWithConfig config "render (parse (render m)) = render m"
        <| Prop.forAll Generators.arbitrary (fun o ->
            let rendered = Render.schemaObject o
            Parse.statement rendered |> Result.map Render.schemaObject = Ok rendered)

        testPropertyWithConfig config "a rendered script parses back into the same objects in order"
        <| Prop.forAll (Arb.fromGen (Gen.listOf Generators.schemaObject |> Gen.map (List.truncate 6))) (fun objects ->
            let text = Render.script objects
            Parse.script "<script>" text |> Result.map (fun s -> s.Objects) = Ok objects)

        testPropertyWithConfig config "every generated object is valid"
        <| Prop.forAll Generators.arbitrary (fun o -> Validate.schemaObject o = [])

        testPropertyWithConfig config "random mutations of valid statements never make the parser throw"
        <| Prop.forAll
            (Arb.fromGen (Generators.schemaObject |> Gen.bind (Render.schemaObject >> mutate)))
            (fun damaged ->
                match Parse.script "<mutated>" damaged with
                | Ok _ -> true
                | Error errors -> errors |> List.forall (fun e -> e.Line >= 1 && e.Column >= 1 && e.Message <> ""))

        testCase "the generators cover every clause kind in at least 5% of the cases of its category"
        <| fun () ->
            // a fixed seed: the sample is the same on every run, so the shares cannot flicker
            let sample =
                Gen.sampleWithSeed (Rnd(20261126UL, 5UL)) 20 3000 Generators.schemaObject
                |> List.ofArray

            let observed = sample |> List.collect tags

            for category, kinds in expectedKinds do
                let inCategory =
                    match category with
                    | c when c.StartsWith "table" ->
                        sample
                        |> List.filter (function
                            | TableObject _ -> true
                            | _ -> false)
                        |> List.length
                    | "range items" ->
                        sample
                        |> List.filter (function
                            | TableObject {
                                              Partitioning = Some(Partitioning.Range(_, _ :: _))
                                          } -> true
                            | _ -> false)
                        |> List.length
                    | c when c.StartsWith "view" ->
                        sample
                        |> List.filter (function
                            | ViewObject _ -> true
                            | _ -> false)
                        |> List.length
                    | _ ->
                        sample
                        |> List.filter (function
                            | MaterializedViewObject _ -> true
                            | _ -> false)
                        |> List.length

                for kind in kinds do
                    let count = observed |> List.filter ((=) (category, kind)) |> List.length
                    let share = float count / float (max 1 inCategory)

                    Expect.isGreaterThanOrEqual
                        share
                        0.05
                        $"%s{category} / %s{kind}: %d{count} of %d{inCategory} cases (%.1f{share * 100.0}%%)"
    ]
