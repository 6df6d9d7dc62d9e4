/// The lexical rules of StarRocks SQL in one place: which characters make a bare word, how quoted strings and
/// backticked names are scanned, decoded and written, what a comment is, which words are keywords; and the scanners
/// built on them (statement splitting, the tokens queries are compared by). The parser, the query normalizer, the
/// renderer and the code generator all use these rules and define none of their own.
module internal StarRocks.Schema.Lexical

open System
open System.Text
open StarRocks.Schema

// ---------------------------------------------------------------------------------------------------------------
// Characters

/// <summary>True for a character of a bare word (an unquoted identifier or a keyword): letters, digits, '_', '$' and
/// every non-ASCII character.</summary>
let isIdentifierPart (c: char) =
    Char.IsLetterOrDigit c || c = '_' || c = '$' || c > '\u007f'

/// <summary>True for a character that starts a bare word in a query: an identifier character that is not a digit (a
/// digit starts a number).</summary>
let isIdentifierStart (c: char) =
    isIdentifierPart c && not (Char.IsDigit c)

/// <summary>True for the characters that open quoted text: ' and " (string literals) and ` (a name).</summary>
let isQuote (c: char) = c = '\'' || c = '"' || c = '`'

/// <summary>True when quoted text opened by this quote takes backslash escapes: string literals do, backticked
/// names do not. Both double their own quote to hold it.</summary>
let takesEscapes (quote: char) = quote <> '`'

// ---------------------------------------------------------------------------------------------------------------
// Quoted text, over any character source: charAt gives the character at an offset and is only asked for offsets
// below length (a string, or an FParsec stream read by Peek)

/// <summary>The length of the content of the quoted text that opens at start when it holds no backslash, doubled
/// quote or line break (its value is then its text as is, read without decoding); -1 when it needs decoding or is
/// never closed.</summary>
let inline plainQuotedLength ([<InlineIfLambda>] charAt: int -> char) (length: int) (start: int) : int =
    let quote = charAt start
    let mutable i = start + 1

    // up to the first character that ends the text or needs decoding
    while i < length
          && (let c = charAt i
              c <> quote && c <> '\\' && c <> '\n' && c <> '\r') do
        i <- i + 1

    if i < length && charAt i = quote && not (i + 1 < length && charAt (i + 1) = quote) then
        i - start - 1
    else
        -1

/// <summary>What a backslash escape stands for inside a string literal (MySQL rules: \% and \_ keep their backslash,
/// an unknown escape is the character itself).</summary>
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

/// <summary>Scans the quoted text that opens at start: each character of its value goes to add, except that the
/// character after a backslash (in a string literal) goes to addEscape; a doubled quote stands for one. Returns the
/// offset after the closing quote, or -1 when it is never closed (a trailing backslash then goes to add as is).
/// </summary>
let inline scanQuoted
    ([<InlineIfLambda>] charAt: int -> char)
    (length: int)
    (start: int)
    ([<InlineIfLambda>] add: char -> unit)
    ([<InlineIfLambda>] addEscape: char -> unit)
    : int =
    let q = charAt start
    let escapes = takesEscapes q
    let mutable j = start + 1
    let mutable result = -2

    while result = -2 do
        if j >= length then
            result <- -1
        else
            let c = charAt j

            if c = '\\' && escapes && j + 1 < length then
                addEscape (charAt (j + 1))
                j <- j + 2
            elif c = q && j + 1 < length && charAt (j + 1) = q then
                add q
                j <- j + 2
            elif c = q then
                result <- j + 1
            else
                add c
                j <- j + 1

    result

/// <summary>Where the quoted text that opens at start ends: the offset after its closing quote, or -1 when it is
/// never closed.</summary>
let inline quotedEnd ([<InlineIfLambda>] charAt: int -> char) (length: int) (start: int) : int =
    scanQuoted charAt length start (fun _ -> ()) (fun _ -> ())

/// <summary>Decodes the quoted text that opens at start into value (escapes and doubled quotes undone; line breaks
/// kept as they are): the offset after its closing quote, or -1 when it is never closed (value then holds what was
/// read).</summary>
let inline decodeQuoted
    ([<InlineIfLambda>] charAt: int -> char)
    (length: int)
    (start: int)
    (value: StringBuilder)
    : int =
    scanQuoted charAt length start (fun c -> value.Append c |> ignore) (fun e -> value.Append(unescape e) |> ignore)

/// <summary>Decodes the quoted text that opens at text[i]: its value, and the index after its closing quote (-1
/// when it is never closed).</summary>
let decodeQuotedAt (text: string) (i: int) : string * int =
    let value = StringBuilder()
    let next = decodeQuoted (fun k -> text[k]) text.Length i value
    value.ToString(), next

/// <summary>Skips the quoted text that opens at text[i]: the index after the closing quote, or -1 when it is never
/// closed.</summary>
let skipQuoted (text: string) (i: int) =
    quotedEnd (fun k -> text[k]) text.Length i

// ---------------------------------------------------------------------------------------------------------------
// Comments

/// <summary>What opens a comment that runs to the end of the line.</summary>
[<Literal>]
let LineComment = "--"

/// <summary>What opens a block comment.</summary>
[<Literal>]
let BlockCommentOpen = "/*"

/// <summary>What closes a block comment.</summary>
[<Literal>]
let BlockCommentClose = "*/"

/// <summary>True when the character c and the one after it (next, asked only when c may open a comment) open a
/// comment: -- or /*.</summary>
let inline opensComment (c: char) ([<InlineIfLambda>] next: unit -> char) =
    (c = '-' || c = '/') && next () = (if c = '-' then '-' else '*')

/// <summary>Skips a comment starting at i, if there is one: returns the index after it, i when there is none, -1
/// when a block comment is never closed.</summary>
let skipComment (text: string) (i: int) =
    if i + 1 < text.Length && opensComment text[i] (fun () -> text[i + 1]) then
        if text[i] = '-' then
            let e = text.IndexOf('\n', i)
            if e < 0 then text.Length else e + 1
        else
            let e = text.IndexOf(BlockCommentClose, i + 2, StringComparison.Ordinal)
            if e < 0 then -1 else e + 2
    else
        i

// ---------------------------------------------------------------------------------------------------------------
// Statements and positions

/// <summary>A statement's extent in the source text: [Start, End), without the terminating ';'.</summary>
[<Struct>]
type Span = { Start: int; End: int }

/// <summary>Start offsets of each line, for mapping an offset to a 1-based (line, column).</summary>
let lineStarts (text: string) =
    let starts = Collections.Generic.List<int>()
    starts.Add 0

    for i in 0 .. text.Length - 1 do
        if text[i] = '\n' then
            starts.Add(i + 1)

    starts.ToArray()

/// <summary>The 1-based line and column of an offset.</summary>
let position (starts: int[]) (index: int) =
    let i = Array.BinarySearch(starts, index)
    let line = if i >= 0 then i else ~~~i - 1
    line + 1, index - starts[line] + 1

/// <summary>Splits a script into statements at ';' outside quotes, comments and parentheses. Errors carry the offset they
/// concern and a message.</summary>
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

// ---------------------------------------------------------------------------------------------------------------
// Keywords

/// <summary>The words with a role in a query's structure (compared in any case): every other bare word of a query is
/// an identifier.</summary>
let queryKeywords =
    Collections.Generic.HashSet<string>(
        [
            "SELECT"
            "FROM"
            "WHERE"
            "GROUP"
            "BY"
            "HAVING"
            "ORDER"
            "LIMIT"
            "OFFSET"
            "UNION"
            "INTERSECT"
            "EXCEPT"
            "MINUS"
            "ALL"
            "DISTINCT"
            "AS"
            "ON"
            "USING"
            "JOIN"
            "INNER"
            "LEFT"
            "RIGHT"
            "FULL"
            "OUTER"
            "CROSS"
            "SEMI"
            "ANTI"
            "AND"
            "OR"
            "NOT"
            "IN"
            "IS"
            "NULL"
            "LIKE"
            "RLIKE"
            "REGEXP"
            "BETWEEN"
            "CASE"
            "WHEN"
            "THEN"
            "ELSE"
            "END"
            "EXISTS"
            "WITH"
            "ASC"
            "DESC"
            "NULLS"
            "FIRST"
            "LAST"
            "OVER"
            "PARTITION"
            "ROWS"
            "RANGE"
            "PRECEDING"
            "FOLLOWING"
            "UNBOUNDED"
            "CURRENT"
            "ROW"
            "INTERVAL"
            "TRUE"
            "FALSE"
            "DIV"
            "MOD"
            "XOR"
            "LATERAL"
            "QUALIFY"
            "WINDOW"
            "CAST"
            "VALUES"
            "ROLLUP"
            "CUBE"
            "GROUPING"
            "SETS"
        ],
        StringComparer.OrdinalIgnoreCase
    )

/// <summary>The words that may follow a complete term inside an expression (operators, CASE parts, interval units;
/// compared in any case): any other word after a term starts another clause.</summary>
let joiningWords =
    Collections.Generic.HashSet<string>(
        [
            "AND"
            "OR"
            "NOT"
            "XOR"
            "IS"
            "NULL"
            "IN"
            "LIKE"
            "RLIKE"
            "REGEXP"
            "BETWEEN"
            "DIV"
            "MOD"
            "CASE"
            "WHEN"
            "THEN"
            "ELSE"
            "END"
            "AS"
            "COLLATE"
            "INTERVAL"
            "YEAR"
            "QUARTER"
            "MONTH"
            "WEEK"
            "DAY"
            "HOUR"
            "MINUTE"
            "SECOND"
            "MILLISECOND"
            "MICROSECOND"
            "TRUE"
            "FALSE"
        ],
        StringComparer.OrdinalIgnoreCase
    )

/// <summary>True for a word with a role in a query's structure (one of queryKeywords).</summary>
let isQueryKeyword (word: string) = queryKeywords.Contains word

// ---------------------------------------------------------------------------------------------------------------
// Writing names and strings

/// <summary>Quoted text as StarRocks reads it back: the quoting of rendered names and literals.</summary>
module Quote =
    /// <summary>Backticked text; a backtick inside is doubled.</summary>
    let backticked (s: string) = "`" + s.Replace("`", "``") + "`"

    /// <summary>A backticked identifier.</summary>
    let identifier (n: Name) = backticked (Name.value n)

    /// <summary>A dotted, backticked name.</summary>
    let qualified (q: QualifiedName) =
        [ yield! Option.toList q.Catalog; yield! Option.toList q.Database; q.Name ]
        |> List.map identifier
        |> String.concat "."

    /// True for a name SHOW CREATE prints bare: an ASCII letter or '_', then ASCII letters, digits and '_'.
    let private isPrintedBare (s: string) =
        s.Length > 0
        && (Char.IsAsciiLetter s[0] || s[0] = '_')
        && s |> Seq.forall (fun c -> Char.IsAsciiLetterOrDigit c || c = '_')

    /// <summary>A STRUCT field name: bare when it is a plain word (as SHOW CREATE prints it), else backticked.</summary>
    let fieldName (n: Name) =
        if isPrintedBare (Name.value n) then
            Name.value n
        else
            identifier n

    /// True for a name that reads back as one bare word: it starts a word and holds only identifier characters, and
    /// of the non-ASCII ones only letters and digits.
    let private readsAsWord (s: string) =
        s.Length > 0
        && isIdentifierStart s[0]
        && s
           |> Seq.forall (fun c -> isIdentifierPart c && (c <= '\u007f' || Char.IsLetterOrDigit c))

    /// <summary>A name in query text, so that the text reads back as the same tokens: bare when it is a plain word and
    /// not a query keyword, else backticked.</summary>
    let inQuery (name: string) =
        if readsAsWord name && not (isQueryKeyword name) then
            name
        else
            backticked name

    /// <summary>A double-quoted string as SHOW CREATE prints it: only '\' and '"' are escaped; line breaks stay
    /// raw.</summary>
    let doubleQuoted (s: string) =
        "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""

    /// <summary>A single-quoted string (index and STRUCT field comments): only '\' and ''' are escaped.</summary>
    let singleQuoted (s: string) =
        "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'"

// ---------------------------------------------------------------------------------------------------------------
// Scanning text outside quotes and comments

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

/// <summary>The index and value of the last character of text that is not white space or inside a comment (a closing quote
/// counts), if any.</summary>
let lastSignificantChar (text: string) : (int * char) option =
    let mutable last = -1

    walkCode text (fun i ->
        last <- i
        if isQuote text[i] then afterQuoted text i else i + 1)

    if last < 0 then None else Some(last, text[last])

/// <summary>The line comments (`-- ...`) of text[start, finish) outside quotes and block comments: where each starts, and its
/// text after the dashes, trimmed.</summary>
let lineComments (text: string) (start: int) (finish: int) : (int * string) list =
    let found = Collections.Generic.List<int * string>()
    let mutable i = start

    while i < finish do
        let c = text[i]

        if isQuote c then
            i <- min finish (afterQuoted text i)
        elif c = '-' && i + 1 < finish && opensComment c (fun () -> text[i + 1]) then
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

/// <summary>The words (upper-cased) that stand outside quotes, comments and parentheses in text.</summary>
let topLevelWords (text: string) : Set<string> =
    let words = Collections.Generic.HashSet<string>()
    let mutable depth = 0

    walkCode text (fun i ->
        let c = text[i]

        if isQuote c then
            afterQuoted text i
        elif isIdentifierPart c then
            let e = afterRun text i isIdentifierPart

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

// ---------------------------------------------------------------------------------------------------------------
// Tokens, for comparing queries

/// <summary>A SQL token, for comparing queries. White space and comments are not tokens.</summary>
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

/// <summary>The tokens of SQL text.</summary>
let sqlTokens (text: string) : Token list =
    let tokens = Collections.Generic.List<Token>()

    walkCode text (fun i ->
        let c = text[i]

        if isQuote c then
            let value, next = decodeQuotedAt text i
            tokens.Add(if c = '`' then Quoted value else Text value)
            if next < 0 then text.Length else next
        elif Char.IsDigit c then
            let mutable e = afterRun text i (fun d -> Char.IsDigit d || d = '.')

            if e < text.Length && (text[e] = 'e' || text[e] = 'E') then
                e <- e + 1

                if e < text.Length && (text[e] = '+' || text[e] = '-') then
                    e <- e + 1

                e <- afterRun text e Char.IsDigit

            tokens.Add(Number(text.Substring(i, e - i)))
            e
        elif isIdentifierPart c then
            let e = afterRun text i isIdentifierPart
            tokens.Add(Word(text.Substring(i, e - i)))
            e
        elif i + 1 < text.Length && twoCharOperators.Contains(text.Substring(i, 2)) then
            tokens.Add(Symbol(text.Substring(i, 2)))
            i + 2
        else
            tokens.Add(Symbol(string c))
            i + 1)

    List.ofSeq tokens
