namespace StarRocks.Schema

/// <summary>The text format of a dependency graph.</summary>
[<RequireQualifiedAccess>]
type GraphFormat =
    /// <summary>Mermaid (<c>graph LR</c>), which GitHub renders in a <c>```mermaid</c> block.</summary>
    | Mermaid
    /// <summary>Graphviz DOT (<c>digraph</c>), for <c>dot -Tsvg</c>.</summary>
    | Dot

/// <summary>Texts for reviewing a schema change: a pull-request comment for a plan, and the dependency graph of a
/// schema. Pure and deterministic.</summary>
/// <remarks>
/// Dependencies are found the way the diff orders its statements: the identifier chains of a view's or materialized
/// view's query are matched against the objects of the schema (names qualified with the default database count as
/// unqualified). What a query names that is not an object of the schema (objects of other databases or catalogs that
/// are not in it, external tables, common table expressions, columns) is left out of the graph: no node, no edge.
/// Edges go from the object read to the object reading it. Node ids use only <c>[A-Za-z0-9_]</c> (a kind prefix
/// <c>t_</c>, <c>v_</c> or <c>mv_</c>, then the name with <c>_</c> doubled and every other character written as
/// <c>_xHEX_</c>), so any identifier gives a valid id. Labels show the dotted name, a part in backticks when it holds
/// a dot, a backtick or white space (as in SQL), escaped for the format: Mermaid entity codes (<c>#34;</c>) for quotes,
/// <c>#</c>, backticks, HTML and control characters; DOT backslash escapes, line breaks as <c>\n</c>.
/// </remarks>
[<RequireQualifiedAccess>]
module Review =
    /// <summary>A GitHub Markdown comment for a plan: a heading; the number of statements per risk and the
    /// asynchronous jobs they start; the warnings, if any; the statements in one <c>```sql</c> block as
    /// <c>Plan.sql</c> prints them (with their <c>-- risk:</c> and <c>-- job:</c> lines); and a <c>```mermaid</c>
    /// graph of the objects the plan touches, the objects they read and the objects reading them (directly or through
    /// others), each touched object coloured by the highest risk of its statements (a rebuild's temporary table counts
    /// for the table it rebuilds). An empty plan gives a short "no changes" comment (with its warnings, if any).</summary>
    /// <param name="options">The options the plan was made with (the default database matters for dependencies).</param>
    /// <param name="actual">The schema the plan starts from.</param>
    /// <param name="desired">The schema the plan leads to.</param>
    /// <param name="plan">The plan, e.g. <c>Diff.plan options actual desired</c>.</param>
    /// <example><code>Review.markdown options actual desired (Diff.plan options actual desired)</code></example>
    val markdown: options: DiffOptions -> actual: Schema -> desired: Schema -> plan: Plan -> string

    /// <summary>The dependency graph of a whole schema: one node per object (tables as cylinders, views rounded,
    /// materialized views as double-bordered boxes), in the order of <c>Schema.objects</c>, and an edge from each
    /// object to every view and materialized view that reads it, sorted. Ends with a newline.</summary>
    /// <param name="format">Mermaid or Graphviz DOT.</param>
    /// <param name="options">Only the default database is used: names qualified with it match unqualified ones.</param>
    /// <param name="schema">The schema.</param>
    /// <example><code>Review.graph GraphFormat.Mermaid DiffOptions.defaults schema</code></example>
    val graph: format: GraphFormat -> options: DiffOptions -> schema: Schema -> string
