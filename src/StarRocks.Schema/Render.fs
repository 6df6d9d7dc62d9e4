namespace StarRocks.Schema

open System.Text
open StarRocks.Schema.Lexical

[<RequireQualifiedAccess>]
module Render =
    let rec columnType (t: ColumnType) : string =
        match t with
        | Boolean -> "boolean"
        | TinyInt -> "tinyint(4)"
        | SmallInt -> "smallint(6)"
        | Int -> "int(11)"
        | BigInt -> "bigint(20)"
        | LargeInt -> "largeint(40)"
        | Float -> "float"
        | Double -> "double"
        | Decimal(p, s) -> $"decimal(%d{p}, %d{s})"
        | DecimalV2(p, s) -> $"decimalv2(%d{p}, %d{s})"
        | Char n -> $"char(%d{n})"
        | Varchar n -> $"varchar(%d{n})"
        | Varbinary None -> "varbinary"
        | Varbinary(Some n) -> $"varbinary(%d{n})"
        | Date -> "date"
        | DateTime -> "datetime"
        | Json -> "json"
        | Hll -> "hll"
        | Bitmap -> "bitmap"
        | Percentile -> "percentile"
        | Variant -> "variant"
        | Array e -> $"array<%s{columnType e}>"
        | Map(k, v) -> $"MAP<%s{columnType k},%s{columnType v}>"
        | Struct fields ->
            fields
            |> List.map (fun f -> Quote.fieldName f.Name + " " + fieldSpec f)
            |> String.concat ", "
            |> sprintf "struct<%s>"
        | AggregateState(f, args) -> aggregateStateWith columnType f args

    /// An aggregate-state type, `f(t1 [NOT NULL], ...)`, its argument types written by `typeText`.
    and aggregateStateWith (typeText: ColumnType -> string) (f: string) (args: AggregateStateArgument list) =
        args
        |> List.map (fun a ->
            match a.Nullable with
            | None -> typeText a.Type
            | Some true -> typeText a.Type + " NULL"
            | Some false -> typeText a.Type + " NOT NULL")
        |> String.concat ", "
        |> sprintf "%s(%s)" f

    /// A STRUCT field's type and comment.
    and private fieldSpec (f: StructField) =
        let comment =
            if f.Comment = "" then
                ""
            else
                " COMMENT " + Quote.singleQuoted f.Comment

        columnType f.Type + comment

    let rec complexLiteral (l: ComplexLiteral) : string =
        let items (ls: ComplexLiteral list) =
            ls |> List.map complexLiteral |> String.concat ", "

        match l with
        | ComplexLiteral.Number n -> n
        | ComplexLiteral.Text s -> Quote.singleQuoted s
        | ComplexLiteral.Boolean b -> if b then "true" else "false"
        | ComplexLiteral.Null -> "NULL"
        | ComplexLiteral.Array es -> $"[%s{items es}]"
        | ComplexLiteral.Map entries ->
            entries
            |> List.map (fun (k, v) -> complexLiteral k + ": " + complexLiteral v)
            |> String.concat ", "
            |> sprintf "map{%s}"
        | ComplexLiteral.Row fs -> $"row(%s{items fs})"

    let private valueSource =
        function
        | Default(DefaultValue.Literal s) -> "DEFAULT " + Quote.doubleQuoted s
        | Default DefaultValue.Null -> "DEFAULT NULL"
        | Default(DefaultValue.CurrentTimestamp None) -> "DEFAULT CURRENT_TIMESTAMP"
        | Default(DefaultValue.CurrentTimestamp(Some n)) -> $"DEFAULT CURRENT_TIMESTAMP(%d{n})"
        | Default(DefaultValue.Expression e) -> $"DEFAULT (%s{Expr.text e})"
        | Default(DefaultValue.Complex l) -> "DEFAULT " + complexLiteral l
        | AutoIncrement -> "AUTO_INCREMENT"
        | Generated e -> "AS " + Expr.text e

    let private columnWithKey (key: bool) (c: Column) : string =
        [
            Quote.identifier c.Name
            columnType c.Type
            if key then
                "KEY"
            yield! c.Aggregate |> Option.map AggregateType.keyword |> Option.toList
            match c.Nullable with
            | Some true -> "NULL"
            | Some false -> "NOT NULL"
            | None -> ()
            yield! c.Value |> Option.map valueSource |> Option.toList
            "COMMENT " + Quote.doubleQuoted c.Comment
        ]
        |> String.concat " "

    let column (c: Column) : string = columnWithKey false c

    let private nameList (names: Name list) =
        names |> List.map Quote.identifier |> String.concat ", " |> sprintf "(%s)"

    /// `"key" = "value"` entries in key order, joined by the separator.
    let private propertyEntries (separator: string) (props: Map<string, string>) =
        props
        |> Map.toList
        |> List.map (fun (k, v) -> $"%s{Quote.doubleQuoted k} = %s{Quote.doubleQuoted v}")
        |> String.concat separator

    let private inlineProperties (props: Map<string, string>) = "(" + propertyEntries ", " props + ")"

    let private propertiesClause (props: Map<string, string>) =
        if Map.isEmpty props then
            None
        else
            Some("PROPERTIES (\n" + propertyEntries ",\n" props + "\n)")

    let private index (i: Index) =
        let using =
            match i.Type with
            | None -> ""
            | Some t ->
                let name = IndexType.keyword t

                let props =
                    if Map.isEmpty i.Properties then
                        ""
                    else
                        inlineProperties i.Properties

                $" USING %s{name}%s{props}"

        $"INDEX %s{Quote.identifier i.Name} %s{nameList i.Columns}%s{using} COMMENT %s{Quote.singleQuoted i.Comment}"

    let partitionKeyWith (quote: Name -> string) (k: PartitionKey) =
        match k with
        | PartitionKey.Column c -> quote c
        | PartitionKey.DateTrunc(unit, c) -> $"date_trunc(%s{Quote.singleQuoted unit}, %s{quote c})"
        | PartitionKey.TimeSlice(c, n, unit, boundary) ->
            let b = boundary |> Option.map (fun b -> ", " + b) |> Option.defaultValue ""
            $"time_slice(%s{quote c}, INTERVAL %d{n} %s{unit}%s{b})"
        | PartitionKey.Expression e -> Expr.text e

    let private partitionKey = partitionKeyWith Quote.identifier

    let private keyList (keys: PartitionKey list) =
        keys |> List.map partitionKey |> String.concat ", " |> sprintf "(%s)"

    let private partitionValue =
        function
        | Value v -> Quote.doubleQuoted v
        | MaxValue -> "MAXVALUE"
        | NullValue -> "NULL"

    let private tuple (values: PartitionValue list) =
        values |> List.map partitionValue |> String.concat ", " |> sprintf "(%s)"

    let private partProps (props: Map<string, string>) =
        if Map.isEmpty props then
            ""
        else
            " " + inlineProperties props

    let private rangePartition =
        function
        | LessThan(n, [ MaxValue ], props) ->
            $"PARTITION %s{Quote.identifier n} VALUES LESS THAN MAXVALUE%s{partProps props}"
        | LessThan(n, upper, props) ->
            $"PARTITION %s{Quote.identifier n} VALUES LESS THAN %s{tuple upper}%s{partProps props}"
        | Fixed(n, lower, upper, props) ->
            $"PARTITION %s{Quote.identifier n} VALUES [%s{tuple lower}, %s{tuple upper})%s{partProps props}"
        | Batch(s, e, every) ->
            let step =
                match every with
                | Interval(n, unit) -> $"INTERVAL %d{n} %s{unit}"
                | Step n -> string n

            $"START (%s{Quote.doubleQuoted s}) END (%s{Quote.doubleQuoted e}) EVERY (%s{step})"

    let private rangePartitions (parts: RangePartition list) =
        "(" + (parts |> List.map rangePartition |> String.concat ",\n") + ")"

    let private listPartition (p: ListPartition) =
        let values =
            match p.Values with
            | vals when vals |> List.forall (fun t -> List.length t = 1) -> vals |> List.concat |> tuple
            | vals -> vals |> List.map tuple |> String.concat ", " |> sprintf "(%s)"

        $"  PARTITION %s{Quote.identifier p.Name} VALUES IN %s{values}%s{partProps p.Properties}"

    let private partitioning =
        function
        | Partitioning.Range(keys, parts) -> $"PARTITION BY RANGE%s{keyList keys}\n%s{rangePartitions parts}"
        | Partitioning.List(keys, parts) ->
            let body = parts |> List.map listPartition |> String.concat ",\n"
            $"PARTITION BY LIST%s{keyList keys}(\n%s{body}\n)"
        | Partitioning.Expression(keys, created) ->
            let head =
                match keys with
                | [ (PartitionKey.DateTrunc _ | PartitionKey.TimeSlice _) as k ] -> partitionKey k
                | _ -> keyList keys

            let tail =
                if List.isEmpty created then
                    ""
                else
                    "\n" + rangePartitions created

            $"PARTITION BY %s{head}%s{tail}"

    let distribution (d: Distribution) =
        let buckets =
            function
            | Some n -> $" BUCKETS %d{n}"
            | None -> ""

        match d with
        | Distribution.Hash(cols, b) -> $"DISTRIBUTED BY HASH%s{nameList cols}%s{buckets b}"
        | Distribution.Random b -> $"DISTRIBUTED BY RANDOM%s{buckets b}"
        // not StarRocks syntax (there is none): only an ALTER the diff never plans writes it, and the server refuses it
        | Distribution.Range -> "DISTRIBUTED BY RANGE"

    /// The DISTRIBUTED BY clause of a CREATE statement: none for range distribution (what a table without the clause
    /// gets on a 4.1+ shared-data cluster).
    let private distributionClause (d: Distribution) =
        match d with
        | Distribution.Range -> None
        | Distribution.Hash _
        | Distribution.Random _ -> Some(distribution d)

    let private commentLine (c: string) =
        if c = "" then
            None
        else
            Some("COMMENT " + Quote.doubleQuoted c)

    let private lines (parts: string option list) =
        parts |> List.choose id |> String.concat "\n"

    let table (t: Table) : string =
        let elements =
            (t.Columns |> List.map column) @ (t.Indexes |> List.map index)
            |> List.map (fun e -> "  " + e)
            |> String.concat ",\n"

        let temporary = if t.Temporary then "TEMPORARY " else ""

        let raw clause =
            t.Unmodelled
            |> List.tryFind (fun r -> r.Clause = clause)
            |> Option.map (fun r -> r.Text)

        let keys =
            t.Keys
            |> Option.map (fun k -> $"%s{KeysModel.keyword k.Model} KEY%s{nameList k.Columns}")

        lines [
            Some $"CREATE %s{temporary}TABLE %s{Quote.qualified t.Name} (\n%s{elements}\n) ENGINE=OLAP"
            raw "CHARSET"
            keys
            commentLine t.Comment
            t.Partitioning |> Option.map partitioning
            t.Distribution |> Option.bind distributionClause
            t.OrderBy |> Option.map (fun o -> "ORDER BY" + nameList o)
            raw "ROLLUP"
            propertiesClause t.Properties
        ]
        + ";"

    let private viewColumns (cols: ViewColumn list) (indexes: Index list) =
        if List.isEmpty cols && List.isEmpty indexes then
            ""
        else
            let col (c: ViewColumn) =
                if c.Comment = "" then
                    Quote.identifier c.Name
                else
                    $"%s{Quote.identifier c.Name} COMMENT %s{Quote.doubleQuoted c.Comment}"

            let items =
                (cols |> List.map col) @ (indexes |> List.map (fun i -> "\n  " + index i))

            " (" + String.concat ", " items + ")"

    let private viewStatement (verb: string) (v: View) : string =
        let security =
            v.Security
            |> Option.map (function
                | SecurityNone -> "SECURITY NONE"
                | SecurityInvoker -> "SECURITY INVOKER")

        lines [
            Some $"%s{verb} %s{Quote.qualified v.Name}%s{viewColumns v.Columns []}"
            commentLine v.Comment
            security
            propertiesClause v.Properties
            Some("AS " + Query.text v.Query)
        ]

    let view (v: View) : string = viewStatement "CREATE VIEW" v + ";"

    let private refreshWith (onChange: bool) (r: Refresh) =
        let moment =
            match r.Moment with
            | Some Immediate -> "IMMEDIATE "
            | Some Deferred -> "DEFERRED "
            | None -> ""

        let scheme =
            match r.Scheme with
            | Async(start, every) ->
                let s =
                    start
                    |> Option.map (fun s -> $" START(%s{Quote.doubleQuoted s})")
                    |> Option.defaultValue ""

                let e =
                    every
                    |> Option.map (fun (n, u) -> $" EVERY(INTERVAL %d{n} %s{u})")
                    |> Option.defaultValue ""

                // 26.2+ (unconfirmed) spells the untimed form ON_CHANGE; timed forms keep ASYNC
                let keyword =
                    if onChange && start.IsNone && every.IsNone then
                        "ON_CHANGE"
                    else
                        "ASYNC"

                keyword + s + e
            | Manual -> "MANUAL"
            | Incremental -> "INCREMENTAL"

        $"REFRESH %s{moment}%s{scheme}"

    let refresh (r: Refresh) = refreshWith false r

    let refreshFor (version: ServerVersion) (r: Refresh) =
        refreshWith (ServerRules.writes version Spelling.UntimedRefreshOnChange) r

    let private materializedViewWith (onChange: bool) (m: MaterializedView) : string =
        lines [
            Some $"CREATE MATERIALIZED VIEW %s{Quote.qualified m.Name}%s{viewColumns m.Columns m.Indexes}"
            commentLine m.Comment
            m.Partitioning |> Option.map (fun k -> "PARTITION BY " + keyList k)
            m.Distribution |> Option.bind distributionClause
            m.OrderBy |> Option.map (fun o -> "ORDER BY " + nameList o)
            m.Refresh |> Option.map (refreshWith onChange)
            propertiesClause m.Properties
            Some("AS " + Query.text m.Query)
        ]
        + ";"

    let materializedView (m: MaterializedView) : string = materializedViewWith false m

    let syncQuery (m: SyncMaterializedView) : Query =
        let item (i: SelectItem) =
            Expr.text i.Expression
            + (i.Alias
               |> Option.map (fun a -> " AS " + Quote.identifier a)
               |> Option.defaultValue "")

        let exprs (items: Expr list) =
            items |> List.map Expr.text |> String.concat ", "

        lines [
            Some("SELECT " + (m.Select |> List.map item |> String.concat ", "))
            Some("FROM " + Quote.qualified m.Base)
            m.Where |> Option.map (fun w -> "WHERE " + Expr.text w)
            (if List.isEmpty m.GroupBy then
                 None
             else
                 Some("GROUP BY " + exprs m.GroupBy))
            (if List.isEmpty m.OrderBy then
                 None
             else
                 Some("ORDER BY " + exprs m.OrderBy))
        ]
        |> Query.ofText

    let syncMaterializedView (m: SyncMaterializedView) : string =
        lines [
            Some $"CREATE MATERIALIZED VIEW %s{Quote.qualified m.Name}"
            commentLine m.Comment
            propertiesClause m.Properties
            Some("AS " + Query.text (syncQuery m))
        ]
        + ";"

    let private position =
        function
        | None -> ""
        | Some First -> " FIRST"
        | Some(After n) -> " AFTER " + Quote.identifier n

    let private columnDefinition (d: ColumnDefinition) =
        columnWithKey d.Key d.Column + position d.Position

    let private fieldPath (path: Name list) (field: Name) =
        path @ [ field ] |> List.map Quote.identifier |> String.concat "."

    /// The clause of an operation inside ALTER TABLE / ALTER MATERIALIZED VIEW, or the whole statement (without ';')
    /// for operations that are statements of their own.
    let private clause (onChange: bool) (op: Operation) : string =
        match op with
        | AddColumn(_, d) -> "ADD COLUMN " + columnDefinition d
        | DropColumn(_, n) -> "DROP COLUMN " + Quote.identifier n
        | ModifyColumn(_, d) -> "MODIFY COLUMN " + columnDefinition d
        | SetColumnComment(_, n, c) -> $"MODIFY COLUMN %s{Quote.identifier n} COMMENT %s{Quote.doubleQuoted c}"
        | RenameColumn(_, a, b) -> $"RENAME COLUMN %s{Quote.identifier a} TO %s{Quote.identifier b}"
        | AddField(_, c, path, f, pos) ->
            $"MODIFY COLUMN %s{Quote.identifier c} ADD FIELD %s{fieldPath path f.Name} %s{fieldSpec f}%s{position pos}"
        | DropField(_, c, path, f) -> $"MODIFY COLUMN %s{Quote.identifier c} DROP FIELD %s{fieldPath path f}"
        | RenameTable(_, n) -> "RENAME " + Quote.identifier n
        | SetTableComment(_, c) -> "COMMENT = " + Quote.doubleQuoted c
        | SetTableProperties(_, props)
        | SetMaterializedViewProperties(_, props) -> "SET " + inlineProperties props
        | SetPartitionProperties(_, props) -> "MODIFY PARTITION (*) SET " + inlineProperties props
        | SetDistribution(_, d) -> distribution d
        | SetOrderBy(_, cols) -> "ORDER BY " + nameList cols
        | AddRangePartition(_, (Batch _ as p)) -> "ADD PARTITIONS " + rangePartition p
        | AddRangePartition(_, p) -> "ADD " + rangePartition p
        | AddListPartition(_, p) -> "ADD " + (listPartition p).TrimStart()
        | DropPartition(_, n) -> "DROP PARTITION " + Quote.identifier n
        | AddIndex(_, ix) -> "ADD " + index ix
        | DropIndex(_, n) -> "DROP INDEX " + Quote.identifier n
        | SwapTable(_, n) -> "SWAP WITH " + Quote.identifier n
        | SetRefresh(_, r) -> refreshWith onChange r
        | ActivateMaterializedView _ -> "ACTIVE"
        | CreateTable t -> (table t).TrimEnd(';')
        | DropTable q -> "DROP TABLE " + Quote.qualified q
        | CopyRows(source, target, pairs) ->
            let targets = pairs |> List.map fst
            let sources = pairs |> List.map (snd >> Quote.identifier) |> String.concat ", "
            $"INSERT INTO %s{Quote.qualified target} %s{nameList targets}\nSELECT %s{sources}\nFROM %s{Quote.qualified source}"
        | CreateView v -> viewStatement "CREATE VIEW" v
        | ReplaceView v -> viewStatement "CREATE OR REPLACE VIEW" v
        | AlterView(q, cols, query) ->
            $"ALTER VIEW %s{Quote.qualified q}%s{viewColumns cols []}\nAS %s{Query.text query}"
        | DropView q -> "DROP VIEW " + Quote.qualified q
        | CreateMaterializedView m -> (materializedViewWith onChange m).TrimEnd(';')
        | DropMaterializedView q -> "DROP MATERIALIZED VIEW " + Quote.qualified q
        | CreateSyncMaterializedView m -> (syncMaterializedView m).TrimEnd(';')

    let private alterPrefix (op: Operation) =
        match Operation.form op with
        | AlterTableClause -> Some("ALTER TABLE " + Quote.qualified (Operation.target op))
        | AlterMaterializedViewClause -> Some("ALTER MATERIALIZED VIEW " + Quote.qualified (Operation.target op))
        | OwnStatement -> None

    let private operationWith (onChange: bool) (op: Operation) : string =
        match alterPrefix op with
        | Some prefix -> prefix + " " + clause onChange op + ";"
        | None -> clause onChange op + ";"

    let operation (op: Operation) : string = operationWith false op

    let private statementWith (onChange: bool) (ops: Operation list) : string =
        match ops with
        | [] -> ""
        | [ op ] -> operationWith onChange op
        | first :: _ ->
            match alterPrefix first with
            | Some prefix ->
                prefix
                + "\n  "
                + (ops |> List.map (clause onChange) |> String.concat ",\n  ")
                + ";"
            | None -> ops |> List.map (operationWith onChange) |> String.concat "\n"

    let statement (ops: Operation list) : string = statementWith false ops

    let statementFor (version: ServerVersion) (ops: Operation list) : string =
        statementWith (ServerRules.writes version Spelling.UntimedRefreshOnChange) ops

    let schemaObject (o: SchemaObject) : string =
        match o with
        | TableObject t -> table t
        | ViewObject v -> view v
        | MaterializedViewObject m -> materializedView m
        | SyncMaterializedViewObject m -> syncMaterializedView m

    let script (objects: SchemaObject list) : string =
        let sb = StringBuilder()

        objects
        |> List.iteri (fun i o ->
            if i > 0 then
                sb.Append('\n') |> ignore

            sb.Append(schemaObject o).Append('\n') |> ignore)

        sb.ToString()

    let schema (s: Schema) : string = script (Schema.objects s)
