namespace StarRocks.Schema

open FParsec
open StarRocks.Schema.Parsing

type ParsedStatement = {
    Object: SchemaObject
    Source: string
    Line: int
    Column: int
}

type ParsedOperations = {
    Operations: Operation list
    Source: string
    Line: int
    Column: int
}

type ScriptStatement = {
    Sql: string
    Line: int
    Comments: string list
    Operations: Operation list option
}

type ParsedScript = {
    Statements: ParsedStatement list
    Warnings: Diagnostic list
    Renames: Rename list
} with

    member this.Objects = this.Statements |> List.map (fun s -> s.Object)

type Model = { Schema: Schema; Renames: Rename list }

[<RequireQualifiedAccess>]
module Parse =
    let private inputName = "<input>"

    /// One line: the messages and expected items of an FParsec error, and what was found instead (text up to
    /// endIndex, the end of the statement).
    let private describe (text: string) (index: int) (endIndex: int) (error: ParserError) =
        let messages = ResizeArray<string>()
        let expectedItems = ResizeArray<string>()

        let rec collect (list: ErrorMessageList) =
            for m in ErrorMessageList.ToSortedArray list do
                match m with
                | :? ErrorMessage.Expected as e -> expectedItems.Add e.Label
                | :? ErrorMessage.ExpectedString as e -> expectedItems.Add $"'%s{e.String}'"
                | :? ErrorMessage.ExpectedCaseInsensitiveString as e -> expectedItems.Add e.CaseInsensitiveString
                | :? ErrorMessage.Message as e -> messages.Add e.String
                | :? ErrorMessage.NestedError as e -> collect e.Messages
                | :? ErrorMessage.CompoundError as e -> collect e.NestedErrorMessages
                | _ -> ()

        collect error.Messages

        let found =
            if index >= endIndex then
                "the end of the statement"
            else
                let rest = text.Substring(index, min 24 (endIndex - index))
                let cut = rest.IndexOfAny [| '\n'; '\r' |]
                let shown = if cut >= 0 then rest.Substring(0, cut) else rest
                $"'%s{shown.Trim()}'"

        let expectedText =
            match List.ofSeq (Seq.distinct expectedItems) with
            | [] -> None
            | [ one ] -> Some $"expected %s{one}"
            | many ->
                let init = many |> List.take (many.Length - 1) |> String.concat ", "
                Some $"expected %s{init} or %s{List.last many}"

        match List.ofSeq (Seq.distinct messages), expectedText with
        | [], Some e -> $"%s{e}, found %s{found}"
        | [], None -> $"unexpected %s{found}"
        | ms, _ -> String.concat "; " ms

    let private diagnosticAt source (starts: int[]) index message =
        let line, col = Lexical.position starts index

        {
            Source = source
            Line = line
            Column = col
            Message = message
        }

    /// Runs a statement parser over one span, in place; positions are those of the whole source.
    let private runSpan (p: Names.P<'a>) source (text: string) (starts: int[]) (span: Lexical.Span) =
        let length = span.End - span.Start

        match runParserOnSubstring (p .>> eof) Names.topLevel source text span.Start length with
        | Success(v, _, _) -> Result.Ok v
        | Failure(_, error, _) ->
            let index = span.Start + int error.Position.Index
            Result.Error(diagnosticAt source starts index (describe text index span.End error))

    /// The first identifier of a line's text (backticked or bare).
    let private firstIdentifier (lineText: string) =
        let t = lineText.TrimStart()

        if t.StartsWith "`" then
            match Lexical.decodeQuotedAt t 0 with
            | value, next when next > 0 -> Some value
            | _ -> None
        else
            let mutable e = 0

            while e < t.Length && Lexical.isIdentifierPart t[e] do
                e <- e + 1

            if e > 0 then Some(t.Substring(0, e)) else None

    /// The renames a statement declares with `-- srschema:renamed-from <old name>` comments: on the CREATE TABLE line
    /// (or a line before it) for the table, on a column's line for that column.
    let private declaredRenames source (text: string) (starts: int[]) (regionStart: int) (span: Lexical.Span) o =
        let at = diagnosticAt source starts
        let statementLine, _ = Lexical.position starts span.Start

        // most statements have no directive: one search skips the comment scan
        (if
             text.IndexOf("srschema:", regionStart, span.End - regionStart, System.StringComparison.OrdinalIgnoreCase) <
                 0
         then
             []
         else
             Lexical.lineComments text regionStart span.End)
        |> List.filter (fun (_, c) -> c.StartsWith("srschema:", System.StringComparison.OrdinalIgnoreCase))
        |> List.map (fun (index, c) ->
            let body = c.Substring("srschema:".Length).Trim()

            let words =
                body.Split([| ' '; '\t' |], 2, System.StringSplitOptions.RemoveEmptyEntries)

            match words, o with
            | [| directive; old |], TableObject t when
                directive.Equals("renamed-from", System.StringComparison.OrdinalIgnoreCase)
                ->
                match Name.tryCreate (old.Trim().Trim('`')) with
                | Result.Error e -> Result.Error(at index $"srschema:renamed-from: %s{e}")
                | Result.Ok oldName ->
                    let line, _ = Lexical.position starts index

                    if line <= statementLine then
                        Result.Ok(TableRenamed(t.Name, oldName))
                    else
                        let lineStart = starts[line - 1]

                        let column =
                            firstIdentifier (text.Substring(lineStart, index - lineStart))
                            |> Option.bind (fun first ->
                                t.Columns |> List.tryFind (fun col -> Name.value col.Name = first))

                        match column with
                        | Some col -> Result.Ok(ColumnRenamed(t.Name, col.Name, oldName))
                        | None ->
                            Result.Error(
                                at
                                    index
                                    "srschema:renamed-from belongs on the CREATE TABLE line or on the line of a column definition"
                            )
            | [| directive; _ |], _ when directive.Equals("renamed-from", System.StringComparison.OrdinalIgnoreCase) ->
                Result.Error(at index "srschema:renamed-from is declared for tables and their columns only")
            | _ ->
                Result.Error(
                    at index $"unknown srschema directive '%s{body}': expected -- srschema:renamed-from <old name>"
                ))
        |> List.fold
            (fun acc r ->
                match acc, r with
                | Result.Ok rs, Result.Ok x -> Result.Ok(rs @ [ x ])
                | Result.Error e, _
                | _, Result.Error e -> Result.Error e)
            (Result.Ok [])

    /// Parses one CREATE statement span and validates its object.
    let private parseSpan
        source
        (text: string)
        (starts: int[])
        (span: Lexical.Span)
        : Result<ParsedStatement * Diagnostic list, Diagnostic> =
        let at = diagnosticAt source starts

        match runSpan Grammar.statement source text starts span with
        | Result.Error e -> Result.Error e
        | Result.Ok o ->
            let what () =
                $"%s{SchemaObject.kind o} `%s{QualifiedName.display (SchemaObject.name o)}`"

            let place = at span.Start ""

            match Validate.schemaObject o with
            | [] ->
                let warnings =
                    SchemaObject.unmodelled o
                    |> List.map (fun r -> {
                        place with
                            Message =
                                $"%s{what ()}: the %s{r.Clause} clause is not modelled; it is kept as written: %s{r.Text}"
                    })

                Result.Ok(
                    {
                        Object = o
                        Source = source
                        Line = place.Line
                        Column = place.Column
                    },
                    warnings
                )
            | errors ->
                Result.Error {
                    place with
                        Message = $"""%s{what ()}: %s{String.concat "; " errors}"""
                }

    /// Splits a script and parses every statement; all failing statements are reported.
    let private statements
        (parseOne: int[] -> int -> Lexical.Span -> Result<'a, Diagnostic>)
        (source: string)
        (text: string)
        : Result<'a list, Diagnostic list> =
        let starts = Lexical.lineStarts text

        match Lexical.split text with
        | Result.Error(index, message) -> Result.Error [ diagnosticAt source starts index message ]
        | Result.Ok spans ->
            // each statement also sees the comments between the previous statement and itself
            let regionStarts = 0 :: (spans |> List.map (fun sp -> sp.End))

            let results =
                List.map2 (parseOne starts) (List.truncate spans.Length regionStarts) spans

            match
                results
                |> List.choose (function
                    | Result.Error e -> Some e
                    | Result.Ok _ -> None)
            with
            | [] ->
                results
                |> List.choose (function
                    | Result.Ok r -> Some r
                    | Result.Error _ -> None)
                |> Result.Ok
            | errors -> Result.Error errors

    let script (source: string) (text: string) : Result<ParsedScript, Diagnostic list> =
        let parseOne starts regionStart span =
            parseSpan source text starts span
            |> Result.bind (fun (st, warnings) ->
                match declaredRenames source text starts regionStart span st.Object with
                | Result.Ok renames -> Result.Ok(st, warnings, renames)
                | Result.Error e -> Result.Error e)

        statements parseOne source text
        |> Result.map (fun parsed -> {
            Statements = parsed |> List.map (fun (st, _, _) -> st)
            Warnings = parsed |> List.collect (fun (_, w, _) -> w)
            Renames = parsed |> List.collect (fun (_, _, r) -> r)
        })

    /// Parses one statement span as migration operations and validates the objects it creates.
    let private operationSpan source (text: string) (starts: int[]) (span: Lexical.Span) =
        runSpan Grammar.migrationStatement source text starts span
        |> Result.bind (fun ops ->
            let created =
                ops
                |> List.choose (function
                    | CreateTable t -> Some(TableObject t)
                    | CreateView v
                    | ReplaceView v -> Some(ViewObject v)
                    | CreateMaterializedView m -> Some(MaterializedViewObject m)
                    | _ -> None)

            match created |> List.collect Validate.schemaObject with
            | [] ->
                let line, col = Lexical.position starts span.Start

                Result.Ok {
                    Operations = ops
                    Source = source
                    Line = line
                    Column = col
                }
            | errors -> Result.Error(diagnosticAt source starts span.Start (String.concat "; " errors)))

    let operations (source: string) (text: string) : Result<ParsedOperations list, Diagnostic list> =
        statements (fun starts _ span -> operationSpan source text starts span) source text

    let statementOperations (source: string) (text: string) : Result<ScriptStatement list, Diagnostic> =
        let starts = Lexical.lineStarts text

        // the comment lines directly above a statement: the lines between the previous statement's line and this
        // one (a comment after the previous ';' on its line is its own), from the last blank line on
        let commentAbove (gapStart: int) (start: int) =
            let lines =
                text.Substring(gapStart, start - gapStart).Split('\n')
                |> Array.map (fun l -> l.Trim())

            let lines = if gapStart > 0 then Array.tail lines else lines
            // the last line is what precedes the statement on its own line (usually nothing)
            match Array.rev lines with
            | [||] -> []
            | reversed ->
                let sameLine = reversed[0]

                let block =
                    reversed[1..] |> Array.takeWhile (fun l -> l <> "") |> List.ofArray |> List.rev

                if sameLine = "" then block else block @ [ sameLine ]

        match Lexical.split text with
        | Result.Error(index, message) -> Result.Error(diagnosticAt source starts index message)
        | Result.Ok spans ->
            spans
            |> List.mapFold
                (fun gapStart span ->
                    let line, _ = Lexical.position starts span.Start

                    {
                        Sql = text.Substring(span.Start, span.End - span.Start).Trim()
                        Line = line
                        Comments = commentAbove gapStart span.Start
                        Operations =
                            match operationSpan source text starts span with
                            | Result.Ok parsed -> Some parsed.Operations
                            | Result.Error _ -> None
                    },
                    span.End)
                0
            |> fst
            |> Result.Ok

    let schema (scripts: ParsedScript list) : Result<Schema, Diagnostic list> =
        let statements = scripts |> List.collect (fun s -> s.Statements)

        let at (s: ParsedStatement) message = {
            Source = s.Source
            Line = s.Line
            Column = s.Column
            Message = message
        }

        match
            Validate.redefinitions (fun s -> s.Object) statements,
            Validate.baseTableErrors (fun s -> s.Object) statements
        with
        | [], [] -> Result.Ok(Schema.ofDistinct (statements |> List.map (fun s -> s.Object)))
        | pairs, bases ->
            (pairs
             |> List.map (fun (first, s) ->
                 at
                     s
                     $"`%s{QualifiedName.display (SchemaObject.name s.Object)}` is defined more than once (first at %s{first.Source}:%d{first.Line}:%d{first.Column})"))
            @ (bases |> List.map (fun (s, message) -> at s message))
            |> Result.Error

    let model (scripts: ParsedScript list) : Result<Model, Diagnostic list> =
        schema scripts
        |> Result.map (fun s -> {
            Schema = s
            Renames = scripts |> List.collect (fun p -> p.Renames)
        })

    let statement (text: string) : Result<SchemaObject, Diagnostic> =
        match script inputName text with
        | Result.Ok { Statements = [ s ] } -> Result.Ok s.Object
        | Result.Ok { Statements = statements } ->
            Result.Error {
                Source = inputName
                Line = 1
                Column = 1
                Message = $"expected exactly one statement, found %d{List.length statements}"
            }
        | Result.Error(first :: _) -> Result.Error first
        | Result.Error [] ->
            Result.Error {
                Source = inputName
                Line = 1
                Column = 1
                Message = "no statement"
            }

    let private expectKind kind (pick: SchemaObject -> 'a option) text =
        statement text
        |> Result.bind (fun o ->
            match pick o with
            | Some v -> Result.Ok v
            | None ->
                Result.Error {
                    Source = inputName
                    Line = 1
                    Column = 1
                    Message = $"expected a CREATE %s{kind} statement, found a %s{SchemaObject.kind o}"
                })

    let createTable text =
        expectKind
            "TABLE"
            (function
            | TableObject t -> Some t
            | _ -> None)
            text

    let createView text =
        expectKind
            "VIEW"
            (function
            | ViewObject v -> Some v
            | _ -> None)
            text

    let createMaterializedView text =
        expectKind
            "MATERIALIZED VIEW"
            (function
            | MaterializedViewObject m -> Some m
            | _ -> None)
            text

    /// Runs a parser over a whole text given on its own (not a script).
    let private only (parser: Names.P<'a>) (text: string) : Result<'a, Diagnostic> =
        match runParserOnString parser Names.topLevel inputName text with
        | Success(v, _, _) -> Result.Ok v
        | Failure(_, error, _) ->
            let index = int error.Position.Index

            Result.Error {
                Source = inputName
                Line = int error.Position.Line
                Column = int error.Position.Column
                Message = describe text index text.Length error
            }

    let columnType text = only Grammar.columnTypeOnly text

    let complexLiteral text = only Grammar.complexLiteralOnly text

    let qualifiedName text = only Grammar.qualifiedNameOnly text

    let partitionKey text = only Grammar.partitionKeyOnly text

    let expression text = only Grammar.expressionOnly text

    let partitioning text = only Grammar.partitioningOnly text
