namespace StarRocks.Schema.Database

open Microsoft.Extensions.Logging
open StarRocks.Schema

/// <summary>Writes what a diff found to a <c>Microsoft.Extensions.Logging</c> logger, so library users see the same
/// explanations as <c>srschema diff --verbose</c>: every difference that changes something at Information, every
/// difference deliberately ignored (and why) at Debug, every non-default value kept under an unset option and every
/// planned change StarRocks may refuse at Warning. An object created or dropped says so (the diff records it as the
/// attribute <c>object</c> going from or to <c>(none)</c>), instead of reading as a change in place.</summary>
[<RequireQualifiedAccess>]
module PlanLog =
    /// <summary>The logger category the CLI and the examples use.</summary>
    [<Literal>]
    let Category = "StarRocks.Schema.Diff"

    /// <summary>Event id of a difference the plan alters in place.</summary>
    let Altered = EventId(1, "Altered")

    /// <summary>Event id of a difference the plan rebuilds the object for.</summary>
    let Rebuilt = EventId(2, "Rebuilt")

    /// <summary>Event id of a difference that is not a change (and why).</summary>
    let Ignored = EventId(3, "Ignored")

    /// <summary>Event id of a non-default server value kept under an unset desired option.</summary>
    let Kept = EventId(4, "Kept")

    /// <summary>Event id of a planned change StarRocks may refuse.</summary>
    let Warned = EventId(5, "Warned")

    /// <summary>Event id of an object the plan creates.</summary>
    let Created = EventId(6, "Created")

    /// <summary>Event id of an object the plan drops.</summary>
    let Dropped = EventId(7, "Dropped")

    /// The kind of object a difference creates or drops (the diff records those as DiffAttribute.Object).
    let private (|CreatedObject|DroppedObject|NotObject|) (d: Difference) =
        match d.Attribute, d.Before, d.After with
        | DiffAttribute.Object, "(none)", kind -> CreatedObject kind
        | DiffAttribute.Object, kind, "(none)" -> DroppedObject kind
        | _ -> NotObject

    /// <summary>Logs every difference of the plan.</summary>
    /// <param name="logger">Where to write.</param>
    /// <param name="plan">The plan whose differences are explained.</param>
    let write (logger: ILogger) (plan: Plan) : unit =
        for d in plan.Differences do
            let name = QualifiedName.display d.Object

            match d.Outcome, d with
            | Outcome.Altered, CreatedObject kind ->
                logger.LogInformation(Created, "`{Object}`: {Kind} created", name, kind)
            | Outcome.Altered, DroppedObject kind ->
                logger.LogInformation(Dropped, "`{Object}`: {Kind} dropped", name, kind)
            | Outcome.Altered, NotObject ->
                logger.LogInformation(
                    Altered,
                    "`{Object}` {Attribute}: {Before} -> {After} (altered in place)",
                    name,
                    DiffAttribute.text d.Attribute,
                    d.Before,
                    d.After
                )
            | Outcome.Rebuilt, _ ->
                logger.LogInformation(
                    Rebuilt,
                    "`{Object}` {Attribute}: {Before} -> {After} (needs a rebuild)",
                    name,
                    DiffAttribute.text d.Attribute,
                    d.Before,
                    d.After
                )
            | Outcome.Ignored reason, _ ->
                logger.LogDebug(
                    Ignored,
                    "`{Object}` {Attribute}: {Before} -> {After} ignored: {Reason}",
                    name,
                    DiffAttribute.text d.Attribute,
                    d.Before,
                    d.After,
                    reason
                )
            | Outcome.Warned reason, _ ->
                logger.LogWarning(
                    Warned,
                    "`{Object}` {Attribute}: {After}: {Reason}",
                    name,
                    DiffAttribute.text d.Attribute,
                    d.After,
                    reason
                )
            | Outcome.Kept reason, _ ->
                logger.LogWarning(
                    Kept,
                    "`{Object}` {Attribute}: {Before} kept: {Reason}",
                    name,
                    DiffAttribute.text d.Attribute,
                    d.Before,
                    reason
                )
