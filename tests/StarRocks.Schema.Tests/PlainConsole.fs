/// Test output without ANSI escape sequences when it is not on a terminal: Expecto's console writer emits colour resets
/// even with colours off, and a CI log or a redirected file should read as plain text.
module StarRocks.Schema.Tests.PlainConsole

open System
open System.IO
open System.Text.RegularExpressions

/// A writer that drops ANSI escape sequences (CSI ... letter) from each line before it reaches the inner writer.
type private StrippingWriter(inner: TextWriter) =
    inherit TextWriter()
    let pending = Text.StringBuilder()
    static let escape = Regex(@"\x1b\[[0-9;?]*[A-Za-z]", RegexOptions.Compiled)

    let emit () =
        inner.Write(escape.Replace(pending.ToString(), ""))
        pending.Clear() |> ignore // StringBuilder.Clear returns the builder itself

    override _.Encoding = inner.Encoding

    override _.Write(c: char) =
        pending.Append c |> ignore // StringBuilder.Append returns the builder itself

        if c = '\n' then
            emit ()

    override _.Flush() =
        emit ()
        inner.Flush()

/// <summary>Where stdout or stderr is redirected, replaces it with a writer that strips escape sequences.</summary>
let install () =
    if Console.IsOutputRedirected then
        Console.SetOut(new StrippingWriter(Console.Out))

    if Console.IsErrorRedirected then
        Console.SetError(new StrippingWriter(Console.Error))
