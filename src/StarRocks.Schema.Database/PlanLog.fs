namespace StarRocks.Schema.Database

open Microsoft.Extensions.Logging
open StarRocks.Schema

/// <summary>Writes what a diff found to a <c>Microsoft.Extensions.Logging</c> logger, so library users see the same
/// explanations as <c>srschema diff --verbose</c>: every difference that changes something at Information, every
/// difference deliberately ignored (and why) at Debug, every non-default value kept under an unset option and every
/// planned change StarRocks may refuse at Warning.</summary>
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

    /// <summary>Logs every difference of the plan.</summary>
    /// <param name="logger">Where to write.</param>
    /// <param name="plan">The plan whose differences are explained.</param>
    let write (logger: ILogger) (plan: Plan) : unit =
        for d in plan.Differences do
            let name = QualifiedName.display d.Object

            match d.Outcome with
            | Outcome.Altered ->
                logger.LogInformation(
                    Altered,
                    "`{Object}` {Attribute}: {Before} -> {After} (altered in place)",
                    name,
                    d.Attribute,
                    d.Before,
                    d.After
                )
            | Outcome.Rebuilt ->
                logger.LogInformation(
                    Rebuilt,
                    "`{Object}` {Attribute}: {Before} -> {After} (needs a rebuild)",
                    name,
                    d.Attribute,
                    d.Before,
                    d.After
                )
            | Outcome.Ignored reason ->
                logger.LogDebug(
                    Ignored,
                    "`{Object}` {Attribute}: {Before} -> {After} ignored: {Reason}",
                    name,
                    d.Attribute,
                    d.Before,
                    d.After,
                    reason
                )
            | Outcome.Warned reason ->
                logger.LogWarning(
                    Warned,
                    "`{Object}` {Attribute}: {After}: {Reason}",
                    name,
                    d.Attribute,
                    d.After,
                    reason
                )
            | Outcome.Kept reason ->
                logger.LogWarning(
                    Kept,
                    "`{Object}` {Attribute}: {Before} kept: {Reason}",
                    name,
                    d.Attribute,
                    d.Before,
                    reason
                )
