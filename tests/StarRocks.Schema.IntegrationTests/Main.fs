module StarRocks.Schema.IntegrationTests.Main

open System
open System.IO
open Expecto
open Expecto.Impl

/// Writes "passed failed skipped" for build.fsx, which sums every suite into one closing line.
let private writeSummary (passed: int) (failed: int) (skipped: int) =
    match Environment.GetEnvironmentVariable "SRSCHEMA_TEST_SUMMARY" with
    | null
    | "" -> ()
    | path -> File.WriteAllText(path, $"%d{passed} %d{failed} %d{skipped}")

let private printer =
    let inner = TestPrinters.defaultPrinter

    let summary (c: ExpectoConfig) (s: TestRunSummary) =
        async {
            do! inner.summary c s
            writeSummary s.passed.Length (s.failed.Length + s.errored.Length) s.ignored.Length
        }

    { inner with summary = summary }

[<EntryPoint>]
let main argv =
    StarRocks.Schema.Tests.PlainConsole.install ()

    match (Server.start ()).GetAwaiter().GetResult() with
    | Result.Error why ->
        printfn "integration tests skipped: %s" why
        writeSummary 0 0 1
        0
    | Result.Ok target ->
        printfn "integration tests against %s" target.Description

        let code =
            runTestsWithCLIArgs
                [
                    CLIArguments.Colours 0
                    CLIArguments.No_Spinner
                    CLIArguments.Printer printer
                    CLIArguments.Sequenced
                ]
                argv
                (RoundTripTests.tests target)

        target.Stop().GetAwaiter().GetResult()
        code
