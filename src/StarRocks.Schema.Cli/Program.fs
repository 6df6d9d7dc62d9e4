module StarRocks.Schema.Cli.Program

open System
open System.Threading
open StarRocks.Schema.Cli.Output

[<EntryPoint>]
let main argv =
    Console.OutputEncoding <- Text.UTF8Encoding(false)
    use cts = new CancellationTokenSource()

    // Ctrl-C: the running command stops between statements (or while waiting for a job), records where, and exits 130;
    // a second Ctrl-C ends the process at once
    let onCancel =
        ConsoleCancelEventHandler(fun _ e ->
            if not cts.IsCancellationRequested then
                e.Cancel <- true
                Console.Error.WriteLine "cancelling: stopping at the next safe point (Ctrl-C again to end at once)"
                cts.Cancel())

    Console.CancelKeyPress.AddHandler onCancel

    try
        CommandLine.runOn
            {
                Out = Console.Out
                Err = Console.Error
                ErrIsTerminal = not Console.IsErrorRedirected
                NoColorVariable = not (String.IsNullOrEmpty(Environment.GetEnvironmentVariable "NO_COLOR"))
            }
            (CommandLine.servers cts.Token)
            (List.ofArray argv)
    finally
        Console.CancelKeyPress.RemoveHandler onCancel
