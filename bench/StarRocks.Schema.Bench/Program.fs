module StarRocks.Schema.Bench.Program

open BenchmarkDotNet.Configs
open BenchmarkDotNet.Running

[<EntryPoint>]
let main argv =
    let source, texts = Inputs.real.Value

    eprintfn
        "real input: %s (%d statements); generated input: %d statements"
        source
        texts.Length
        Inputs.generated.Value.Length

    let config =
        DefaultConfig.Instance.AddColumn(Throughput.megabytes, Throughput.statements)

    BenchmarkSwitcher.FromAssembly(typeof<ParseBench>.Assembly).Run(argv, config)
    |> ignore

    0
