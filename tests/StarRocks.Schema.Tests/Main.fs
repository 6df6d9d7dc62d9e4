module Main
open Expecto
[<EntryPoint>]
let main argv = runTestsWithCLIArgs [] argv (testList "x" [ testCase "a" (fun () -> ()) ])
