namespace StarRocks.Schema.Database

open System

/// <summary>Which way a revision is applied.</summary>
type Direction =
    /// <summary>Its up part.</summary>
    | Up
    /// <summary>Its down part.</summary>
    | Down

/// <summary>Functions over <see cref="T:StarRocks.Schema.Database.Direction"/>.</summary>
[<RequireQualifiedAccess>]
module Direction =
    /// <summary><c>up</c> or <c>down</c>.</summary>
    let label =
        function
        | Up -> "up"
        | Down -> "down"

    /// <summary><c>upgrading</c> or <c>downgrading</c> (a revision's state while a part runs).</summary>
    let progressive =
        function
        | Up -> "upgrading"
        | Down -> "downgrading"

    /// <summary>The command that goes this way.</summary>
    let command =
        function
        | Up -> "upgrade"
        | Down -> "downgrade"

/// <summary>What the journal knows of the statement a revision's part was at.</summary>
type IntentOutcome =
    /// <summary>The intent was written before sending; no outcome since: it may have run.</summary>
    | Sent
    /// <summary>It certainly did not run (the server refused it, its job was cancelled); the message says why.</summary>
    | Failed of message: string
    /// <summary>It was sent and its outcome is unknown (connection lost, job timed out, cancelled while waiting).</summary>
    | Unknown of reason: string
    /// <summary>Written by an earlier srschema, which recorded no intents: the statement after the ones done may have
    /// been sent.</summary>
    | Unrecorded

/// <summary>The statement of a revision's part that the journal names: its 1-based index in the part, its checksum
/// (empty when not recorded), and what is known of it.</summary>
type StatementIntent = {
    /// <summary>1-based index in the part.</summary>
    Index: int
    /// <summary>SHA-256 of the statement (see <c>Revision.statementChecksum</c>); empty when not recorded.</summary>
    Checksum: string
    /// <summary>What is known of it.</summary>
    Outcome: IntentOutcome
    /// <summary>How it was sent: its label, when, on which connection (empty when not recorded).</summary>
    Sent: SentStatement
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.Database.StatementIntent"/>.</summary>
[<RequireQualifiedAccess>]
module StatementIntent =
    /// <summary>Nothing known of how a statement was sent.</summary>
    let unsent: SentStatement = {
        Label = None
        SentAt = None
        ConnectionId = None
    }

/// <summary>Where a revision stands in the history table.</summary>
type RevisionState =
    /// <summary>Its up part ran completely.</summary>
    | Applied
    /// <summary>A part runs (or stopped part-way): the direction, how many statements are done, and the statement
    /// after them when one was (or may have been) sent.</summary>
    | InProgress of direction: Direction * statementsDone: int * intent: StatementIntent option

/// <summary>A revision's row of the history table, typed.</summary>
type HistoryEntry = {
    /// <summary>The revision id.</summary>
    Revision: string
    /// <summary>Its parent (None: base).</summary>
    Parent: string option
    /// <summary>Its message.</summary>
    Message: string
    /// <summary>The checksum of its file when its row was written.</summary>
    Checksum: string
    /// <summary>Where it stands.</summary>
    State: RevisionState
    /// <summary>The server job of the last statement that started one.</summary>
    JobId: string option
    /// <summary>A random id a part gets when it starts and keeps until it ends (None for an applied row, or one an
    /// earlier srschema wrote): the labels of its INSERTs carry it, so a part applied again (up, down, up) sends new
    /// labels while a resumed one sends the same.</summary>
    Epoch: string option
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.Database.HistoryEntry"/>.</summary>
[<RequireQualifiedAccess>]
module HistoryEntry =
    /// <summary>A revision's row in a state.</summary>
    let ofRevision (r: Revision) (state: RevisionState) (jobId: string option) = {
        Revision = r.Id
        Parent = r.Parent
        Message = r.Message
        Checksum = r.Checksum
        State = state
        JobId = jobId
        Epoch = None
    }

/// <summary>The lease: who runs migrations, until when.</summary>
type Lease = {
    /// <summary>user@machine:process of the holder.</summary>
    Owner: string
    /// <summary>Until when (UTC); None when the row holds no readable time (taken as expired).</summary>
    ExpiresAt: DateTimeOffset option
}

/// <summary>The history table, read: the revisions' rows and the lease.</summary>
type MigrationHistory = {
    /// <summary>The revisions' rows.</summary>
    Entries: HistoryEntry list
    /// <summary>The lease row, if any.</summary>
    Lease: Lease option
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.Database.MigrationHistory"/>.</summary>
[<RequireQualifiedAccess>]
module MigrationHistory =
    /// <summary>No history table yet: the database is at base.</summary>
    let empty = { Entries = []; Lease = None }

/// <summary>A revision a command names: <c>head</c>, <c>base</c>, an id (or a unique prefix), <c>+N</c> or <c>-N</c>
/// from where the database stands.</summary>
type Target =
    /// <summary>The newest revision.</summary>
    | Head
    /// <summary>Before the first revision.</summary>
    | Base
    /// <summary>A revision id or a unique prefix of one.</summary>
    | RevisionId of prefix: string
    /// <summary>N revisions above (positive) or below (negative) where the database stands.</summary>
    | Relative of steps: int

/// <summary>Functions over <see cref="T:StarRocks.Schema.Database.Target"/>.</summary>
[<RequireQualifiedAccess>]
module Target =
    /// <summary>Reads a target as users write it.</summary>
    let parse (text: string) : Result<Target, string> =
        let t = text.Trim()

        match t.ToLowerInvariant() with
        | "" -> Error "no target revision"
        | "head" -> Ok Head
        | "base" -> Ok Base
        | s when
            (s.StartsWith "+" || s.StartsWith "-")
            && s.Length > 1
            && s.Length < 9
            && Seq.forall Char.IsAsciiDigit (s.Substring 1)
            ->
            let n = int (s.Substring 1)
            Ok(Relative(if s.StartsWith "+" then n else -n))
        | _ -> Ok(RevisionId t)

    /// <summary>As users write it.</summary>
    let text =
        function
        | Head -> "head"
        | Base -> "base"
        | RevisionId p -> p
        | Relative n when n >= 0 -> $"+%d{n}"
        | Relative n -> $"%d{n}"

/// <summary>What a migration command asks for.</summary>
type MigrationCommand =
    /// <summary>Run up parts until the target.</summary>
    | Upgrade of Target
    /// <summary>Run down parts until the target.</summary>
    | Downgrade of Target
    /// <summary>Record the database as at the target without running anything.</summary>
    | Stamp of Target

/// <summary>A statement the runner has to deal with: its 1-based index in its part, the statement, its checksum.</summary>
type PlannedStatement = {
    /// <summary>1-based index in the part.</summary>
    Index: int
    /// <summary>The statement.</summary>
    Statement: MigrationStatement
    /// <summary>Its checksum (the journal's intent records it).</summary>
    Checksum: string
}

/// <summary>One revision's part to run.</summary>
type MigrationStep = {
    /// <summary>The revision.</summary>
    Revision: Revision
    /// <summary>Its index in the chain.</summary>
    Position: int
    /// <summary>Which part.</summary>
    Direction: Direction
    /// <summary>How many statements the part has.</summary>
    Total: int
    /// <summary>How many are done already (a resumed part).</summary>
    Done: int
    /// <summary>The statement that may have run in an earlier run: the server decides it before anything is sent.</summary>
    Recognise: PlannedStatement option
    /// <summary>The statements to send, in order.</summary>
    ToSend: PlannedStatement list
    /// <summary>The job the journal last recorded for this part (a resumed part).</summary>
    JobId: string option
    /// <summary>The part's epoch, for a resumed part (see <c>HistoryEntry.Epoch</c>).</summary>
    Epoch: string option
    /// <summary>The journal's intent for the statement to recognise (a resumed part): how it was sent.</summary>
    Intent: StatementIntent option
}

/// <summary>What a command does: the revisions' parts in order, from where the database stands to the target
/// (indexes in the chain, -1 = base).</summary>
type MigrationSteps = {
    /// <summary>The last revision fully applied before the run (-1: base).</summary>
    From: int
    /// <summary>The target.</summary>
    Target: int
    /// <summary>The parts to run, in order; empty when the database is at the target.</summary>
    Steps: MigrationStep list
}

/// <summary>What a stamp writes: the rows of the revisions up to the target, and the rows it removes.</summary>
type StampPlan = {
    /// <summary>The target (-1: base).</summary>
    Target: int
    /// <summary>The rows to write (every revision up to the target, applied).</summary>
    Write: HistoryEntry list
    /// <summary>The revisions whose rows go.</summary>
    Delete: string list
}

/// <summary>Why the planner refuses a command; every case names the revisions concerned.</summary>
type Refusal =
    /// <summary>The target names no revision, several, or goes beyond the history.</summary>
    | UnknownTarget of target: string * reason: string
    /// <summary>The target lies the other way: upgrade to an older revision, downgrade to a newer one (Alembic refuses
    /// the same). <c>current</c> and <c>target</c> are revision ids (None: base).</summary>
    | WrongDirection of command: Direction * target: string * targetId: string option * current: string option
    /// <summary>A revision stopped part-way in the other direction: finish it (or repair and stamp) first.</summary>
    | PartialInOtherDirection of revision: string * direction: Direction * statementsDone: int * total: int
    /// <summary>Recorded revisions whose files changed since (id, path).</summary>
    | EditedRevisions of revisions: (string * string) list
    /// <summary>The history has revisions the migrations folder does not.</summary>
    | UnknownRevisions of revisions: string list
    /// <summary>The history cannot be a state this chain reaches (a revision applied without its parent, several in
    /// progress, a count beyond the part); each line names a revision.</summary>
    | InconsistentHistory of problems: string list
    /// <summary>The target would leave a revision stopped part-way in the command's direction (an upgrade to a
    /// revision below it): go on to it or beyond to finish it.</summary>
    | TargetLeavesPartial of revision: string * direction: Direction * statementsDone: int * total: int

/// <summary>Functions over <see cref="T:StarRocks.Schema.Database.Refusal"/>.</summary>
[<RequireQualifiedAccess>]
module Refusal =
    let private name (id: string option) = defaultArg id "base"

    /// <summary>One message, naming the revisions and what to do.</summary>
    let describe =
        function
        | UnknownTarget(target, reason) -> $"target %s{target}: %s{reason}"
        | WrongDirection(Up, target, t, current) ->
            $"upgrade does not go down: %s{target} (%s{name t}) is behind the database, which is at %s{name current}; use downgrade to go down"
        | WrongDirection(Down, target, t, current) ->
            $"downgrade does not go up: %s{target} (%s{name t}) is ahead of the database, which is at %s{name current}; use upgrade to go up"
        | PartialInOtherDirection(id, direction, done', total) ->
            $"revision %s{id} stopped after %d{done'} of %d{total} statement(s) while %s{Direction.progressive direction}: run %s{Direction.command direction} to finish it first (or repair the database by hand and stamp)"
        | EditedRevisions revisions ->
            let names =
                revisions
                |> List.map (fun (id, path) -> $"%s{id} (%s{path})")
                |> String.concat ", "

            $"recorded migrations were edited since they ran (checksum differs): %s{names}; restore them, or stamp after checking the database"
        | UnknownRevisions ids ->
            let names = String.concat ", " ids
            $"the database has revisions the migrations folder does not: %s{names}"
        | InconsistentHistory problems ->
            "the history table is inconsistent: "
            + String.concat "; " problems
            + " (repair the database by hand, then stamp)"
        | TargetLeavesPartial(id, direction, done', total) ->
            $"revision %s{id} stopped after %d{done'} of %d{total} statement(s) while %s{Direction.progressive direction}, and the target would leave it so: %s{Direction.command direction} to %s{id} (or beyond) finishes it"

/// <summary>Where a database stands against a chain, read from its history.</summary>
type MigrationStatus = {
    /// <summary>The index in the chain of the last fully applied revision (-1: none).</summary>
    Current: int
    /// <summary>The revision stopped part-way (always at <c>Current + 1</c>): its step as a resumed run would take it.</summary>
    Partial: MigrationStep option
    /// <summary>Recorded revisions whose file changed since (id, path).</summary>
    Edited: (string * string) list
    /// <summary>Recorded revisions the folder does not have.</summary>
    Unknown: string list
}

/// <summary>The pure migration planner: from the chain, the history and a command, the steps to run or a typed
/// refusal. No I/O.</summary>
[<RequireQualifiedAccess>]
module MigrationPlanner =
    /// <summary>The checksum of a statement as the journal records it: as a file's (<c>Revision.checksum</c>), its
    /// exact text with line endings normalised.</summary>
    let statementChecksum (sql: string) = Revision.checksum sql

    /// True when a recorded checksum is the file's, by the current rule or the one earlier versions wrote.
    let private sameFile (r: Revision) (recorded: string) =
        recorded = r.Checksum || Some recorded = r.LegacyChecksum

    /// True when a recorded checksum is the statement's, by the current rule or the one earlier versions wrote.
    let private sameStatement (s: MigrationStatement) (recorded: string) =
        recorded = statementChecksum s.Sql || recorded = Revision.legacyChecksum s.Sql

    /// <summary>A revision's part.</summary>
    let part (r: Revision) (direction: Direction) =
        match direction with
        | Up -> r.Up
        | Down -> r.Down

    let private planned (statements: MigrationStatement list) =
        statements
        |> List.mapi (fun i s -> {
            Index = i + 1
            Statement = s
            Checksum = statementChecksum s.Sql
        })

    /// The step of a part from `done'` statements on, with the journal's intent and last job.
    let private stepOf
        (position: int)
        (r: Revision)
        (direction: Direction)
        (done': int)
        (intent: StatementIntent option)
        (jobId: string option)
        (epoch: string option)
        =
        let statements = planned (part r direction)
        let rest = statements |> List.skip (min done' statements.Length)

        let recognise, toSend =
            match intent, rest with
            | Some {
                       Outcome = Sent | Unknown _ | Unrecorded
                   },
              first :: tail -> Some first, tail
            | _ -> None, rest

        {
            Revision = r
            Position = position
            Direction = direction
            Total = statements.Length
            Done = done'
            Recognise = recognise
            ToSend = toSend
            JobId = jobId
            Epoch = epoch
            Intent = intent
        }

    /// A part that stopped before any statement may have run (none done, and none sent or the one sent refused)
    /// changed nothing: an upgrade that did not start leaves the revision unapplied, a downgrade leaves it applied.
    let private started (e: HistoryEntry) : HistoryEntry option =
        match e.State with
        | InProgress(Up, 0, (None | Some { Outcome = Failed _ })) -> None
        | InProgress(Down, 0, (None | Some { Outcome = Failed _ })) -> Some { e with State = Applied }
        | _ -> Some e

    /// The revisions of the chain applied before the first that is not.
    let private appliedPrefix (chain: Revision list) (byId: Map<string, HistoryEntry>) =
        chain
        |> List.takeWhile (fun r ->
            match byId.TryFind r.Id with
            | Some { State = Applied } -> true
            | _ -> false)
        |> List.length

    let private unknownOf (chain: Revision list) (history: MigrationHistory) =
        let known = chain |> List.map (fun r -> r.Id) |> set

        history.Entries
        |> List.map (fun e -> e.Revision)
        |> List.filter (known.Contains >> not)

    /// <summary>Where the database stands: the applied revisions must be the chain's first ones, at most one revision
    /// may be in progress, right after them, with counts within its part. Anything else is refused, never guessed. A
    /// part that stopped before anything of it may have run counts as not started.</summary>
    let status (chain: Revision list) (history: MigrationHistory) : Result<MigrationStatus, Refusal> =
        let byId =
            history.Entries
            |> List.choose started
            |> List.map (fun e -> e.Revision, e)
            |> Map.ofList

        let p = appliedPrefix chain byId

        let problems = [
            for i, r in List.indexed chain do
                match byId.TryFind r.Id with
                | Some { State = Applied } when i > p ->
                    $"%s{r.Id} is applied but %s{chain[p].Id}, which comes before it, is not"
                | Some { State = InProgress(d, _, _) } when i <> p ->
                    $"%s{r.Id} is %s{Direction.progressive d} but the revisions before it are not all applied"
                | Some { State = InProgress(d, n, intent) } ->
                    let total = (part r d).Length

                    if n < 0 || n > total then
                        $"%s{r.Id} records %d{n} statement(s) done of %d{total} while %s{Direction.progressive d}"

                    match intent with
                    | Some { Index = k; Outcome = Unrecorded } when k <> n + 1 ->
                        $"%s{r.Id} records statement %d{k} in progress after %d{n} done"
                    | Some { Index = k; Outcome = o } when o <> Unrecorded && (k <> n + 1 || k > total) ->
                        $"%s{r.Id} records statement %d{k} in progress after %d{n} done of %d{total}"
                    | _ -> ()
                | _ -> ()
        ]

        let edited =
            chain
            |> List.choose (fun r ->
                match byId.TryFind r.Id with
                | Some e when e.Checksum <> "" && not (sameFile r e.Checksum) -> Some(r.Id, r.Path)
                | Some {
                           State = InProgress(d, n, Some intent)
                       } when
                    intent.Checksum <> ""
                    && (part r d
                        |> List.tryItem n
                        |> Option.exists (fun s -> not (sameStatement s intent.Checksum)))
                    ->
                    Some(r.Id, r.Path)
                | _ -> None)

        if not (List.isEmpty problems) then
            Error(InconsistentHistory problems)
        else
            Ok {
                Current = p - 1
                Partial =
                    chain
                    |> List.tryItem p
                    |> Option.bind (fun r ->
                        match byId.TryFind r.Id with
                        | Some({ State = InProgress(d, n, intent) } as e) ->
                            Some(stepOf p r d n intent e.JobId e.Epoch)
                        | _ -> None)
                Edited = edited
                Unknown = unknownOf chain history
            }

    /// <summary>A revision stopped part-way, in words: <c>stopped after k of n statement(s) while upgrading</c>.</summary>
    let describePartial (p: MigrationStep) =
        $"stopped after %d{p.Done} of %d{p.Total} statement(s) while %s{Direction.progressive p.Direction}"

    /// <summary>Where the database stands when it is not at the chain's head (with a revision stopped part-way), or
    /// None when it is at the head.</summary>
    let notAtHead (chain: Revision list) (status: MigrationStatus) : string option =
        let head = chain.Length - 1

        let name i =
            if i < 0 then "base" else (List.item i chain).Id

        if status.Current = head && status.Partial.IsNone then
            None
        else
            let partial =
                match status.Partial with
                | Some p -> $"; revision %s{p.Revision.Id} %s{describePartial p}"
                | None -> ""

            Some $"the database is at %s{name status.Current}, not at the head %s{name head}%s{partial}"

    /// <summary>The index a target names (-1: base), from where the database stands.</summary>
    let resolve (chain: Revision list) (current: int) (target: Target) : Result<int, Refusal> =
        let text = Target.text target

        match target with
        | Head -> Ok(chain.Length - 1)
        | Base -> Ok -1
        | Relative n ->
            let index = current + n
            let from = if current < 0 then "base" else (List.item current chain).Id

            if index < -1 || index >= chain.Length then
                Error(
                    UnknownTarget(
                        text,
                        $"goes beyond the history (%d{chain.Length} revision(s), counting from %s{from})"
                    )
                )
            else
                Ok index
        | RevisionId prefix ->
            match
                chain
                |> List.indexed
                |> List.filter (fun (_, r) -> r.Id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            with
            | [ i, _ ] -> Ok i
            | [] -> Error(UnknownTarget(text, "no such revision"))
            | many ->
                let names = many |> List.map (fun (_, r) -> r.Id) |> String.concat ", "
                Error(UnknownTarget(text, $"names several revisions: %s{names}"))

    /// <summary>The index a target written as text names (see <c>Target.parse</c>), or why none.</summary>
    let resolveText (chain: Revision list) (current: int) (text: string) : Result<int, string> =
        Target.parse text
        |> Result.bind (resolve chain current >> Result.mapError Refusal.describe)

    let private idAt (chain: Revision list) (i: int) =
        if i < 0 then None else Some (List.item i chain).Id

    let private checkedStatus (chain: Revision list) (history: MigrationHistory) =
        status chain history
        |> Result.bind (fun s ->
            if not (List.isEmpty s.Unknown) then
                Error(UnknownRevisions s.Unknown)
            elif not (List.isEmpty s.Edited) then
                Error(EditedRevisions s.Edited)
            else
                Ok s)

    /// <summary>The steps of an upgrade or downgrade: never a down part for an upgrade nor an up part for a downgrade;
    /// a revision stopped part-way resumes at the statement after the last one done, with the statement the journal
    /// names in progress recognised first. A revision stopped part-way in the other direction is refused whatever the
    /// target, and so is an upgrade whose target would leave one part-way; a relative target of a downgrade counts
    /// from a revision stopped while downgrading (it is still there).</summary>
    let plan (chain: Revision list) (history: MigrationHistory) (direction: Direction) (target: Target) =
        checkedStatus chain history
        |> Result.bind (fun s ->
            let from =
                match direction, s.Partial with
                | Down, Some p when p.Direction = Down -> p.Position
                | _ -> s.Current

            resolve chain from target
            |> Result.bind (fun t ->
                let wrongWay =
                    WrongDirection(direction, Target.text target, idAt chain t, idAt chain s.Current)

                match direction, s.Partial with
                | _, Some partial when partial.Direction <> direction ->
                    Error(
                        PartialInOtherDirection(partial.Revision.Id, partial.Direction, partial.Done, partial.Total)
                    )
                | Up, _ when t < s.Current -> Error wrongWay
                | Down, _ when t > s.Current -> Error wrongWay
                | Up, Some partial when t < partial.Position ->
                    Error(TargetLeavesPartial(partial.Revision.Id, Up, partial.Done, partial.Total))
                | Up, partial ->
                    Ok {
                        From = s.Current
                        Target = t
                        Steps = [
                            for i in s.Current + 1 .. t ->
                                match partial with
                                | Some p when p.Position = i -> p
                                | _ -> stepOf i chain[i] Up 0 None None None
                        ]
                    }
                | Down, partial ->
                    Ok {
                        From = s.Current
                        Target = t
                        Steps = [
                            // a revision stopped while downgrading is still partly there: the way down starts at it
                            match partial with
                            | Some p -> yield p
                            | None -> ()
                            for i in s.Current .. -1 .. t + 1 -> stepOf i chain[i] Down 0 None None None
                        ]
                    }))

    /// <summary>The rows of a stamp: every revision up to the target applied, every other row of the chain removed.
    /// It rewrites a partial, edited or inconsistent history (the way to repair one); it refuses only revisions the
    /// folder lacks. A relative target counts from the revisions applied in order from the first.</summary>
    let stamp (chain: Revision list) (history: MigrationHistory) (target: Target) : Result<StampPlan, Refusal> =
        match unknownOf chain history with
        | _ :: _ as unknown -> Error(UnknownRevisions unknown)
        | [] ->
            // where the database stands, counted as status counts it
            let byId =
                history.Entries
                |> List.choose started
                |> List.map (fun e -> e.Revision, e)
                |> Map.ofList

            resolve chain (appliedPrefix chain byId - 1) target
            |> Result.map (fun t ->
                let kept = chain |> List.truncate (t + 1)
                let keptIds = kept |> List.map (fun r -> r.Id) |> set

                {
                    Target = t
                    Write = kept |> List.map (fun r -> HistoryEntry.ofRevision r Applied None)
                    Delete =
                        history.Entries
                        |> List.map (fun e -> e.Revision)
                        |> List.filter (keptIds.Contains >> not)
                })
