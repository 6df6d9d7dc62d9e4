namespace StarRocks.Schema

[<RequireQualifiedAccess>]
module PlanJson =
    [<Literal>]
    let FormatVersion = 1

    let private outcome =
        function
        | Altered -> "altered", JNull
        | Rebuilt -> "rebuilt", JNull
        | Ignored reason -> "ignored", JString reason
        | Kept reason -> "kept", JString reason
        | Warned reason -> "warned", JString reason

    let private difference (d: Difference) =
        let kind, reason = outcome d.Outcome

        JObject [
            "object", JString(QualifiedName.display d.Object)
            "attribute", JString(DiffAttribute.text d.Attribute)
            "before", JString d.Before
            "after", JString d.After
            "outcome", JString kind
            "reason", reason
        ]

    let private step (s: Step) =
        JObject [
            "sql", JString(Plan.statement s)
            "risk", JString(Risk.label s.Risk)
            "job", JString(Job.label s.Job)
            "notes", JArray(s.Notes |> List.map JString)
            "operations",
            JArray(
                s.Operations
                |> List.map (fun op ->
                    JObject [
                        "kind", JString(Operation.kind op)
                        "object", JString(QualifiedName.display (Operation.target op))
                    ])
            )
        ]

    let plan (p: Plan) : JsonValue =
        JObject [
            "formatVersion", JNumber(int64 FormatVersion)
            "steps", JArray(p.Steps |> List.map step)
            "maxRisk",
            (match Plan.maxRisk p with
             | Some r -> JString(Risk.label r)
             | None -> JNull)
            "warnings", JArray(Plan.warnings p |> List.map JString)
            "differences", JArray(p.Differences |> List.map difference)
        ]

    let serialize (p: Plan) : string = Json.serialize (plan p) + "\n"
