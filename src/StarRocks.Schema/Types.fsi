namespace StarRocks.Schema

/// <summary>An identifier (database, table, column, index, partition or field name) exactly as it was spelled.</summary>
/// <remarks>
/// The spelling is kept, so that rendering a parsed statement gives the same name back. How StarRocks compares
/// names (column names case-insensitively, table names case-sensitively) is the business of normalization, which
/// only the diff uses. Build one with <c>Name.create</c> or <c>Name.tryCreate</c>.
/// </remarks>
[<Struct; StructuralEquality; StructuralComparison>]
type Name =
    private
    | Name of string

    /// <summary>The identifier's text, without quotes.</summary>
    member Value: string

    override ToString: unit -> string

/// <summary>Functions over <see cref="T:StarRocks.Schema.Name"/>.</summary>
[<RequireQualifiedAccess>]
module Name =
    /// <summary>Makes a name; <c>Error</c> when the text is empty or holds a NUL character.</summary>
    val tryCreate: text: string -> Result<Name, string>

    /// <summary>Makes a name from text known to be valid; throws <c>System.ArgumentException</c> otherwise (use in code, not on user input).</summary>
    val create: text: string -> Name

    /// <summary>The identifier's text.</summary>
    val value: Name -> string

    /// <summary>True when two names are equal ignoring case, as StarRocks compares column, field, index and partition names.</summary>
    val same: a: Name -> b: Name -> bool

    /// <summary>True for the hidden columns StarRocks adds for expression partitioning (<c>__generated_partition_column_N</c>).</summary>
    val isServerGenerated: Name -> bool

/// <summary>A possibly qualified object name: <c>[[catalog.]database.]name</c>.</summary>
type QualifiedName = {
    /// <summary>The catalog, when the statement named one.</summary>
    Catalog: Name option
    /// <summary>The database, when the statement named one (else the connection's default database).</summary>
    Database: Name option
    /// <summary>The object's own name.</summary>
    Name: Name
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.QualifiedName"/>.</summary>
[<RequireQualifiedAccess>]
module QualifiedName =
    /// <summary>An unqualified name.</summary>
    val ofName: name: Name -> QualifiedName

    /// <summary>A name qualified by a database.</summary>
    val inDatabase: database: Name -> name: Name -> QualifiedName

    /// <summary>The dotted form without quotes, e.g. <c>sales.orders</c>, for messages.</summary>
    val display: q: QualifiedName -> string

/// <summary>A column data type, by meaning: display widths of integers are cosmetic and not kept,
/// <c>STRING</c>/<c>TEXT</c> are <c>Varchar 65533</c>, the <c>decimal32/64/128</c> spellings are <c>Decimal</c>,
/// <c>BINARY</c> is <c>Varbinary</c>.</summary>
type ColumnType =
    /// <summary>BOOLEAN.</summary>
    | Boolean
    /// <summary>TINYINT (8 bits).</summary>
    | TinyInt
    /// <summary>SMALLINT (16 bits).</summary>
    | SmallInt
    /// <summary>INT or INTEGER (32 bits).</summary>
    | Int
    /// <summary>BIGINT (64 bits).</summary>
    | BigInt
    /// <summary>LARGEINT (128 bits).</summary>
    | LargeInt
    /// <summary>FLOAT.</summary>
    | Float
    /// <summary>DOUBLE.</summary>
    | Double
    /// <summary>DECIMAL(p, s) in any of its spellings (DECIMAL, NUMERIC, NUMBER, DECIMAL32/64/128/256); p 1..76, s 0..p.</summary>
    | Decimal of precision: int * scale: int
    /// <summary>The legacy DECIMALV2(p, s).</summary>
    | DecimalV2 of precision: int * scale: int
    /// <summary>CHAR(n), 1..255.</summary>
    | Char of length: int
    /// <summary>VARCHAR(n); STRING and TEXT are VARCHAR(65533).</summary>
    | Varchar of length: int
    /// <summary>VARBINARY or BINARY, with a length when one was given.</summary>
    | Varbinary of length: int option
    /// <summary>DATE.</summary>
    | Date
    /// <summary>DATETIME.</summary>
    | DateTime
    /// <summary>JSON.</summary>
    | Json
    /// <summary>HLL (aggregate tables).</summary>
    | Hll
    /// <summary>BITMAP (aggregate tables).</summary>
    | Bitmap
    /// <summary>PERCENTILE (aggregate tables).</summary>
    | Percentile
    /// <summary>VARIANT (4.x).</summary>
    | Variant
    /// <summary>ARRAY&lt;T&gt;.</summary>
    | Array of element: ColumnType
    /// <summary>MAP&lt;K, V&gt;.</summary>
    | Map of key: ColumnType * value: ColumnType
    /// <summary>STRUCT&lt;f1 T1, ...&gt;; field order is significant.</summary>
    | Struct of fields: StructField list
    /// <summary>An aggregate-state column of an AGGREGATE KEY table (3.4+, some functions later [U]), written in place
    /// of the type as a call shape: <c>min_by(tinyint, datetime)</c>, <c>ds_theta_count_distinct(bigint NOT NULL)</c>.
    /// The column keeps the intermediate state of that aggregate function and is merged by it, so it is a value column
    /// (see <c>Column.isAggregated</c>). The function name is kept lower-case and is not checked against a list (the
    /// grammar does not close it); StarRocks only allows it at the top of a column's type.</summary>
    | AggregateState of functionName: string * arguments: AggregateStateArgument list

/// <summary>An argument of an aggregate-state type: the argument's type and whether it was declared NULL / NOT NULL.</summary>
and AggregateStateArgument = {
    /// <summary>The argument's type.</summary>
    Type: ColumnType
    /// <summary><c>Some false</c> for NOT NULL, <c>Some true</c> for NULL, <c>None</c> when not written.</summary>
    Nullable: bool option
}

/// <summary>A field of a STRUCT type.</summary>
and StructField = {
    /// <summary>The field's name (unique case-insensitively within the struct).</summary>
    Name: Name
    /// <summary>The field's type.</summary>
    Type: ColumnType
    /// <summary>The field's comment; empty when none.</summary>
    Comment: string
}

/// <summary>An aggregate function of a value column in an AGGREGATE KEY table.</summary>
type AggregateType =
    /// <summary>SUM.</summary>
    | Sum
    /// <summary>MIN.</summary>
    | Min
    /// <summary>MAX.</summary>
    | Max
    /// <summary>REPLACE.</summary>
    | Replace
    /// <summary>REPLACE_IF_NOT_NULL.</summary>
    | ReplaceIfNotNull
    /// <summary>HLL_UNION (HLL columns).</summary>
    | HllUnion
    /// <summary>BITMAP_UNION (BITMAP columns).</summary>
    | BitmapUnion
    /// <summary>PERCENTILE_UNION (PERCENTILE columns).</summary>
    | PercentileUnion

/// <summary>Functions over <see cref="T:StarRocks.Schema.AggregateType"/>.</summary>
[<RequireQualifiedAccess>]
module AggregateType =
    /// <summary>Every aggregate function.</summary>
    val all: AggregateType list

    /// <summary>The keyword StarRocks writes, e.g. <c>REPLACE_IF_NOT_NULL</c>.</summary>
    val keyword: AggregateType -> string

/// <summary>SQL expression text (a generated column, an expression default, a partition expression), kept exactly
/// as written between its delimiters. The parser only accepts text whose quotes and parentheses balance.</summary>
[<Struct; StructuralEquality; StructuralComparison>]
type Expr =
    private
    | Expr of string

    /// <summary>The expression text.</summary>
    member Text: string

/// <summary>Functions over <see cref="T:StarRocks.Schema.Expr"/>.</summary>
[<RequireQualifiedAccess>]
module Expr =
    /// <summary>Wraps expression text (trimmed). The caller vouches that it is balanced; the parser checks it.</summary>
    val ofText: text: string -> Expr

    /// <summary>The expression text.</summary>
    val text: Expr -> string

/// <summary>A complex-type literal (ARRAY, MAP, STRUCT default, 4.1+ [U]), by structure: white space, the quote
/// style of strings and the case of <c>map</c>, <c>row</c>, <c>true</c> and <c>NULL</c> do not count. Kept as a tree
/// rather than as text so that two spellings of one value compare equal; numbers and strings stay apart because
/// StarRocks types an array literal from its elements (<c>[1, 2]</c> is an ARRAY of integers, <c>['1', '2']</c> of
/// strings).</summary>
[<RequireQualifiedAccess>]
type ComplexLiteral =
    /// <summary>A number, as written (e.g. <c>-1.5</c>).</summary>
    | Number of string
    /// <summary>A quoted string: its value.</summary>
    | Text of string
    /// <summary><c>TRUE</c> or <c>FALSE</c>.</summary>
    | Boolean of bool
    /// <summary><c>NULL</c> as an element.</summary>
    | Null
    /// <summary><c>[e1, e2, ...]</c>.</summary>
    | Array of elements: ComplexLiteral list
    /// <summary><c>map{k1: v1, ...}</c>; entries in order.</summary>
    | Map of entries: (ComplexLiteral * ComplexLiteral) list
    /// <summary><c>row(e1, e2, ...)</c> (a STRUCT value, fields by position).</summary>
    | Row of fields: ComplexLiteral list

/// <summary>The DEFAULT of a column.</summary>
[<RequireQualifiedAccess>]
type DefaultValue =
    /// <summary><c>DEFAULT "literal"</c>: the literal's value (StarRocks keeps all literal defaults as strings).</summary>
    | Literal of string
    /// <summary><c>DEFAULT NULL</c>.</summary>
    | Null
    /// <summary><c>DEFAULT CURRENT_TIMESTAMP[(n)]</c> (also how <c>now()</c> is printed).</summary>
    | CurrentTimestamp of precision: int option
    /// <summary><c>DEFAULT (expr)</c>, e.g. <c>(uuid())</c>; the text inside the parentheses.</summary>
    | Expression of Expr
    /// <summary><c>DEFAULT [1, 2]</c>, <c>DEFAULT map{1: 'a'}</c>, <c>DEFAULT row(1, 'x')</c>: a complex-type literal
    /// (always an array, a map or a row at the top).</summary>
    | Complex of ComplexLiteral

/// <summary>Where a column's value comes from when a load does not give it. At most one per column.</summary>
type ValueSource =
    /// <summary>A DEFAULT clause.</summary>
    | Default of DefaultValue
    /// <summary>AUTO_INCREMENT (BIGINT NOT NULL only).</summary>
    | AutoIncrement
    /// <summary>A generated column, <c>AS expr</c>.</summary>
    | Generated of Expr

/// <summary>A table column.</summary>
type Column = {
    /// <summary>The column name.</summary>
    Name: Name
    /// <summary>The data type.</summary>
    Type: ColumnType
    /// <summary>The aggregate function (AGGREGATE KEY value columns; REPLACE is tolerated elsewhere).</summary>
    Aggregate: AggregateType option
    /// <summary><c>Some true</c> for NULL, <c>Some false</c> for NOT NULL; <c>None</c> when the statement did not say,
    /// so StarRocks decides (NOT NULL for PRIMARY KEY key columns, NULL otherwise). SHOW CREATE always says.</summary>
    Nullable: bool option
    /// <summary>DEFAULT, AUTO_INCREMENT or generated expression, if any.</summary>
    Value: ValueSource option
    /// <summary>The comment; empty when none (StarRocks prints <c>COMMENT ""</c> for both).</summary>
    Comment: string
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.Column"/>.</summary>
[<RequireQualifiedAccess>]
module Column =
    /// <summary>A nullable-unspecified column of a type, with nothing else set.</summary>
    val create: name: Name -> columnType: ColumnType -> Column

    /// <summary>True for a generated column (<c>AS expr</c>).</summary>
    val isGenerated: c: Column -> bool

    /// <summary>True for columns StarRocks maintains itself (hidden generated partition columns).</summary>
    val isServerMaintained: c: Column -> bool

    /// <summary>True for a value column of an aggregate table: one with an aggregate function, or of an
    /// aggregate-state type.</summary>
    val isAggregated: c: Column -> bool

/// <summary>The data model of a table's key.</summary>
type KeysModel =
    /// <summary>DUPLICATE KEY: all rows kept; the key is the sort key.</summary>
    | Duplicate
    /// <summary>AGGREGATE KEY: rows with equal keys are merged by the value columns' aggregate functions.</summary>
    | Aggregate
    /// <summary>UNIQUE KEY: the last row per key wins (merge on read).</summary>
    | Unique
    /// <summary>PRIMARY KEY: the last row per key wins (delete and insert).</summary>
    | Primary

/// <summary>Functions over <see cref="T:StarRocks.Schema.KeysModel"/>.</summary>
[<RequireQualifiedAccess>]
module KeysModel =
    /// <summary>Every key model.</summary>
    val all: KeysModel list

    /// <summary>The keyword StarRocks writes before KEY, e.g. <c>PRIMARY</c>.</summary>
    val keyword: KeysModel -> string

/// <summary>The key clause: model and key columns (a prefix of the table's columns, in order).</summary>
type Keys = {
    /// <summary>The key model.</summary>
    Model: KeysModel
    /// <summary>The key columns.</summary>
    Columns: Name list
}

/// <summary>An item of a partition key: a column or an expression over columns.</summary>
[<RequireQualifiedAccess>]
type PartitionKey =
    /// <summary>A plain column.</summary>
    | Column of Name
    /// <summary><c>date_trunc('unit', column)</c>; the unit is kept lower-case.</summary>
    | DateTrunc of unit: string * column: Name
    /// <summary><c>time_slice(column, INTERVAL n unit[, boundary])</c>; unit and boundary lower-case, boundary
    /// <c>None</c> when not given (StarRocks's default is floor; SHOW CREATE prints it).</summary>
    | TimeSlice of column: Name * interval: int * unit: string * boundary: string option
    /// <summary>Any other expression (from_unixtime, str2date, CAST ...), kept as written.</summary>
    | Expression of Expr

/// <summary>A value in a RANGE bound or a LIST partition.</summary>
type PartitionValue =
    /// <summary>A literal, kept as its string value (bounds are quoted strings in StarRocks DDL).</summary>
    | Value of string
    /// <summary>MAXVALUE (RANGE bounds).</summary>
    | MaxValue
    /// <summary>NULL (LIST values, 3.3.3+).</summary>
    | NullValue

/// <summary>The step of a batch of RANGE partitions.</summary>
type Every =
    /// <summary><c>EVERY (INTERVAL n unit)</c> for dates; the unit is kept upper-case (HOUR, DAY, WEEK, MONTH, YEAR).</summary>
    | Interval of count: int * unit: string
    /// <summary><c>EVERY (n)</c> for integers.</summary>
    | Step of int

/// <summary>One item of a RANGE partition list.</summary>
type RangePartition =
    /// <summary><c>PARTITION p VALUES LESS THAN (v, ...)</c> (or <c>MAXVALUE</c>).</summary>
    | LessThan of name: Name * upper: PartitionValue list * properties: Map<string, string>
    /// <summary><c>PARTITION p VALUES [(lo, ...), (hi, ...))</c>: the form SHOW CREATE prints for every range partition.</summary>
    | Fixed of name: Name * lower: PartitionValue list * upper: PartitionValue list * properties: Map<string, string>
    /// <summary><c>START ("lo") END ("hi") EVERY (...)</c>: a batch of partitions, expanded by StarRocks.</summary>
    | Batch of start: string * finish: string * every: Every

/// <summary>One partition of a LIST partitioning.</summary>
type ListPartition = {
    /// <summary>The partition name.</summary>
    Name: Name
    /// <summary>The value tuples; each has one value per partition column.</summary>
    Values: PartitionValue list list
    /// <summary>Per-partition properties such as <c>replication_num</c>.</summary>
    Properties: Map<string, string>
}

/// <summary>The PARTITION BY clause of a table.</summary>
[<RequireQualifiedAccess>]
type Partitioning =
    /// <summary><c>PARTITION BY RANGE (keys) (partitions)</c>. The partition list is kept as written or printed.</summary>
    | Range of keys: PartitionKey list * partitions: RangePartition list
    /// <summary><c>PARTITION BY LIST (columns) (partitions)</c>.</summary>
    | List of keys: PartitionKey list * partitions: ListPartition list
    /// <summary>Expression partitioning (<c>PARTITION BY date_trunc(...)</c>, <c>PARTITION BY (c1, c2)</c>, ...): partitions are
    /// created by StarRocks at load time. <c>created</c> holds the partitions that old servers (3.0) printed; they are
    /// server-maintained and never diffed.</summary>
    | Expression of keys: PartitionKey list * created: RangePartition list

/// <summary>A bucket count: <c>None</c> means automatic (BUCKETS omitted).</summary>
type Buckets = int option

/// <summary>The DISTRIBUTED BY clause.</summary>
[<RequireQualifiedAccess>]
type Distribution =
    /// <summary><c>DISTRIBUTED BY HASH (columns) [BUCKETS n]</c>.</summary>
    | Hash of columns: Name list * buckets: Buckets
    /// <summary><c>DISTRIBUTED BY RANDOM [BUCKETS n]</c> (3.1+, DUPLICATE KEY only).</summary>
    | Random of buckets: Buckets
    /// <summary>Range-based distribution (shared-data clusters from 4.1): what a table created with a key clause or
    /// ORDER BY but no DISTRIBUTED BY gets there, as <c>information_schema.tables_config</c> reports it (RANGE). There
    /// is no <c>DISTRIBUTED BY RANGE</c> syntax: it is rendered as no clause, so text never parses to it; reflection,
    /// JSON-built and code-built models carry it.</summary>
    /// <remarks>What a table with no DISTRIBUTED BY (<c>None</c>) means depends on the server: on a 4.1+ shared-data
    /// cluster, a table with a key clause or ORDER BY written and no DISTRIBUTED BY is taken to be range-distributed
    /// (the server's default there), so the diff finds nothing between such a model and a server table reporting
    /// RANGE; elsewhere <c>None</c> means RANDOM (HASH of the key for PRIMARY KEY tables), as before. A model file on
    /// such a cluster that wants HASH or RANDOM must write DISTRIBUTED BY.</remarks>
    | Range

/// <summary>The kind of an index.</summary>
type IndexType =
    /// <summary>USING BITMAP (also what an INDEX without USING builds).</summary>
    | BitmapIndex
    /// <summary>USING GIN (full-text inverted index).</summary>
    | Gin
    /// <summary>USING NGRAMBF (n-gram bloom filter).</summary>
    | NgramBloomFilter
    /// <summary>USING VECTOR.</summary>
    | Vector

/// <summary>Functions over <see cref="T:StarRocks.Schema.IndexType"/>.</summary>
[<RequireQualifiedAccess>]
module IndexType =
    /// <summary>Every index type.</summary>
    val all: IndexType list

    /// <summary>The keyword StarRocks writes after USING, e.g. <c>NGRAMBF</c>.</summary>
    val keyword: IndexType -> string

/// <summary>An index definition inside a CREATE TABLE (bloom filters are the <c>bloom_filter_columns</c> property instead).</summary>
type Index = {
    /// <summary>The index name.</summary>
    Name: Name
    /// <summary>The indexed columns.</summary>
    Columns: Name list
    /// <summary>The index type; <c>None</c> when USING was not written.</summary>
    Type: IndexType option
    /// <summary>Index properties, e.g. <c>"parser" = "english"</c> for GIN.</summary>
    Properties: Map<string, string>
    /// <summary>The comment; empty when none.</summary>
    Comment: string
}

/// <summary>A clause the model does not cover, kept verbatim so nothing is dropped, and reported as a warning.</summary>
type RawClause = {
    /// <summary>What the clause is (e.g. "ROLLUP", "CHARSET").</summary>
    Clause: string
    /// <summary>The clause text as written.</summary>
    Text: string
}

/// <summary>A native (OLAP) table.</summary>
type Table = {
    /// <summary>The table name.</summary>
    Name: QualifiedName
    /// <summary>CREATE TEMPORARY TABLE (3.3.1+).</summary>
    Temporary: bool
    /// <summary>The columns in order.</summary>
    Columns: Column list
    /// <summary>The INDEX definitions.</summary>
    Indexes: Index list
    /// <summary>The key clause; <c>None</c> when not written (StarRocks then makes a DUPLICATE KEY table on leading columns).</summary>
    Keys: Keys option
    /// <summary>The table comment; empty when none. Old servers print <c>COMMENT "OLAP"</c>, which is kept as written.</summary>
    Comment: string
    /// <summary>PARTITION BY; <c>None</c> for an unpartitioned table.</summary>
    Partitioning: Partitioning option
    /// <summary>DISTRIBUTED BY; <c>None</c> when not written (StarRocks chooses: RANDOM with automatic buckets on 3.1+).</summary>
    Distribution: Distribution option
    /// <summary>ORDER BY (sort key); <c>None</c> when not written (the sort key is then the key columns).</summary>
    OrderBy: Name list option
    /// <summary>PROPERTIES exactly as written or printed, including server defaults SHOW CREATE adds.</summary>
    Properties: Map<string, string>
    /// <summary>Clauses not modelled (ROLLUP, CHARSET), kept verbatim and reported.</summary>
    Unmodelled: RawClause list
}

/// <summary>A column of a view or materialized view column list.</summary>
type ViewColumn = {
    /// <summary>The column name.</summary>
    Name: Name
    /// <summary>The comment; empty when none.</summary>
    Comment: string
}

/// <summary>The query of a view or materialized view, kept as text: StarRocks re-renders it, so it is compared
/// (by the diff) in a canonical form, never byte by byte. The parser only accepts text whose quotes and parentheses
/// balance and that does not end in a comma or a dot.</summary>
[<Struct; StructuralEquality; StructuralComparison>]
type Query =
    private
    | Query of string

    /// <summary>The query text.</summary>
    member Text: string

/// <summary>Functions over <see cref="T:StarRocks.Schema.Query"/>.</summary>
[<RequireQualifiedAccess>]
module Query =
    /// <summary>Wraps query text (trimmed). The parser checks balance; code that builds models vouches for it.</summary>
    val ofText: text: string -> Query

    /// <summary>The query text.</summary>
    val text: Query -> string

/// <summary>SECURITY of a view (3.4.1+).</summary>
type ViewSecurity =
    /// <summary>SECURITY NONE (the default).</summary>
    | SecurityNone
    /// <summary>SECURITY INVOKER.</summary>
    | SecurityInvoker

/// <summary>A view.</summary>
type View = {
    /// <summary>The view name.</summary>
    Name: QualifiedName
    /// <summary>The column list; empty when not written (SHOW CREATE always prints it).</summary>
    Columns: ViewColumn list
    /// <summary>The comment; empty when none. Old servers print <c>COMMENT "VIEW"</c>, kept as written.</summary>
    Comment: string
    /// <summary>SECURITY; <c>None</c> when not written.</summary>
    Security: ViewSecurity option
    /// <summary>PROPERTIES (newest grammar); usually empty.</summary>
    Properties: Map<string, string>
    /// <summary>The query.</summary>
    Query: Query
}

/// <summary>When a materialized view is first refreshed.</summary>
type RefreshMoment =
    /// <summary>IMMEDIATE (the default; never printed by SHOW CREATE).</summary>
    | Immediate
    /// <summary>DEFERRED.</summary>
    | Deferred

/// <summary>How an asynchronous materialized view is refreshed.</summary>
type RefreshScheme =
    /// <summary><c>ASYNC [START ("ts")] [EVERY (INTERVAL n unit)]</c>; newer servers spell the untimed form
    /// <c>ON_CHANGE</c> and the timed form <c>SCHEDULE</c>: same meaning, same value. The unit is upper-case.</summary>
    | Async of start: string option * every: (int * string) option
    /// <summary>MANUAL.</summary>
    | Manual
    /// <summary>INCREMENTAL (newest servers).</summary>
    | Incremental

/// <summary>The REFRESH clause of a materialized view.</summary>
type Refresh = {
    /// <summary>IMMEDIATE or DEFERRED; <c>None</c> when not written.</summary>
    Moment: RefreshMoment option
    /// <summary>The scheme.</summary>
    Scheme: RefreshScheme
}

/// <summary>An asynchronous materialized view.</summary>
type MaterializedView = {
    /// <summary>The materialized view name.</summary>
    Name: QualifiedName
    /// <summary>The column list; empty when not written (2.5-era servers do not print it).</summary>
    Columns: ViewColumn list
    /// <summary>Indexes declared inside the column list (newer servers).</summary>
    Indexes: Index list
    /// <summary>The comment; empty when none. Old servers print <c>COMMENT "MATERIALIZED_VIEW"</c>, kept as written.</summary>
    Comment: string
    /// <summary>PARTITION BY: a column or expression list; <c>None</c> when unpartitioned.</summary>
    Partitioning: PartitionKey list option
    /// <summary>DISTRIBUTED BY; <c>None</c> when not written.</summary>
    Distribution: Distribution option
    /// <summary>ORDER BY; <c>None</c> when not written.</summary>
    OrderBy: Name list option
    /// <summary>REFRESH; <c>None</c> when not written (StarRocks then refreshes MANUAL, IMMEDIATE).</summary>
    Refresh: Refresh option
    /// <summary>PROPERTIES exactly as written or printed.</summary>
    Properties: Map<string, string>
    /// <summary>The query.</summary>
    Query: Query
}

/// <summary>An item of a synchronous materialized view's select list.</summary>
type SelectItem = {
    /// <summary>The expression: a base column, or an aggregate function over one (<c>sum(v)</c>,
    /// <c>bitmap_union(to_bitmap(u))</c>, ...), kept as written and compared in a canonical form.</summary>
    Expression: Expr
    /// <summary>The alias (<c>AS name</c>); <c>None</c> when not written.</summary>
    Alias: Name option
}

/// <summary>A synchronous materialized view: an index of its base table, kept up to date with every load
/// (<c>CREATE MATERIALIZED VIEW mv AS SELECT k, sum(v) FROM t GROUP BY k</c>, with no REFRESH and no DISTRIBUTED
/// BY). It lives and dies with its base table: a copy-and-swap rebuild of the table creates it again.</summary>
type SyncMaterializedView = {
    /// <summary>The name (unique in its database among synchronous materialized views and rollups).</summary>
    Name: QualifiedName
    /// <summary>The base table (the query's FROM).</summary>
    Base: QualifiedName
    /// <summary>The select list, in order.</summary>
    Select: SelectItem list
    /// <summary>WHERE (3.1.8+); <c>None</c> when not written.</summary>
    Where: Expr option
    /// <summary>GROUP BY items; empty when not written.</summary>
    GroupBy: Expr list
    /// <summary>ORDER BY items of the query; empty when not written.</summary>
    OrderBy: Expr list
    /// <summary>The comment; empty when none.</summary>
    Comment: string
    /// <summary>PROPERTIES; usually empty.</summary>
    Properties: Map<string, string>
}

/// <summary>A schema object: a table, a view, an asynchronous or a synchronous materialized view.</summary>
type SchemaObject =
    /// <summary>A native table.</summary>
    | TableObject of Table
    /// <summary>A view.</summary>
    | ViewObject of View
    /// <summary>An asynchronous materialized view.</summary>
    | MaterializedViewObject of MaterializedView
    /// <summary>A synchronous materialized view.</summary>
    | SyncMaterializedViewObject of SyncMaterializedView

/// <summary>Functions over <see cref="T:StarRocks.Schema.SchemaObject"/>.</summary>
[<RequireQualifiedAccess>]
module SchemaObject =
    /// <summary>The object's name.</summary>
    val name: SchemaObject -> QualifiedName

    /// <summary>"table", "view", "materialized view" or "synchronous materialized view", for messages.</summary>
    val kind: SchemaObject -> string

    /// <summary>The clauses of the object that the model keeps only as raw text.</summary>
    val unmodelled: SchemaObject -> RawClause list

/// <summary>A set of schema objects keyed by name. Tables, views and materialized views share one namespace in StarRocks.</summary>
type Schema = {
    /// <summary>Tables by name.</summary>
    Tables: Map<QualifiedName, Table>
    /// <summary>Views by name.</summary>
    Views: Map<QualifiedName, View>
    /// <summary>Materialized views by name.</summary>
    MaterializedViews: Map<QualifiedName, MaterializedView>
    /// <summary>Synchronous materialized views by name (each names its base table).</summary>
    SyncMaterializedViews: Map<QualifiedName, SyncMaterializedView>
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.Schema"/>.</summary>
[<RequireQualifiedAccess>]
module Schema =
    /// <summary>A schema with no objects.</summary>
    val empty: Schema

    /// <summary>Adds an object, replacing one of the same kind and name. Use <c>Validate.schema</c> to build a schema
    /// from objects that must have distinct names.</summary>
    val add: o: SchemaObject -> s: Schema -> Schema

    /// <summary>The objects: tables, then views, then materialized views, then synchronous materialized views, each
    /// sorted by name.</summary>
    val objects: s: Schema -> SchemaObject list

    /// <summary>A schema of objects whose names are distinct.</summary>
    val ofDistinct: objects: SchemaObject list -> Schema
