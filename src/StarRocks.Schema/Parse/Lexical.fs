/// Statement splitting and token-level checks that run before the grammar: quotes, backticks, comments and
/// parentheses must balance, so a cut-off statement is an error and never a shorter object.
module internal StarRocks.Schema.Parsing.Lexical

open System

/// A statement's extent in the source text: [Start, End), without the terminating ';'.
[<Struct>]
type Span = { Start: int; End: int }

/// Start offsets of each line, for mapping an offset to a 1-based (line, column).
let lineStarts (text: string) =
    let starts = Collections.Generic.List<int>()
    starts.Add 0

    for i in 0 .. text.Length - 1 do
        if text[i] = '\n' then
            starts.Add(i + 1)

    starts.ToArray()

/// The 1-based line and column of an offset.
let position (starts: int[]) (index: int) =
    let i = Array.BinarySearch(starts, index)
    let line = if i >= 0 then i else ~~~i - 1
    line + 1, index - starts[line] + 1

/// Skips a quoted run starting at i (text[i] is the quote). Returns the index after the closing quote, or -1.
/// Strings use backslash escapes and doubled quotes; backtick identifiers use doubled backticks.
let skipQuoted (text: string) (i: int) =
    let q = text[i]
    let mutable j = i + 1
    let mutable result = -2

    while result = -2 do
        if j >= text.Length then
            result <- -1
        elif text[j] = '\\' && q <> '`' then
            j <- j + 2
        elif text[j] = q then
            if j + 1 < text.Length && text[j + 1] = q then
                j <- j + 2
            else
                result <- j + 1
        else
            j <- j + 1

    result

/// Skips a comment starting at i, if there is one: returns the index after it, i when there is none, -1 when a
/// block comment is never closed.
let skipComment (text: string) (i: int) =
    if i + 1 < text.Length && text[i] = '-' && text[i + 1] = '-' then
        let e = text.IndexOf('\n', i)
        if e < 0 then text.Length else e + 1
    elif i + 1 < text.Length && text[i] = '/' && text[i + 1] = '*' then
        let e = text.IndexOf("*/", i + 2, StringComparison.Ordinal)
        if e < 0 then -1 else e + 2
    else
        i

/// Splits a script into statements at ';' outside quotes, comments and parentheses. Errors carry the offset they
/// concern and a message.
let split (text: string) : Result<Span list, int * string> =
    let spans = Collections.Generic.List<Span>()
    let opens = Collections.Generic.Stack<int>()
    let mutable start = -1
    let mutable i = 0
    let mutable error = None

    let markStart () =
        if start < 0 then
            start <- i

    while error.IsNone && i < text.Length do
        let c = text[i]

        if Char.IsWhiteSpace c then
            i <- i + 1
        else
            let afterComment = skipComment text i

            if afterComment < 0 then
                error <- Some(i, "unterminated comment: '/*' is never closed by '*/'")
            elif afterComment > i then
                i <- afterComment
            else
                match c with
                | '\''
                | '"'
                | '`' ->
                    markStart ()
                    let e = skipQuoted text i

                    if e < 0 then
                        let what = if c = '`' then "quoted identifier" else "string literal"
                        error <- Some(i, $"unterminated %s{what}: the %c{c} here is never closed")
                    else
                        i <- e
                | '('
                | '[' ->
                    markStart ()
                    opens.Push i

                    if opens.Count > StarRocks.Schema.Limits.MaxNesting then
                        error <-
                            Some(i, $"parentheses nested deeper than %d{StarRocks.Schema.Limits.MaxNesting} levels")
                    else
                        i <- i + 1
                | ')'
                | ']' ->
                    // a range partition's bounds open with '[' and close with ')': brackets count as parentheses
                    if opens.Count = 0 then
                        error <- Some(i, $"unbalanced '%c{c}': no '(' is open here")
                    else
                        opens.Pop() |> ignore
                        i <- i + 1
                | ';' ->
                    if opens.Count > 0 then
                        error <-
                            Some(
                                opens.Peek(),
                                "unbalanced '(': it is not closed before the ';' that ends the statement"
                            )
                    else
                        if start >= 0 then
                            spans.Add { Start = start; End = i }

                        start <- -1
                        i <- i + 1
                | _ ->
                    markStart ()
                    i <- i + 1

    match error with
    | Some e -> Error e
    | None when opens.Count > 0 -> Error(opens.Peek(), "unbalanced '(': it is never closed")
    | None ->
        if start >= 0 then
            spans.Add { Start = start; End = text.Length }

        Ok(List.ofSeq spans)

/// Visits text outside white space and comments: visit gets the index of every other character, once per quoted
/// run (a string or backticked name, at its opening quote), after which the run is skipped. An unterminated quote or
/// comment ends the walk (the splitter reports those).
let inline private walkCode (text: string) ([<InlineIfLambda>] visit: int -> unit) =
    let mutable i = 0

    while i < text.Length do
        let c = text[i]

        if Char.IsWhiteSpace c then
            i <- i + 1
        else
            let afterComment = skipComment text i

            if afterComment < 0 then
                i <- text.Length
            elif afterComment > i then
                i <- afterComment
            elif c = '\'' || c = '"' || c = '`' then
                visit i
                let e = skipQuoted text i
                i <- if e < 0 then text.Length else e
            else
                visit i
                i <- i + 1

/// The index and value of the last character of text that is not white space or inside a comment (a closing quote
/// counts), if any.
let lastSignificantChar (text: string) : (int * char) option =
    let mutable last = -1
    walkCode text (fun i -> last <- i)
    if last < 0 then None else Some(last, text[last])

/// The words (upper-cased) that stand outside quotes, comments and parentheses in text.
let topLevelWords (text: string) : Set<string> =
    let words = Collections.Generic.HashSet<string>()
    let mutable depth = 0
    let mutable wordStart = -1
    let mutable wordEnd = -1
    let isWord c = Char.IsLetterOrDigit c || c = '_'

    let endWord () =
        if wordStart >= 0 && depth = 0 then
            words.Add(text.Substring(wordStart, wordEnd - wordStart).ToUpperInvariant())
            |> ignore

        wordStart <- -1

    walkCode text (fun i ->
        let c = text[i]

        if isWord c then
            if wordStart >= 0 && i = wordEnd then
                wordEnd <- i + 1
            else
                endWord ()
                wordStart <- i
                wordEnd <- i + 1
        else
            endWord ()

            if c = '(' || c = '[' then
                depth <- depth + 1
            elif c = ')' || c = ']' then
                depth <- depth - 1)

    endWord ()
    Set.ofSeq words

/// A SQL token, for comparing queries. White space and comments are not tokens.
type Token =
    /// A bare word: a keyword or an unquoted identifier, as written.
    | Word of string
    /// A backticked identifier, without its backticks (doubled backticks undone).
    | Quoted of string
    /// A string literal's value (escapes decoded), whatever quote it was written with.
    | Text of string
    /// A number, as written.
    | Number of string
    /// Punctuation or an operator; two-character operators (<=, >=, <>, !=, ||, &&, ::, ->) are one token.
    | Symbol of string

let private twoCharOperators =
    set [ "<="; ">="; "<>"; "!="; "||"; "&&"; "::"; "->" ]

/// Decodes a quoted run starting at i (text[i] is the quote) like the grammar does; returns the value and the index
/// after the closing quote (the text's length when it is never closed).
let private decodeQuoted (text: string) (i: int) =
    let q = text[i]
    let sb = Text.StringBuilder()
    let mutable j = i + 1
    let mutable closed = false

    while not closed && j < text.Length do
        let c = text[j]

        if c = '\\' && q <> '`' && j + 1 < text.Length then
            match text[j + 1] with
            | '0' -> sb.Append '\000' |> ignore
            | 'b' -> sb.Append '\b' |> ignore
            | 'n' -> sb.Append '\n' |> ignore
            | 'r' -> sb.Append '\r' |> ignore
            | 't' -> sb.Append '\t' |> ignore
            | 'Z' -> sb.Append '\026' |> ignore
            | '%'
            | '_' as e -> sb.Append('\\').Append(e) |> ignore
            | other -> sb.Append other |> ignore

            j <- j + 2
        elif c = q && j + 1 < text.Length && text[j + 1] = q then
            sb.Append q |> ignore
            j <- j + 2
        elif c = q then
            closed <- true
            j <- j + 1
        else
            sb.Append c |> ignore
            j <- j + 1

    sb.ToString(), j

/// The tokens of SQL text.
let sqlTokens (text: string) : Token list =
    let tokens = Collections.Generic.List<Token>()

    let isWord c =
        Char.IsLetterOrDigit c || c = '_' || c = '$' || c > '\u007f'

    let mutable i = 0

    while i < text.Length do
        let c = text[i]

        if Char.IsWhiteSpace c then
            i <- i + 1
        else
            let afterComment = skipComment text i

            if afterComment < 0 then
                i <- text.Length
            elif afterComment > i then
                i <- afterComment
            elif c = '\'' || c = '"' || c = '`' then
                let value, next = decodeQuoted text i
                tokens.Add(if c = '`' then Quoted value else Text value)
                i <- next
            elif Char.IsDigit c then
                let start = i

                while i < text.Length && (Char.IsDigit text[i] || text[i] = '.') do
                    i <- i + 1

                if i < text.Length && (text[i] = 'e' || text[i] = 'E') then
                    i <- i + 1

                    if i < text.Length && (text[i] = '+' || text[i] = '-') then
                        i <- i + 1

                    while i < text.Length && Char.IsDigit text[i] do
                        i <- i + 1

                tokens.Add(Number(text.Substring(start, i - start)))
            elif isWord c then
                let start = i

                while i < text.Length && isWord text[i] do
                    i <- i + 1

                tokens.Add(Word(text.Substring(start, i - start)))
            elif i + 1 < text.Length && twoCharOperators.Contains(text.Substring(i, 2)) then
                tokens.Add(Symbol(text.Substring(i, 2)))
                i <- i + 2
            else
                tokens.Add(Symbol(string c))
                i <- i + 1

    List.ofSeq tokens
