/// Parsing throughput: every statement of an input set, one Parse.script call each.
namespace StarRocks.Schema.Bench

open BenchmarkDotNet.Attributes
open StarRocks.Schema

[<MemoryDiagnoser>]
type ParseBench() =
    let mutable texts: string[] = [||]

    /// "real" (the corpus, else the fixtures) or "generated" (500 tables).
    [<Params("real", "generated")>]
    member val Input = "real" with get, set

    [<GlobalSetup>]
    member this.Setup() = texts <- Inputs.byName this.Input

    [<Benchmark>]
    member _.Parse() =
        let mutable count = 0

        for t in texts do
            match Parse.script "bench" t with
            | Ok s -> count <- count + s.Statements.Length
            | Error _ -> ()

        count
