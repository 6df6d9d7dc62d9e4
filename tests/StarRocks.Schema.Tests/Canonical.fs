/// Textual equivalence of two CREATE statements for the corpus test: equal after normalizing white space,
/// backticks, letter case and property order, and the few spellings the model deliberately folds.
module StarRocks.Schema.Tests.Canonical

open System
open System.Text
open System.Text.RegularExpressions

/// Tokens of a statement: quoted strings keep their quotes and content, everything else is lower-cased,
/// backticks are dropped (a quoted name is tokenized like bare text), white space and comments separate tokens.
let rec tokens (text: string) : string list =
    let result = ResizeArray<string>()
    let mutable i = 0

    let isWord c =
        Char.IsLetterOrDigit c || c = '_' || c = '$' || c > '\u007f'

    while i < text.Length do
        let c = text[i]

        if Char.IsWhiteSpace c then
            i <- i + 1
        elif c = '-' && i + 1 < text.Length && text[i + 1] = '-' then
            let e = text.IndexOf('\n', i)
            i <- if e < 0 then text.Length else e + 1
        elif c = '/' && i + 1 < text.Length && text[i + 1] = '*' then
            let e = text.IndexOf("*/", i + 2, StringComparison.Ordinal)
            i <- if e < 0 then text.Length else e + 2
        elif c = '\'' || c = '"' || c = '`' then
            let sb = StringBuilder()
            let mutable j = i + 1
            let mutable closed = false

            while not closed && j < text.Length do
                let d = text[j]

                if d = '\\' && c <> '`' && j + 1 < text.Length then
                    sb.Append(d).Append(text[j + 1]) |> ignore
                    j <- j + 2
                elif d = c && j + 1 < text.Length && text[j + 1] = c then
                    sb.Append d |> ignore
                    j <- j + 2
                elif d = c then
                    closed <- true
                    j <- j + 1
                else
                    sb.Append d |> ignore
                    j <- j + 1

            // identifiers lose their backticks and case; strings keep their content, whatever the quote
            if c = '`' then
                result.AddRange(tokens (sb.ToString()))
            else
                result.Add("'" + sb.ToString() + "'")

            i <- j
        elif isWord c then
            let start = i

            while i < text.Length && isWord text[i] do
                i <- i + 1

            result.Add(text.Substring(start, i - start).ToLowerInvariant())
        else
            result.Add(string c)
            i <- i + 1

    List.ofSeq result

/// Sorts the entries of every PROPERTIES ( ... ) group and drops a dangling comma before ')'.
let private normalizeLists (toks: string list) =
    let arr = Array.ofList toks
    let out = ResizeArray<string>()
    let mutable i = 0

    while i < arr.Length do
        if arr[i] = "properties" && i + 1 < arr.Length && arr[i + 1] = "(" then
            // collect entries up to the matching ')'
            let mutable depth = 0
            let mutable j = i + 1
            let entries = ResizeArray<string list>()
            let current = ResizeArray<string>()

            let mutable fin = false

            while not fin && j < arr.Length do
                let t = arr[j]

                if t = "(" then
                    depth <- depth + 1

                    if depth > 1 then
                        current.Add t
                elif t = ")" then
                    depth <- depth - 1

                    if depth = 0 then
                        if current.Count > 0 then
                            entries.Add(List.ofSeq current)

                        fin <- true
                    else
                        current.Add t
                elif t = "," && depth = 1 then
                    if current.Count > 0 then
                        entries.Add(List.ofSeq current)

                    current.Clear()
                else
                    current.Add t

                j <- j + 1

            out.Add "properties"
            out.Add "("

            entries
            |> Seq.map (String.concat " ")
            |> Seq.sort
            |> Seq.iteri (fun k e ->
                if k > 0 then
                    out.Add ","

                out.Add e)

            out.Add ")"
            i <- j
        elif arr[i] = "," && i + 1 < arr.Length && arr[i + 1] = ")" then
            i <- i + 1
        else
            out.Add arr[i]
            i <- i + 1

    List.ofSeq out

/// Spellings the model folds on purpose: decimal32/64/128 are decimal; an empty comment is no comment; the unit of
/// date_trunc is case-insensitive; time_slice's printed four-argument form is the written INTERVAL form.
let private foldSpellings (text: string) =
    let t = Regex.Replace(text, @"\bdecimal(32|64|128)\b", "decimal")
    let t = Regex.Replace(t, @" comment ''", "")

    let t =
        Regex.Replace(t, @"\bdate_trunc \( '(\w+)'", fun m -> m.Value.ToLowerInvariant())

    Regex.Replace(t, @"\btime_slice \( (\S+) , (\d+) , '(\w+)' , '(\w+)' \)", "time_slice ( $1 , interval $2 $3 , $4 )")

/// The canonical form used to compare statements.
let form (statement: string) =
    statement
    |> tokens
    |> normalizeLists
    |> String.concat " "
    |> foldSpellings
    |> fun s -> s.TrimEnd(' ', ';')
