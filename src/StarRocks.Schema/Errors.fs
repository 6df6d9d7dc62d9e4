namespace StarRocks.Schema

type Diagnostic = {
    Source: string
    Line: int
    Column: int
    Message: string
}

[<RequireQualifiedAccess>]
module Diagnostic =
    let format (d: Diagnostic) =
        $"%s{d.Source}:%d{d.Line}:%d{d.Column}: %s{d.Message}"

[<RequireQualifiedAccess>]
module Limits =
    [<Literal>]
    let MaxNesting = 64
