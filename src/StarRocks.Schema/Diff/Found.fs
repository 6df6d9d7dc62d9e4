/// What a comparison finds, as a value: the differences (each with what the plan does about it) and the reasons the
/// object must be rebuilt. Comparers return one; the plan concatenates them in the order they were found. Also the
/// small texts and tests every comparer shares.
module internal StarRocks.Schema.Diffing.Found

open StarRocks.Schema

/// <summary>Differences found, in order, and the reasons for a rebuild (none: the object changes in place).</summary>
type Found = {
    Differences: Difference list
    Reasons: string list
}

/// Nothing found.
let none = { Differences = []; Reasons = [] }

/// One difference of object `q`.
let difference (q: QualifiedName) (attribute: DiffAttribute) (before: string) (after: string) (outcome: Outcome) = {
    Differences = [
        {
            Object = q
            Attribute = attribute
            Before = before
            After = after
            Outcome = outcome
        }
    ]
    Reasons = []
}

/// A reason the object must be rebuilt.
let rebuild (reason: string) = {
    Differences = []
    Reasons = [ reason ]
}

/// Everything found, in order.
let concat (found: Found list) = {
    Differences = found |> List.collect (fun f -> f.Differences)
    Reasons = found |> List.collect (fun f -> f.Reasons)
}

/// `found` when the condition holds, else nothing.
let onlyIf (condition: bool) (found: Found) = if condition then found else none

/// The differences once the object is rebuilt: what would have been altered in place comes with the rebuild.
let rebuilt (differences: Difference list) =
    differences
    |> List.map (fun d ->
        match d.Outcome with
        | Altered -> { d with Outcome = Rebuilt }
        | Rebuilt
        | Ignored _
        | Kept _
        | Warned _ -> d)

// ---------------------------------------------------------------------------------------------------------------
// Names and texts the comparers share

/// A name in backticks, as explanations print it.
let quote (n: Name) = "`" + Name.value n + "`"

/// The name lower-cased.
let lower (n: Name) = (Name.value n).ToLowerInvariant()

/// The same names in the same order (compared as StarRocks compares names).
let sameNames (a: Name list) (b: Name list) =
    List.length a = List.length b && List.forall2 Name.same a b

/// `(`a`, `b`)`.
let names (ns: Name list) =
    ns |> List.map quote |> String.concat ", " |> sprintf "(%s)"

/// Whether the server allows the statement form (ServerRules).
let allows (o: DiffOptions) (c: Capability) =
    ServerRules.allows o.ServerVersion o.RunMode c

/// Properties as ` ("k" = "v", ...)`, or nothing when there are none.
let propertiesText (props: Map<string, string>) =
    if props.IsEmpty then
        ""
    else
        props
        |> Map.toList
        |> List.map (fun (k, v) -> $"\"%s{k}\" = \"%s{v}\"")
        |> String.concat ", "
        |> sprintf " (%s)"

/// An index as explanations print it.
let indexText (ix: Index) =
    let kind = ix.Type |> Option.defaultValue BitmapIndex |> IndexType.keyword
    let props = ServerRules.properties SharedNothing ix.Properties
    $"%s{names ix.Columns} USING %s{kind}%s{propertiesText props} COMMENT '%s{ix.Comment}'"

/// Two indexes with the same columns, kind, properties and comment (names aside).
let sameIndex (a: Index) (b: Index) =
    sameNames a.Columns b.Columns
    && (a.Type |> Option.defaultValue BitmapIndex) = (b.Type |> Option.defaultValue BitmapIndex)
    && ServerRules.properties SharedNothing a.Properties = ServerRules.properties SharedNothing b.Properties
    && a.Comment = b.Comment

/// A distribution as explanations print it.
let distributionText =
    function
    | None -> "(none)"
    | Some Distribution.Range -> "RANGE (no DISTRIBUTED BY clause)"
    | Some d -> Render.distribution d

/// A partition key as it compares.
let partitionKeyText =
    function
    | PartitionKey.Column c -> lower c
    | PartitionKey.DateTrunc(u, c) -> $"date_trunc('%s{u.ToLowerInvariant()}', %s{lower c})"
    | PartitionKey.TimeSlice(c, n, u, b) ->
        let boundary = b |> Option.defaultValue "floor"
        $"time_slice(%s{lower c}, %d{n}, %s{u.ToLowerInvariant()}, %s{boundary.ToLowerInvariant()})"
    | PartitionKey.Expression e -> Normalize.expression e

/// A distribution the desired side leaves unset: RANDOM with automatic buckets is the default, anything else is kept
/// with a warning.
let keptDistribution (q: QualifiedName) (what: string) (actual: Distribution) =
    match actual with
    | Distribution.Random None -> none
    | _ ->
        difference
            q
            DiffAttribute.Distribution
            (distributionText (Some actual))
            "(unset)"
            (Kept $"the desired %s{what} does not state its distribution")

// ---------------------------------------------------------------------------------------------------------------
// Properties

let private canonicalProperties (o: DiffOptions) (props: Map<string, string>) =
    props
    |> Map.toList
    |> List.filter (fun (k, _) -> not (ServerRules.ignoredIn o.RunMode k))
    |> List.map (fun (k, v) ->
        let key = ServerRules.tablePropertyKey k
        key, (ServerRules.propertyValue key v, v))
    |> Map.ofList

/// The properties to set (canonical key -> value as the desired side spells it), what was found, and a rebuild reason
/// for each key that cannot be altered.
let propertyChanges
    (o: DiffOptions)
    (q: QualifiedName)
    (owner: PropertyOwner)
    (actual: Map<string, string>)
    (desired: Map<string, string>)
    : (string * string) list * Found =
    let a = canonicalProperties o actual
    let d = canonicalProperties o desired

    let compared = [
        for KeyValue(k, (v, spelled)) in d do
            let dflt =
                ServerRules.propertyDefault o.RunMode owner k
                |> Option.map (ServerRules.propertyValue k)

            match a.TryFind k, dflt with
            | Some(av, _), _ when av = v -> ()
            | None, Some dv when dv = v ->
                None, difference q (DiffAttribute.Property k) "(unset)" spelled (Ignored "the server's default value")
            | before, _ ->
                let beforeText =
                    match before, dflt with
                    | Some(_, s), _ -> s
                    | None, Some dv -> dv + " (default)"
                    | None, None -> "(unset)"

                let immutable = ServerRules.isImmutable owner k

                Some(k, spelled),
                difference q (DiffAttribute.Property k) beforeText spelled (if immutable then Rebuilt else Altered)
    ]

    let unset = [
        for KeyValue(k, (v, spelled)) in a do
            if not (d.ContainsKey k) then
                if ServerRules.isDefault o.RunMode owner k v then
                    difference q (DiffAttribute.Property k) spelled "(unset)" (Ignored "the server's default value")
                else
                    difference
                        q
                        (DiffAttribute.Property k)
                        spelled
                        "(unset)"
                        (Kept "not declared in the desired schema, so the server's value is kept")
    ]

    let changes = compared |> List.choose fst

    let reasons =
        changes
        |> List.filter (fun (k, _) -> ServerRules.isImmutable owner k)
        |> List.map (fun (k, _) -> rebuild $"property \"%s{k}\" cannot be altered")

    changes, concat (List.map snd compared @ unset @ reasons)
