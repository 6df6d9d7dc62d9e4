/// Rendering throughput: every parsed object of an input set back to its CREATE statement.
namespace StarRocks.Schema.Bench

open BenchmarkDotNet.Attributes
open StarRocks.Schema

[<MemoryDiagnoser>]
type RenderBench() =
    let mutable objects: SchemaObject list = []

    /// "real" (the corpus, else the fixtures) or "generated" (500 tables).
    [<Params("real", "generated")>]
    member val Input = "real" with get, set

    [<GlobalSetup>]
    member this.Setup() =
        objects <-
            Inputs.byName this.Input
            |> Array.toList
            |> List.collect (fun t ->
                match Parse.script "bench" t with
                | Ok s -> s.Objects
                | Error _ -> [])

    [<Benchmark>]
    member _.Render() =
        let mutable length = 0

        for o in objects do
            length <- length + (Render.schemaObject o).Length

        length
