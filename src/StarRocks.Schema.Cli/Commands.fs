/// The srschema commands inspect and diff: printing around the core (sources are read by Sources; the command line
/// is CommandLine). stdout carries only the requested output; messages go to stderr.
module StarRocks.Schema.Cli.Commands

open System
open System.Threading
open System.IO
open System.Text.RegularExpressions
open Microsoft.Extensions.Logging
open StarRocks.Schema
open StarRocks.Schema.Database
open StarRocks.Schema.Cli.ExitCodes
open StarRocks.Schema.Cli.Output

/// <summary>The output format of diff.</summary>
type Format =
    /// <summary>Canonical CREATE statements.</summary>
    | Sql
    /// <summary>The documented JSON form.</summary>
    | JsonFormat
    /// <summary>A pull-request comment: summary by risk, the statements, a Mermaid graph of the objects touched.</summary>
    | Markdown

/// <summary>The output format of inspect: SQL, JSON, or F# or C# source that rebuilds the schema.</summary>
type InspectFormat =
    /// <summary>Canonical CREATE statements.</summary>
    | InspectSql
    /// <summary>The documented JSON form.</summary>
    | InspectJson
    /// <summary>F# source (Codegen.fsharp).</summary>
    | InspectFSharp
    /// <summary>C# source over the StarRocks.Schema.CSharp builders (Codegen.csharp).</summary>
    | InspectCSharp

/// <summary>The options of <c>diff</c>.</summary>
type DiffArgs = {
    /// <summary>The actual schema (a .sql file or folder, or a live database).</summary>
    From: string
    /// <summary>The desired schema (a .sql file or folder, or a live database).</summary>
    To: string
    /// <summary>Output format.</summary>
    Format: Format
    /// <summary>Exit 2 when there are changes.</summary>
    ExitCode: bool
    /// <summary>Exit 3 when a step has this risk or a higher one.</summary>
    FailOn: Risk option
    /// <summary>Explain every difference on stderr.</summary>
    Verbose: bool
    /// <summary>--server-version, else the live ACTUAL server's, else the newest known.</summary>
    ServerVersion: ServerVersion option
    /// <summary>--run-mode, else the live ACTUAL server's, else shared-nothing.</summary>
    RunMode: RunMode option
    /// <summary>--database, else the live ACTUAL server's database.</summary>
    Database: Name option
}

let inspect
    (source: string)
    (format: InspectFormat)
    (codeNamespace: string option)
    (t: Terminal)
    (ct: CancellationToken)
    =
    match Sources.load source t ct with
    | Error f -> Sources.exitCode f
    | Ok loaded ->
        match format with
        | InspectSql -> t.Out.Write(Render.script loaded.Objects)
        | InspectJson -> t.Out.Write(SchemaJson.serialize loaded.Objects)
        | InspectFSharp ->
            let moduleName =
                codeNamespace
                |> Option.map (fun n -> n + ".Schema")
                |> Option.defaultValue "Schema"

            t.Out.Write(Codegen.fsharp moduleName loaded.Objects)
        | InspectCSharp ->
            t.Out.Write(Codegen.csharp (defaultArg codeNamespace "StarRocksSchema") "Schema" loaded.Objects)

        t.Info.WriteLine loaded.Summary
        ExitCode.Ok

/// A logger writing plain lines to stderr: warnings always, the rest of what --verbose shows on the info stream.
type private LineLogger(t: Terminal, minimum: LogLevel) =
    interface ILogger with
        member _.BeginScope _ = null
        member _.IsEnabled level = level >= minimum

        member _.Log(level, _, state, ex, formatter) =
            if level >= minimum then
                let text = formatter.Invoke(state, ex)

                match level with
                | LogLevel.Warning -> Terminal.warn t text
                | LogLevel.Error
                | LogLevel.Critical -> t.Err.WriteLine("error: " + text)
                | _ -> t.Info.WriteLine text

let diff (args: DiffArgs) (t: Terminal) (ct: CancellationToken) =
    match Sources.load args.From t ct with
    | Error f -> Sources.exitCode f
    | Ok actual ->
        match Sources.load args.To t ct with
        | Error f -> Sources.exitCode f
        | Ok desired ->
            let server = actual.Server

            let options = {
                DiffOptions.forServer
                    (args.ServerVersion |> Option.orElse (server |> Option.map (fun s -> s.Version)))
                    (args.RunMode |> Option.orElse (server |> Option.map (fun s -> s.RunMode)))
                    (args.Database
                     |> Option.orElse (actual.Database |> Option.bind (Name.tryCreate >> Result.toOption))) with
                    Renames = desired.Renames
            }

            let actual = actual.Schema
            let desired = desired.Schema

            let plan =
                Progress.quietly t "comparing" (fun () -> Diff.plan options actual desired)

            let logger =
                LineLogger(t, (if args.Verbose then LogLevel.Debug else LogLevel.Warning))

            PlanLog.write logger plan

            match args.Format with
            | Sql -> t.Out.Write(Plan.sql plan)
            | JsonFormat -> t.Out.Write(PlanJson.serialize plan)
            | Markdown -> t.Out.Write(Review.markdown options actual desired plan)

            if Plan.isEmpty plan then
                t.Info.WriteLine "no changes"
            else
                t.Info.WriteLine $"%d{List.length plan.Steps} statement(s)"

            match args.FailOn, Plan.maxRisk plan with
            | Some limit, Some worst when Risk.atLeast limit worst ->
                t.Err.WriteLine $"the plan has %s{Risk.label worst} steps (--fail-on %s{Risk.label limit})"
                ExitCode.RiskyPlan
            | _ when args.ExitCode && not (Plan.isEmpty plan) -> ExitCode.Changes
            | _ -> ExitCode.Ok

/// <summary>srschema graph: the dependency graph of a source's objects (tables, then the views and materialized
/// views that read them) as Mermaid or DOT.</summary>
let graph (source: string) (format: GraphFormat) (database: Name option) (t: Terminal) (ct: CancellationToken) =
    match Sources.load source t ct with
    | Error f -> Sources.exitCode f
    | Ok loaded ->
        let options =
            DiffOptions.forServer
                None
                None
                (database
                 |> Option.orElse (loaded.Database |> Option.bind (Name.tryCreate >> Result.toOption)))

        t.Out.Write(Review.graph format options loaded.Schema)
        t.Info.WriteLine loaded.Summary
        ExitCode.Ok
