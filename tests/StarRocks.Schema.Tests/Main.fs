module StarRocks.Schema.Tests.Main

open System
open System.IO
open Expecto
open Expecto.Impl

let all =
    testList "StarRocks.Schema" [
        LexicalTests.tests
        ParseTests.tests
        ParseErrorTests.tests
        RenderTests.tests
        ValidateTests.tests
        JsonTests.tests
        Laws.tests
        NormalizeTests.tests
        DiffLaws.tests
        DiffTests.tests
        FormsTests.tests
        CorpusTests.tests
        FixtureTests.tests
        CodegenTests.tests
        CliTests.tests
        LiveTests.tests
        ReleaseTests.tests
        MigrationTests.tests
        MigratorTests.tests
        AdversarialTests.tests
        RecognitionTests.tests
        SyncViewTests.tests
        ReviewTests.tests
    ]

/// The default printer, plus a summary file "passed failed skipped" for build.fsx, which sums every suite into one
/// closing line.
let private printer =
    let inner = TestPrinters.defaultPrinter

    match Environment.GetEnvironmentVariable "SRSCHEMA_TEST_SUMMARY" with
    | null
    | "" -> inner
    | path ->
        let summary (c: ExpectoConfig) (s: TestRunSummary) =
            async {
                do! inner.summary c s
                let failed = s.failed.Length + s.errored.Length
                File.WriteAllText(path, $"%d{s.passed.Length} %d{failed} %d{s.ignored.Length}")
            }

        { inner with summary = summary }

[<EntryPoint>]
let main argv =
    PlainConsole.install ()

    match argv with
    | [| "--record-outputs"; dir |] ->
        let files = Recorder.record dir
        eprintfn "%d files written to %s" files dir
        0
    | _ ->

        runTestsWithCLIArgs
            [
                CLIArguments.Colours 0
                CLIArguments.No_Spinner
                CLIArguments.Printer printer
            ]
            argv
            all
