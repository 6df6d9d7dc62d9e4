namespace StarRocks.Schema

/// <summary>Renders the model as canonical CREATE statements in the style current StarRocks SHOW CREATE prints:
/// lower-case types with display widths (<c>int(11)</c>), backticked names, <c>COMMENT ""</c> on every column,
/// one property per line in sorted order. Pure and deterministic; parsing the output gives the same model back.</summary>
[<RequireQualifiedAccess>]
module Render =
    /// <summary>A column type, e.g. <c>array&lt;decimal(10, 2)&gt;</c>.</summary>
    val columnType: t: ColumnType -> string

    /// <summary>A complex-type literal as a DEFAULT writes it, e.g. <c>map{1: 'a'}</c> (strings single-quoted).</summary>
    val complexLiteral: l: ComplexLiteral -> string

    /// <summary>One column definition line (without indentation or trailing comma).</summary>
    val column: c: Column -> string

    /// <summary>An aggregate-state type, <c>f(t1 [NOT NULL], ...)</c>, its argument types written by <c>typeText</c>
    /// (Render's spelling, or Codegen's).</summary>
    val internal aggregateStateWith:
        typeText: (ColumnType -> string) -> f: string -> args: AggregateStateArgument list -> string

    /// <summary>A partition key, e.g. <c>date_trunc('day', `dt`)</c>, its column names quoted by <c>quote</c>.</summary>
    val internal partitionKeyWith: quote: (Name -> string) -> k: PartitionKey -> string

    /// <summary>A DISTRIBUTED BY clause, e.g. <c>DISTRIBUTED BY HASH(`id`) BUCKETS 8</c>. Range distribution gives
    /// <c>DISTRIBUTED BY RANGE</c>, which is not StarRocks syntax (there is none): CREATE statements write no clause
    /// for it, and only an <c>ALTER TABLE</c> the diff never plans would write this text (the server refuses it).</summary>
    val distribution: d: Distribution -> string

    /// <summary>A REFRESH clause, e.g. <c>REFRESH ASYNC EVERY(INTERVAL 1 HOUR)</c>; the untimed asynchronous refresh
    /// is written <c>ASYNC</c>.</summary>
    val refresh: r: Refresh -> string

    /// <summary>A REFRESH clause as written for a server of the release: as <c>refresh</c>, except that the untimed
    /// asynchronous refresh is <c>ON_CHANGE</c> where <c>ServerRules.writes</c> says so (26.2 and later,
    /// unconfirmed), e.g. <c>REFRESH DEFERRED ON_CHANGE</c>. Timed refreshes keep <c>ASYNC ... EVERY</c>.</summary>
    val refreshFor: version: ServerVersion -> r: Refresh -> string

    /// <summary>A CREATE TABLE statement, ending with ';' (no DISTRIBUTED BY for range distribution).</summary>
    val table: t: Table -> string

    /// <summary>A CREATE VIEW statement, ending with ';'.</summary>
    val view: v: View -> string

    /// <summary>A CREATE MATERIALIZED VIEW statement, ending with ';'.</summary>
    val materializedView: m: MaterializedView -> string

    /// <summary>The query of a synchronous materialized view, written from the model's parts (SELECT ... FROM ...
    /// [WHERE ...] [GROUP BY ...] [ORDER BY ...]).</summary>
    val syncQuery: m: SyncMaterializedView -> Query

    /// <summary>The CREATE MATERIALIZED VIEW statement of a synchronous materialized view (its query written from
    /// the model's parts).</summary>
    val syncMaterializedView: m: SyncMaterializedView -> string

    /// <summary>The DDL statement of one operation, ending with ';'.</summary>
    /// <example><code>Render.operation (DropColumn(QualifiedName.ofName (Name.create "t"), Name.create "c"))</code>
    /// gives <c>ALTER TABLE `t` DROP COLUMN `c`;</c></example>
    val operation: op: Operation -> string

    /// <summary>One statement for operations the planner batched: column clauses of one table become one
    /// <c>ALTER TABLE</c> with a clause per line; any other list is its operations' statements, one per line.</summary>
    val statement: ops: Operation list -> string

    /// <summary>As <c>statement</c>, written for a server of the release: CREATE MATERIALIZED VIEW and ALTER
    /// MATERIALIZED VIEW ... REFRESH write the refresh as <c>refreshFor</c> does. Plans render their steps so.</summary>
    val statementFor: version: ServerVersion -> ops: Operation list -> string

    /// <summary>The CREATE statement of any object.</summary>
    val schemaObject: o: SchemaObject -> string

    /// <summary>Statements of objects in the given order, separated by a blank line, with a final newline.</summary>
    /// <example><code>Render.script parsed.Objects |> printf "%s"</code></example>
    val script: objects: SchemaObject list -> string

    /// <summary>The objects of a schema: tables, then views, then materialized views, each sorted by name.</summary>
    val schema: s: Schema -> string
