namespace StarRocks.Schema

type DiffOptions = {
    ServerVersion: ServerVersion
    RunMode: RunMode
    DefaultDatabase: Name option
    Renames: Rename list
    ManagePartitions: bool
}

[<RequireQualifiedAccess>]
module DiffOptions =
    let defaults = {
        ServerVersion = ServerVersion.newest
        RunMode = SharedNothing
        DefaultDatabase = None
        Renames = []
        ManagePartitions = true
    }

    let forServer (version: ServerVersion option) (runMode: RunMode option) (database: Name option) = {
        defaults with
            ServerVersion = version |> Option.defaultValue ServerVersion.newest
            RunMode = runMode |> Option.defaultValue SharedNothing
            DefaultDatabase = database
    }

type Outcome =
    | Altered
    | Rebuilt
    | Ignored of reason: string
    | Kept of reason: string
    | Warned of reason: string

[<RequireQualifiedAccess>]
type ColumnPart =
    | Type
    | Aggregate
    | Nullability
    | Value
    | Comment

[<RequireQualifiedAccess>]
type DiffAttribute =
    | Object
    | Name
    | Key
    | KeyModel
    | KeyColumns
    | Column of Name
    | ColumnPart of Name * ColumnPart
    | ColumnOrder
    | Index of Name
    | Indexes
    | Partitioning
    | Partitions
    | Partition of Name
    | Distribution
    | Buckets
    | SortKey
    | Property of string
    | Properties
    | Comment
    | Temporary
    | UnmodelledClauses
    | Query
    | Columns
    | Security
    | Refresh
    | RefreshMoment
    | State

[<RequireQualifiedAccess>]
module DiffAttribute =
    let private quote (n: Name) = "`" + Name.value n + "`"

    let text (attribute: DiffAttribute) =
        match attribute with
        | DiffAttribute.Object -> "object"
        | DiffAttribute.Name -> "name"
        | DiffAttribute.Key -> "key"
        | DiffAttribute.KeyModel -> "key model"
        | DiffAttribute.KeyColumns -> "key columns"
        | DiffAttribute.Column n -> "column " + quote n
        | DiffAttribute.ColumnPart(n, part) ->
            let what =
                match part with
                | ColumnPart.Type -> "type"
                | ColumnPart.Aggregate -> "aggregate"
                | ColumnPart.Nullability -> "nullability"
                | ColumnPart.Value -> "value"
                | ColumnPart.Comment -> "comment"

            $"column %s{quote n} %s{what}"
        | DiffAttribute.ColumnOrder -> "column order"
        | DiffAttribute.Index n -> "index " + quote n
        | DiffAttribute.Indexes -> "indexes"
        | DiffAttribute.Partitioning -> "partitioning"
        | DiffAttribute.Partitions -> "partitions"
        | DiffAttribute.Partition n -> "partition " + quote n
        | DiffAttribute.Distribution -> "distribution"
        | DiffAttribute.Buckets -> "buckets"
        | DiffAttribute.SortKey -> "sort key"
        | DiffAttribute.Property k -> $"property \"%s{k}\""
        | DiffAttribute.Properties -> "properties"
        | DiffAttribute.Comment -> "comment"
        | DiffAttribute.Temporary -> "temporary"
        | DiffAttribute.UnmodelledClauses -> "unmodelled clauses"
        | DiffAttribute.Query -> "query"
        | DiffAttribute.Columns -> "columns"
        | DiffAttribute.Security -> "security"
        | DiffAttribute.Refresh -> "refresh"
        | DiffAttribute.RefreshMoment -> "refresh moment"
        | DiffAttribute.State -> "state"

type Difference = {
    Object: QualifiedName
    Attribute: DiffAttribute
    Before: string
    After: string
    Outcome: Outcome
}

type Step = {
    Operations: Operation list
    Risk: Risk
    Job: Job
    Notes: string list
    WrittenFor: ServerVersion option
}

type Plan = {
    Steps: Step list
    Differences: Difference list
}

[<RequireQualifiedAccess>]
module Plan =
    let operations (p: Plan) =
        p.Steps |> List.collect (fun s -> s.Operations)

    let isEmpty (p: Plan) = List.isEmpty p.Steps

    let maxRisk (p: Plan) =
        match p.Steps with
        | [] -> None
        | steps -> Some(steps |> List.map (fun s -> s.Risk) |> List.maxBy Risk.rank)

    let riskLine (risk: Risk) (job: Job) =
        $"-- risk: %s{Risk.label risk}; job: %s{Job.label job}"

    let isRiskLine (line: string) =
        line.StartsWith("-- risk:", System.StringComparison.OrdinalIgnoreCase)

    let internal step (ops: Operation list) (notes: string list) : Step = {
        Operations = ops
        Risk = Operation.statementRisk ops
        Job = Operation.statementJob ops
        Notes = notes
        WrittenFor = None
    }

    let statement (s: Step) =
        match s.WrittenFor with
        | Some version -> Render.statementFor version s.Operations
        | None -> Render.statement s.Operations

    let sql (p: Plan) : string =
        let sb = System.Text.StringBuilder()

        for s in p.Steps do
            for note in s.Notes do
                sb.Append("-- ").Append(note.Replace("\n", " ")).Append('\n') |> ignore

            sb.Append(riskLine s.Risk s.Job).Append('\n') |> ignore

            sb.Append(statement s).Append("\n\n") |> ignore

        sb.ToString()

    let warnings (p: Plan) =
        p.Differences
        |> List.choose (fun d ->
            match d.Outcome with
            | Kept reason ->
                Some
                    $"`%s{QualifiedName.display d.Object}` %s{DiffAttribute.text d.Attribute}: %s{reason} (actual %s{d.Before})"
            | Warned reason ->
                Some $"`%s{QualifiedName.display d.Object}` %s{DiffAttribute.text d.Attribute}: %s{reason}"
            | Altered
            | Rebuilt
            | Ignored _ -> None)
