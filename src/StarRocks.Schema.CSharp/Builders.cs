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

/// <summary>Declares a table in code (the builder style): columns in order, key, distribution, partitioning, sort key,
/// properties, comment. Options left out are StarRocks's defaults.</summary>
public sealed class TableBuilder
{
    private Core.Table table;

    /// <summary>A table with no columns yet.</summary>
    /// <param name="name">The name, or database.name.</param>
    public TableBuilder(string name) => table = Core.Define.table(name, FSharpList<Core.Column>.Empty);

    internal Core.Table Table => table;

    /// <summary>Adds a column.</summary>
    /// <param name="name">The column name.</param>
    /// <param name="type">The type as in SQL: BIGINT, DECIMAL(12, 2), ARRAY&lt;STRING&gt;.</param>
    /// <param name="nullable">NULL (true), NOT NULL (false), or StarRocks's default (null).</param>
    /// <param name="comment">The comment.</param>
    /// <param name="defaultValue">A literal DEFAULT.</param>
    /// <param name="aggregate">The aggregate function (AGGREGATE KEY value columns).</param>
    public TableBuilder Column(string name, string type, bool? nullable = null, string? comment = null, string? defaultValue = null, AggregateFunction? aggregate = null)
    {
        var column = Core.Define.column(name, type);
        if (nullable is bool n)
        {
            column = n ? Core.Define.nullable(column) : Core.Define.notNull(column);
        }

        if (comment is not null)
        {
            column = Core.Define.columnComment(comment, column);
        }

        if (defaultValue is not null)
        {
            column = Core.Define.defaultValue(defaultValue, column);
        }

        if (aggregate is AggregateFunction a)
        {
            column = Core.Define.aggregate(Convert(a), column);
        }

        return Set(Core.Define.addColumn(column, table));
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

    /// <summary>DISTRIBUTED BY HASH(columns) [BUCKETS n].</summary>
    /// <param name="buckets">The bucket count, or null for automatic.</param>
    /// <param name="columns">The hash columns.</param>
    public TableBuilder DistributedByHash(int? buckets, params string[] columns) =>
        Set(Core.Define.hashDistributed(ListModule.OfArray(columns), ToOption(buckets), table));

    /// <summary>DISTRIBUTED BY RANDOM [BUCKETS n].</summary>
    /// <param name="buckets">The bucket count, or null for automatic.</param>
    public TableBuilder DistributedByRandom(int? buckets = null) => Set(Core.Define.randomDistributed(ToOption(buckets), table));

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

    /// <summary>A property, e.g. ("replication_num", "1").</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public TableBuilder Property(string key, string value) => Set(Core.Define.tableProperty(key, value, table));

    /// <summary>The table's comment.</summary>
    /// <param name="text">The comment.</param>
    public TableBuilder Comment(string text) => Set(Core.Define.tableComment(text, table));

    private TableBuilder Set(Core.Table value)
    {
        table = value;
        return this;
    }

    private static FSharpOption<int> ToOption(int? value) => value is int v ? FSharpOption<int>.Some(v) : FSharpOption<int>.None;

    private static Core.AggregateType Convert(AggregateFunction a) => a switch
    {
        AggregateFunction.Sum => Core.AggregateType.Sum,
        AggregateFunction.Min => Core.AggregateType.Min,
        AggregateFunction.Max => Core.AggregateType.Max,
        AggregateFunction.Replace => Core.AggregateType.Replace,
        AggregateFunction.ReplaceIfNotNull => Core.AggregateType.ReplaceIfNotNull,
        AggregateFunction.HllUnion => Core.AggregateType.HllUnion,
        _ => Core.AggregateType.BitmapUnion,
    };
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

    /// <summary>The view's comment.</summary>
    /// <param name="text">The comment.</param>
    public ViewBuilder Comment(string text)
    {
        view = Core.Define.viewComment(text, view);
        return this;
    }
}

/// <summary>Declares an asynchronous materialized view in code.</summary>
public sealed class MaterializedViewBuilder
{
    private Core.MaterializedView view;

    /// <summary>A materialized view of a query, refreshed manually until <see cref="RefreshEvery"/> or
    /// <see cref="RefreshOnChange"/> says otherwise.</summary>
    /// <param name="name">The name, or database.name.</param>
    /// <param name="query">The SELECT.</param>
    public MaterializedViewBuilder(string name, string query) => view = Core.Define.materializedView(name, Core.RefreshScheme.Manual, query);

    internal Core.MaterializedView View => view;

    /// <summary>REFRESH ASYNC EVERY (INTERVAL n unit).</summary>
    /// <param name="count">How many units.</param>
    /// <param name="unit">SECOND, MINUTE, HOUR or DAY.</param>
    public MaterializedViewBuilder RefreshEvery(int count, string unit) =>
        Refresh(Core.RefreshScheme.NewAsync(FSharpOption<string>.None, FSharpOption<Tuple<int, string>>.Some(Tuple.Create(count, unit.ToUpperInvariant()))));

    /// <summary>REFRESH ASYNC: refreshed when its base tables change.</summary>
    public MaterializedViewBuilder RefreshOnChange() => Refresh(Core.RefreshScheme.NewAsync(FSharpOption<string>.None, FSharpOption<Tuple<int, string>>.None));

    /// <summary>DISTRIBUTED BY HASH(columns) [BUCKETS n].</summary>
    /// <param name="buckets">The bucket count, or null for automatic.</param>
    /// <param name="columns">The hash columns.</param>
    public MaterializedViewBuilder DistributedByHash(int? buckets, params string[] columns)
    {
        view = Core.Define.materializedViewHashDistributed(ListModule.OfArray(columns), buckets is int b ? FSharpOption<int>.Some(b) : FSharpOption<int>.None, view);
        return this;
    }

    /// <summary>A property, e.g. ("replication_num", "1").</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public MaterializedViewBuilder Property(string key, string value)
    {
        view = Core.Define.materializedViewProperty(key, value, view);
        return this;
    }

    private MaterializedViewBuilder Refresh(Core.RefreshScheme scheme)
    {
        view = Core.Define.refresh(scheme, view);
        return this;
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

    /// <summary>The schema; throws <see cref="SchemaValidationException"/> naming every invalid object.</summary>
    public SchemaModel Build()
    {
        var result = Core.Define.schema(ListModule.OfSeq(objects));
        return result.IsOk
            ? new SchemaModel(result.ResultValue, FSharpList<Core.Rename>.Empty)
            : throw new SchemaValidationException(result.ErrorValue.ToList());
    }
}
