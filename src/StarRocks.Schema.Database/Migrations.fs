namespace StarRocks.Schema.Database

open System
open System.IO
open System.Security.Cryptography
open System.Text
open StarRocks.Schema

/// <summary>A statement of a migration's up or down part: its text, its line in the file, the comment written directly
/// above it, and the operations it is (None when srschema does not model it: it still runs; the offline replay skips
/// it when it changes data or settings, not the schema, and cannot replay it otherwise; see
/// <c>StatementKind.ofStatement</c>).</summary>
type MigrationStatement = ScriptStatement

/// <summary>One migration file: <c>migrations/&lt;id&gt;_&lt;slug&gt;.sql</c>, a header, an up part and a down part.</summary>
type Revision = {
    /// <summary>The revision id (12 hexadecimal digits).</summary>
    Id: string
    /// <summary>The parent revision; None for the first one (written <c>base</c>).</summary>
    Parent: string option
    /// <summary>The message.</summary>
    Message: string
    /// <summary>When it was written (ISO 8601, UTC).</summary>
    Created: string
    /// <summary>The up part.</summary>
    Up: MigrationStatement list
    /// <summary>The down part.</summary>
    Down: MigrationStatement list
    /// <summary>The file.</summary>
    Path: string
    /// <summary>SHA-256 of the file's exact text, line endings normalised (see <c>Revision.checksum</c>).</summary>
    Checksum: string
    /// <summary>The checksum earlier srschema versions wrote for the file (see <c>Revision.legacyChecksum</c>) when it
    /// differs from <c>Checksum</c> (the file has trailing white space); None when the two rules agree. A history row
    /// that holds it is not an edit.</summary>
    LegacyChecksum: string option
}

/// <summary>Migration files: reading, writing, checksums.</summary>
[<RequireQualifiedAccess>]
module Revision =
    /// <summary>The checksum of a migration file: SHA-256 (hex) of its exact text with line endings normalised (CR LF
    /// and CR read as LF, so a checkout on another platform does not look edited) and the line breaks that end the file
    /// ignored; nothing else is: trailing spaces inside a multi-line string literal are part of its value.</summary>
    let checksum (text: string) =
        let normalized = text.Replace("\r\n", "\n").Replace('\r', '\n').TrimEnd('\n')
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(normalized))).ToLowerInvariant()

    /// <summary>The checksum earlier srschema versions wrote: SHA-256 (hex) of the lines with line endings and trailing
    /// white space ignored. It misses edits inside multi-line string literals; it is read (a history row holding it
    /// is not an edit), never written.</summary>
    let legacyChecksum (text: string) =
        let normalized =
            text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n')
            |> Array.map (fun l -> l.TrimEnd())
            |> String.concat "\n"

        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(normalized.TrimEnd()))).ToLowerInvariant()

    /// <summary>The file name of a revision: <c>&lt;id&gt;_&lt;slug of the message&gt;.sql</c>.</summary>
    let fileName (id: string) (message: string) =
        let slug =
            message.ToLowerInvariant()
            |> String.map (fun c -> if Char.IsAsciiLetterOrDigit c then c else '_')
            |> fun s -> s.Split('_', StringSplitOptions.RemoveEmptyEntries) |> String.concat "_"

        let slug =
            if slug.Length > 40 then
                slug.Substring(0, 40).TrimEnd('_')
            else
                slug

        if slug = "" then $"%s{id}.sql" else $"%s{id}_%s{slug}.sql"

    /// <summary>A new revision id: 12 hexadecimal digits.</summary>
    let newId () =
        Convert.ToHexString(RandomNumberGenerator.GetBytes 6).ToLowerInvariant()

    /// <summary>The text of a migration file.</summary>
    /// <param name="id">The revision id.</param>
    /// <param name="parent">The parent revision (None: the first revision).</param>
    /// <param name="message">What the revision does.</param>
    /// <param name="created">When (ISO 8601).</param>
    /// <param name="up">The up part's SQL.</param>
    /// <param name="down">The down part's SQL.</param>
    let render (id: string) (parent: string option) (message: string) (created: string) (up: string) (down: string) =
        let oneLine (s: string) = s.Replace("\r", " ").Replace("\n", " ")

        let part (sql: string) =
            if String.IsNullOrWhiteSpace sql then
                "\n"
            else
                "\n" + sql.TrimEnd() + "\n"

        String.concat "" [
            $"-- srschema revision %s{id}\n"
            "-- parent: " + defaultArg parent "base" + "\n"
            $"-- message: %s{oneLine message}\n"
            $"-- created: %s{created}\n"
            "\n-- up\n"
            part up
            "\n-- down\n"
            part down
        ]

    let private headerValue (lines: string[]) (key: string) =
        lines
        |> Array.tryPick (fun l ->
            let t = l.Trim()
            let prefix = $"-- %s{key}:"

            if t.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) then
                Some(t.Substring(prefix.Length).Trim())
            else
                None)

    let private statements (path: string) (text: string) (firstLine: int) : Result<MigrationStatement list, string> =
        match Parse.statementOperations path text with
        | Error d -> Error $"%s{path}:%d{d.Line + firstLine - 1}:%d{d.Column}: %s{d.Message}"
        | Ok parts -> parts |> List.map (fun s -> { s with Line = s.Line + firstLine - 1 }) |> Ok

    /// <summary>Reads a migration file; <c>Error</c> names the file, the line and what is wrong.</summary>
    let parse (path: string) (text: string) : Result<Revision, string> =
        // lines keep their '\r' (a CR LF inside a string literal is part of its value)
        let lines = text.Split('\n')

        let marker (word: string) =
            lines
            |> Array.tryFindIndex (fun l -> l.Trim().Equals($"-- %s{word}", StringComparison.OrdinalIgnoreCase))

        let id =
            lines
            |> Array.tryPick (fun l ->
                let t = l.Trim()

                if t.StartsWith("-- srschema revision ", StringComparison.OrdinalIgnoreCase) then
                    Some(t.Substring("-- srschema revision ".Length).Trim())
                else
                    None)

        match id, headerValue lines "parent", marker "up", marker "down" with
        | None, _, _, _ -> Error $"%s{path}:1:1: not a migration: expected a first line '-- srschema revision <id>'"
        | Some _, None, _, _ -> Error $"%s{path}:2:1: the header has no '-- parent: <revision or base>' line"
        | Some _, _, None, _ -> Error $"%s{path}: no '-- up' line starts the up part"
        | Some _, _, _, None -> Error $"%s{path}: no '-- down' line starts the down part"
        | Some _, _, Some u, Some d when d < u -> Error $"%s{path}:%d{d + 1}:1: the '-- down' part comes before '-- up'"
        | Some id, Some parent, Some u, Some d ->
            let sum = checksum text
            let legacy = legacyChecksum text

            let section (from: int) (until: int) =
                String.concat "\n" lines[from + 1 .. until - 1]

            statements path (section u d) (u + 2)
            |> Result.bind (fun up ->
                statements path (section d lines.Length) (d + 2)
                |> Result.map (fun down -> {
                    Id = id
                    Parent =
                        (if parent.Equals("base", StringComparison.OrdinalIgnoreCase) then
                             None
                         else
                             Some parent)
                    Message = headerValue lines "message" |> Option.defaultValue ""
                    Created = headerValue lines "created" |> Option.defaultValue ""
                    Up = up
                    Down = down
                    Path = path
                    Checksum = sum
                    LegacyChecksum = if legacy = sum then None else Some legacy
                }))

    /// <summary>Reads every <c>.sql</c> file directly in a folder (nothing else lives there).</summary>
    let load (folder: string) : Result<Revision list, string list> =
        if not (Directory.Exists folder) then
            Error [ $"%s{folder}: no such folder (run srschema init)" ]
        else
            let results =
                Directory.GetFiles(folder, "*.sql")
                |> Array.sortWith (fun a b -> String.CompareOrdinal(a, b))
                |> Array.map (fun f -> parse f (File.ReadAllText f))
                |> List.ofArray

            match
                results
                |> List.choose (function
                    | Error e -> Some e
                    | Ok _ -> None)
            with
            | [] ->
                Ok(
                    results
                    |> List.choose (function
                        | Ok r -> Some r
                        | Error _ -> None)
                )
            | errors -> Error errors

/// <summary>The revisions in order, base first: a linear history.</summary>
[<RequireQualifiedAccess>]
module Chain =
    /// <summary>Orders revisions from base to head; <c>Error</c> for duplicate ids, unknown parents, several bases,
    /// several heads (named), or a cycle.</summary>
    let order (revisions: Revision list) : Result<Revision list, string> =
        let ids = revisions |> List.countBy (fun r -> r.Id)

        match ids |> List.filter (fun (_, n) -> n > 1) with
        | (id, _) :: _ -> Error $"revision %s{id} is defined more than once"
        | [] ->
            let known = revisions |> List.map (fun r -> r.Id) |> set

            match
                revisions
                |> List.tryFind (fun r -> r.Parent |> Option.exists (known.Contains >> not))
            with
            | Some r -> Error $"%s{r.Path}: its parent %s{r.Parent.Value} is not in the migrations folder"
            | None ->
                let children (parent: string option) =
                    revisions |> List.filter (fun r -> r.Parent = parent)

                let heads =
                    revisions
                    |> List.filter (fun r -> not (revisions |> List.exists (fun c -> c.Parent = Some r.Id)))

                match children None, heads with
                | [], [] -> Ok []
                | [], _ -> Error "no revision starts from base: the history has a cycle"
                | _ :: _ :: _ as bases, _ ->
                    let names = bases |> List.map (fun r -> r.Id) |> String.concat ", "
                    Error $"several revisions start from base: %s{names}"
                | _, (_ :: _ :: _ as many) ->
                    let names =
                        many |> List.map (fun r -> $"%s{r.Id} (%s{r.Message})") |> String.concat ", "

                    Error $"the history has several heads: %s{names}; make one the parent of the other"
                | [ first ], _ ->
                    let rec walk (r: Revision) (acc: Revision list) =
                        match children (Some r.Id) with
                        | [ next ] -> walk next (r :: acc)
                        | _ -> List.rev (r :: acc)

                    let ordered = walk first []

                    if ordered.Length = revisions.Length then
                        Ok ordered
                    else
                        Error "the history is not linear (a revision has several children)"

    /// The note of a part's statements that change no schema (line, verb), if any.
    let private skippedNote (r: Revision) (direction: string) (skipped: (int * string) list) =
        match skipped with
        | [] -> None
        | _ ->
            let places =
                skipped
                |> List.map (fun (line, verb) -> $"%s{verb} at line %d{line}")
                |> String.concat ", "

            let count =
                match skipped.Length with
                | 1 -> "1 statement of its " + direction + " part changes"
                | n -> $"%d{n} statements of its %s{direction} part change"

            Some $"%s{r.Path}: %s{count} data or settings, not the schema (%s{places}): skipped by the offline replay"

    /// One revision's part applied to a schema: statements that change no schema are skipped (and named in the note),
    /// one srschema does not model is an error at its line.
    let private replayPart (direction: string) (part: Revision -> MigrationStatement list) (r: Revision) start =
        let rec go (schema: Schema) (skipped: (int * string) list) (statements: MigrationStatement list) =
            match statements with
            | [] -> Ok(schema, skippedNote r direction (List.rev skipped))
            | s :: rest ->
                match StatementKind.ofStatement s.Sql s.Operations with
                | SchemaChange ops ->
                    match Apply.operations ops schema with
                    | Ok next -> go next skipped rest
                    | Error e -> Error $"%s{r.Path}:%d{s.Line}: %s{e}"
                | DataInsert -> go schema ((s.Line, "INSERT") :: skipped) rest
                | DataChange verb
                | NoSchemaChange verb -> go schema ((s.Line, verb) :: skipped) rest
                | Unmodelled ->
                    Error
                        $"%s{r.Path}:%d{s.Line}: srschema does not model this statement (a CREATE FUNCTION, say), so the offline replay cannot apply it; it applies CREATE, ALTER and DROP, and skips data statements (INSERT, UPDATE, DELETE, TRUNCATE) and ones that change no schema (SET, ANALYZE, REFRESH, ...)"

        go start [] (part r)

    let private replayParts direction (part: Revision -> MigrationStatement list) (revisions: Revision list) start =
        revisions
        |> List.fold
            (fun acc r ->
                acc
                |> Result.bind (fun (schema, notes) ->
                    replayPart direction part r schema
                    |> Result.map (fun (next, note) -> next, notes @ Option.toList note)))
            (Ok(start, []))

    /// <summary>The schema after applying the up parts of the given revisions to a schema (the offline replay), with
    /// a note for each part that has statements changing data or settings, not the schema (they are skipped); an
    /// error for a statement srschema does not model, naming its file and line.</summary>
    let replayWith (revisions: Revision list) (start: Schema) : Result<Schema * string list, string> =
        replayParts "up" (fun r -> r.Up) revisions start

    /// <summary>The schema after applying the up parts of the given revisions to a schema: <c>replayWith</c> without
    /// its notes.</summary>
    let replay (revisions: Revision list) (start: Schema) : Result<Schema, string> =
        replayWith revisions start |> Result.map fst

    /// <summary>The schema after applying the down parts of the given revisions, in the order given, with the notes of
    /// <c>replayWith</c>.</summary>
    let replayDownWith (revisions: Revision list) (start: Schema) : Result<Schema * string list, string> =
        replayParts "down" (fun r -> r.Down) revisions start

    /// <summary>The schema after applying the down parts of the given revisions, in the order given.</summary>
    let replayDown (revisions: Revision list) (start: Schema) : Result<Schema, string> =
        replayDownWith revisions start |> Result.map fst

    /// <summary>The offline check of a chain: every revision's up part, then its down part, gives back the schema
    /// before it. Returns the head schema with the notes of the parts that have statements skipped (see
    /// <c>replayWith</c>), or the first revision that does not.</summary>
    let verifyWith (options: DiffOptions) (chain: Revision list) : Result<Schema * string list, string> =
        chain
        |> List.fold
            (fun acc r ->
                acc
                |> Result.bind (fun (before, notes) ->
                    replayWith [ r ] before
                    |> Result.bind (fun (after, upNotes) ->
                        replayDownWith [ r ] after
                        |> Result.bind (fun (back, downNotes) ->
                            if Plan.isEmpty (Diff.plan options back before) then
                                Ok(after, notes @ upNotes @ downNotes)
                            else
                                Error $"%s{r.Path}: its down part does not give back the schema before it"))))
            (Ok(Schema.empty, []))

    /// <summary>The offline check of a chain: <c>verifyWith</c> without its notes.</summary>
    let verify (options: DiffOptions) (chain: Revision list) : Result<Schema, string> =
        verifyWith options chain |> Result.map fst

    /// <summary>The statements of revision parts as one script (what <c>upgrade --sql</c> prints): each part headed by
    /// a comment naming the revision and direction, each statement by the comment written above it in its file and
    /// its risk and the job it starts, as revision files and <c>diff</c> show them (a data statement: that it changes
    /// rows, not the schema); <c>true</c> = up.</summary>
    let script (parts: (Revision * bool) list) : string =
        let sb = StringBuilder()

        for r, up in parts do
            let statements = if up then r.Up else r.Down
            let direction = if up then "up" else "down"
            sb.Append($"-- revision %s{r.Id} (%s{direction}): %s{r.Message}\n\n") |> ignore

            for s in statements do
                // the file's own comment above the statement (why data is lost, what the author noted), with its
                // risk and job line as the operations say
                for line in s.Comments do
                    if not (Plan.isRiskLine line) then
                        sb.Append(line).Append('\n') |> ignore

                match StatementKind.ofStatement s.Sql s.Operations with
                | SchemaChange(_ :: _ as ops) ->
                    sb.Append(Plan.riskLine (Operation.statementRisk ops) (Operation.statementJob ops)).Append('\n')
                    |> ignore
                | DataInsert
                | DataChange _ -> sb.Append("-- data: changes rows, not the schema\n") |> ignore
                | NoSchemaChange _ -> sb.Append("-- changes no schema\n") |> ignore
                | SchemaChange []
                | Unmodelled ->
                    sb.Append("-- risk and job not known: srschema does not model this statement\n")
                    |> ignore

                sb.Append(s.Sql).Append(";\n\n") |> ignore

        sb.ToString()

    /// <summary>The id of the revision at an index of the chain; None for -1 (base).</summary>
    let idAt (chain: Revision list) (index: int) : string option =
        if index < 0 then None else Some (List.item index chain).Id

/// <summary>Writing revisions from a diff.</summary>
[<RequireQualifiedAccess>]
module Autogenerate =
    /// <summary>The SQL of a plan for a migration file: as <c>Plan.sql</c>, with destructive steps written commented
    /// out and explained unless they are allowed.</summary>
    let planSql (allowDestructive: bool) (plan: Plan) : string =
        if allowDestructive then
            Plan.sql plan
        else
            let sb = StringBuilder()

            for step in plan.Steps do
                if step.Risk = Destructive then
                    for note in step.Notes do
                        sb.Append("-- ").Append(note.Replace("\n", " ")).Append('\n') |> ignore

                    sb.Append(
                        "-- destructive, not run: review it, then uncomment it (or autogenerate with --allow-destructive)\n"
                    )
                    |> ignore

                    for line in (Plan.statement step).Split('\n') do
                        sb.Append("-- ").Append(line).Append('\n') |> ignore

                    sb.Append('\n') |> ignore
                else
                    sb.Append(Plan.sql { plan with Steps = [ step ] }) |> ignore

            sb.ToString()

    /// <summary>The up and down SQL of an autogenerated revision: up = diff(current → desired), down =
    /// diff(desired → current) with the renames reversed; None when nothing changed.</summary>
    let parts
        (options: DiffOptions)
        (allowDestructive: bool)
        (current: Schema)
        (desired: Schema)
        : (Plan * string * string) option =
        let up = Diff.plan options current desired

        if Plan.isEmpty up then
            None
        else
            let down =
                Diff.plan
                    {
                        options with
                            Renames = List.map Rename.reverse options.Renames
                    }
                    desired
                    current

            Some(up, planSql allowDestructive up, Plan.sql down)
