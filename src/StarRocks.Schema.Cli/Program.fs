module StarRocks.Schema.Cli.Program

open System

[<EntryPoint>]
let main argv =
    Console.OutputEncoding <- Text.UTF8Encoding(false)
    Commands.run (List.ofArray argv) Console.Out Console.Error
