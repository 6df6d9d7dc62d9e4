namespace StarRocks.Schema

/// <summary>What the diff assumes about the server, and what the desired schema declares beyond its objects.</summary>
type DiffOptions = {
    /// <summary>The server's release: what is alterable and how depends on it. Offline: <c>ServerVersion.newest</c>.</summary>
    ServerVersion: ServerVersion
    /// <summary>Shared-nothing or shared-data. Offline: shared-nothing.</summary>
    RunMode: RunMode
    /// <summary>The connection's database: names qualified with it mean the same as unqualified names.</summary>
    DefaultDatabase: Name option
    /// <summary>Renames the desired schema declares.</summary>
    Renames: Rename list
    /// <summary>Whether the partitions of RANGE and LIST tables are compared (partitions of expression, automatic and
    /// dynamic partitioning are server-maintained and never compared). Default true.</summary>
    ManagePartitions: bool
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.DiffOptions"/>.</summary>
[<RequireQualifiedAccess>]
module DiffOptions =
    /// <summary>The newest supported release, shared-nothing, no default database, no renames, partitions managed.</summary>
    let defaults = {
        ServerVersion = ServerVersion.newest
        RunMode = SharedNothing
        DefaultDatabase = None
        Renames = []
        ManagePartitions = true
    }

    /// <summary>The options for a server (or what a project assumes offline): its release and run mode, each the
    /// newest release and shared-nothing when unknown, and the database unqualified names belong to.</summary>
    let forServer (version: ServerVersion option) (runMode: RunMode option) (database: Name option) = {
        defaults with
            ServerVersion = version |> Option.defaultValue ServerVersion.newest
            RunMode = runMode |> Option.defaultValue SharedNothing
            DefaultDatabase = database
    }

/// <summary>What the diff did with a difference it found.</summary>
type Outcome =
    /// <summary>The plan changes it in place.</summary>
    | Altered
    /// <summary>The plan rebuilds the object for it (copy-and-swap for tables, drop and create for views).</summary>
    | Rebuilt
    /// <summary>Not a change: the two values mean the same (a server default, an alias, automatic buckets).</summary>
    | Ignored of reason: string
    /// <summary>Kept as it is, with a warning: the desired schema leaves the option unset but the server has a
    /// non-default value, or the difference is one the diff does not manage.</summary>
    | Kept of reason: string
    /// <summary>Planned, with a warning: StarRocks may refuse the statement as planned (e.g. a NOT NULL column
    /// without DEFAULT added to a table that has rows).</summary>
    | Warned of reason: string

/// <summary>The part of a column a difference concerns.</summary>
[<RequireQualifiedAccess>]
type ColumnPart =
    /// <summary>The type.</summary>
    | Type
    /// <summary>The aggregate function (AGGREGATE KEY tables).</summary>
    | Aggregate
    /// <summary>NULL or NOT NULL.</summary>
    | Nullability
    /// <summary>DEFAULT, AUTO_INCREMENT or the generating expression.</summary>
    | Value
    /// <summary>The comment.</summary>
    | Comment

/// <summary>What a difference is about: the object itself, or one of its clauses, columns, indexes, partitions or
/// properties. <c>DiffAttribute.text</c> names it as explanations and JSON print it.</summary>
[<RequireQualifiedAccess>]
type DiffAttribute =
    /// <summary>The object itself: created (before <c>(none)</c>) or dropped (after <c>(none)</c>); the other side
    /// says its kind.</summary>
    | Object
    /// <summary>The table's name (a declared rename).</summary>
    | Name
    /// <summary>The key clause as a whole (left unset on the desired side).</summary>
    | Key
    /// <summary>The key model (DUPLICATE, AGGREGATE, UNIQUE, PRIMARY).</summary>
    | KeyModel
    /// <summary>The key columns.</summary>
    | KeyColumns
    /// <summary>A column added, dropped or renamed.</summary>
    | Column of Name
    /// <summary>A part of a kept column.</summary>
    | ColumnPart of Name * ColumnPart
    /// <summary>The order of the columns.</summary>
    | ColumnOrder
    /// <summary>A table's index.</summary>
    | Index of Name
    /// <summary>A materialized view's indexes.</summary>
    | Indexes
    /// <summary>The partitioning scheme.</summary>
    | Partitioning
    /// <summary>The partition list as a whole.</summary>
    | Partitions
    /// <summary>One partition.</summary>
    | Partition of Name
    /// <summary>The distribution.</summary>
    | Distribution
    /// <summary>The bucket count.</summary>
    | Buckets
    /// <summary>The sort key.</summary>
    | SortKey
    /// <summary>One property (canonical key).</summary>
    | Property of string
    /// <summary>A view's properties as a whole.</summary>
    | Properties
    /// <summary>The comment.</summary>
    | Comment
    /// <summary>TEMPORARY.</summary>
    | Temporary
    /// <summary>Clauses the model keeps as text (ROLLUP, CHARSET).</summary>
    | UnmodelledClauses
    /// <summary>A view's or materialized view's query.</summary>
    | Query
    /// <summary>A view's or materialized view's column list.</summary>
    | Columns
    /// <summary>A view's SQL SECURITY.</summary>
    | Security
    /// <summary>A materialized view's refresh scheme.</summary>
    | Refresh
    /// <summary>A materialized view's refresh moment (IMMEDIATE or DEFERRED).</summary>
    | RefreshMoment
    /// <summary>A materialized view's state (active or inactive).</summary>
    | State

/// <summary>Functions over <see cref="T:StarRocks.Schema.DiffAttribute"/>.</summary>
[<RequireQualifiedAccess>]
module DiffAttribute =
    let private quote (n: Name) = "`" + Name.value n + "`"

    /// <summary>The attribute as explanations and JSON name it: <c>column `c` type</c>, <c>property "k"</c>,
    /// <c>sort key</c>, ...</summary>
    let text =
        function
        | DiffAttribute.Object -> "object"
        | DiffAttribute.Name -> "name"
        | DiffAttribute.Key -> "key"
        | DiffAttribute.KeyModel -> "key model"
        | DiffAttribute.KeyColumns -> "key columns"
        | DiffAttribute.Column n -> "column " + quote n
        | DiffAttribute.ColumnPart(n, part) ->
            let what =
                match part with
                | ColumnPart.Type -> "type"
                | ColumnPart.Aggregate -> "aggregate"
                | ColumnPart.Nullability -> "nullability"
                | ColumnPart.Value -> "value"
                | ColumnPart.Comment -> "comment"

            $"column %s{quote n} %s{what}"
        | DiffAttribute.ColumnOrder -> "column order"
        | DiffAttribute.Index n -> "index " + quote n
        | DiffAttribute.Indexes -> "indexes"
        | DiffAttribute.Partitioning -> "partitioning"
        | DiffAttribute.Partitions -> "partitions"
        | DiffAttribute.Partition n -> "partition " + quote n
        | DiffAttribute.Distribution -> "distribution"
        | DiffAttribute.Buckets -> "buckets"
        | DiffAttribute.SortKey -> "sort key"
        | DiffAttribute.Property k -> $"property \"%s{k}\""
        | DiffAttribute.Properties -> "properties"
        | DiffAttribute.Comment -> "comment"
        | DiffAttribute.Temporary -> "temporary"
        | DiffAttribute.UnmodelledClauses -> "unmodelled clauses"
        | DiffAttribute.Query -> "query"
        | DiffAttribute.Columns -> "columns"
        | DiffAttribute.Security -> "security"
        | DiffAttribute.Refresh -> "refresh"
        | DiffAttribute.RefreshMoment -> "refresh moment"
        | DiffAttribute.State -> "state"

/// <summary>One difference between the actual and the desired schema, for explanations (<c>--verbose</c>).</summary>
type Difference = {
    /// <summary>The object.</summary>
    Object: QualifiedName
    /// <summary>What the difference is about (<c>DiffAttribute.text</c> names it).</summary>
    Attribute: DiffAttribute
    /// <summary>The actual value, as text.</summary>
    Before: string
    /// <summary>The desired value, as text.</summary>
    After: string
    /// <summary>What the plan does about it.</summary>
    Outcome: Outcome
}

/// <summary>One statement of a plan: one operation, or a table's column clauses batched into one ALTER TABLE.</summary>
type Step = {
    /// <summary>The operations (several only for batched column clauses of one table).</summary>
    Operations: Operation list
    /// <summary>The highest risk among the operations.</summary>
    Risk: Risk
    /// <summary>The asynchronous job the statement starts.</summary>
    Job: Job
    /// <summary>Why the step is there, when that is not plain from the statement (e.g. which rebuild it belongs to).</summary>
    Notes: string list
}

/// <summary>The ordered statements that turn the actual schema into the desired one, and what was found.</summary>
type Plan = {
    /// <summary>The steps, in an order that respects dependencies.</summary>
    Steps: Step list
    /// <summary>Every difference found, with what the plan does about it.</summary>
    Differences: Difference list
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.Plan"/>.</summary>
[<RequireQualifiedAccess>]
module Plan =
    /// <summary>The operations of the plan, in order.</summary>
    let operations (p: Plan) =
        p.Steps |> List.collect (fun s -> s.Operations)

    /// <summary>True when the plan changes nothing.</summary>
    let isEmpty (p: Plan) = List.isEmpty p.Steps

    /// <summary>The highest risk of the plan's steps, if it has any.</summary>
    let maxRisk (p: Plan) =
        match p.Steps with
        | [] -> None
        | steps -> Some(steps |> List.map (fun s -> s.Risk) |> List.maxBy Risk.rank)

    /// <summary>The comment line that heads a statement in a script: <c>-- risk: RISK; job: JOB</c>.</summary>
    let riskLine (risk: Risk) (job: Job) =
        $"-- risk: %s{Risk.label risk}; job: %s{Job.label job}"

    /// <summary>Whether a comment line of a script is a statement's risk line (<c>riskLine</c>).</summary>
    let isRiskLine (line: string) =
        line.StartsWith("-- risk:", System.StringComparison.OrdinalIgnoreCase)

    /// <summary>A step of the given operations (one statement), with its risk and job.</summary>
    let internal step (ops: Operation list) (notes: string list) : Step = {
        Operations = ops
        Risk = Operation.statementRisk ops
        Job = Operation.statementJob ops
        Notes = notes
    }

    /// <summary>The statement of a step, ending with ';'.</summary>
    let statement (s: Step) = Render.statement s.Operations

    /// <summary>The plan as a script: each statement preceded by <c>--</c> comment lines (its notes, its risk class
    /// and the job it starts) and followed by a blank line. Empty for an empty plan.</summary>
    let sql (p: Plan) : string =
        let sb = System.Text.StringBuilder()

        for s in p.Steps do
            for note in s.Notes do
                sb.Append("-- ").Append(note.Replace("\n", " ")).Append('\n') |> ignore

            sb.Append(riskLine s.Risk s.Job).Append('\n') |> ignore

            sb.Append(statement s).Append("\n\n") |> ignore

        sb.ToString()

    /// <summary>The warnings: differences kept as they are, and planned changes StarRocks may refuse.</summary>
    let warnings (p: Plan) =
        p.Differences
        |> List.choose (fun d ->
            match d.Outcome with
            | Kept reason ->
                Some
                    $"`%s{QualifiedName.display d.Object}` %s{DiffAttribute.text d.Attribute}: %s{reason} (actual %s{d.Before})"
            | Warned reason ->
                Some $"`%s{QualifiedName.display d.Object}` %s{DiffAttribute.text d.Attribute}: %s{reason}"
            | Altered
            | Rebuilt
            | Ignored _ -> None)
