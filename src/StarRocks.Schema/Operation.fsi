namespace StarRocks.Schema

/// <summary>Where an added or modified column goes: <c>FIRST</c> or <c>AFTER column</c>.</summary>
type ColumnPosition =
    /// <summary>FIRST.</summary>
    | First
    /// <summary>AFTER the named column.</summary>
    | After of Name

/// <summary>A full column definition as ADD COLUMN and MODIFY COLUMN state it.</summary>
type ColumnDefinition = {
    /// <summary>The column.</summary>
    Column: Column
    /// <summary>True for a key column (written <c>KEY</c> after the type); key columns of AGGREGATE, UNIQUE and
    /// DUPLICATE KEY tables must say so.</summary>
    Key: bool
    /// <summary>FIRST / AFTER, or <c>None</c> for the server's default place.</summary>
    Position: ColumnPosition option
}

/// <summary>One DDL statement's worth of change to a schema. Operations name their targets and carry the new
/// values only, so that every operation can be rendered to DDL and read back from it; what they replace is in the
/// schema they apply to. Column operations of one table are batched into one ALTER TABLE by the planner.</summary>
type Operation =
    /// <summary><c>CREATE TABLE</c>.</summary>
    | CreateTable of Table
    /// <summary><c>DROP TABLE</c>: the table and its data are gone.</summary>
    | DropTable of table: QualifiedName
    /// <summary><c>ALTER TABLE t RENAME new</c>.</summary>
    | RenameTable of table: QualifiedName * newName: Name
    /// <summary><c>ADD COLUMN</c>.</summary>
    | AddColumn of table: QualifiedName * column: ColumnDefinition
    /// <summary><c>DROP COLUMN</c>: the column's data is gone.</summary>
    | DropColumn of table: QualifiedName * column: Name
    /// <summary><c>MODIFY COLUMN</c> with the full new definition (type, nullability, comment, position).</summary>
    | ModifyColumn of table: QualifiedName * column: ColumnDefinition
    /// <summary><c>MODIFY COLUMN c COMMENT "..."</c> (a metadata change, 3.4+).</summary>
    | SetColumnComment of table: QualifiedName * column: Name * comment: string
    /// <summary><c>RENAME COLUMN a TO b</c> (3.3.2+).</summary>
    | RenameColumn of table: QualifiedName * column: Name * newName: Name
    /// <summary><c>MODIFY COLUMN c ADD FIELD path.f type [FIRST | AFTER g]</c>: path names the enclosing STRUCT fields.</summary>
    | AddField of
        table: QualifiedName *
        column: Name *
        path: Name list *
        field: StructField *
        position: ColumnPosition option
    /// <summary><c>MODIFY COLUMN c DROP FIELD path.f</c>: the field's data is gone.</summary>
    | DropField of table: QualifiedName * column: Name * path: Name list * field: Name
    /// <summary><c>ALTER TABLE t COMMENT = "..."</c> (3.1+).</summary>
    | SetTableComment of table: QualifiedName * comment: string
    /// <summary><c>ALTER TABLE t SET (...)</c>: one key, or several keys sharing the <c>dynamic_partition.</c> or
    /// <c>binlog.</c> prefix. <c>default.replication_num</c> and <c>default.storage_medium</c> set the table's value
    /// for partitions created later.</summary>
    | SetTableProperties of table: QualifiedName * properties: Map<string, string>
    /// <summary><c>ALTER TABLE t MODIFY PARTITION (*) SET (...)</c>: the properties of every existing partition.</summary>
    | SetPartitionProperties of table: QualifiedName * properties: Map<string, string>
    /// <summary><c>ALTER TABLE t DISTRIBUTED BY ...</c> (an OPTIMIZE job that rewrites the data, 3.2+).</summary>
    | SetDistribution of table: QualifiedName * distribution: Distribution
    /// <summary><c>ALTER TABLE t ORDER BY (...)</c>: a new sort key (fewer columns than the table has).</summary>
    | SetOrderBy of table: QualifiedName * columns: Name list
    /// <summary><c>ADD PARTITION</c> of a RANGE table.</summary>
    | AddRangePartition of table: QualifiedName * partition: RangePartition
    /// <summary><c>ADD PARTITION</c> of a LIST table.</summary>
    | AddListPartition of table: QualifiedName * partition: ListPartition
    /// <summary><c>DROP PARTITION</c>: the partition's data is gone.</summary>
    | DropPartition of table: QualifiedName * partition: Name
    /// <summary><c>ADD INDEX</c>.</summary>
    | AddIndex of table: QualifiedName * index: Index
    /// <summary><c>DROP INDEX</c>.</summary>
    | DropIndex of table: QualifiedName * index: Name
    /// <summary><c>INSERT INTO target (columns) SELECT sources FROM source</c>: the copy step of a rebuild; pairs are
    /// (target column, source column).</summary>
    | CopyRows of source: QualifiedName * target: QualifiedName * columns: (Name * Name) list
    /// <summary><c>ALTER TABLE a SWAP WITH b</c>: the two tables exchange names (materialized views reading either
    /// become inactive).</summary>
    | SwapTable of table: QualifiedName * other: Name
    /// <summary><c>CREATE VIEW</c>.</summary>
    | CreateView of View
    /// <summary><c>CREATE OR REPLACE VIEW</c>: a new definition, comment or security for an existing view.</summary>
    | ReplaceView of View
    /// <summary><c>ALTER VIEW v (columns) AS query</c>: the comment and security stay.</summary>
    | AlterView of view: QualifiedName * columns: ViewColumn list * query: Query
    /// <summary><c>DROP VIEW</c>.</summary>
    | DropView of view: QualifiedName
    /// <summary><c>CREATE MATERIALIZED VIEW</c>.</summary>
    | CreateMaterializedView of MaterializedView
    /// <summary><c>DROP MATERIALIZED VIEW</c>: its data is gone (it can be refreshed again).</summary>
    | DropMaterializedView of view: QualifiedName
    /// <summary><c>CREATE MATERIALIZED VIEW mv AS SELECT ... FROM t ...</c> (no REFRESH, no DISTRIBUTED BY): builds a
    /// synchronous materialized view of <c>t</c> in a ROLLUP job. It is dropped with <c>DropMaterializedView</c>,
    /// whose statement is the same for both kinds.</summary>
    | CreateSyncMaterializedView of SyncMaterializedView
    /// <summary><c>ALTER MATERIALIZED VIEW mv REFRESH ...</c>.</summary>
    | SetRefresh of view: QualifiedName * refresh: Refresh
    /// <summary><c>ALTER MATERIALIZED VIEW mv SET (...)</c>: one key.</summary>
    | SetMaterializedViewProperties of view: QualifiedName * properties: Map<string, string>
    /// <summary><c>ALTER MATERIALIZED VIEW mv ACTIVE</c>: re-validates a view that a change of its base tables made
    /// inactive.</summary>
    | ActivateMaterializedView of view: QualifiedName

/// <summary>A rename the desired schema declares (renames are never guessed).</summary>
type Rename =
    /// <summary>The table now named <c>table</c> was called <c>from</c> (in the same database).</summary>
    | TableRenamed of table: QualifiedName * from: Name
    /// <summary>Column <c>column</c> of the (desired) table <c>table</c> was called <c>from</c>.</summary>
    | ColumnRenamed of table: QualifiedName * column: Name * from: Name

/// <summary>Functions over <see cref="T:StarRocks.Schema.Rename"/>.</summary>
[<RequireQualifiedAccess>]
module Rename =
    /// <summary>The same rename seen from the other side (what a down migration declares): the new name becomes the
    /// old one and the old one the new.</summary>
    val reverse: rename: Rename -> Rename

/// <summary>What an operation costs and risks. Ranked by <c>Risk.rank</c>, not by the order of its cases.</summary>
[<NoComparison>]
type Risk =
    /// <summary>Metadata only: instant, nothing rewritten, nothing lost.</summary>
    | MetadataOnly
    /// <summary>Data rewritten in place by an asynchronous job (or copied); slow on large tables, nothing lost.</summary>
    | Rewrite
    /// <summary>Data or objects lost or rebuilt.</summary>
    | Destructive

/// <summary>The asynchronous job a statement starts, which a runner waits for with <c>SHOW ALTER TABLE ...</c>.</summary>
type Job =
    /// <summary>No job: the statement is done when it returns.</summary>
    | NoJob
    /// <summary>A schema-change job (<c>SHOW ALTER TABLE COLUMN</c>).</summary>
    | ColumnJob
    /// <summary>An OPTIMIZE job (<c>SHOW ALTER TABLE OPTIMIZE</c>).</summary>
    | OptimizeJob
    /// <summary>A ROLLUP job building a synchronous materialized view (<c>SHOW ALTER TABLE ROLLUP</c>, the list
    /// <c>SHOW ALTER MATERIALIZED VIEW</c> also shows), on its base table.</summary>
    | RollupJob

/// <summary>Functions over <see cref="T:StarRocks.Schema.Risk"/>.</summary>
[<RequireQualifiedAccess>]
module Risk =
    /// <summary>The rank of a risk: metadata-only 0, rewrite 1, destructive 2. A plan's risk is its highest rank.</summary>
    val rank: risk: Risk -> int

    /// <summary>Whether <c>risk</c> is at least as high as <c>limit</c>.</summary>
    val atLeast: limit: Risk -> risk: Risk -> bool

    /// <summary>The words used in comments and JSON: <c>metadata-only</c>, <c>rewrite</c>, <c>destructive</c>.</summary>
    val label: risk: Risk -> string

/// <summary>How an operation is written in DDL.</summary>
type StatementForm =
    /// <summary>A clause of <c>ALTER TABLE t</c> (several column clauses may share one statement).</summary>
    | AlterTableClause
    /// <summary>A clause of <c>ALTER MATERIALIZED VIEW mv</c>.</summary>
    | AlterMaterializedViewClause
    /// <summary>A statement of its own (CREATE, DROP, ALTER VIEW, INSERT).</summary>
    | OwnStatement

/// <summary>Functions over <see cref="T:StarRocks.Schema.Operation"/>.</summary>
[<RequireQualifiedAccess>]
module Operation =
    /// <summary>The object an operation changes.</summary>
    val target: op: Operation -> QualifiedName

    /// <summary>How the operation is written: an ALTER TABLE clause, an ALTER MATERIALIZED VIEW clause, or its own
    /// statement.</summary>
    val form: op: Operation -> StatementForm

    /// <summary>The operation's case name, e.g. <c>AddColumn</c> (for JSON and messages).</summary>
    val kind: op: Operation -> string

    /// <summary>The risk class of an operation.</summary>
    val risk: op: Operation -> Risk

    /// <summary>The asynchronous job an operation starts.</summary>
    val job: op: Operation -> Job

    /// <summary>The risk of a statement: the highest of its operations' (metadata-only for none).</summary>
    val statementRisk: ops: Operation list -> Risk

    /// <summary>The job a statement starts: the first job one of its operations starts, if any.</summary>
    val statementJob: ops: Operation list -> Job

/// <summary>Functions over <see cref="T:StarRocks.Schema.Job"/>.</summary>
[<RequireQualifiedAccess>]
module Job =
    /// <summary>The job kind as <c>SHOW ALTER TABLE</c> names it (<c>COLUMN</c>, <c>OPTIMIZE</c>), or <c>none</c>.</summary>
    val label: job: Job -> string
