using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;
using Core = StarRocks.Schema;

namespace StarRocks.Schema.CSharp;

/// <summary>The aggregate function of a value column of an AGGREGATE KEY table.</summary>
public enum AggregateFunction
{
    /// <summary>SUM.</summary>
    Sum,

    /// <summary>MIN.</summary>
    Min,

    /// <summary>MAX.</summary>
    Max,

    /// <summary>REPLACE.</summary>
    Replace,

    /// <summary>REPLACE_IF_NOT_NULL.</summary>
    ReplaceIfNotNull,

    /// <summary>HLL_UNION.</summary>
    HllUnion,

    /// <summary>BITMAP_UNION.</summary>
    BitmapUnion,

    /// <summary>PERCENTILE_UNION.</summary>
    PercentileUnion,
}

/// <summary>Thrown by <see cref="SchemaBuilder.Build"/> when an object breaks a rule StarRocks enforces.</summary>
public sealed class SchemaValidationException : Exception
{
    internal SchemaValidationException(IReadOnlyList<string> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    /// <summary>Every problem, naming the object and clause.</summary>
    public IReadOnlyList<string> Errors { get; }
}

/// <summary>The kind of an index (USING ...).</summary>
public enum IndexKind
{
    /// <summary>USING BITMAP.</summary>
    Bitmap,

    /// <summary>USING GIN (full-text inverted index).</summary>
    Gin,

    /// <summary>USING NGRAMBF (n-gram bloom filter).</summary>
    NgramBloomFilter,

    /// <summary>USING VECTOR.</summary>
    Vector,
}

/// <summary>SECURITY of a view.</summary>
public enum ViewSecurity
{
    /// <summary>SECURITY NONE.</summary>
    None,

    /// <summary>SECURITY INVOKER.</summary>
    Invoker,
}

/// <summary>When a materialized view is first refreshed.</summary>
public enum RefreshMoment
{
    /// <summary>IMMEDIATE: when it is created.</summary>
    Immediate,

    /// <summary>DEFERRED: at its first scheduled or manual refresh.</summary>
    Deferred,
}

/// <summary>A value of a RANGE bound or LIST partition: a literal (a string converts implicitly), MAXVALUE or NULL.</summary>
public readonly struct PartitionValue : IEquatable<PartitionValue>
{
    private PartitionValue(Core.PartitionValue value) => Value = value;

    internal Core.PartitionValue Value { get; }

    /// <summary>MAXVALUE (the open upper end of a RANGE partition).</summary>
    public static PartitionValue MaxValue { get; } = new(Core.PartitionValue.MaxValue);

    /// <summary>NULL (a LIST partition value).</summary>
    public static PartitionValue Null { get; } = new(Core.PartitionValue.NullValue);

    /// <summary>A literal, as written in SQL without quotes: <c>"2024-01-01"</c>, <c>"100"</c>.</summary>
    /// <param name="literal">The value.</param>
    public static PartitionValue Of(string literal)
    {
        ArgumentNullException.ThrowIfNull(literal);
        return new(Core.PartitionValue.NewValue(literal));
    }

    /// <summary>A literal.</summary>
    /// <param name="literal">The value.</param>
    public static implicit operator PartitionValue(string literal) => Of(literal);

    /// <inheritdoc />
    public bool Equals(PartitionValue other) => Equals(Value, other.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is PartitionValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => Value?.GetHashCode() ?? 0;

    /// <summary>Equal values.</summary>
    /// <param name="left">A value.</param>
    /// <param name="right">Another.</param>
    public static bool operator ==(PartitionValue left, PartitionValue right) => left.Equals(right);

    /// <summary>Different values.</summary>
    /// <param name="left">A value.</param>
    /// <param name="right">Another.</param>
    public static bool operator !=(PartitionValue left, PartitionValue right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => Value switch
    {
        Core.PartitionValue.Value v => v.Item,
        null => "",
        _ => Value.IsMaxValue ? "MAXVALUE" : "NULL",
    };

    internal static FSharpList<Core.PartitionValue> ToList(IEnumerable<PartitionValue> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return ListModule.OfSeq(values.Select(v => v.Value ?? throw new ArgumentException("a default(PartitionValue) is not a value", nameof(values))));
    }
}

/// <summary>Declares one column: nullability, comment, default, AUTO_INCREMENT, generated expression, aggregate.</summary>
public sealed class ColumnBuilder
{
    internal ColumnBuilder(Core.Column column) => Column = column;

    internal Core.Column Column { get; private set; }

    /// <summary>NOT NULL.</summary>
    public ColumnBuilder NotNull() => Set(Core.Define.notNull(Column));

    /// <summary>NULL.</summary>
    public ColumnBuilder Null() => Set(Core.Define.nullable(Column));

    /// <summary>The column's comment.</summary>
    /// <param name="text">The comment.</param>
    public ColumnBuilder Comment(string text) => Set(Core.Define.columnComment(text, Column));

    /// <summary>DEFAULT "literal".</summary>
    /// <param name="literal">The value as written (StarRocks keeps literal defaults as strings).</param>
    public ColumnBuilder Default(string literal) => Set(Core.Define.defaultValue(literal, Column));

    /// <summary>DEFAULT NULL.</summary>
    public ColumnBuilder DefaultNull() => Set(Core.Define.defaultNull(Column));

    /// <summary>DEFAULT CURRENT_TIMESTAMP, or CURRENT_TIMESTAMP(precision).</summary>
    /// <param name="precision">Fractional second digits, or null for none.</param>
    public ColumnBuilder DefaultCurrentTimestamp(int? precision = null) =>
        Set(precision is int p ? Core.Define.defaultCurrentTimestampOf(p, Column) : Core.Define.defaultCurrentTimestamp(Column));

    /// <summary>DEFAULT (expression), e.g. <c>uuid()</c>.</summary>
    /// <param name="expression">The expression inside the parentheses.</param>
    public ColumnBuilder DefaultExpression(string expression) => Set(Core.Define.defaultExpression(expression, Column));

    /// <summary>DEFAULT of a complex-type literal: <c>[1, 2]</c>, <c>map{1: 'a'}</c>, <c>row(1, 'x')</c>.</summary>
    /// <param name="literal">The literal as written.</param>
    public ColumnBuilder DefaultLiteral(string literal) => Set(Core.Define.defaultLiteral(literal, Column));

    /// <summary>AUTO_INCREMENT (a BIGINT NOT NULL column).</summary>
    public ColumnBuilder AutoIncrement() => Set(Core.Define.autoIncrement(Column));

    /// <summary>A generated column: AS expression.</summary>
    /// <param name="expression">The expression.</param>
    public ColumnBuilder GeneratedAs(string expression) => Set(Core.Define.generatedAs(expression, Column));

    /// <summary>The aggregate function of a value column of an AGGREGATE KEY table.</summary>
    /// <param name="function">The function.</param>
    public ColumnBuilder Aggregate(AggregateFunction function) => Set(Core.Define.aggregate(CoreValues.Aggregate(function), Column));

    private ColumnBuilder Set(Core.Column value)
    {
        Column = value;
        return this;
    }
}

/// <summary>Declares RANGE partitions (and the partitions old servers print for expression partitioning).</summary>
public sealed class RangePartitions
{
    private readonly List<Core.RangePartition> partitions = new();

    internal RangePartitions()
    {
    }

    internal FSharpList<Core.RangePartition> List => ListModule.OfSeq(partitions);

    /// <summary>PARTITION name VALUES LESS THAN (upper) [(properties)].</summary>
    /// <param name="name">The partition name.</param>
    /// <param name="upper">One value per partition column, or <see cref="PartitionValue.MaxValue"/>.</param>
    /// <param name="properties">Per-partition properties, e.g. replication_num.</param>
    public RangePartitions LessThan(string name, IReadOnlyList<PartitionValue> upper, IReadOnlyDictionary<string, string>? properties = null)
    {
        partitions.Add(Core.RangePartition.NewLessThan(Core.NameModule.create(name), PartitionValue.ToList(upper), CoreValues.Map(properties)));
        return this;
    }

    /// <summary>PARTITION name VALUES [(lower), (upper)) [(properties)]: the form SHOW CREATE prints.</summary>
    /// <param name="name">The partition name.</param>
    /// <param name="lower">The lower bound (included).</param>
    /// <param name="upper">The upper bound (excluded).</param>
    /// <param name="properties">Per-partition properties.</param>
    public RangePartitions Between(string name, IReadOnlyList<PartitionValue> lower, IReadOnlyList<PartitionValue> upper, IReadOnlyDictionary<string, string>? properties = null)
    {
        partitions.Add(Core.RangePartition.NewFixed(Core.NameModule.create(name), PartitionValue.ToList(lower), PartitionValue.ToList(upper), CoreValues.Map(properties)));
        return this;
    }

    /// <summary>START ("start") END ("end") EVERY (INTERVAL every unit), or EVERY (every) when unit is null.</summary>
    /// <param name="start">The first partition's lower bound.</param>
    /// <param name="end">The last partition's upper bound.</param>
    /// <param name="every">The step.</param>
    /// <param name="unit">HOUR, DAY, WEEK, MONTH or YEAR for dates; null for an integer step.</param>
    public RangePartitions Batch(string start, string end, int every, string? unit = null)
    {
        var step = unit is null ? Core.Every.NewStep(every) : Core.Every.NewInterval(every, unit.ToUpperInvariant());
        partitions.Add(Core.RangePartition.NewBatch(start, end, step));
        return this;
    }
}

/// <summary>Declares LIST partitions.</summary>
public sealed class ListPartitions
{
    private readonly List<Core.ListPartition> partitions = new();

    internal ListPartitions()
    {
    }

    internal FSharpList<Core.ListPartition> List => ListModule.OfSeq(partitions);

    /// <summary>PARTITION name VALUES IN (v1, v2, ...) for one partition column.</summary>
    /// <param name="name">The partition name.</param>
    /// <param name="values">The values.</param>
    /// <param name="properties">Per-partition properties.</param>
    public ListPartitions Partition(string name, IReadOnlyList<PartitionValue> values, IReadOnlyDictionary<string, string>? properties = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        return PartitionOfTuples(name, values.Select(v => (IReadOnlyList<PartitionValue>)new[] { v }).ToList(), properties);
    }

    /// <summary>PARTITION name VALUES IN ((a1, b1), (a2, b2), ...) for several partition columns.</summary>
    /// <param name="name">The partition name.</param>
    /// <param name="tuples">The value tuples, one value per partition column each.</param>
    /// <param name="properties">Per-partition properties.</param>
    public ListPartitions PartitionOfTuples(string name, IReadOnlyList<IReadOnlyList<PartitionValue>> tuples, IReadOnlyDictionary<string, string>? properties = null)
    {
        ArgumentNullException.ThrowIfNull(tuples);
        var values = ListModule.OfSeq(tuples.Select(PartitionValue.ToList));
        partitions.Add(new Core.ListPartition(Core.NameModule.create(name), values, CoreValues.Map(properties)));
        return this;
    }
}

/// <summary>Declares a table in code (the builder style): columns in order, key, indexes, partitioning, distribution,
/// sort key, properties, comment. Options left out are StarRocks's defaults.</summary>
public sealed class TableBuilder
{
    private Core.Table table;

    /// <summary>A table with no columns yet.</summary>
    /// <param name="name">The name: <c>orders</c>, <c>sales.orders</c>, <c>catalog.sales.orders</c>; backtick a part
    /// that holds a dot.</param>
    public TableBuilder(string name) => table = Core.Define.table(name, FSharpList<Core.Column>.Empty);

    internal Core.Table Table => table;

    /// <summary>Adds a column.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="type">The type as in SQL: BIGINT, DECIMAL(12, 2), ARRAY&lt;STRING&gt;.</param>
    /// <param name="nullable">NULL (true), NOT NULL (false), or StarRocks's default (null).</param>
    /// <param name="comment">The comment.</param>
    /// <param name="defaultValue">A literal DEFAULT.</param>
    /// <param name="aggregate">The aggregate function (AGGREGATE KEY value columns).</param>
    public TableBuilder Column(string name, string type, bool? nullable = null, string? comment = null, string? defaultValue = null, AggregateFunction? aggregate = null) =>
        Column(name, type, c =>
        {
            if (nullable is bool n)
            {
                _ = n ? c.Null() : c.NotNull();
            }

            if (comment is not null)
            {
                c.Comment(comment);
            }

            if (defaultValue is not null)
            {
                c.Default(defaultValue);
            }

            if (aggregate is AggregateFunction a)
            {
                c.Aggregate(a);
            }
        });

    /// <summary>Adds a column configured in full: <c>.Column("id", "BIGINT", c =&gt; c.NotNull().AutoIncrement())</c>.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="type">The type as in SQL.</param>
    /// <param name="configure">Sets nullability, comment, default, AUTO_INCREMENT, generated expression, aggregate.</param>
    public TableBuilder Column(string name, string type, Action<ColumnBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var column = new ColumnBuilder(Core.Define.column(name, type));
        configure(column);
        return Set(Core.Define.addColumn(column.Column, table));
    }

    /// <summary>DUPLICATE KEY(columns).</summary>
    /// <param name="columns">The key columns.</param>
    public TableBuilder DuplicateKey(params string[] columns) => Set(Core.Define.duplicateKey(ListModule.OfArray(columns), table));

    /// <summary>AGGREGATE KEY(columns).</summary>
    /// <param name="columns">The key columns.</param>
    public TableBuilder AggregateKey(params string[] columns) => Set(Core.Define.aggregateKey(ListModule.OfArray(columns), table));

    /// <summary>UNIQUE KEY(columns).</summary>
    /// <param name="columns">The key columns.</param>
    public TableBuilder UniqueKey(params string[] columns) => Set(Core.Define.uniqueKey(ListModule.OfArray(columns), table));

    /// <summary>PRIMARY KEY(columns).</summary>
    /// <param name="columns">The key columns.</param>
    public TableBuilder PrimaryKey(params string[] columns) => Set(Core.Define.primaryKey(ListModule.OfArray(columns), table));

    /// <summary>INDEX name (columns) [USING kind] [(properties)] [COMMENT '...'].</summary>
    /// <param name="name">The index name.</param>
    /// <param name="columns">The indexed columns.</param>
    /// <param name="kind">USING ...; null when not written (a bitmap index).</param>
    /// <param name="properties">Index properties, e.g. ("parser", "english") for GIN.</param>
    /// <param name="comment">The comment.</param>
    public TableBuilder Index(string name, IReadOnlyList<string> columns, IndexKind? kind = null, IReadOnlyDictionary<string, string>? properties = null, string? comment = null) =>
        Set(Core.Define.addIndex(CoreValues.Index(name, columns, kind, properties, comment), table));

    /// <summary>DISTRIBUTED BY HASH(columns) [BUCKETS n].</summary>
    /// <param name="buckets">The bucket count, or null for automatic.</param>
    /// <param name="columns">The hash columns.</param>
    public TableBuilder DistributedByHash(int? buckets, params string[] columns) =>
        Set(Core.Define.hashDistributed(ListModule.OfArray(columns), CoreValues.Option(buckets), table));

    /// <summary>DISTRIBUTED BY RANDOM [BUCKETS n].</summary>
    /// <param name="buckets">The bucket count, or null for automatic.</param>
    public TableBuilder DistributedByRandom(int? buckets = null) => Set(Core.Define.randomDistributed(CoreValues.Option(buckets), table));

    /// <summary>Range distribution (StarRocks 4.1+ shared-data clusters): written as no DISTRIBUTED BY clause, which
    /// gives a table with a key or ORDER BY range distribution there.</summary>
    public TableBuilder DistributedByRange() => Set(Core.Define.rangeDistributed(table));

    /// <summary>ORDER BY(columns): the sort key.</summary>
    /// <param name="columns">The sort key columns.</param>
    public TableBuilder OrderBy(params string[] columns) => Set(Core.Define.orderBy(ListModule.OfArray(columns), table));

    /// <summary>PARTITION BY date_trunc('unit', column).</summary>
    /// <param name="unit">day, month, year, hour...</param>
    /// <param name="column">The date or datetime column.</param>
    public TableBuilder PartitionByDateTrunc(string unit, string column) => Set(Core.Define.partitionByDateTrunc(unit, column, table));

    /// <summary>PARTITION BY (columns).</summary>
    /// <param name="columns">The partition columns.</param>
    public TableBuilder PartitionByColumns(params string[] columns) => Set(Core.Define.partitionByColumns(ListModule.OfArray(columns), table));

    /// <summary>PARTITION BY keys (expression partitioning: StarRocks creates partitions as data arrives); each key as
    /// in SQL: <c>dt</c>, <c>date_trunc('day', dt)</c>, <c>time_slice(ts, INTERVAL 1 hour)</c>, <c>str2date(d, '%Y%m%d')</c>.</summary>
    /// <param name="keys">The partition keys.</param>
    public TableBuilder PartitionBy(params string[] keys) => Set(Core.Define.partitionBy(ListModule.OfArray(keys), table));

    /// <summary>PARTITION BY keys with the partitions StarRocks 3.0 prints after them (server-maintained; kept so that
    /// a model read from such a server rebuilds exactly).</summary>
    /// <param name="keys">The partition keys, as in SQL.</param>
    /// <param name="created">The printed partitions.</param>
    public TableBuilder PartitionBy(IReadOnlyList<string> keys, Action<RangePartitions> created) =>
        Set(Core.Define.partitionByWithCreated(ListModule.OfSeq(keys), Declared(created, new RangePartitions()).List, table));

    /// <summary>PARTITION BY written as in SQL, without the keywords (the attribute style's form).</summary>
    /// <param name="clause">E.g. <c>RANGE (dt) (START ('2024-01-01') END ('2025-01-01') EVERY (INTERVAL 1 MONTH))</c>.</param>
    internal TableBuilder PartitionByClause(string clause) => Set(Core.Define.partitionByClause(clause, table));

    /// <summary>PARTITION BY RANGE (keys) (partitions).</summary>
    /// <param name="keys">The partition keys, as in SQL.</param>
    /// <param name="partitions">Declares the partitions: <c>p =&gt; p.LessThan("p2024", ["2025-01-01"])</c>.</param>
    public TableBuilder PartitionByRange(IReadOnlyList<string> keys, Action<RangePartitions> partitions) =>
        Set(Core.Define.partitionByRange(ListModule.OfSeq(keys), Declared(partitions, new RangePartitions()).List, table));

    /// <summary>PARTITION BY LIST (keys) (partitions).</summary>
    /// <param name="keys">The partition columns, as in SQL.</param>
    /// <param name="partitions">Declares the partitions: <c>p =&gt; p.Partition("p_cn", ["Beijing", "Shanghai"])</c>.</param>
    public TableBuilder PartitionByList(IReadOnlyList<string> keys, Action<ListPartitions> partitions) =>
        Set(Core.Define.partitionByList(ListModule.OfSeq(keys), Declared(partitions, new ListPartitions()).List, table));

    /// <summary>A property, e.g. ("replication_num", "1").</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public TableBuilder Property(string key, string value) => Set(Core.Define.tableProperty(key, value, table));

    /// <summary>The table's comment.</summary>
    /// <param name="text">The comment.</param>
    public TableBuilder Comment(string text) => Set(Core.Define.tableComment(text, table));

    /// <summary>CREATE TEMPORARY TABLE.</summary>
    public TableBuilder Temporary() => Set(Core.Define.temporary(table));

    /// <summary>A clause the model keeps only as text (ROLLUP, CHARSET), carried through unchanged and reported as a
    /// warning by the diff.</summary>
    /// <param name="clause">What the clause is, e.g. ROLLUP.</param>
    /// <param name="text">The clause as written.</param>
    public TableBuilder Unmodelled(string clause, string text)
    {
        ArgumentNullException.ThrowIfNull(clause);
        ArgumentNullException.ThrowIfNull(text);
        return Set(Core.Define.unmodelled(clause, text, table));
    }

    // what a declaring callback filled in
    private static T Declared<T>(Action<T> declare, T declarations)
    {
        ArgumentNullException.ThrowIfNull(declare);
        declare(declarations);
        return declarations;
    }

    private TableBuilder Set(Core.Table value)
    {
        table = value;
        return this;
    }
}

/// <summary>Declares a view in code.</summary>
public sealed class ViewBuilder
{
    private Core.View view;

    /// <summary>A view of a query.</summary>
    /// <param name="name">The name, or database.name.</param>
    /// <param name="query">The SELECT.</param>
    public ViewBuilder(string name, string query) => view = Core.Define.view(name, query);

    internal Core.View View => view;

    /// <summary>A column of the view's column list (a view's columns are then named by this list, in order).</summary>
    /// <param name="name">The column name.</param>
    /// <param name="comment">The comment.</param>
    public ViewBuilder Column(string name, string? comment = null) => Set(Core.Define.viewColumn(name, comment ?? "", view));

    /// <summary>The view's comment.</summary>
    /// <param name="text">The comment.</param>
    public ViewBuilder Comment(string text) => Set(Core.Define.viewComment(text, view));

    /// <summary>SECURITY NONE or INVOKER (3.4.1+).</summary>
    /// <param name="security">The security.</param>
    public ViewBuilder Security(ViewSecurity security) =>
        Set(Core.Define.security(security == ViewSecurity.Invoker ? Core.ViewSecurity.SecurityInvoker : Core.ViewSecurity.SecurityNone, view));

    /// <summary>A property.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public ViewBuilder Property(string key, string value) => Set(Core.Define.viewProperty(key, value, view));

    private ViewBuilder Set(Core.View value)
    {
        view = value;
        return this;
    }
}

/// <summary>Declares an asynchronous materialized view in code. With no Refresh call it has no REFRESH clause
/// (StarRocks's default: MANUAL); it needs a Refresh or a DistributedBy call, since without either StarRocks makes a
/// synchronous materialized view, which <see cref="SyncMaterializedViewBuilder"/> declares (<see cref="SchemaBuilder.Build"/>
/// refuses a MaterializedViewBuilder without either).</summary>
public sealed class MaterializedViewBuilder
{
    private Core.MaterializedView view;

    /// <summary>A materialized view of a query.</summary>
    /// <param name="name">The name, or database.name.</param>
    /// <param name="query">The SELECT.</param>
    public MaterializedViewBuilder(string name, string query) => view = Core.Define.materializedView(name, query);

    internal Core.MaterializedView View => view;

    /// <summary>A column of the column list.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="comment">The comment.</param>
    public MaterializedViewBuilder Column(string name, string? comment = null) => Set(Core.Define.materializedViewColumn(name, comment ?? "", view));

    /// <summary>INDEX name (columns) [USING kind] inside the column list.</summary>
    /// <param name="name">The index name.</param>
    /// <param name="columns">The indexed columns.</param>
    /// <param name="kind">USING ...; null when not written.</param>
    /// <param name="properties">Index properties.</param>
    /// <param name="comment">The comment.</param>
    public MaterializedViewBuilder Index(string name, IReadOnlyList<string> columns, IndexKind? kind = null, IReadOnlyDictionary<string, string>? properties = null, string? comment = null) =>
        Set(Core.Define.materializedViewIndex(CoreValues.Index(name, columns, kind, properties, comment), view));

    /// <summary>The comment.</summary>
    /// <param name="text">The comment.</param>
    public MaterializedViewBuilder Comment(string text) => Set(Core.Define.materializedViewComment(text, view));

    /// <summary>PARTITION BY keys, each as in SQL: <c>dt</c>, <c>date_trunc('month', dt)</c>.</summary>
    /// <param name="keys">The partition keys.</param>
    public MaterializedViewBuilder PartitionBy(params string[] keys) => Set(Core.Define.materializedViewPartitionBy(ListModule.OfArray(keys), view));

    /// <summary>DISTRIBUTED BY HASH(columns) [BUCKETS n].</summary>
    /// <param name="buckets">The bucket count, or null for automatic.</param>
    /// <param name="columns">The hash columns.</param>
    public MaterializedViewBuilder DistributedByHash(int? buckets, params string[] columns) =>
        Set(Core.Define.materializedViewHashDistributed(ListModule.OfArray(columns), CoreValues.Option(buckets), view));

    /// <summary>DISTRIBUTED BY RANDOM [BUCKETS n].</summary>
    /// <param name="buckets">The bucket count, or null for automatic.</param>
    public MaterializedViewBuilder DistributedByRandom(int? buckets = null) => Set(Core.Define.materializedViewRandomDistributed(CoreValues.Option(buckets), view));

    /// <summary>Range distribution, as a view read from a server may have it: written as no DISTRIBUTED BY clause.</summary>
    public MaterializedViewBuilder DistributedByRange() => Set(Core.Define.materializedViewRangeDistributed(view));

    /// <summary>ORDER BY(columns).</summary>
    /// <param name="columns">The sort key columns.</param>
    public MaterializedViewBuilder OrderBy(params string[] columns) => Set(Core.Define.materializedViewOrderBy(ListModule.OfArray(columns), view));

    /// <summary>REFRESH [moment] ASYNC [START ("start")] EVERY (INTERVAL count unit).</summary>
    /// <param name="count">How many units.</param>
    /// <param name="unit">SECOND, MINUTE, HOUR or DAY.</param>
    /// <param name="start">The first refresh, e.g. "2024-01-01 00:00:00"; null for none.</param>
    /// <param name="moment">IMMEDIATE or DEFERRED; null when not written.</param>
    public MaterializedViewBuilder RefreshEvery(int count, string unit, string? start = null, RefreshMoment? moment = null)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var every = FSharpOption<Tuple<int, string>>.Some(Tuple.Create(count, unit.ToUpperInvariant()));
        return Refresh(Core.RefreshScheme.NewAsync(start is null ? FSharpOption<string>.None : FSharpOption<string>.Some(start), every), moment);
    }

    /// <summary>REFRESH [moment] ASYNC [START ("start")]: refreshed when its base tables change.</summary>
    /// <param name="start">The first refresh; null for none.</param>
    /// <param name="moment">IMMEDIATE or DEFERRED; null when not written.</param>
    public MaterializedViewBuilder RefreshOnChange(string? start = null, RefreshMoment? moment = null) =>
        Refresh(Core.RefreshScheme.NewAsync(start is null ? FSharpOption<string>.None : FSharpOption<string>.Some(start), FSharpOption<Tuple<int, string>>.None), moment);

    /// <summary>REFRESH [moment] MANUAL.</summary>
    /// <param name="moment">IMMEDIATE or DEFERRED; null when not written.</param>
    public MaterializedViewBuilder RefreshManual(RefreshMoment? moment = null) => Refresh(Core.RefreshScheme.Manual, moment);

    /// <summary>REFRESH [moment] INCREMENTAL (newest servers).</summary>
    /// <param name="moment">IMMEDIATE or DEFERRED; null when not written.</param>
    public MaterializedViewBuilder RefreshIncremental(RefreshMoment? moment = null) => Refresh(Core.RefreshScheme.Incremental, moment);

    /// <summary>A property, e.g. ("replication_num", "1").</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public MaterializedViewBuilder Property(string key, string value) => Set(Core.Define.materializedViewProperty(key, value, view));

    private MaterializedViewBuilder Refresh(Core.RefreshScheme scheme, RefreshMoment? moment)
    {
        var refreshed = Core.Define.refresh(scheme, view);
        return Set(moment switch
        {
            RefreshMoment.Immediate => Core.Define.refreshMoment(Core.RefreshMoment.Immediate, refreshed),
            RefreshMoment.Deferred => Core.Define.refreshMoment(Core.RefreshMoment.Deferred, refreshed),
            null => refreshed,
            _ => throw new ArgumentOutOfRangeException(nameof(moment)),
        });
    }

    private MaterializedViewBuilder Set(Core.MaterializedView value)
    {
        view = value;
        return this;
    }
}

/// <summary>Declares a synchronous materialized view in code: an index of one table, kept up to date with every load,
/// built by a ROLLUP job when created. Its query is a SELECT over one table (<c>SELECT k, sum(v) FROM t GROUP BY k</c>,
/// with an optional WHERE and ORDER BY); the table must be in the same schema and must not be a PRIMARY KEY table.</summary>
public sealed class SyncMaterializedViewBuilder
{
    private Core.SyncMaterializedView view;

    /// <summary>A synchronous materialized view of a query; throws <see cref="ArgumentException"/> when the query is not
    /// a SELECT over one table.</summary>
    /// <param name="name">The name, or database.name.</param>
    /// <param name="query">The SELECT.</param>
    public SyncMaterializedViewBuilder(string name, string query) => view = Core.Define.syncMaterializedView(name, query);

    internal Core.SyncMaterializedView View => view;

    /// <summary>The comment.</summary>
    /// <param name="text">The comment.</param>
    public SyncMaterializedViewBuilder Comment(string text) => Set(Core.Define.syncMaterializedViewComment(text, view));

    /// <summary>A property.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public SyncMaterializedViewBuilder Property(string key, string value) => Set(Core.Define.syncMaterializedViewProperty(key, value, view));

    private SyncMaterializedViewBuilder Set(Core.SyncMaterializedView value)
    {
        view = value;
        return this;
    }
}

/// <summary>Conversions from the facade's C# values to the core's.</summary>
internal static class CoreValues
{
    internal static FSharpOption<int> Option(int? value) => value is int v ? FSharpOption<int>.Some(v) : FSharpOption<int>.None;

    internal static FSharpMap<string, string> Map(IReadOnlyDictionary<string, string>? properties) =>
        properties is null ? MapModule.Empty<string, string>() : new FSharpMap<string, string>(properties.Select(kv => Tuple.Create(kv.Key, kv.Value)));

    internal static Core.AggregateType Aggregate(AggregateFunction a) => a switch
    {
        AggregateFunction.Sum => Core.AggregateType.Sum,
        AggregateFunction.Min => Core.AggregateType.Min,
        AggregateFunction.Max => Core.AggregateType.Max,
        AggregateFunction.Replace => Core.AggregateType.Replace,
        AggregateFunction.ReplaceIfNotNull => Core.AggregateType.ReplaceIfNotNull,
        AggregateFunction.HllUnion => Core.AggregateType.HllUnion,
        AggregateFunction.BitmapUnion => Core.AggregateType.BitmapUnion,
        AggregateFunction.PercentileUnion => Core.AggregateType.PercentileUnion,
        _ => throw new ArgumentOutOfRangeException(nameof(a)),
    };

    internal static Core.Index Index(string name, IReadOnlyList<string> columns, IndexKind? kind, IReadOnlyDictionary<string, string>? properties, string? comment)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var type = kind switch
        {
            IndexKind.Bitmap => FSharpOption<Core.IndexType>.Some(Core.IndexType.BitmapIndex),
            IndexKind.Gin => FSharpOption<Core.IndexType>.Some(Core.IndexType.Gin),
            IndexKind.NgramBloomFilter => FSharpOption<Core.IndexType>.Some(Core.IndexType.NgramBloomFilter),
            IndexKind.Vector => FSharpOption<Core.IndexType>.Some(Core.IndexType.Vector),
            null => FSharpOption<Core.IndexType>.None,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var index = Core.Define.indexOf(name, ListModule.OfSeq(columns), type);
        foreach (var (key, value) in properties ?? new Dictionary<string, string>())
        {
            index = Core.Define.indexProperty(key, value, index);
        }

        return comment is null ? index : Core.Define.indexComment(comment, index);
    }
}

/// <summary>Collects declared objects into a <see cref="SchemaModel"/>.</summary>
public sealed class SchemaBuilder
{
    private readonly List<Core.SchemaObject> objects = new();

    /// <summary>Adds a table.</summary>
    /// <param name="table">The table.</param>
    public SchemaBuilder Add(TableBuilder table)
    {
        ArgumentNullException.ThrowIfNull(table);
        objects.Add(Core.SchemaObject.NewTableObject(table.Table));
        return this;
    }

    /// <summary>Adds a view.</summary>
    /// <param name="view">The view.</param>
    public SchemaBuilder Add(ViewBuilder view)
    {
        ArgumentNullException.ThrowIfNull(view);
        objects.Add(Core.SchemaObject.NewViewObject(view.View));
        return this;
    }

    /// <summary>Adds a materialized view.</summary>
    /// <param name="view">The materialized view.</param>
    public SchemaBuilder Add(MaterializedViewBuilder view)
    {
        ArgumentNullException.ThrowIfNull(view);
        objects.Add(Core.SchemaObject.NewMaterializedViewObject(view.View));
        return this;
    }

    /// <summary>Adds a synchronous materialized view.</summary>
    /// <param name="view">The synchronous materialized view.</param>
    public SchemaBuilder Add(SyncMaterializedViewBuilder view)
    {
        ArgumentNullException.ThrowIfNull(view);
        objects.Add(Core.SchemaObject.NewSyncMaterializedViewObject(view.View));
        return this;
    }

    /// <summary>The schema; throws <see cref="SchemaValidationException"/> naming every invalid object.</summary>
    public SchemaModel Build()
    {
        var result = Core.Define.schema(ListModule.OfSeq(objects));
        return result.IsOk
            ? new SchemaModel(result.ResultValue)
            : throw new SchemaValidationException(result.ErrorValue.ToList());
    }
}
