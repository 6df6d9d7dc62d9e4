module StarRocks.Schema.Cli.Program

open System
open System.Runtime.InteropServices
open System.Threading
open StarRocks.Schema.Cli.Output

[<EntryPoint>]
let main argv =
    Console.OutputEncoding <- Text.UTF8Encoding(false)
    use cts = new CancellationTokenSource()

    // Ctrl-C: the running command stops between statements (or while waiting for a job), records where, and exits 130;
    // a second Ctrl-C (or a SIGTERM after it) ends the process at once
    let onCancel =
        ConsoleCancelEventHandler(fun _ e ->
            if not cts.IsCancellationRequested then
                e.Cancel <- true
                Console.Error.WriteLine "cancelling: stopping at the next safe point (Ctrl-C again to end at once)"
                cts.Cancel())

    Console.CancelKeyPress.AddHandler onCancel

    // SIGTERM (how CI runners and Kubernetes stop a job): the same stop as Ctrl-C, said as terminated, exit 143
    // instead of the runtime ending the process at once; a second signal ends it at once
    let interruption = ref Interrupted

    let onTerminate =
        PosixSignalRegistration.Create(
            PosixSignal.SIGTERM,
            fun context ->
                if not cts.IsCancellationRequested then
                    context.Cancel <- true
                    interruption.Value <- Terminated // before the token is cancelled: the run reads it then
                    Console.Error.WriteLine "terminating (SIGTERM): stopping at the next safe point"
                    cts.Cancel()
        )

    try
        CommandLine.runOn
            {
                Out = Console.Out
                Err = Console.Error
                ErrIsTerminal = not Console.IsErrorRedirected
                NoColorVariable = not (String.IsNullOrEmpty(Environment.GetEnvironmentVariable "NO_COLOR"))
            }
            {
                CommandLine.servers cts.Token with
                    Interruption = fun () -> interruption.Value
            }
            (List.ofArray argv)
    finally
        Console.CancelKeyPress.RemoveHandler onCancel
        onTerminate.Dispose()
