namespace StarRocks.Schema

/// <summary>A parsed object and the place of its statement.</summary>
type ParsedStatement = {
    /// <summary>The object.</summary>
    Object: SchemaObject
    /// <summary>The source's name.</summary>
    Source: string
    /// <summary>1-based line where the statement starts.</summary>
    Line: int
    /// <summary>1-based column where the statement starts.</summary>
    Column: int
}

/// <summary>The operations of one migration statement (several for a batched ALTER TABLE), and its place.</summary>
type ParsedOperations = {
    /// <summary>The operations, in the order of the statement's clauses.</summary>
    Operations: Operation list
    /// <summary>The source's name.</summary>
    Source: string
    /// <summary>1-based line where the statement starts.</summary>
    Line: int
    /// <summary>1-based column where the statement starts.</summary>
    Column: int
}

/// <summary>A statement of a script, as written: what runs, where it starts, the comment written directly above it, and
/// what it does when the parser reads it.</summary>
type ScriptStatement = {
    /// <summary>The statement, without its ';'.</summary>
    Sql: string
    /// <summary>1-based line where the statement starts.</summary>
    Line: int
    /// <summary>The comment lines directly above the statement (no blank line between), as written; a block separated
    /// by a blank line belongs to no statement.</summary>
    Comments: string list
    /// <summary>The operations, when the statement reads as migration operations (<c>None</c> for SQL the parser
    /// does not model, which still runs as written).</summary>
    Operations: Operation list option
}

/// <summary>The result of parsing a script: its statements in order, and warnings about clauses kept only as raw text.</summary>
type ParsedScript = {
    /// <summary>The statements, in order.</summary>
    Statements: ParsedStatement list
    /// <summary>Warnings (clauses the model keeps only as raw text), with their places.</summary>
    Warnings: Diagnostic list
    /// <summary>Renames the script declares with <c>-- srschema:renamed-from old_name</c> comments: on the CREATE TABLE
    /// line for the table, on a column's line for that column (see <c>DiffOptions.Renames</c>).</summary>
    Renames: Rename list
} with

    /// <summary>The objects, in the order of their statements.</summary>
    member Objects: SchemaObject list

/// <summary>A schema and the renames its scripts declare: what <c>Parse.model</c> returns and <c>Diff.planModel</c>
/// takes as the desired side, so that <c>-- srschema:renamed-from</c> directives travel with the model instead of
/// being copied into <c>DiffOptions.Renames</c> by hand.</summary>
type Model = {
    /// <summary>The tables, views and materialized views.</summary>
    Schema: Schema
    /// <summary>The renames the scripts declare (<c>ParsedScript.Renames</c>), in script order.</summary>
    Renames: Rename list
}

/// <summary>Parses CREATE TABLE / VIEW / MATERIALIZED VIEW statements, both as StarRocks's SHOW CREATE prints them and
/// as people write them (any keyword case, quoted or bare identifiers, either string quote, comments, several
/// statements per file). Pure and total: every failure is an <c>Error</c> naming line, column and what was expected,
/// never an exception. Every parsed object has passed <c>Validate</c>.</summary>
[<RequireQualifiedAccess>]
module Parse =
    /// <summary>Parses a whole script. All statements are parsed; errors of every failing statement are returned.</summary>
    /// <param name="source">The name used in diagnostics (a file path, or <c>&lt;input&gt;</c>).</param>
    /// <param name="text">The script.</param>
    /// <example><code>Parse.script "schema.sql" "CREATE TABLE t (id INT) DUPLICATE KEY(id);"</code></example>
    val script: source: string -> text: string -> Result<ParsedScript, Diagnostic list>

    /// <summary>Parses a migration script: CREATE statements and every DROP, ALTER and INSERT ... SELECT statement the
    /// renderer emits for an operation (<c>Render.operation</c>, <c>Render.statement</c>), so plain-SQL migrations can be
    /// replayed offline with <c>Apply.operations</c>. All statements are parsed; errors of every failing one are returned.</summary>
    /// <param name="source">The name used in diagnostics.</param>
    /// <param name="text">The script.</param>
    val operations: source: string -> text: string -> Result<ParsedOperations list, Diagnostic list>

    /// <summary>Splits a script into its statements, each with its line, the comment directly above it and, when it
    /// reads as migration operations, those. Only an unterminated quote or comment fails the whole script.</summary>
    /// <param name="source">The name used in diagnostics.</param>
    /// <param name="text">The script.</param>
    val statementOperations: source: string -> text: string -> Result<ScriptStatement list, Diagnostic>

    /// <summary>Joins parsed scripts (e.g. every file of a folder) into one schema; an object defined twice is an error
    /// at its second place.</summary>
    val schema: scripts: ParsedScript list -> Result<Schema, Diagnostic list>

    /// <summary>Joins parsed scripts into one schema, as <c>Parse.schema</c> does, and keeps the renames they declare:
    /// the desired side of <c>Diff.planModel</c>.</summary>
    /// <example><code>Parse.script "model.sql" text |> Result.bind (fun s -> Parse.model [ s ])</code></example>
    val model: scripts: ParsedScript list -> Result<Model, Diagnostic list>

    /// <summary>Parses exactly one CREATE statement (a trailing ';' is allowed).</summary>
    val statement: text: string -> Result<SchemaObject, Diagnostic>

    /// <summary>Parses exactly one CREATE TABLE statement.</summary>
    val createTable: text: string -> Result<Table, Diagnostic>

    /// <summary>Parses exactly one CREATE VIEW statement.</summary>
    val createView: text: string -> Result<View, Diagnostic>

    /// <summary>Parses exactly one CREATE MATERIALIZED VIEW statement.</summary>
    val createMaterializedView: text: string -> Result<MaterializedView, Diagnostic>

    /// <summary>Parses a column type such as <c>ARRAY&lt;DECIMAL(10, 2)&gt;</c>, or an aggregate-state type such as
    /// <c>min_by(TINYINT, DATETIME)</c>.</summary>
    val columnType: text: string -> Result<ColumnType, Diagnostic>

    /// <summary>Parses a complex-type literal as a DEFAULT holds it: <c>[1, 2]</c>, <c>map{1: 'a'}</c>,
    /// <c>row(1, 'x')</c>.</summary>
    val complexLiteral: text: string -> Result<ComplexLiteral, Diagnostic>

    /// <summary>Parses an object name: <c>orders</c>, <c>sales.orders</c>, <c>catalog.sales.orders</c>, any part
    /// backticked (<c>`my.table`</c>).</summary>
    val qualifiedName: text: string -> Result<QualifiedName, Diagnostic>

    /// <summary>Parses one partition key: a column (<c>dt</c>), <c>date_trunc('day', dt)</c>,
    /// <c>time_slice(dt, INTERVAL 1 hour)</c> or any other expression.</summary>
    val partitionKey: text: string -> Result<PartitionKey, Diagnostic>

    /// <summary>Parses an expression as a generated column or an expression default holds it (<c>id * 2</c>,
    /// <c>uuid()</c>): quotes and parentheses must balance, and nothing may follow it.</summary>
    val expression: text: string -> Result<Expr, Diagnostic>

    /// <summary>Parses a table's PARTITION BY clause: <c>PARTITION BY date_trunc('day', dt)</c>,
    /// <c>PARTITION BY RANGE (dt) (...)</c>, <c>PARTITION BY LIST (city) (...)</c>.</summary>
    val partitioning: text: string -> Result<Partitioning, Diagnostic>
