namespace StarRocks.Schema

/// <summary>Model invariants StarRocks enforces at CREATE time. Pure; used at the end of parsing and by builders.
/// Each error names the clause it concerns. Only rules StarRocks is known to enforce are checked.</summary>
/// <remarks>
/// Names of columns, indexes, partitions and STRUCT fields compare case-insensitively, as in StarRocks; names of
/// objects (in <c>redefinitions</c> and <c>schema</c>) compare exactly as written.
/// <para>Tables are also held to the static rules the server's CREATE TABLE analysis applies in every release from
/// 2.5 on, with its reasons: key column types (and the PRIMARY KEY types), generated columns neither keys nor before
/// ordinary columns, RANDOM distribution (PRIMARY and UNIQUE KEY, AGGREGATE KEY with REPLACE), hash columns (key
/// columns of non-DUPLICATE tables, no FLOAT/DOUBLE/complex/JSON/HLL/BITMAP/PERCENTILE), sort keys (AGGREGATE and
/// UNIQUE KEY: exactly the key columns; PRIMARY KEY: the primary key types), partition columns (distinct, key columns
/// of non-DUPLICATE tables, no FLOAT/DOUBLE/complex), indexes (one column per BITMAP index, distinct columns, no two
/// on the same columns, the column types and tables each kind supports), <c>replication_num</c> (1 to 32767, table,
/// partitions and materialized views) and <c>bloom_filter_columns</c> (existing columns, once, supported types).
/// Rules that differ between releases are left to the server.</para>
/// </remarks>
[<RequireQualifiedAccess>]
module Validate =
    /// <summary>The errors of a table; empty when it is valid.</summary>
    val table: t: Table -> string list

    /// <summary>The errors of a view; empty when it is valid.</summary>
    val view: v: View -> string list

    /// <summary>The errors of a materialized view; empty when it is valid.</summary>
    val materializedView: m: MaterializedView -> string list

    /// <summary>The errors of a synchronous materialized view on its own (its aliases are unique); its base
    /// table is checked with the schema (<c>baseTableErrors</c>).</summary>
    val syncMaterializedView: m: SyncMaterializedView -> string list

    /// <summary>The types a PRIMARY KEY column (and a PRIMARY KEY table's sort column) may have.</summary>
    val internal primaryKeyType: t: ColumnType -> bool

    /// <summary>The errors of any schema object.</summary>
    val schemaObject: o: SchemaObject -> string list

    /// <summary>True when the object has no validation errors.</summary>
    val isValid: o: SchemaObject -> bool

    /// <summary>Each later definition of a name already defined, paired with the first one (tables, views and
    /// materialized views share one namespace; names compare exactly as written).</summary>
    /// <param name="objectOf">How to get the object of an item (items may carry a place, for messages).</param>
    /// <param name="items">The items, in the order of their definitions.</param>
    val redefinitions: objectOf: ('a -> SchemaObject) -> items: 'a list -> ('a * 'a) list

    /// <summary>Each synchronous materialized view whose base table is not among the items, or is a PRIMARY KEY
    /// table (StarRocks: "Do not support create materialized view on primary key table"), with the error.</summary>
    /// <param name="objectOf">How to get the object of an item (items may carry a place, for messages).</param>
    /// <param name="items">The items.</param>
    val baseTableErrors: objectOf: ('a -> SchemaObject) -> items: 'a list -> ('a * string) list

    /// <summary>Builds a schema from objects; errors name each object defined twice and each synchronous
    /// materialized view without a valid base table.</summary>
    val schema: objects: SchemaObject list -> Result<Schema, string list>
