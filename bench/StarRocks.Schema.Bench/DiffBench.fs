/// Diff and plan of a generated 5,000-table schema against a copy with 5% of its tables edited.
namespace StarRocks.Schema.Bench

open BenchmarkDotNet.Attributes
open StarRocks.Schema

[<MemoryDiagnoser>]
type DiffBench() =
    let mutable actual = Schema.empty
    let mutable desired = Schema.empty

    /// Tables in the schema.
    [<Params(5000)>]
    member val Tables = 5000 with get, set

    [<GlobalSetup>]
    member this.Setup() =
        let a, d = Inputs.diffPair this.Tables
        actual <- a
        desired <- d

    /// The plan (operations, order, explanations).
    [<Benchmark>]
    member _.Plan() =
        (Diff.plan DiffOptions.defaults actual desired).Steps.Length

    /// The plan and its SQL script.
    [<Benchmark>]
    member _.PlanAndScript() =
        (Plan.sql (Diff.plan DiffOptions.defaults actual desired)).Length
