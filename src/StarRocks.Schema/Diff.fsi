namespace StarRocks.Schema

/// <summary>Compares an actual schema with a desired one and plans the statements that turn the first into the
/// second, with StarRocks's rules: what is alterable in place (and on which release), what needs a rebuild, which
/// differences are not changes (server defaults, aliases, automatic buckets). Pure and total: every difference
/// yields operations or an explanation, never an exception.</summary>
/// <remarks>
/// The plan is built in stages (see docs/architecture.md): the objects of both schemas are paired by key (database,
/// unless it is the default one, and name; tables also by declared renames); each pair is compared clause by clause
/// (<c>Diff/Tables.fs</c>, <c>Diff/Columns.fs</c>, <c>Diff/Partitions.fs</c>, <c>Diff/Views.fs</c>), giving in-place
/// statements or the reasons for a rebuild; rebuilds become copy-and-swap steps for tables and drop-and-create steps
/// for materialized views, and materialized views that read a rebuilt object are activated again
/// (<c>Diff/Rebuild.fs</c>); finally the steps are ordered: view and materialized view drops (dependents first),
/// table renames, table changes, table drops, table creates, view and materialized view creates and changes
/// (dependencies first), reactivations. What each release allows is asked of <c>ServerRules</c>.
/// Laws (tested over generated schemas): applying the plan to <c>actual</c> gives a schema that means the same as
/// <c>desired</c>; a second plan from there is empty; the plan of a schema against itself is empty.
/// </remarks>
[<RequireQualifiedAccess>]
module Diff =
    /// <summary>The plan that turns <c>actual</c> into <c>desired</c>. Unset desired options accept the actual values
    /// (non-default ones are reported); what StarRocks cannot alter in place is rebuilt: tables by copy and swap,
    /// views and materialized views by drop and create.</summary>
    /// <param name="options">Server release, run mode, default database and declared renames (the only ones used:
    /// <c>Diff.planModel</c> adds those a parsed model declares).</param>
    /// <param name="actual">The schema as it is (e.g. read from SHOW CREATE output).</param>
    /// <param name="desired">The schema as it should be.</param>
    /// <remarks>Every step is written for <c>options.ServerVersion</c> (<c>Step.WrittenFor</c>).</remarks>
    val plan: options: DiffOptions -> actual: Schema -> desired: Schema -> Plan

    /// <summary>The plan that turns <c>actual</c> into the <c>desired</c> model with the renames the model's scripts
    /// declare (<c>-- srschema:renamed-from</c>), after any in <c>options.Renames</c>: what the C# facade and the CLI
    /// do. <c>Diff.plan</c> takes a bare <c>Schema</c> and only the renames in <c>options</c>.</summary>
    /// <param name="options">Server release, run mode, default database and renames declared in code.</param>
    /// <param name="actual">The schema as it is (e.g. read from SHOW CREATE output or a server).</param>
    /// <param name="desired">The model as it should be, from <c>Parse.model</c>.</param>
    /// <example><code>Diff.planModel DiffOptions.defaults actual desired |> Plan.sql</code></example>
    val planModel: options: DiffOptions -> actual: Schema -> desired: Model -> Plan
