namespace StarRocks.Schema

/// <summary>Reverse generation: a model as F# source that rebuilds it through the model's own types (what
/// <c>srschema inspect --format fsharp</c> prints), or as C# source that declares it with the
/// StarRocks.Schema.CSharp builders (<c>--format csharp</c>). Pure and deterministic.</summary>
/// <remarks>
/// The law both forms keep: the generated code, compiled and run, gives objects equal to the source (the same
/// canonical rendering). Every text of the model (names, comments, properties, queries, expressions) is written as an
/// escaped string literal, so any text round-trips.
/// </remarks>
[<RequireQualifiedAccess>]
module Codegen =
    /// <summary>F# source defining <c>objects: SchemaObject list</c> (in the given order) and <c>schema: Schema</c>, as
    /// a module that opens <c>StarRocks.Schema</c>; every option and clause of the model is written out.</summary>
    /// <param name="moduleName">The module's name.</param>
    /// <param name="objects">The objects.</param>
    val fsharp: moduleName: string -> objects: SchemaObject list -> string

    /// <summary>C# source declaring the objects with the StarRocks.Schema.CSharp builders: a static class with one
    /// method per object (returning its builder, every option and clause written out) and <c>Build()</c>, which
    /// returns the schema (a <c>SchemaModel</c>).</summary>
    /// <remarks>A method is named after its object in PascalCase (<c>user_stats_mv</c> gives <c>UserStatsMv</c>), or
    /// after its kind and a number when the name has no letters to use; names are unique within the class and never
    /// the class's own name, <c>Build</c> or a member every class inherits.</remarks>
    /// <param name="namespaceName">The namespace.</param>
    /// <param name="className">The static class's name.</param>
    /// <param name="objects">The objects.</param>
    val csharp: namespaceName: string -> className: string -> objects: SchemaObject list -> string
