namespace StarRocks.Schema

/// <summary>A JSON value, built explicitly (no reflection) so the JSON form of the model is stable and documented.</summary>
type JsonValue =
    /// <summary>null.</summary>
    | JNull
    /// <summary>true or false.</summary>
    | JBool of bool
    /// <summary>An integer.</summary>
    | JNumber of int64
    /// <summary>A string.</summary>
    | JString of string
    /// <summary>An array.</summary>
    | JArray of JsonValue list
    /// <summary>An object; members are written in the given order.</summary>
    | JObject of (string * JsonValue) list

/// <summary>Writes <see cref="T:StarRocks.Schema.JsonValue"/> as indented JSON text. Pure.</summary>
[<RequireQualifiedAccess>]
module Json =
    /// <summary>Indented JSON text (two spaces), with no trailing newline.</summary>
    /// <remarks>
    /// Empty arrays and objects are written <c>[]</c> and <c>{}</c>; any other array or object has one item per line.
    /// Strings escape <c>"</c>, <c>\</c>, <c>\n</c>, <c>\r</c>, <c>\t</c> and other control characters
    /// (<c>\u00xx</c>, lower-case hex); every other character, non-ASCII included, is written as is.
    /// </remarks>
    val serialize: v: JsonValue -> string

/// <summary>The documented JSON form of the model (docs/json-format.md), format version 1.</summary>
/// <remarks>
/// Every member of the model is written, an absent option as <c>null</c>; names are written as they are held (not
/// quoted), property maps in key order, query and expression texts as held.
/// </remarks>
[<RequireQualifiedAccess>]
module SchemaJson =
    /// <summary>The version written in <c>formatVersion</c>; it changes only when the form changes incompatibly.</summary>
    [<Literal>]
    val FormatVersion: int = 1

    /// <summary>The JSON value of one object.</summary>
    val schemaObject: o: SchemaObject -> JsonValue

    /// <summary>The JSON document for a list of objects: <c>{"formatVersion": 1, "objects": [...]}</c>.</summary>
    val objects: objs: SchemaObject list -> JsonValue

    /// <summary>The JSON text for a list of objects, with a final newline.</summary>
    val serialize: objs: SchemaObject list -> string
