using System;
using System.Linq;
using System.Reflection;
using Core = StarRocks.Schema;

namespace StarRocks.Schema.CSharp;

/// <summary>The key model of a table declared with <see cref="StarRocksTableAttribute"/>.</summary>
public enum TableKey
{
    /// <summary>DUPLICATE KEY (the default).</summary>
    Duplicate,

    /// <summary>AGGREGATE KEY.</summary>
    Aggregate,

    /// <summary>UNIQUE KEY.</summary>
    Unique,

    /// <summary>PRIMARY KEY.</summary>
    Primary,
}

/// <summary>Declares a class as a StarRocks table (the attribute style): its public properties, in declaration order,
/// are the columns; <see cref="StarRocksColumnAttribute"/> refines them; <see cref="StarRocksPropertyAttribute"/> adds
/// properties.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class StarRocksTableAttribute : Attribute
{
    /// <summary>The table name (or database.name).</summary>
    /// <param name="name">The name.</param>
    public StarRocksTableAttribute(string name) => Name = name;

    /// <summary>The table name.</summary>
    public string Name { get; }

    /// <summary>The key model; the key columns are the properties marked <c>Key = true</c>.</summary>
    public TableKey Key { get; set; } = TableKey.Duplicate;

    /// <summary>Comma-separated hash distribution columns (column names); empty for StarRocks's default.</summary>
    public string DistributedBy { get; set; } = "";

    /// <summary>The bucket count; 0 for automatic.</summary>
    public int Buckets { get; set; }

    /// <summary>Comma-separated sort key columns; empty for the default (the key).</summary>
    public string OrderBy { get; set; } = "";

    /// <summary>The table comment.</summary>
    public string Comment { get; set; } = "";

    /// <summary>The PARTITION BY clause as in SQL, without the keywords: <c>date_trunc('day', dt)</c>,
    /// <c>RANGE (dt) (START ('2024-01-01') END ('2025-01-01') EVERY (INTERVAL 1 MONTH))</c>,
    /// <c>LIST (city) (PARTITION p_cn VALUES IN ('Beijing'))</c>; empty for an unpartitioned table.</summary>
    public string PartitionBy { get; set; } = "";
}

/// <summary>A table property, e.g. <c>[StarRocksProperty("replication_num", "1")]</c>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class StarRocksPropertyAttribute : Attribute
{
    /// <summary>A property.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    public StarRocksPropertyAttribute(string key, string value)
    {
        Key = key;
        Value = value;
    }

    /// <summary>The key.</summary>
    public string Key { get; }

    /// <summary>The value.</summary>
    public string Value { get; }
}

/// <summary>Refines the column a property maps to.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class StarRocksColumnAttribute : Attribute
{
    /// <summary>The column name; empty for the property name in snake_case.</summary>
    public string Name { get; set; } = "";

    /// <summary>The SQL type (e.g. VARCHAR(64), DECIMAL(12, 2)); empty for the type the CLR type maps to.</summary>
    public string Type { get; set; } = "";

    /// <summary>True for a key column.</summary>
    public bool Key { get; set; }

    /// <summary>The comment.</summary>
    public string Comment { get; set; } = "";

    /// <summary>A literal DEFAULT; empty for none.</summary>
    public string Default { get; set; } = "";

    /// <summary>DEFAULT CURRENT_TIMESTAMP (a DATETIME column).</summary>
    public bool DefaultCurrentTimestamp { get; set; }

    /// <summary>The aggregate function of a value column of an AGGREGATE KEY table, as in SQL (<c>SUM</c>,
    /// <c>REPLACE_IF_NOT_NULL</c>, ...); empty for none.</summary>
    public string Aggregate { get; set; } = "";

    /// <summary>AUTO_INCREMENT (a BIGINT NOT NULL column).</summary>
    public bool AutoIncrement { get; set; }

    /// <summary>A generated column's expression (AS ...); empty for none.</summary>
    public string GeneratedAs { get; set; } = "";
}

/// <summary>Reads attribute-declared classes into builders.</summary>
public static class AttributeModels
{
    /// <summary>The table a class declares.</summary>
    /// <param name="type">A class with <see cref="StarRocksTableAttribute"/>.</param>
    public static TableBuilder Table(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var table = type.GetCustomAttribute<StarRocksTableAttribute>()
            ?? throw new ArgumentException($"{type.Name} has no [StarRocksTable] attribute", nameof(type));
        var builder = new TableBuilder(table.Name);
        var nullability = new NullabilityInfoContext();
        var keys = new System.Collections.Generic.List<string>();

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            var column = property.GetCustomAttribute<StarRocksColumnAttribute>() ?? new StarRocksColumnAttribute();
            var name = column.Name.Length > 0 ? column.Name : Core.Define.snakeCase(property.Name);
            var sqlType = column.Type.Length > 0 ? column.Type : SqlType(property);
            var nullable = nullability.Create(property).ReadState == NullabilityState.Nullable;
            Named(type, property.Name, () => builder.Column(name, sqlType, c =>
            {
                _ = nullable ? c.Null() : c.NotNull();
                if (column.Comment.Length > 0)
                {
                    c.Comment(column.Comment);
                }

                if (column.Default.Length > 0)
                {
                    c.Default(column.Default);
                }

                if (column.DefaultCurrentTimestamp)
                {
                    c.DefaultCurrentTimestamp();
                }

                if (column.AutoIncrement)
                {
                    c.AutoIncrement();
                }

                if (column.GeneratedAs.Length > 0)
                {
                    c.GeneratedAs(column.GeneratedAs);
                }

                if (column.Aggregate.Length > 0)
                {
                    c.Aggregate(Aggregate(column.Aggregate));
                }
            }));
            if (column.Key)
            {
                keys.Add(name);
            }
        }

        if (keys.Count > 0)
        {
            var columns = keys.ToArray();
            _ = table.Key switch
            {
                TableKey.Primary => builder.PrimaryKey(columns),
                TableKey.Unique => builder.UniqueKey(columns),
                TableKey.Aggregate => builder.AggregateKey(columns),
                _ => builder.DuplicateKey(columns),
            };
        }

        if (table.PartitionBy.Length > 0)
        {
            Named(type, "PartitionBy", () => builder.PartitionByClause(table.PartitionBy));
        }

        if (table.DistributedBy.Length > 0)
        {
            builder.DistributedByHash(table.Buckets > 0 ? table.Buckets : null, Split(table.DistributedBy));
        }

        if (table.OrderBy.Length > 0)
        {
            builder.OrderBy(Split(table.OrderBy));
        }

        if (table.Comment.Length > 0)
        {
            builder.Comment(table.Comment);
        }

        foreach (var property in type.GetCustomAttributes<StarRocksPropertyAttribute>())
        {
            builder.Property(property.Key, property.Value);
        }

        return builder;
    }

    /// <summary>Adds the table a class declares: <c>schema.AddTable&lt;Order&gt;()</c>.</summary>
    /// <typeparam name="T">A class with <see cref="StarRocksTableAttribute"/>.</typeparam>
    /// <param name="schema">The schema builder.</param>
    public static SchemaBuilder AddTable<T>(this SchemaBuilder schema) => schema.Add(Table(typeof(T)));

    private static string SqlType(PropertyInfo property) =>
        Core.Define.sqlTypeOf(property.PropertyType)?.Value
        ?? throw new ArgumentException($"property {property.Name}: no StarRocks type for {property.PropertyType.Name}; give [StarRocksColumn(Type = \"...\")]");

    /// <summary>Runs a declaration; an ArgumentException it throws names the class and member.</summary>
    private static void Named(Type type, string member, Func<TableBuilder> declare)
    {
        try
        {
            declare();
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{type.Name}.{member}: {e.Message}", e);
        }
    }

    private static AggregateFunction Aggregate(string keyword)
    {
        foreach (var function in Enum.GetValues<AggregateFunction>())
        {
            if (string.Equals(Core.AggregateTypeModule.keyword(CoreValues.Aggregate(function)), keyword.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return function;
            }
        }

        throw new ArgumentException($"'{keyword}' is not an aggregate function (SUM, MIN, MAX, REPLACE, REPLACE_IF_NOT_NULL, HLL_UNION, BITMAP_UNION, PERCENTILE_UNION)");
    }

    private static string[] Split(string names) =>
        names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
