/// Benchmark inputs: the SHOW CREATE corpus when it is beside the repository, else the project's fixtures; and a
/// generated schema of 500 tables from a fixed seed.
module StarRocks.Schema.Bench.Inputs

open System
open System.IO
open StarRocks.Schema

let repoRoot =
    let rec up (dir: DirectoryInfo) =
        if isNull dir then
            failwith "StarRocks.Schema.sln not found above the benchmark"
        elif File.Exists(Path.Combine(dir.FullName, "StarRocks.Schema.sln")) then
            dir.FullName
        else
            up dir.Parent

    up (DirectoryInfo AppContext.BaseDirectory)

let private sqlFiles (dir: string) =
    if Directory.Exists dir then
        Directory.GetFiles(dir, "*.sql", SearchOption.AllDirectories)
        |> Array.sortWith (fun a b -> String.CompareOrdinal(a, b))
        |> Array.map File.ReadAllText
    else
        [||]

/// Statements that parse (catalog tables in the corpus are left out: they stop at their first clause).
let private parseable (texts: string[]) =
    texts |> Array.filter (fun t -> Result.isOk (Parse.script "bench" t))

/// Real statements: the corpus if present, else the fixtures.
let real: Lazy<string * string[]> =
    lazy
        (let corpus =
            Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "corpus", "show-create"))

         match parseable (sqlFiles corpus) with
         | [||] ->
             "fixtures", parseable (sqlFiles (Path.Combine(repoRoot, "tests", "StarRocks.Schema.Tests", "fixtures")))
         | texts -> "corpus", texts)

/// Tables built from a fixed seed: dated, partitioned, with 5 to 20 columns of varied types.
let generatedTables (count: int) : Table[] =
    (let random = System.Random 20261126
     let name (s: string) = Name.create s

     let types = [|
         Int
         BigInt
         Varchar 64
         Date
         DateTime
         Decimal(18, 2)
         Double
         Array(Varchar 32)
         Json
         Map(Int, Varchar 10)
     |]

     [|
         for i in 0 .. count - 1 ->
             let columns = [
                 for c in 0 .. 4 + random.Next 16 ->
                     {
                         Column.create (name $"c{c}") (if c = 0 then Date else types[random.Next types.Length]) with
                             Nullable = Some(c > 0)
                             Comment = if random.Next 3 = 0 then $"column {c} of table {i}" else ""
                     }
             ]

             let partitions = [
                 for p in 0 .. random.Next 12 ->
                     Fixed(
                         name $"p{p}",
                         [ Value $"2025-{p % 12 + 1:D2}-01" ],
                         [ Value $"2025-{p % 12 + 1:D2}-28" ],
                         Map.empty
                     )
             ]

             let table = {
                 Name = QualifiedName.inDatabase (name "bench") (name $"table_{i}")
                 Temporary = false
                 Columns = columns
                 Indexes = []
                 Keys =
                     Some {
                         Model = Duplicate
                         Columns = [ name "c0" ]
                     }
                 Comment = $"generated table {i}"
                 Partitioning = Some(Partitioning.Range([ PartitionKey.Column(name "c0") ], partitions))
                 Distribution = Some(Distribution.Hash([ name "c0" ], Some(1 + random.Next 32)))
                 OrderBy = None
                 Properties = Map.ofList [ "replication_num", "3"; "compression", "LZ4"; "in_memory", "false" ]
                 Unmodelled = []
             }

             table
     |])

/// 500 generated tables, rendered to SHOW CREATE text.
let generated: Lazy<string[]> = lazy (generatedTables 500 |> Array.map Render.table)

/// A generated schema of `count` tables and a copy with every twentieth table edited (5%): a column added, a type
/// widened, a comment, the buckets or a property changed, a column dropped, in turn.
let diffPair (count: int) : Schema * Schema =
    let tables = generatedTables count

    let edit (i: int) (t: Table) =
        match (i / 20) % 6 with
        | 0 -> {
            t with
                Columns = t.Columns @ [ Column.create (Name.create "added") Int ]
          }
        | 1 -> {
            t with
                Columns =
                    t.Columns
                    |> List.map (fun c -> if c.Type = Int then { c with Type = BigInt } else c)
          }
        | 2 -> { t with Comment = "edited" }
        | 3 -> {
            t with
                Distribution = Some(Distribution.Hash([ Name.create "c0" ], Some 64))
          }
        | 4 -> {
            t with
                Properties = t.Properties.Add("replication_num", "2")
          }
        | _ -> {
            t with
                Columns = t.Columns |> List.truncate 4
          }

    let actual = Schema.ofDistinct (tables |> Array.map TableObject |> List.ofArray)

    let desired =
        tables
        |> Array.mapi (fun i t -> if i % 20 = 0 then edit i t else t)
        |> Array.map TableObject
        |> List.ofArray
        |> Schema.ofDistinct

    actual, desired

/// The input set by name: "real" or "generated".
let byName (input: string) =
    match input with
    | "generated" -> generated.Value
    | _ -> snd real.Value
