namespace StarRocks.Schema

/// <summary>A message tied to a place in a source text: a parse error, a validation error or a warning.</summary>
type Diagnostic = {
    /// <summary>The source's name (a file path, or <c>&lt;input&gt;</c>).</summary>
    Source: string
    /// <summary>1-based line.</summary>
    Line: int
    /// <summary>1-based column.</summary>
    Column: int
    /// <summary>What is wrong and what was expected, naming the object and clause where known.</summary>
    Message: string
}

/// <summary>Functions over <see cref="T:StarRocks.Schema.Diagnostic"/>.</summary>
[<RequireQualifiedAccess>]
module Diagnostic =
    /// <summary>The one-line form <c>source:line:column: message</c>.</summary>
    val format: d: Diagnostic -> string

/// <summary>Limits the parser enforces so that hostile or broken input gives an error, not a stack overflow.</summary>
[<RequireQualifiedAccess>]
module Limits =
    /// <summary>The deepest nesting of parentheses or of ARRAY/MAP/STRUCT types accepted.</summary>
    [<Literal>]
    val MaxNesting: int = 64
