namespace StarRocks.Schema

/// <summary>The JSON form of a plan (format version 1, documented in docs/json-format.md): the same content as the
/// SQL script, for tools. Pure.</summary>
/// <remarks>
/// The document holds <c>formatVersion</c>; <c>steps</c>, each with its <c>sql</c> (as <c>Plan.statement</c>
/// renders it), <c>risk</c>, <c>job</c>, <c>notes</c> and <c>operations</c> (kind and object); <c>maxRisk</c>
/// (<c>null</c> for an empty plan); <c>warnings</c>; and <c>differences</c>, each with its object, attribute, before,
/// after, outcome (<c>altered</c>, <c>rebuilt</c>, <c>ignored</c>, <c>kept</c> or <c>warned</c>) and reason
/// (<c>null</c> for altered and rebuilt).
/// </remarks>
[<RequireQualifiedAccess>]
module PlanJson =
    /// <summary>The version of this JSON form.</summary>
    [<Literal>]
    val FormatVersion: int = 1

    /// <summary>The plan as a JSON value.</summary>
    val plan: p: Plan -> JsonValue

    /// <summary>The plan as indented JSON text with a final newline.</summary>
    val serialize: p: Plan -> string
