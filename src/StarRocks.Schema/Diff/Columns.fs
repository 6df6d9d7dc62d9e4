/// Compares the columns of a table: which desired column comes from which actual one (declared renames), what is
/// added, dropped, renamed, modified or moved, and which of that StarRocks does in place (ALTER TABLE column clauses,
/// RENAME COLUMN, STRUCT field edits, comment-only changes) or only by a rebuild.
module internal StarRocks.Schema.Diffing.Columns

open StarRocks.Schema
open StarRocks.Schema.Diffing.Found

// ---------------------------------------------------------------------------------------------------------------
// Types

/// The same type, STRUCT fields compared by name as StarRocks compares names.
let rec sameType (a: ColumnType) (b: ColumnType) =
    match a, b with
    | Struct fa, Struct fb ->
        List.length fa = List.length fb
        && List.forall2
            (fun (x: StructField) (y: StructField) ->
                Name.same x.Name y.Name && x.Comment = y.Comment && sameType x.Type y.Type)
            fa
            fb
    | Array x, Array y -> sameType x y
    | Map(k1, v1), Map(k2, v2) -> sameType k1 k2 && sameType v1 v2
    | _ -> a = b

/// Characters needed to print any value of a type (for conversions to VARCHAR).
let private displayWidth =
    function
    | TinyInt -> Some 4
    | SmallInt -> Some 6
    | Int -> Some 11
    | BigInt -> Some 20
    | LargeInt -> Some 40
    | Float
    | Double -> Some 24
    | Decimal(p, _) -> Some(p + 2)
    | Char n -> Some n
    | _ -> None

/// The conversions MODIFY COLUMN makes without losing data (StarRocks's allowed matrix, widening only).
let private canWiden (from: ColumnType) (into: ColumnType) =
    let integers = [ TinyInt; SmallInt; Int; BigInt; LargeInt ]

    let rank t =
        List.tryFindIndex ((=) t) integers |> Option.defaultValue -1

    match from, into with
    | (TinyInt | SmallInt | Int | BigInt), (SmallInt | Int | BigInt | LargeInt) -> rank into > rank from
    | (TinyInt | SmallInt | Int | BigInt), Double -> true
    | Int, Date -> false // allowed by StarRocks, but it reads the number as yyyymmdd: not a widening
    | Float, Double -> true
    | Char n, Char m -> m > n
    | Varchar n, Varchar m -> m > n
    | Date, DateTime -> true
    | Decimal(p1, s1), Decimal(p2, s2) -> (p1, s1) <> (p2, s2) && s2 >= s1 && p2 - s2 >= p1 - s1
    | DecimalV2 _, Decimal(27, 9) -> true
    | _, Varchar m ->
        match displayWidth from with
        | Some w -> m >= w
        | None -> false
    | _ -> false

/// Operations on a STRUCT that turn fields a into fields d by adding and dropping fields (nested STRUCTs too),
/// or None when other changes are needed.
let rec private fieldEdits
    (path: Name list)
    (a: StructField list)
    (d: StructField list)
    : ((Name list * Name) list * (Name list * StructField * ColumnPosition option) list) option =
    let inD (f: StructField) =
        d |> List.exists (fun x -> Name.same x.Name f.Name)

    let inA (f: StructField) =
        a |> List.exists (fun x -> Name.same x.Name f.Name)

    let commonA = a |> List.filter inD
    let commonD = d |> List.filter inA

    if not (sameNames (commonA |> List.map (fun f -> f.Name)) (commonD |> List.map (fun f -> f.Name))) then
        None
    else
        let nested =
            List.map2
                (fun (x: StructField) (y: StructField) ->
                    if x.Comment <> y.Comment then
                        None
                    elif sameType x.Type y.Type then
                        Some([], [])
                    else
                        match x.Type, y.Type with
                        | Struct fx, Struct fy -> fieldEdits (path @ [ y.Name ]) fx fy
                        | _ -> None)
                commonA
                commonD

        if nested |> List.exists Option.isNone then
            None
        else
            let drops = a |> List.filter (inD >> not) |> List.map (fun f -> path, f.Name)

            let adds =
                d
                |> List.indexed
                |> List.filter (fun (_, f) -> not (inA f))
                |> List.map (fun (i, f) -> path, f, Some(if i = 0 then First else After d[i - 1].Name))

            let innerDrops = nested |> List.collect (Option.get >> fst)
            let innerAdds = nested |> List.collect (Option.get >> snd)
            Some(drops @ innerDrops, innerAdds @ adds)

// ---------------------------------------------------------------------------------------------------------------
// Texts and table facts

let private valueText (c: Column) =
    match c.Value with
    | None
    | Some(Default DefaultValue.Null) -> "(none)"
    | Some(Default(DefaultValue.Literal s)) -> "DEFAULT \"" + s + "\""
    | Some(Default(DefaultValue.CurrentTimestamp None)) -> "DEFAULT CURRENT_TIMESTAMP"
    | Some(Default(DefaultValue.CurrentTimestamp(Some n))) -> $"DEFAULT CURRENT_TIMESTAMP(%d{n})"
    | Some(Default(DefaultValue.Expression e)) -> "DEFAULT (" + Normalize.expression e + ")"
    | Some(Default(DefaultValue.Complex l)) -> "DEFAULT " + Render.complexLiteral l
    | Some AutoIncrement -> "AUTO_INCREMENT"
    | Some(Generated e) -> "AS " + Normalize.expression e

let private aggregateText (c: Column) =
    c.Aggregate |> Option.map AggregateType.keyword |> Option.defaultValue "(none)"

/// Whether the column is one of the table's key columns.
let isKeyOf (t: Table) (n: Name) =
    t.Keys |> Option.exists (fun k -> k.Columns |> List.exists (Name.same n))

/// The table's key model (DUPLICATE when it has no key clause).
let modelOf (t: Table) =
    t.Keys |> Option.map (fun k -> k.Model) |> Option.defaultValue Duplicate

/// The columns the partitioning reads.
let private partitionColumns (t: Table) : Name list =
    let ofKey =
        function
        | PartitionKey.Column c
        | PartitionKey.DateTrunc(_, c)
        | PartitionKey.TimeSlice(c, _, _, _) -> [ c ]
        | PartitionKey.Expression _ -> []

    match t.Partitioning with
    | Some(Partitioning.Range(k, _))
    | Some(Partitioning.List(k, _))
    | Some(Partitioning.Expression(k, _)) -> List.collect ofKey k
    | None -> []

/// The HASH distribution's columns.
let private distributionColumns (t: Table) =
    match Normalize.distribution t with
    | Some(Distribution.Hash(cols, _)) -> cols
    // range distribution splits tablets by ranges of the sort key [U: the docs name no columns]: its columns are
    // treated as distribution columns, to be safe
    | Some Distribution.Range -> Normalize.sortKey t |> Option.defaultValue []
    | Some(Distribution.Random _)
    | None -> []

let private inList (ns: Name list) (n: Name) = ns |> List.exists (Name.same n)

/// What the actual table's clauses say about its columns, read once per table.
type private Roles = {
    Table: Table
    Model: KeysModel
    SortKey: Name list
    PartitionColumns: Name list
    DistributionColumns: Name list
}

let private rolesOf (a: Table) = {
    Table = a
    Model = modelOf a
    SortKey = Normalize.sortKey a |> Option.defaultValue []
    PartitionColumns = partitionColumns a
    DistributionColumns = distributionColumns a
}

let private isPrimaryKey (r: Roles) (n: Name) = r.Model = Primary && isKeyOf r.Table n

/// The names, from a to d, that keep their relative order (the longest such run): those need not move.
let private unmoved (aOrder: Name list) (dOrder: Name list) : Name list =
    let index (n: Name) = dOrder |> List.findIndex (Name.same n)

    // for each name i in a's order: its place in d, the length of the longest increasing run of places ending with it,
    // and the position of the name before it in that run (-1: none); the earliest name wins a tie. Newest first.
    let runs =
        aOrder
        |> List.mapi (fun i n -> i, index n)
        |> List.fold
            (fun (acc: struct (int * int * int * int) list) (i, place) ->
                let struct (length, before) =
                    acc
                    |> List.fold
                        (fun (struct (bestLength, _) as best) (struct (j, p, l, _)) ->
                            // newest first, so >= lets the earlier of two equal runs win
                            if p < place && l + 1 >= bestLength then
                                struct (l + 1, j)
                            else
                                best)
                        (struct (1, -1))

                struct (i, place, length, before) :: acc)
            []
        |> List.rev
        |> Array.ofList

    let lengthOf (struct (_, _, l, _)) = l
    let beforeOf (struct (_, _, _, b)) = b

    if runs.Length = 0 then
        []
    else
        let longest = runs |> Array.map lengthOf |> Array.max
        let last = runs |> Array.findIndexBack (fun r -> lengthOf r = longest)
        let names = Array.ofList aOrder

        let rec back at result =
            if at < 0 then
                result
            else
                back (beforeOf runs[at]) (names[at] :: result)

        back last []

// ---------------------------------------------------------------------------------------------------------------
// Which desired column comes from which actual one

/// The columns of both tables (server-maintained ones left out) and how they correspond.
type Mapping = {
    Actual: Column list
    Desired: Column list
    /// Desired column name -> the actual column it comes from.
    Sources: (Name * Name) list
    /// The pairs of Sources whose names differ.
    Renamed: (Name * Name) list
    Dropped: Column list
    Added: Column list
}

/// The correspondence, with the declared column renames (desired name, old name) that apply: the old column exists
/// and the new name is free.
let mapping (a: Table) (d: Table) (columnRenames: (Name * Name) list) : Mapping =
    let visible (t: Table) =
        t.Columns |> List.filter (Column.isServerMaintained >> not)

    let aCols = visible a
    let dCols = visible d

    let findA (n: Name) =
        aCols |> List.tryFind (fun c -> Name.same c.Name n)

    let applied =
        columnRenames
        |> List.filter (fun (newName, old) ->
            (findA old).IsSome
            && (findA newName).IsNone
            && dCols |> List.exists (fun c -> Name.same c.Name newName))

    // a desired column named like a renamed one is new
    let sourceOf (dc: Column) : Column option =
        match applied |> List.tryFind (fun (newName, _) -> Name.same newName dc.Name) with
        | Some(_, old) -> findA old
        | None when applied |> List.exists (fun (_, old) -> Name.same old dc.Name) -> None
        | None -> findA dc.Name

    let sources =
        dCols
        |> List.choose (fun dc -> sourceOf dc |> Option.map (fun ac -> dc.Name, ac.Name))

    let isSourced (ac: Column) =
        sources |> List.exists (fun (_, s) -> Name.same s ac.Name)

    {
        Actual = aCols
        Desired = dCols
        Sources = sources
        Renamed = sources |> List.filter (fun (dn, an) -> not (Name.same dn an))
        Dropped = aCols |> List.filter (isSourced >> not)
        Added = dCols |> List.filter (fun dc -> (sourceOf dc).IsNone)
    }

/// The actual column a desired one comes from.
let sourceOf (m: Mapping) (dc: Column) : Column option =
    m.Sources
    |> List.tryFind (fun (dn, _) -> Name.same dn dc.Name)
    |> Option.bind (fun (_, an) -> m.Actual |> List.tryFind (fun c -> Name.same c.Name an))

/// An actual column's desired name.
let toDesired (m: Mapping) (an: Name) =
    m.Sources
    |> List.tryFind (fun (_, s) -> Name.same s an)
    |> Option.map fst
    |> Option.defaultValue an

/// Whether the desired column is new.
let isAdded (m: Mapping) (n: Name) =
    m.Added |> List.exists (fun c -> Name.same c.Name n)

/// Whether the actual column goes.
let isDropped (m: Mapping) (n: Name) =
    m.Dropped |> List.exists (fun c -> Name.same c.Name n)

// ---------------------------------------------------------------------------------------------------------------
// The comparison

/// What changes in the columns, in place or by a rebuild (Found.Reasons).
type ColumnChanges = {
    Found: Found
    /// RENAME COLUMN statements (empty when the renames need a rebuild).
    Renames: Operation list
    /// The ADD / DROP / MODIFY COLUMN clauses of one ALTER TABLE.
    Clauses: Operation list
    /// ADD FIELD / DROP FIELD operations, one statement each.
    FieldEdits: Operation list
    /// Columns whose comment alone changes (MODIFY COLUMN c COMMENT, 3.4+).
    CommentOnly: Column list
}

/// A kept column compared with the one it comes from.
type private KeptColumn = {
    Desired: Column
    Found: Found
    /// Needs a full MODIFY COLUMN.
    Modify: bool
    /// Only its comment changes, and the server can change a comment alone.
    CommentAlone: bool
    /// ADD FIELD / DROP FIELD operations on a STRUCT.
    FieldEdits: Operation list
    /// The type a full MODIFY keeps when the STRUCT's fields are edited instead.
    KeptType: ColumnType option
}

let private keptColumn (o: DiffOptions) (q: QualifiedName) (r: Roles) (d: Table) (ac: Column) (dc: Column) =
    let a = r.Table
    let isPrimaryKey = isPrimaryKey r
    let attr part = DiffAttribute.ColumnPart(dc.Name, part)

    let blocked (why: string) =
        rebuild $"column %s{quote dc.Name}: %s{why}"

    let typeFound, typeModify, typeKept, fieldOps =
        if sameType ac.Type dc.Type then
            none, false, None, []
        else
            let before = Render.columnType ac.Type
            let after = Render.columnType dc.Type

            let fieldsOnly =
                match ac.Type, dc.Type with
                | Struct fa, Struct fd -> fieldEdits [] fa fd
                | _ -> None

            let structEvolution =
                allows o Capability.StructFieldEdits
                && not (ServerRules.isOff PropertyKey.FastSchemaEvolution a.Properties)

            match fieldsOnly with
            | Some(drops, adds) when structEvolution ->
                // adds first: a STRUCT keeps at least one field at every step
                difference q (attr ColumnPart.Type) before after Altered,
                false,
                Some ac.Type,
                [
                    for path, field, pos in adds do
                        AddField(q, dc.Name, path, field, pos)
                    for path, n in drops do
                        DropField(q, dc.Name, path, n)
                ]
            | _ when canWiden ac.Type dc.Type ->
                let why =
                    if isPrimaryKey ac.Name then
                        Some "a PRIMARY KEY column's type cannot be modified"
                    elif inList r.SortKey ac.Name then
                        Some "a sort key column's type cannot be modified"
                    elif inList r.PartitionColumns ac.Name then
                        Some "a partition column cannot be modified"
                    elif inList r.DistributionColumns ac.Name then
                        Some "a distribution column cannot be modified"
                    else
                        None

                concat [
                    difference q (attr ColumnPart.Type) before after Altered
                    why |> Option.map blocked |> Option.defaultValue none
                ],
                true,
                None,
                []
            | _ ->
                concat [
                    difference q (attr ColumnPart.Type) before after Rebuilt
                    blocked $"type %s{before} -> %s{after} is not a conversion StarRocks makes in place"
                ],
                false,
                None,
                []

    let aggregateFound =
        onlyIf
            (ac.Aggregate <> dc.Aggregate)
            (concat [
                difference q (attr ColumnPart.Aggregate) (aggregateText ac) (aggregateText dc) Rebuilt
                blocked "the aggregate function cannot be changed"
            ])

    let aNull = Normalize.nullable a ac
    let dNull = Normalize.nullable d dc
    let nullText n = if n then "NULL" else "NOT NULL"

    let nullFound, nullModify =
        if aNull = dNull then
            none, false
        elif dNull then
            concat [
                difference q (attr ColumnPart.Nullability) (nullText aNull) (nullText dNull) Altered
                onlyIf (isPrimaryKey ac.Name) (blocked "a PRIMARY KEY column cannot be modified")
            ],
            true
        else
            concat [
                difference q (attr ColumnPart.Nullability) (nullText aNull) (nullText dNull) Rebuilt
                blocked "NULL -> NOT NULL cannot be altered"
            ],
            false

    let valueFound =
        onlyIf
            (valueText ac <> valueText dc)
            (concat [
                difference q (attr ColumnPart.Value) (valueText ac) (valueText dc) Rebuilt
                blocked "DEFAULT, AUTO_INCREMENT and generated expressions cannot be altered in place"
            ])

    let modifying = typeModify || nullModify

    // a comment rides along a full MODIFY; alone it has its own statement from 3.4
    let commentFound, commentAlone, commentModify =
        if ac.Comment = dc.Comment then
            none, false, false
        else
            let found = difference q (attr ColumnPart.Comment) ac.Comment dc.Comment Altered

            if modifying then
                found, false, false
            elif allows o Capability.ColumnCommentAlone then
                found, true, false
            elif isPrimaryKey ac.Name then
                concat [ found; blocked "a PRIMARY KEY column's comment can only be changed on 3.4+" ], false, false
            else
                found, false, true

    {
        Desired = dc
        Found = concat [ typeFound; aggregateFound; nullFound; valueFound; commentFound ]
        Modify = modifying || commentModify
        CommentAlone = commentAlone
        FieldEdits = fieldOps
        KeptType = typeKept
    }

/// Compares the columns of actual table `a` and desired table `d` (named `q` on the server).
let compare (o: DiffOptions) (q: QualifiedName) (a: Table) (d: Table) (m: Mapping) : ColumnChanges =
    let r = rolesOf a
    let model = r.Model
    let isPrimaryKey = isPrimaryKey r

    let droppedFound =
        m.Dropped
        |> List.map (fun ac ->
            let why =
                if inList r.PartitionColumns ac.Name then
                    Some $"partition column %s{quote ac.Name} is dropped"
                elif inList r.DistributionColumns ac.Name then
                    Some $"distribution column %s{quote ac.Name} is dropped"
                elif model = Primary && inList r.SortKey ac.Name then
                    Some $"sort key column %s{quote ac.Name} of a PRIMARY KEY table is dropped"
                elif a.OrderBy |> Option.exists (fun o -> inList o ac.Name) then
                    Some $"column %s{quote ac.Name} of the explicit sort key is dropped"
                else
                    None

            concat [
                difference q (DiffAttribute.Column ac.Name) (Render.column ac) "(none)" Altered
                why |> Option.map rebuild |> Option.defaultValue none
            ])

    let addedFound =
        m.Added
        |> List.map (fun dc ->
            let outcome =
                if dc.Value.IsNone && not (Normalize.nullable d dc) then
                    Warned
                        "a NOT NULL column without DEFAULT: StarRocks refuses to add it (\"is not null but doesn't have a default value\"); give it a DEFAULT"
                else
                    Altered

            concat [
                difference q (DiffAttribute.Column dc.Name) "(none)" (Render.column dc) outcome
                match dc.Value with
                | Some AutoIncrement -> rebuild $"AUTO_INCREMENT column %s{quote dc.Name} can only come with the table"
                | _ -> none
            ])

    let renameInPlace =
        allows o Capability.RenameColumn
        && not (m.Renamed |> List.exists (snd >> isPrimaryKey))
        && not (m.Renamed |> List.exists (fun (_, an) -> isAdded m an))

    let renamedFound =
        m.Renamed
        |> List.map (fun (dn, an) ->
            concat [
                difference q (DiffAttribute.Column an) ("name " + quote an) ("name " + quote dn) Altered
                onlyIf
                    (not renameInPlace)
                    (rebuild
                        $"column %s{quote an} is renamed (RENAME COLUMN needs 3.3.2+, no PRIMARY KEY column, and no new column taking the old name)")
            ])

    // per kept column: full MODIFY, comment only, or STRUCT field edits
    let kept =
        m.Desired
        |> List.choose (fun dc -> sourceOf m dc |> Option.map (fun ac -> keptColumn o q r d ac dc))

    let isModified (n: Name) =
        kept |> List.exists (fun k -> k.Modify && Name.same k.Desired.Name n)

    let keptType (n: Name) =
        kept
        |> List.tryPick (fun k -> if Name.same k.Desired.Name n then k.KeptType else None)

    // ---- column order
    let keptInA =
        m.Actual
        |> List.filter (fun c -> not (isDropped m c.Name))
        |> List.map (fun c -> toDesired m c.Name)

    let keptInD =
        m.Desired
        |> List.filter (fun c -> not (isAdded m c.Name))
        |> List.map (fun c -> c.Name)

    let stay = unmoved keptInA keptInD
    let moved = keptInD |> List.filter (fun n -> not (inList stay n))

    let orderFound =
        onlyIf
            (not (List.isEmpty moved))
            (concat [
                difference q DiffAttribute.ColumnOrder (names keptInA) (names keptInD) Altered
                onlyIf (model = Primary) (rebuild "the columns of a PRIMARY KEY table cannot be reordered")
            ])

    let dCols = m.Desired

    let position (i: int) =
        Some(if i = 0 then First else After dCols[i - 1].Name)

    // a STRUCT whose fields are edited keeps its actual type in a full MODIFY
    let definition (dc: Column) (pos: ColumnPosition option) = {
        Column = {
            dc with
                Nullable = Some(Normalize.nullable d dc)
                Type = keptType dc.Name |> Option.defaultValue dc.Type
        }
        Key = isKeyOf d dc.Name
        Position = pos
    }

    let drops = m.Dropped |> List.map (fun ac -> DropColumn(q, ac.Name))

    let addsAndModifies = [
        for i, dc in List.indexed dCols do
            if isAdded m dc.Name then
                let last = i = List.length dCols - 1
                AddColumn(q, definition dc (if last && Column.isGenerated dc then None else position i))
            elif inList moved dc.Name then
                ModifyColumn(q, definition dc (position i))
            elif isModified dc.Name then
                ModifyColumn(q, definition dc None)
    ]

    {
        Found =
            concat [
                yield! droppedFound
                yield! addedFound
                yield! renamedFound
                yield! kept |> List.map (fun k -> k.Found)
                orderFound
            ]
        Renames =
            if renameInPlace then
                m.Renamed |> List.map (fun (dn, an) -> RenameColumn(q, an, dn))
            else
                []
        // drops come first, unless they drop every column: a table cannot lose its last column, so then the new
        // columns are added first (their positions name only desired columns, none of them dropped)
        Clauses =
            if List.isEmpty m.Sources then
                addsAndModifies @ drops
            else
                drops @ addsAndModifies
        FieldEdits = kept |> List.collect (fun k -> k.FieldEdits)
        CommentOnly = kept |> List.filter (fun k -> k.CommentAlone) |> List.map (fun k -> k.Desired)
    }
