/// A BenchmarkDotNet column that turns the mean time of one operation over a whole input set into MB/s and
/// statements/s.
module StarRocks.Schema.Bench.Throughput

open System.Text
open BenchmarkDotNet.Columns
open BenchmarkDotNet.Reports
open BenchmarkDotNet.Running

/// Bytes (UTF-8) and statement count of an input set.
let size (input: string) =
    let texts = Inputs.byName input
    texts |> Array.sumBy (fun t -> Encoding.UTF8.GetByteCount t), texts.Length

type ThroughputColumn(header: string, perSecond: int64 * int -> float -> float) =
    interface IColumn with
        member _.Id = "Throughput." + header
        member _.ColumnName = header
        member _.AlwaysShow = true
        member _.Category = ColumnCategory.Custom
        member _.PriorityInCategory = 0
        member _.IsNumeric = true
        member _.UnitType = UnitType.Dimensionless
        member _.Legend = $"{header} over the whole input set"
        member _.IsAvailable _ = true
        member _.IsDefault(_, _) = false

        member this.GetValue(summary: Summary, case: BenchmarkCase) =
            (this :> IColumn).GetValue(summary, case, SummaryStyle.Default)

        member _.GetValue(summary: Summary, case: BenchmarkCase, _: SummaryStyle) =
            match summary[case] with
            | null -> "-"
            | report when isNull report.ResultStatistics -> "-"
            | _ when isNull (case.Parameters["Input"]) -> "-" // not a parse or render benchmark
            | report ->
                let input = string (case.Parameters["Input"])
                let bytes, statements = size input
                let seconds = report.ResultStatistics.Mean / 1e9
                sprintf "%.1f" (perSecond (int64 bytes, statements) seconds)

/// MB/s (10^6 bytes of UTF-8 input per second).
let megabytes =
    ThroughputColumn("MB/s", fun (bytes, _) seconds -> float bytes / 1e6 / seconds)

/// Statements per second.
let statements =
    ThroughputColumn("stmts/s", fun (_, count) seconds -> float count / seconds)
