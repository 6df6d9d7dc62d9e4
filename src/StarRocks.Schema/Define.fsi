namespace StarRocks.Schema

/// <summary>A concise way to declare models in code (F#, and the C# builders): small functions over the model's
/// records, piped. Names, types, partition keys and expressions are written as in SQL and are code, not user input: a
/// bad one throws <c>ArgumentException</c> at once (naming what was expected);
/// <c>Define.schema</c> checks the whole model (the rules the parser applies).</summary>
/// <example><code>
/// Define.table "orders" [ Define.column "id" "BIGINT" |> Define.notNull; Define.column "amount" "DECIMAL(12, 2)" ]
/// |> Define.primaryKey [ "id" ]
/// |> Define.hashDistributed [ "id" ] (Some 8)
/// |> Define.tableProperty "replication_num" "1"
/// </code></example>
/// <remarks>
/// A builder changes only what it names and checks nothing beyond the text it parses: the builders of list members
/// (<c>addColumn</c>, <c>index</c>, <c>viewColumn</c>, ...) append, the builders of properties add or replace the
/// key as written, every other builder replaces its clause. Only <c>Define.schema</c> checks the whole model.
/// </remarks>
[<RequireQualifiedAccess>]
module Define =
    /// <summary>A possibly qualified name: <c>"orders"</c>, <c>"sales.orders"</c>, <c>"catalog.sales.orders"</c>;
    /// backtick a part that holds a dot (<c>"sales.`my.table`"</c>).</summary>
    val qualifiedName: text: string -> QualifiedName

    /// <summary>A partition key written as in SQL: a column (<c>"dt"</c>), <c>"date_trunc('day', dt)"</c>,
    /// <c>"time_slice(dt, INTERVAL 1 hour)"</c> or another expression (<c>"str2date(d, '%Y%m%d')"</c>).</summary>
    val partitionKey: text: string -> PartitionKey

    /// <summary>A .NET member name as a column name: <c>OrderId</c> gives <c>order_id</c>.</summary>
    val snakeCase: memberName: string -> string

    /// <summary>The StarRocks type a .NET type maps to (<c>long</c> BIGINT, <c>string</c> STRING, <c>DateTime</c>
    /// DATETIME, <c>DateOnly</c> DATE, <c>decimal</c> DECIMAL(38, 9), ...; <c>Nullable&lt;T&gt;</c> as T), if any.</summary>
    val sqlTypeOf: clrType: System.Type -> string option

    /// <summary>A column of a type written as in SQL (<c>BIGINT</c>, <c>DECIMAL(12, 2)</c>, <c>ARRAY&lt;STRING&gt;</c>).</summary>
    val column: columnName: string -> columnType: string -> Column

    /// <summary>NOT NULL.</summary>
    val notNull: c: Column -> Column

    /// <summary>NULL.</summary>
    val nullable: c: Column -> Column

    /// <summary>DEFAULT "literal".</summary>
    val defaultValue: value: string -> c: Column -> Column

    /// <summary>DEFAULT NULL.</summary>
    val defaultNull: c: Column -> Column

    /// <summary>DEFAULT CURRENT_TIMESTAMP.</summary>
    val defaultCurrentTimestamp: c: Column -> Column

    /// <summary>DEFAULT CURRENT_TIMESTAMP(precision).</summary>
    val defaultCurrentTimestampOf: precision: int -> c: Column -> Column

    /// <summary>DEFAULT (expression), e.g. <c>uuid()</c>.</summary>
    val defaultExpression: text: string -> c: Column -> Column

    /// <summary>DEFAULT of a complex-type literal, e.g. <c>[1, 2]</c>, <c>map{1: 'a'}</c>, <c>row(1, 'x')</c>; throws
    /// <c>System.ArgumentException</c> when the text is not one.</summary>
    val defaultLiteral: text: string -> c: Column -> Column

    /// <summary>AUTO_INCREMENT.</summary>
    val autoIncrement: c: Column -> Column

    /// <summary>A generated column: AS expression.</summary>
    val generatedAs: text: string -> c: Column -> Column

    /// <summary>The aggregate function of a value column of an AGGREGATE KEY table.</summary>
    val aggregate: a: AggregateType -> c: Column -> Column

    /// <summary>The column's comment.</summary>
    val columnComment: text: string -> c: Column -> Column

    /// <summary>A table of columns; every other option unset (StarRocks's defaults).</summary>
    val table: tableName: string -> columns: Column list -> Table

    /// <summary>Adds a column after the others.</summary>
    val addColumn: c: Column -> t: Table -> Table

    /// <summary>DUPLICATE KEY(columns).</summary>
    val duplicateKey: columns: string list -> t: Table -> Table

    /// <summary>AGGREGATE KEY(columns).</summary>
    val aggregateKey: columns: string list -> t: Table -> Table

    /// <summary>UNIQUE KEY(columns).</summary>
    val uniqueKey: columns: string list -> t: Table -> Table

    /// <summary>PRIMARY KEY(columns).</summary>
    val primaryKey: columns: string list -> t: Table -> Table

    /// <summary>DISTRIBUTED BY HASH(columns) [BUCKETS n] (None: automatic buckets).</summary>
    val hashDistributed: columns: string list -> buckets: int option -> t: Table -> Table

    /// <summary>DISTRIBUTED BY RANDOM [BUCKETS n].</summary>
    val randomDistributed: buckets: int option -> t: Table -> Table

    /// <summary>Range distribution (4.1+ shared-data): rendered as no DISTRIBUTED BY clause; see
    /// <see cref="T:StarRocks.Schema.Distribution"/>.</summary>
    val rangeDistributed: t: Table -> Table

    /// <summary>ORDER BY(columns): the sort key.</summary>
    val orderBy: columns: string list -> t: Table -> Table

    /// <summary>PARTITION BY date_trunc('unit', column): partitions created by StarRocks as data arrives.</summary>
    val partitionByDateTrunc: unit: string -> columnName: string -> t: Table -> Table

    /// <summary>PARTITION BY (columns): one partition per value combination, created by StarRocks.</summary>
    val partitionByColumns: columns: string list -> t: Table -> Table

    /// <summary>PARTITION BY keys with the partitions StarRocks 3.0 prints after them (server-maintained; kept so
    /// that a model read from such a server rebuilds exactly).</summary>
    val partitionByWithCreated: keys: string list -> created: RangePartition list -> t: Table -> Table

    /// <summary>PARTITION BY keys (expression partitioning: partitions created by StarRocks as data arrives); each
    /// key as in SQL (see <c>partitionKey</c>).</summary>
    val partitionBy: keys: string list -> t: Table -> Table

    /// <summary>PARTITION BY written as in SQL, without the keywords: <c>"date_trunc('day', dt)"</c>,
    /// <c>"RANGE (dt) (START ('2024-01-01') END ('2025-01-01') EVERY (INTERVAL 1 MONTH))"</c>,
    /// <c>"LIST (city) (PARTITION p_cn VALUES IN ('Beijing'))"</c>.</summary>
    val partitionByClause: clause: string -> t: Table -> Table

    /// <summary>PARTITION BY RANGE (keys) (partitions).</summary>
    val partitionByRange: keys: string list -> partitions: RangePartition list -> t: Table -> Table

    /// <summary>PARTITION BY LIST (keys) (partitions).</summary>
    val partitionByList: keys: string list -> partitions: ListPartition list -> t: Table -> Table

    /// <summary>PARTITION p VALUES LESS THAN (values): values as in SQL, <c>MaxValue</c> for MAXVALUE.</summary>
    val lessThan: partitionName: string -> upper: PartitionValue list -> RangePartition

    /// <summary>PARTITION p VALUES [(lower), (upper)).</summary>
    val between: partitionName: string -> lower: PartitionValue list -> upper: PartitionValue list -> RangePartition

    /// <summary>PARTITION p VALUES IN (values): one value per tuple (a single partition column).</summary>
    val valuesIn: partitionName: string -> values: PartitionValue list -> ListPartition

    /// <summary>A property (PROPERTIES ("key" = "value")).</summary>
    val tableProperty: key: string -> value: string -> t: Table -> Table

    /// <summary>The table's comment.</summary>
    val tableComment: text: string -> t: Table -> Table

    /// <summary>CREATE TEMPORARY TABLE.</summary>
    val temporary: t: Table -> Table

    /// <summary>An index definition, <c>INDEX name (columns) USING type</c>; for tables (<c>index</c>) and
    /// materialized views (<c>materializedViewIndex</c>).</summary>
    val indexOf: indexName: string -> columns: string list -> indexType: IndexType option -> Index

    /// <summary>INDEX name (columns) USING type.</summary>
    val index: indexName: string -> columns: string list -> indexType: IndexType -> t: Table -> Table

    /// <summary>A property of an index, e.g. <c>"parser" = "english"</c> for GIN.</summary>
    val indexProperty: key: string -> value: string -> i: Index -> Index

    /// <summary>The comment of an index.</summary>
    val indexComment: text: string -> i: Index -> Index

    /// <summary>A clause the model keeps only as text (ROLLUP, CHARSET), carried through and reported as a warning.</summary>
    val unmodelled: clause: string -> text: string -> t: Table -> Table

    /// <summary>Adds an index definition built with <c>indexOf</c> (with properties or a comment).</summary>
    val addIndex: i: Index -> t: Table -> Table

    /// <summary>A view of a query.</summary>
    val view: viewName: string -> query: string -> View

    /// <summary>An asynchronous materialized view of a query; no REFRESH clause (StarRocks's default, MANUAL) until
    /// <c>refresh</c> gives one. It needs a REFRESH or a DISTRIBUTED BY clause: without either, StarRocks makes a
    /// synchronous materialized view, which <c>syncMaterializedView</c> declares (<c>Define.schema</c> says so).</summary>
    val materializedView: viewName: string -> query: string -> MaterializedView

    /// <summary>A synchronous materialized view: <c>query</c> is its SELECT over one table
    /// (<c>"SELECT k, sum(v) FROM t GROUP BY k"</c>), read into the model's parts; throws <c>ArgumentException</c> when
    /// it is not one.</summary>
    val syncMaterializedView: viewName: string -> query: string -> SyncMaterializedView

    /// <summary>The synchronous materialized view's comment.</summary>
    val syncMaterializedViewComment: text: string -> m: SyncMaterializedView -> SyncMaterializedView

    /// <summary>A property of the synchronous materialized view.</summary>
    val syncMaterializedViewProperty: key: string -> value: string -> m: SyncMaterializedView -> SyncMaterializedView

    /// <summary>The view's comment.</summary>
    val viewComment: text: string -> v: View -> View

    /// <summary>A column of the view's column list, with its comment (empty for none).</summary>
    val viewColumn: columnName: string -> comment: string -> v: View -> View

    /// <summary>SECURITY NONE or INVOKER.</summary>
    val security: s: ViewSecurity -> v: View -> View

    /// <summary>A property of a view.</summary>
    val viewProperty: key: string -> value: string -> v: View -> View

    /// <summary>How a materialized view is refreshed.</summary>
    val refresh: scheme: RefreshScheme -> m: MaterializedView -> MaterializedView

    /// <summary>REFRESH DEFERRED or IMMEDIATE with the scheme already set (MANUAL when none was).</summary>
    val refreshMoment: moment: RefreshMoment -> m: MaterializedView -> MaterializedView

    /// <summary>A column of the materialized view's column list, with its comment (empty for none).</summary>
    val materializedViewColumn: columnName: string -> comment: string -> m: MaterializedView -> MaterializedView

    /// <summary>An index of the materialized view (built with <c>indexOf</c>).</summary>
    val materializedViewIndex: i: Index -> m: MaterializedView -> MaterializedView

    /// <summary>The materialized view's comment.</summary>
    val materializedViewComment: text: string -> m: MaterializedView -> MaterializedView

    /// <summary>PARTITION BY keys of a materialized view; each key as in SQL (see <c>partitionKey</c>).</summary>
    val materializedViewPartitionBy: keys: string list -> m: MaterializedView -> MaterializedView

    /// <summary>DISTRIBUTED BY RANDOM [BUCKETS n] of a materialized view.</summary>
    val materializedViewRandomDistributed: buckets: int option -> m: MaterializedView -> MaterializedView

    /// <summary>Range distribution of a materialized view, as a model read from a server may carry it (rendered as no
    /// DISTRIBUTED BY clause).</summary>
    val materializedViewRangeDistributed: m: MaterializedView -> MaterializedView

    /// <summary>ORDER BY (columns) of a materialized view.</summary>
    val materializedViewOrderBy: columns: string list -> m: MaterializedView -> MaterializedView

    /// <summary>DISTRIBUTED BY HASH(columns) [BUCKETS n] of a materialized view.</summary>
    val materializedViewHashDistributed:
        columns: string list -> buckets: int option -> m: MaterializedView -> MaterializedView

    /// <summary>A property of a materialized view.</summary>
    val materializedViewProperty: key: string -> value: string -> m: MaterializedView -> MaterializedView

    /// <summary>A schema of objects; <c>Error</c> lists invalid objects and names defined twice.</summary>
    val schema: objects: SchemaObject list -> Result<Schema, string list>
