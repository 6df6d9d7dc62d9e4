/// Identifier and literal quoting, the one place that knows StarRocks's quoting rules.
module internal StarRocks.Schema.Rendering.Quote

open System
open StarRocks.Schema

/// Backticked text; a backtick inside is doubled.
let backticked (s: string) = "`" + s.Replace("`", "``") + "`"

/// A backticked identifier.
let identifier (n: Name) = backticked (Name.value n)

/// A dotted, backticked name.
let qualified (q: QualifiedName) =
    [ yield! Option.toList q.Catalog; yield! Option.toList q.Database; q.Name ]
    |> List.map identifier
    |> String.concat "."

let private isPlainWord (s: string) =
    s.Length > 0
    && (Char.IsAsciiLetter s[0] || s[0] = '_')
    && s |> Seq.forall (fun c -> Char.IsAsciiLetterOrDigit c || c = '_')

/// A STRUCT field name: bare when it is a plain word (as SHOW CREATE prints it), else backticked.
let fieldName (n: Name) =
    if isPlainWord (Name.value n) then
        Name.value n
    else
        identifier n

/// A double-quoted string as SHOW CREATE prints it: only '\' and '"' are escaped; line breaks stay raw.
let doubleQuoted (s: string) =
    "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\""

/// A single-quoted string (index and STRUCT field comments): only '\' and ''' are escaped.
let singleQuoted (s: string) =
    "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'"
