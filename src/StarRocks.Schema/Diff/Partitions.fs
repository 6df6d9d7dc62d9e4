/// Compares the partitions of RANGE and LIST tables that keep their scheme: partitions added, dropped, or changed
/// (dropped and added again). Partitions the server maintains (expression, automatic and dynamic partitioning, START /
/// END / EVERY batches) are not compared.
module internal StarRocks.Schema.Diffing.Partitions

open StarRocks.Schema
open StarRocks.Schema.Diffing.Found

/// The partitioning scheme as it compares.
let schemeText (p: Partitioning option) =
    let keys k =
        k |> List.map partitionKeyText |> String.concat ", "

    match p with
    | None -> "(none)"
    | Some(Partitioning.Range(k, _)) -> $"RANGE(%s{keys k})"
    | Some(Partitioning.List(k, _)) -> $"LIST(%s{keys k})"
    | Some(Partitioning.Expression(k, _)) -> $"(%s{keys k})"

let private valuesText (vs: PartitionValue list) =
    vs
    |> List.map (function
        | Value v -> "\"" + v + "\""
        | MaxValue -> "MAXVALUE"
        | NullValue -> "NULL")
    |> String.concat ", "
    |> sprintf "(%s)"

/// A partition list for explanations: how many and their names (the first three and last two of a long list);
/// "(none)" when empty.
let private partitionsText (names: Name list) =
    let shown =
        if names.Length <= 6 then
            List.map quote names
        else
            (names |> List.take 3 |> List.map quote)
            @ [ "..." ]
            @ (names |> List.skip (names.Length - 2) |> List.map quote)

    let listed = String.concat ", " shown

    match names.Length with
    | 0 -> "(none)"
    | 1 -> "1 partition: " + listed
    | n -> $"%d{n} partitions: %s{listed}"

/// A RANGE partition list as written: the names of single partitions, START/END/EVERY batches as clauses.
let private rangePartitionsText (parts: RangePartition list) =
    let batch =
        function
        | Batch(s, e, every) ->
            let step =
                match every with
                | Interval(n, unit) -> $"INTERVAL %d{n} %s{unit}"
                | Step n -> string n

            Some $"START (\"%s{s}\") END (\"%s{e}\") EVERY (%s{step})"
        | LessThan _
        | Fixed _ -> None

    match List.choose batch parts with
    | [] ->
        parts
        |> List.choose (function
            | LessThan(n, _, _)
            | Fixed(n, _, _, _) -> Some n
            | Batch _ -> None)
        |> partitionsText
    | batches ->
        let singles = parts.Length - batches.Length

        let listed = String.concat ", " batches

        match singles with
        | 0 -> listed
        | 1 -> listed + " and 1 partition"
        | n -> $"%s{listed} and %d{n} partitions"

/// Partition add/drop operations for RANGE and LIST tables with the same scheme, and what was found.
let changes (o: DiffOptions) (q: QualifiedName) (a: Table) (d: Table) : Operation list * Found =

    let dynamic (t: Table) =
        ServerRules.isOn PropertyKey.DynamicPartitionEnable t.Properties

    let diffBy
        (nameOf: 'p -> Name)
        (describe: 'p -> string)
        (same: 'p -> 'p -> bool)
        (add: 'p -> Operation)
        (aParts: 'p list)
        (dParts: 'p list)
        =
        let find (n: Name) parts =
            parts |> List.tryFind (fun p -> Name.same (nameOf p) n)

        let changed =
            dParts
            |> List.filter (fun p ->
                match find (nameOf p) aParts with
                | Some ap -> not (same ap p)
                | None -> false)

        let added = dParts |> List.filter (fun p -> (find (nameOf p) aParts).IsNone)

        let dropped = aParts |> List.filter (fun p -> (find (nameOf p) dParts).IsNone)

        let anyChange =
            not (List.isEmpty changed && List.isEmpty added && List.isEmpty dropped)

        let before = partitionsText (List.map nameOf aParts)
        let after = partitionsText (List.map nameOf dParts)

        if anyChange && not o.ManagePartitions then
            [],
            difference
                q
                DiffAttribute.Partitions
                before
                after
                (Ignored "partition lists are not managed (ManagePartitions is off)")
        elif anyChange && (dynamic a || dynamic d) then
            [],
            difference
                q
                DiffAttribute.Partitions
                before
                after
                (Ignored "dynamic partitioning: the server maintains the partitions")
        else
            let record before after p =
                difference q (DiffAttribute.Partition(nameOf p)) before after Altered

            // a changed partition is dropped and added again: StarRocks cannot alter its bounds or values
            [
                for p in dropped do
                    DropPartition(q, nameOf p)
                for p in changed do
                    DropPartition(q, nameOf p)
                for p in changed do
                    add p
                for p in added do
                    add p
            ],
            concat [
                for p in dropped do
                    record (describe p) "(none)" p
                for p in changed do
                    match find (nameOf p) aParts with
                    | Some before -> record (describe before) (describe p) p
                    | None -> none
                for p in added do
                    record "(none)" (describe p) p
            ]

    match a.Partitioning, d.Partitioning with
    | Some(Partitioning.Range(_, ap)), Some(Partitioning.Range(_, dp)) ->
        // (partition, name, lower bound when printed, upper bound); None for a START/END/EVERY batch
        let single =
            function
            | LessThan(n, u, _) as p -> Some(p, n, None, u)
            | Fixed(n, l, u, _) as p -> Some(p, n, Some l, u)
            | Batch _ -> None

        let singles (parts: RangePartition list) =
            let found = List.choose single parts
            if found.Length = parts.Length then Some found else None

        match singles ap, singles dp with
        | Some aSingles, Some dSingles ->
            let describe (_, _, lower, upper) =
                match lower with
                | Some l -> $"[%s{valuesText l}, %s{valuesText upper})"
                | None -> $"LESS THAN %s{valuesText upper}"

            // a LESS THAN partition has the previous upper bound as its lower one: compare upper bounds then
            let same (_, _, l1, u1) (_, _, l2, u2) =
                u1 = u2
                && (match l1, l2 with
                    | Some x, Some y -> x = y
                    | _ -> true)

            diffBy (fun (_, n, _, _) -> n) describe same (fun (p, _, _, _) -> AddRangePartition(q, p)) aSingles dSingles
        | _ ->
            [],
            onlyIf
                (ap <> dp)
                (difference
                    q
                    DiffAttribute.Partitions
                    (rangePartitionsText ap)
                    (rangePartitionsText dp)
                    (Ignored "START/END/EVERY batches are expanded by the server; the partition lists are not compared"))
    | Some(Partitioning.List(_, ap)), Some(Partitioning.List(_, dp)) ->
        let describe (p: ListPartition) =
            p.Values |> List.map valuesText |> String.concat ", " |> sprintf "IN (%s)"

        let same (x: ListPartition) (y: ListPartition) = set x.Values = set y.Values
        diffBy (fun (p: ListPartition) -> p.Name) describe same (fun p -> AddListPartition(q, p)) ap dp
    | _ -> [], none
