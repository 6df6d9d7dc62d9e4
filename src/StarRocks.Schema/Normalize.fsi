namespace StarRocks.Schema

/// <summary>Canonical forms for comparison only: what StarRocks treats as the same is made the same. Pure; used by the
/// diff (never by parsing, which keeps everything as written or printed).</summary>
[<RequireQualifiedAccess>]
module Normalize =
    /// <summary>The canonical form of a view or materialized view query, for comparison: whitespace, comments,
    /// backticks and keyword case folded; identifiers compared case-insensitively; database qualifiers dropped; a column
    /// qualifier naming the only relation of its query block dropped; and the rewrites StarRocks applies to stored
    /// definitions undone (`INNER JOIN`, `LEFT OUTER JOIN`, `x AS x`, expression-named aliases, `AS` before a table
    /// alias, internal CAST type spellings, a trailing `;`). String literal contents are never changed (only their quote
    /// style). Pure.</summary>
    val query: q: Query -> string

    /// <summary>The canonical form of a query whose output columns are known (a view's or materialized view's column
    /// list, which SHOW CREATE always prints): besides what <c>query</c> does, a lone <c>*</c> in the outermost select
    /// list becomes the columns it stands for, as StarRocks stores it. Pure.</summary>
    val queryWithColumns: columns: Name list -> q: Query -> string

    /// <summary>The names of a query's output columns, when its outermost select list says them all: each item a
    /// column (its last name part) or an aliased expression, no <c>*</c>. None when any name is StarRocks's to make up.
    /// Names are lower-cased (compared case-insensitively). Pure.</summary>
    val outputNames: q: Query -> string list option

    /// <summary>True when two queries have the same canonical form.</summary>
    val sameQuery: a: Query -> b: Query -> bool

    /// <summary>A comment as it compares: old servers printed a default comment (<c>OLAP</c> for tables, <c>VIEW</c> for
    /// views, <c>MATERIALIZED_VIEW</c> for materialized views) that means "no comment".</summary>
    val comment: o: SchemaObject -> string

    /// <summary>Whether a column is nullable, as StarRocks decides when the statement did not say: AUTO_INCREMENT
    /// columns and key columns of a PRIMARY KEY table are NOT NULL, every other column is NULL.</summary>
    val nullable: t: Table -> c: Column -> bool

    /// <summary>The sort key: ORDER BY when given, else the key columns (None when neither is written).</summary>
    val sortKey: t: Table -> Name list option

    /// <summary>The distribution, with the one default StarRocks resolves exactly: a PRIMARY KEY table without
    /// DISTRIBUTED BY is distributed by HASH of its key, with automatic buckets.</summary>
    val distribution: t: Table -> Distribution option

    /// <summary>The canonical form of an expression (a generated column, a DEFAULT expression, a partition expression),
    /// by the same token rules as <c>query</c>: backticks, whitespace and keyword case folded, literals untouched.</summary>
    val expression: e: Expr -> string

    /// <summary>The dotted identifier chains a query mentions (<c>db.t</c> is <c>["db"; "t"]</c>), each once: every
    /// object the query reads is among them (column and alias names too, so callers match them against known
    /// objects).</summary>
    val references: q: Query -> string list list

    /// <summary>The columns among <c>columns</c> (its base table's) that a synchronous materialized view reads
    /// anywhere in its query: StarRocks refuses to drop or change them while the view exists.</summary>
    val syncReads: m: SyncMaterializedView -> columns: Name list -> Name list
