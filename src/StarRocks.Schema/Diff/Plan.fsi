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
    val defaults: DiffOptions

    /// <summary>The options for a server (or what a project assumes offline): its release and run mode, each the
    /// newest release and shared-nothing when unknown, and the database unqualified names belong to.</summary>
    val forServer: version: ServerVersion option -> runMode: RunMode option -> database: Name option -> DiffOptions

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
    /// <summary>The attribute as explanations and JSON name it: <c>column `c` type</c>, <c>property "k"</c>,
    /// <c>sort key</c>, ...</summary>
    val text: attribute: DiffAttribute -> string

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
    /// <summary>The release the statement is written for (<c>Diff.plan</c> sets the options' release): a materialized
    /// view's untimed refresh is <c>ON_CHANGE</c> for 26.2 and later (see <c>Render.statementFor</c>). <c>None</c>
    /// writes it as <c>Render.statement</c> does.</summary>
    WrittenFor: ServerVersion option
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
    val operations: p: Plan -> Operation list

    /// <summary>True when the plan changes nothing.</summary>
    val isEmpty: p: Plan -> bool

    /// <summary>The highest risk of the plan's steps, if it has any.</summary>
    val maxRisk: p: Plan -> Risk option

    /// <summary>The comment line that heads a statement in a script: <c>-- risk: RISK; job: JOB</c>.</summary>
    val riskLine: risk: Risk -> job: Job -> string

    /// <summary>Whether a comment line of a script is a statement's risk line (<c>riskLine</c>).</summary>
    val isRiskLine: line: string -> bool

    /// <summary>A step of the given operations (one statement), with its risk and job, written for no particular
    /// release.</summary>
    val internal step: ops: Operation list -> notes: string list -> Step

    /// <summary>The statement of a step, ending with ';', written for the step's release (<c>WrittenFor</c>).</summary>
    val statement: s: Step -> string

    /// <summary>The plan as a script: each statement preceded by <c>--</c> comment lines (its notes, its risk class
    /// and the job it starts) and followed by a blank line. Empty for an empty plan.</summary>
    val sql: p: Plan -> string

    /// <summary>The warnings: differences kept as they are, and planned changes StarRocks may refuse.</summary>
    val warnings: p: Plan -> string list
