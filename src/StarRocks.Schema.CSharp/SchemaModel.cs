using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.FSharp.Collections;
using Microsoft.FSharp.Core;
using Core = StarRocks.Schema;
using Db = StarRocks.Schema.Database;

namespace StarRocks.Schema.CSharp;

/// <summary>A parse error: where (source, line, column) and what was expected.</summary>
public sealed class ParseError
{
    internal ParseError(Core.Diagnostic d)
    {
        Source = d.Source;
        Line = d.Line;
        Column = d.Column;
        Message = d.Message;
    }

    /// <summary>The source's name (a file path, or &lt;input&gt;).</summary>
    public string Source { get; }

    /// <summary>1-based line.</summary>
    public int Line { get; }

    /// <summary>1-based column.</summary>
    public int Column { get; }

    /// <summary>What is wrong and what was expected.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Source}:{Line}:{Column}: {Message}";
}

/// <summary>Thrown by <see cref="SchemaParser.Parse(string, string)"/> for text that does not parse.</summary>
public sealed class SchemaParseException : Exception
{
    internal SchemaParseException(IReadOnlyList<ParseError> errors)
        : base(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
    {
        Errors = errors;
    }

    /// <summary>Every error, with its place.</summary>
    public IReadOnlyList<ParseError> Errors { get; }

    /// <summary>The first error's line.</summary>
    public int Line => Errors.Count > 0 ? Errors[0].Line : 0;

    /// <summary>The first error's column.</summary>
    public int Column => Errors.Count > 0 ? Errors[0].Column : 0;
}

/// <summary>A schema: tables, views and materialized views, as read from SQL or from a server.</summary>
public sealed class SchemaModel
{
    internal SchemaModel(Core.Model model)
    {
        Model = model;
    }

    internal SchemaModel(Core.Schema schema)
        : this(new Core.Model(schema, FSharpList<Core.Rename>.Empty))
    {
    }

    /// <summary>An empty schema.</summary>
    public static SchemaModel Empty { get; } = new(Core.SchemaModule.empty);

    /// <summary>The core F# value the facade works on.</summary>
    internal Core.Schema AsFSharp => Model.Schema;

    /// <summary>The schema with the renames its SQL declares: the desired side of <c>Diff.planModel</c>.</summary>
    internal Core.Model Model { get; }

    /// <summary>The table names (dotted when qualified), sorted.</summary>
    public IReadOnlyList<string> Tables => AsFSharp.Tables.Select(kv => Core.QualifiedNameModule.display(kv.Key)).ToList();

    /// <summary>The view names, sorted.</summary>
    public IReadOnlyList<string> Views => AsFSharp.Views.Select(kv => Core.QualifiedNameModule.display(kv.Key)).ToList();

    /// <summary>The materialized view names, sorted.</summary>
    public IReadOnlyList<string> MaterializedViews =>
        AsFSharp.MaterializedViews.Select(kv => Core.QualifiedNameModule.display(kv.Key)).ToList();

    /// <summary>The synchronous materialized view names, sorted.</summary>
    public IReadOnlyList<string> SyncMaterializedViews =>
        AsFSharp.SyncMaterializedViews.Select(kv => Core.QualifiedNameModule.display(kv.Key)).ToList();

    /// <summary>Every object as a canonical CREATE statement (the style SHOW CREATE prints).</summary>
    public string ToSql() => Core.Render.schema(AsFSharp);

    /// <summary>C# source that declares this schema with the builders (what <c>srschema inspect --format csharp</c>
    /// prints): a static class with one method per object and <c>Build()</c>.</summary>
    /// <param name="namespaceName">The namespace.</param>
    /// <param name="className">The class.</param>
    public string ToCSharp(string namespaceName = "StarRocksSchema", string className = "Schema") =>
        Core.Codegen.csharp(namespaceName, className, Core.SchemaModule.objects(AsFSharp));

    /// <summary>F# source that rebuilds this schema as model values (what <c>srschema inspect --format fsharp</c> prints).</summary>
    /// <param name="moduleName">The module.</param>
    public string ToFSharp(string moduleName = "Schema") => Core.Codegen.fsharp(moduleName, Core.SchemaModule.objects(AsFSharp));
}

/// <summary>Reads SQL models: CREATE TABLE / VIEW / MATERIALIZED VIEW statements, as written or as SHOW CREATE prints them.</summary>
public static class SchemaParser
{
    /// <summary>Parses a script into a schema; throws <see cref="SchemaParseException"/> with every error's place.</summary>
    /// <param name="sql">The statements.</param>
    /// <param name="source">The name used in errors (a file path).</param>
    public static SchemaModel Parse(string sql, string source = "<input>")
    {
        if (TryParse(sql, source, out var model, out var errors))
        {
            return model;
        }

        throw new SchemaParseException(errors);
    }

    /// <summary>Parses a script; false with the errors when it does not parse.</summary>
    /// <param name="sql">The statements.</param>
    /// <param name="model">The schema, when it parses.</param>
    /// <param name="error">The first error, when it does not.</param>
    public static bool TryParse(string sql, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out SchemaModel? model, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out ParseError? error)
    {
        var ok = TryParse(sql, "<input>", out var parsed, out var errors);
        model = ok ? parsed : null;
        error = ok ? null : errors[0];
        return ok;
    }

    /// <summary>Reads every .sql file of a folder (recursively, in ordinal order), or one file, into one schema.</summary>
    /// <param name="path">A .sql file or a folder.</param>
    public static SchemaModel ParseFiles(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var read = Db.ModelFilesModule.read(path);
        if (read.IsOk)
        {
            var model = read.ResultValue;
            return new SchemaModel(new Core.Model(model.Schema, ListModule.OfSeq(model.Scripts.SelectMany(s => s.Renames))));
        }

        return read.ErrorValue.IsChoice1Of2
            ? throw new System.IO.FileNotFoundException(((FSharpChoice<string, FSharpList<Core.Diagnostic>>.Choice1Of2)read.ErrorValue).Item, path)
            : throw new SchemaParseException(((FSharpChoice<string, FSharpList<Core.Diagnostic>>.Choice2Of2)read.ErrorValue).Item.Select(d => new ParseError(d)).ToList());
    }

    /// <summary>Joins parsed scripts; the errors name objects defined twice.</summary>
    private static (SchemaModel Model, IReadOnlyList<ParseError> Errors) Join(List<Core.ParsedScript> scripts)
    {
        var joined = Core.Parse.model(ListModule.OfSeq(scripts));
        return joined.IsError
            ? (SchemaModel.Empty, joined.ErrorValue.Select(d => new ParseError(d)).ToList())
            : (new SchemaModel(joined.ResultValue), Array.Empty<ParseError>());
    }

    private static bool TryParse(string sql, string source, out SchemaModel model, out IReadOnlyList<ParseError> errors)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(source);
        var parsed = Core.Parse.script(source, sql);
        if (parsed.IsError)
        {
            model = SchemaModel.Empty;
            errors = parsed.ErrorValue.Select(d => new ParseError(d)).ToList();
            return false;
        }

        (model, errors) = Join(new List<Core.ParsedScript> { parsed.ResultValue });
        return errors.Count == 0;
    }
}
