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

/// Walks text outside white space and comments: at every other position, step gets the index and returns where to go
/// on (past what it consumed). An unterminated comment ends the walk (the splitter reports it).
let inline private walkCode (text: string) ([<InlineIfLambda>] step: int -> int) =
    let mutable i = 0

    while i < text.Length do
        if Char.IsWhiteSpace text[i] then
            i <- i + 1
        else
            let afterComment = skipComment text i

            if afterComment < 0 then i <- text.Length
            elif afterComment > i then i <- afterComment
            else i <- max (i + 1) (step i)

let private isQuote (c: char) = c = '\'' || c = '"' || c = '`'

/// The index after a quoted run starting at i (the text's length when it is never closed).
let private afterQuoted (text: string) (i: int) =
    let e = skipQuoted text i
    if e < 0 then text.Length else e

/// The index after the run of characters starting at i that satisfy ok.
let inline private afterRun (text: string) (i: int) ([<InlineIfLambda>] ok: char -> bool) =
    let mutable j = i

    while j < text.Length && ok text[j] do
        j <- j + 1

    j

/// The index and value of the last character of text that is not white space or inside a comment (a closing quote
/// counts), if any.
let lastSignificantChar (text: string) : (int * char) option =
    let mutable last = -1

    walkCode text (fun i ->
        last <- i
        if isQuote text[i] then afterQuoted text i else i + 1)

    if last < 0 then None else Some(last, text[last])

let private isWordChar (c: char) = Char.IsLetterOrDigit c || c = '_'

/// The line comments (`-- ...`) of text[start, finish) outside quotes and block comments: where each starts, and its
/// text after the dashes, trimmed.
let lineComments (text: string) (start: int) (finish: int) : (int * string) list =
    let found = Collections.Generic.List<int * string>()
    let mutable i = start

    while i < finish do
        let c = text[i]

        if isQuote c then
            i <- min finish (afterQuoted text i)
        elif c = '-' && i + 1 < finish && text[i + 1] = '-' then
            let newline = text.IndexOf('\n', i)
            let e = if newline < 0 || newline > finish then finish else newline
            found.Add(i, text.Substring(i + 2, e - i - 2).Trim())
            i <- e
        else
            let after = skipComment text i

            i <-
                (if after < 0 then finish
                 elif after > i then after
                 else i + 1)

    List.ofSeq found

/// The words (upper-cased) that stand outside quotes, comments and parentheses in text.
let topLevelWords (text: string) : Set<string> =
    let words = Collections.Generic.HashSet<string>()
    let mutable depth = 0

    walkCode text (fun i ->
        let c = text[i]

        if isQuote c then
            afterQuoted text i
        elif isWordChar c then
            let e = afterRun text i isWordChar

            if depth = 0 then
                words.Add(text.Substring(i, e - i).ToUpperInvariant()) |> ignore

            e
        else
            if c = '(' || c = '[' then
                depth <- depth + 1
            elif c = ')' || c = ']' then
                depth <- depth - 1

            i + 1)

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

/// What a backslash escape stands for inside a string literal (MySQL rules: \% and \_ keep their backslash, an unknown
/// escape is the character itself).
let unescape (e: char) : string =
    match e with
    | '0' -> "\000"
    | 'b' -> "\b"
    | 'n' -> "\n"
    | 'r' -> "\r"
    | 't' -> "\t"
    | 'Z' -> "\026"
    | '%'
    | '_' -> "\\" + string e
    | other -> string other

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
            sb.Append(unescape text[j + 1]) |> ignore
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

    walkCode text (fun i ->
        let c = text[i]

        if isQuote c then
            let value, next = decodeQuoted text i
            tokens.Add(if c = '`' then Quoted value else Text value)
            next
        elif Char.IsDigit c then
            let mutable e = afterRun text i (fun d -> Char.IsDigit d || d = '.')

            if e < text.Length && (text[e] = 'e' || text[e] = 'E') then
                e <- e + 1

                if e < text.Length && (text[e] = '+' || text[e] = '-') then
                    e <- e + 1

                e <- afterRun text e Char.IsDigit

            tokens.Add(Number(text.Substring(i, e - i)))
            e
        elif isWord c then
            let e = afterRun text i isWord
            tokens.Add(Word(text.Substring(i, e - i)))
            e
        elif i + 1 < text.Length && twoCharOperators.Contains(text.Substring(i, 2)) then
            tokens.Add(Symbol(text.Substring(i, 2)))
            i + 2
        else
            tokens.Add(Symbol(string c))
            i + 1)

    List.ofSeq tokens
