/// Where srschema writes: the requested output on stdout; errors and warnings on stderr; summaries and progress on
/// stderr unless --quiet; colour and live progress only when stderr is a terminal and colour is not turned off.
module StarRocks.Schema.Cli.Output

open System
open System.IO
open Spectre.Console
open StarRocks.Schema.Database

/// <summary>A writer that passes each line through <c>Connection.redact</c> before it reaches the inner writer: no
/// message on stderr shows a password, whichever command wrote it.</summary>
type RedactingWriter(inner: TextWriter) =
    inherit TextWriter()
    let line = Text.StringBuilder()

    let emit () =
        inner.Write(Connection.redact (line.ToString()))
        line.Clear() |> ignore // StringBuilder.Clear returns the builder itself

    override _.Encoding = inner.Encoding

    override _.Write(c: char) =
        line.Append c |> ignore // StringBuilder.Append returns the builder itself

        if c = '\n' then
            emit ()

    override this.Write(text: string) =
        if not (isNull text) then
            for c in text do
                this.Write c

    override _.Flush() =
        emit ()
        inner.Flush()

/// <summary>What cancelled a run.</summary>
type Interruption =
    /// <summary>Ctrl-C (SIGINT): exit 130.</summary>
    | Interrupted
    /// <summary>SIGTERM (how CI runners and Kubernetes stop a job): exit 143.</summary>
    | Terminated

/// <summary>The streams of one command run.</summary>
type Terminal = {
    /// <summary>The requested output (SQL, JSON, code): stdout.</summary>
    Out: TextWriter
    /// <summary>Errors and warnings: stderr, always (passwords redacted).</summary>
    Err: TextWriter
    /// <summary>Summaries and progress: stderr, or nothing under --quiet.</summary>
    Info: TextWriter
    /// <summary>Colour on stderr: a terminal, and neither --no-color nor NO_COLOR.</summary>
    Color: bool
    /// <summary>Where live progress (a status line redrawn in place) is drawn, when stderr is a terminal and not
    /// --quiet: stderr itself, unbuffered, so that each redraw and the final clean-up reach the terminal before
    /// anything else is written (texts drawn there are redacted one by one).</summary>
    Live: TextWriter option
    /// <summary>What cancelled the run, read once it is cancelled (Ctrl-C unless told otherwise).</summary>
    Interruption: unit -> Interruption
}

/// <summary>Where a run's streams go, before --quiet and --no-color are read.</summary>
type Streams = {
    /// <summary>stdout.</summary>
    Out: TextWriter
    /// <summary>stderr, as it is (a run writes to it through <see cref="RedactingWriter"/>).</summary>
    Err: TextWriter
    /// <summary>stderr is a terminal (not redirected).</summary>
    ErrIsTerminal: bool
    /// <summary>The NO_COLOR environment variable is set to something (https://no-color.org).</summary>
    NoColorVariable: bool
}

[<RequireQualifiedAccess>]
module Terminal =
    /// <summary>The streams of a run, given the redacting writer over its stderr, --quiet and --no-color.</summary>
    let create (streams: Streams) (err: RedactingWriter) (quiet: bool) (noColor: bool) : Terminal = {
        Out = streams.Out
        Err = err
        Info = if quiet then TextWriter.Null else err
        Color = streams.ErrIsTerminal && not noColor && not streams.NoColorVariable
        Live =
            if streams.ErrIsTerminal && not quiet then
                Some streams.Err
            else
                None
        Interruption = fun () -> Interrupted
    }

    let private paint (t: Terminal) (code: string) (text: string) =
        if t.Color then
            $"\u001b[%s{code}m%s{text}\u001b[0m"
        else
            text

    /// <summary>A warning on stderr (shown under --quiet too).</summary>
    let warn (t: Terminal) (text: string) =
        t.Err.WriteLine(paint t "33" "warning:" + " " + text)

    /// <summary>The line that says a command was cancelled (where it stopped, how to resume); led by
    /// "terminated (SIGTERM):" when that is what cancelled it.</summary>
    let cancelled (t: Terminal) (text: string) =
        match t.Interruption() with
        | Interrupted -> t.Err.WriteLine text
        | Terminated -> t.Err.WriteLine $"terminated (SIGTERM): %s{text}"

    /// <summary>Ctrl-C (or SIGTERM) while a command was only reading: the one line that says so.</summary>
    let cancelledReading (t: Terminal) =
        cancelled t "cancelled: nothing was changed"

    /// <summary>A usage error on stderr: the one line that is wrong.</summary>
    let usageError (t: Terminal) (text: string) =
        t.Err.WriteLine(paint t "31" "srschema:" + " " + text)

/// <summary>What long work reports: <c>Status</c> is transient (redrawn in place on a terminal, a plain line
/// elsewhere), <c>Line</c> stays.</summary>
type Progress = {
    /// <summary>The current state of the work (a job's state and progress, what is being read).</summary>
    Status: string -> unit
    /// <summary>A line that stays (a statement started, a job finished).</summary>
    Line: string -> unit
}

[<RequireQualifiedAccess>]
module Progress =
    /// <summary>Runs work that reports progress: on a terminal, a live status line on stderr (Spectre.Console) that
    /// starts with <c>label</c>; elsewhere, each report as a plain line on the info stream when <c>plain</c> says so
    /// (nothing under --quiet). Nothing goes to stdout.</summary>
    let run (t: Terminal) (label: string) (plainStatus: bool) (work: Progress -> 'T) : 'T =
        match t.Live with
        | Some live ->
            // anything already written to stderr reaches the terminal before the status line is drawn
            t.Err.Flush()

            let console =
                AnsiConsole.Create(
                    AnsiConsoleSettings(
                        Out = AnsiConsoleOutput(live),
                        Ansi = AnsiSupport.Yes,
                        Interactive = InteractionSupport.Yes,
                        ColorSystem =
                            (if t.Color then
                                 ColorSystemSupport.Detect
                             else
                                 ColorSystemSupport.NoColors)
                    )
                )

            let shown (text: string) = Markup.Escape(Connection.redact text)

            console
                .Status()
                .Start(
                    shown label,
                    fun ctx ->
                        work {
                            Status = fun s -> ctx.Status <- shown s
                            Line = fun s -> console.WriteLine(Connection.redact s)
                        }
                )
        | None ->
            work {
                Status =
                    fun s ->
                        if plainStatus then
                            t.Info.WriteLine s
                Line = t.Info.WriteLine
            }

    /// <summary>Runs work that says nothing while it runs: a spinner with <c>label</c> on a terminal, nothing
    /// elsewhere.</summary>
    let quietly (t: Terminal) (label: string) (work: unit -> 'T) : 'T = run t label false (fun _ -> work ())
