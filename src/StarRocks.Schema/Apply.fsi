namespace StarRocks.Schema

/// <summary>Applies operations to a schema, as StarRocks would: pure and total. An operation that does not fit the
/// schema (a missing table, a column that already exists, a result StarRocks would reject) is an <c>Error</c> naming
/// the object and what is wrong. This is how a chain of migration files is replayed without a server.</summary>
/// <remarks>
/// Objects are found by their qualified name exactly as written (no default database is assumed); columns, STRUCT
/// fields, indexes and partitions by name ignoring case (<c>Name.same</c>). Every object an operation creates or
/// changes must pass <c>Validate.schemaObject</c>. Properties set by ALTER replace an existing key of any case and are
/// kept under their table-level key (<c>default.replication_num</c> as <c>replication_num</c>); after
/// <c>SetPartitionProperties</c> a partition keeps a property only where it differs from the table's value.
/// <c>CopyRows</c> checks that both tables and the named columns exist and changes nothing.
/// </remarks>
[<RequireQualifiedAccess>]
module Apply =
    /// <summary>Applies one operation.</summary>
    /// <returns>The changed schema, or an error prefixed with the operation's target, e.g.
    /// <c>`t`: there is no column `c`</c>.</returns>
    val operation: op: Operation -> s: Schema -> Result<Schema, string>

    /// <summary>Applies operations in order; the first that does not fit stops the run, and its error says which
    /// operation it was (1-based).</summary>
    /// <example><code>Apply.operations (Plan.operations (Diff.plan options actual desired)) actual</code></example>
    val operations: ops: Operation list -> s: Schema -> Result<Schema, string>
