namespace StarRocks.Schema

[<RequireQualifiedAccess>]
module Apply =
    let private quote (n: Name) = "`" + Name.value n + "`"

    let private findIndex (name: Name) (names: 'a list) (nameOf: 'a -> Name) =
        List.tryFindIndex (fun x -> Name.same (nameOf x) name) names

    let private rename (from: Name) (into: Name) (n: Name) = if Name.same n from then into else n

    let private place (pos: ColumnPosition option) (c: Column) (cols: Column list) : Result<Column list, string> =
        match pos with
        | None -> Ok(cols @ [ c ])
        | Some First -> Ok(c :: cols)
        | Some(After a) ->
            match findIndex a cols (fun x -> x.Name) with
            | Some i -> Ok(List.insertAt (i + 1) c cols)
            | None -> Error $"AFTER %s{quote a}: there is no such column"

    let private isKey (t: Table) (n: Name) =
        t.Keys |> Option.exists (fun k -> k.Columns |> List.exists (Name.same n))

    /// Key columns in the order of the table's columns.
    let private keysInOrder (cols: Column list) (isKeyName: Name -> bool) =
        cols |> List.map (fun c -> c.Name) |> List.filter isKeyName

    let private addColumn (t: Table) (d: ColumnDefinition) =
        if findIndex d.Column.Name t.Columns (fun c -> c.Name) |> Option.isSome then
            Error $"column %s{quote d.Column.Name} already exists"
        else
            place d.Position d.Column t.Columns
            |> Result.bind (fun cols ->
                match d.Key, t.Keys with
                | false, _ -> Ok { t with Columns = cols }
                | true, None -> Error "a key column can only be added to a table with a key clause"
                | true, Some k ->
                    let keys = keysInOrder cols (fun n -> Name.same n d.Column.Name || isKey t n)

                    Ok {
                        t with
                            Columns = cols
                            Keys = Some { k with Columns = keys }
                    })

    let private without (n: Name) (names: Name list) =
        names |> List.filter (fun x -> not (Name.same x n))

    let private dropColumn (t: Table) (n: Name) =
        match findIndex n t.Columns (fun c -> c.Name) with
        | None -> Error $"there is no column %s{quote n}"
        | Some _ when List.length t.Columns = 1 -> Error "the last column of a table cannot be dropped"
        | Some _ when t.Indexes |> List.exists (fun ix -> ix.Columns |> List.exists (Name.same n)) ->
            Error $"column %s{quote n} is used by an index: drop the index first"
        | Some i ->
            Ok {
                t with
                    Columns = List.removeAt i t.Columns
                    Keys = t.Keys |> Option.map (fun k -> { k with Columns = without n k.Columns })
                    OrderBy = t.OrderBy |> Option.map (without n)
            }

    let private modifyColumn (t: Table) (d: ColumnDefinition) =
        match findIndex d.Column.Name t.Columns (fun c -> c.Name) with
        | None -> Error $"there is no column %s{quote d.Column.Name}"
        | Some _ when d.Key <> isKey t d.Column.Name ->
            Error $"MODIFY COLUMN %s{quote d.Column.Name} cannot change whether the column is a key column"
        | Some i ->
            match d.Position with
            | None ->
                Ok {
                    t with
                        Columns = List.updateAt i d.Column t.Columns
                }
            | Some _ ->
                place d.Position d.Column (List.removeAt i t.Columns)
                |> Result.map (fun cols -> { t with Columns = cols })

    let private renameKey (from: Name) (into: Name) =
        function
        | PartitionKey.Column c -> PartitionKey.Column(rename from into c)
        | PartitionKey.DateTrunc(u, c) -> PartitionKey.DateTrunc(u, rename from into c)
        | PartitionKey.TimeSlice(c, n, u, b) -> PartitionKey.TimeSlice(rename from into c, n, u, b)
        | PartitionKey.Expression e -> PartitionKey.Expression e

    let private renameColumn (t: Table) (from: Name) (into: Name) =
        match findIndex from t.Columns (fun c -> c.Name), findIndex into t.Columns (fun c -> c.Name) with
        | None, _ -> Error $"there is no column %s{quote from}"
        | Some _, Some _ when not (Name.same from into) -> Error $"column %s{quote into} already exists"
        | Some _, _ ->
            let names = List.map (rename from into)
            let keys = List.map (renameKey from into)

            Ok {
                t with
                    Columns =
                        t.Columns
                        |> List.map (fun c -> {
                            c with
                                Name = rename from into c.Name
                        })
                    Keys = t.Keys |> Option.map (fun k -> { k with Columns = names k.Columns })
                    OrderBy = t.OrderBy |> Option.map names
                    Indexes = t.Indexes |> List.map (fun ix -> { ix with Columns = names ix.Columns })
                    Distribution =
                        t.Distribution
                        |> Option.map (function
                            | Distribution.Hash(cols, b) -> Distribution.Hash(names cols, b)
                            | Distribution.Random b -> Distribution.Random b
                            | Distribution.Range -> Distribution.Range)
                    Partitioning =
                        t.Partitioning
                        |> Option.map (function
                            | Partitioning.Range(k, p) -> Partitioning.Range(keys k, p)
                            | Partitioning.List(k, p) -> Partitioning.List(keys k, p)
                            | Partitioning.Expression(k, p) -> Partitioning.Expression(keys k, p))
            }

    /// Edits the STRUCT reached by following path from a column type.
    let rec private editStruct
        (path: Name list)
        (edit: StructField list -> Result<StructField list, string>)
        (t: ColumnType)
        : Result<ColumnType, string> =
        match t, path with
        | Struct fields, [] -> edit fields |> Result.map Struct
        | Struct fields, p :: rest ->
            match findIndex p fields (fun f -> f.Name) with
            | Some i ->
                editStruct rest edit fields[i].Type
                |> Result.map (fun inner -> Struct(List.updateAt i { fields[i] with Type = inner } fields))
            | None -> Error $"the STRUCT has no field %s{quote p}"
        | _ -> Error "the column (or field) is not a STRUCT"

    let private editColumn (t: Table) (n: Name) (edit: Column -> Result<Column, string>) =
        match findIndex n t.Columns (fun c -> c.Name) with
        | None -> Error $"there is no column %s{quote n}"
        | Some i ->
            edit t.Columns[i]
            |> Result.map (fun c -> {
                t with
                    Columns = List.updateAt i c t.Columns
            })

    let private addField (f: StructField) (pos: ColumnPosition option) (fields: StructField list) =
        if findIndex f.Name fields (fun x -> x.Name) |> Option.isSome then
            Error $"field %s{quote f.Name} already exists"
        else
            match pos with
            | None -> Ok(fields @ [ f ])
            | Some First -> Ok(f :: fields)
            | Some(After a) ->
                match findIndex a fields (fun x -> x.Name) with
                | Some i -> Ok(List.insertAt (i + 1) f fields)
                | None -> Error $"AFTER %s{quote a}: the STRUCT has no such field"

    let private dropField (n: Name) (fields: StructField list) =
        match findIndex n fields (fun x -> x.Name) with
        | Some _ when List.length fields = 1 -> Error "the last field of a STRUCT cannot be dropped"
        | Some i -> Ok(List.removeAt i fields)
        | None -> Error $"the STRUCT has no field %s{quote n}"

    let private setProperties (existing: Map<string, string>) (changes: Map<string, string>) =
        changes
        |> Map.fold
            (fun (acc: Map<string, string>) k v ->
                // ALTER sets default.replication_num for future partitions; the table keeps it as replication_num
                let key = ServerRules.tableProperty k

                let kept =
                    acc
                    |> Map.filter (fun existingKey _ ->
                        not (System.String.Equals(existingKey, key, System.StringComparison.OrdinalIgnoreCase)))

                kept.Add(key, v))
            existing

    /// After MODIFY PARTITION (*) SET, a partition shows a property only where it differs from the table's value.
    let private setPartitionProperties (t: Table) (changes: Map<string, string>) =
        let forPartition (props: Map<string, string>) =
            let updated = setProperties props changes

            changes
            |> Map.fold
                (fun (acc: Map<string, string>) k v ->
                    match t.Properties.TryFind k with
                    | Some tableValue when tableValue = v -> acc.Remove k
                    | _ -> acc)
                updated

        let range =
            function
            | LessThan(n, u, p) -> LessThan(n, u, forPartition p)
            | Fixed(n, l, u, p) -> Fixed(n, l, u, forPartition p)
            | Batch(s, e, every) -> Batch(s, e, every)

        match t.Partitioning with
        | Some(Partitioning.Range(k, parts)) ->
            Ok {
                t with
                    Partitioning = Some(Partitioning.Range(k, List.map range parts))
            }
        | Some(Partitioning.List(k, parts)) ->
            Ok {
                t with
                    Partitioning =
                        Some(
                            Partitioning.List(
                                k,
                                parts
                                |> List.map (fun p -> {
                                    p with
                                        Properties = forPartition p.Properties
                                })
                            )
                        )
            }
        | Some(Partitioning.Expression _)
        | None -> Ok t

    let private rangeName =
        function
        | LessThan(n, _, _)
        | Fixed(n, _, _, _) -> Some n
        | Batch _ -> None

    let private addRange (t: Table) (p: RangePartition) =
        match t.Partitioning, rangeName p with
        | Some(Partitioning.Range(k, parts)), Some n ->
            if parts |> List.exists (fun x -> rangeName x |> Option.exists (Name.same n)) then
                Error $"partition %s{quote n} already exists"
            else
                Ok {
                    t with
                        Partitioning = Some(Partitioning.Range(k, parts @ [ p ]))
                }
        | Some(Partitioning.Range(k, parts)), None ->
            Ok {
                t with
                    Partitioning = Some(Partitioning.Range(k, parts @ [ p ]))
            }
        | _ -> Error "a RANGE partition can only be added to a table partitioned by RANGE"

    let private addList (t: Table) (p: ListPartition) =
        match t.Partitioning with
        | Some(Partitioning.List(k, parts)) ->
            if parts |> List.exists (fun x -> Name.same x.Name p.Name) then
                Error $"partition %s{quote p.Name} already exists"
            else
                Ok {
                    t with
                        Partitioning = Some(Partitioning.List(k, parts @ [ p ]))
                }
        | _ -> Error "a LIST partition can only be added to a table partitioned by LIST"

    let private dropPartition (t: Table) (n: Name) =
        let missing = Error $"there is no partition %s{quote n}"

        match t.Partitioning with
        | Some(Partitioning.Range(k, parts)) ->
            match parts |> List.tryFindIndex (fun x -> rangeName x |> Option.exists (Name.same n)) with
            | Some i ->
                Ok {
                    t with
                        Partitioning = Some(Partitioning.Range(k, List.removeAt i parts))
                }
            | None -> missing
        | Some(Partitioning.List(k, parts)) ->
            match findIndex n parts (fun p -> p.Name) with
            | Some i ->
                Ok {
                    t with
                        Partitioning = Some(Partitioning.List(k, List.removeAt i parts))
                }
            | None -> missing
        | Some(Partitioning.Expression _)
        | None -> Error "only partitions of RANGE and LIST tables can be dropped by name"

    let private addIndex (t: Table) (ix: Index) =
        if findIndex ix.Name t.Indexes (fun i -> i.Name) |> Option.isSome then
            Error $"index %s{quote ix.Name} already exists"
        else
            Ok { t with Indexes = t.Indexes @ [ ix ] }

    let private dropIndex (t: Table) (n: Name) =
        match findIndex n t.Indexes (fun i -> i.Name) with
        | Some i ->
            Ok {
                t with
                    Indexes = List.removeAt i t.Indexes
            }
        | None -> Error $"there is no index %s{quote n}"

    let private exists (s: Schema) (q: QualifiedName) =
        s.Tables.ContainsKey q
        || s.Views.ContainsKey q
        || s.MaterializedViews.ContainsKey q

    let private named (q: QualifiedName) = $"`%s{QualifiedName.display q}`"

    let private check (o: SchemaObject) =
        match Validate.schemaObject o with
        | [] -> Ok o
        | errors -> Error(String.concat "; " errors)

    let private create (s: Schema) (o: SchemaObject) =
        let q = SchemaObject.name o

        if exists s q then
            Error $"%s{named q} already exists"
        else
            check o |> Result.map (fun o -> Schema.add o s)

    let private withTable (s: Schema) (q: QualifiedName) (edit: Table -> Result<Table, string>) =
        match s.Tables.TryFind q with
        | None -> Error $"there is no table %s{named q}"
        | Some t ->
            edit t
            |> Result.bind (TableObject >> check)
            |> Result.map (fun o -> Schema.add o s)

    /// The synchronous materialized views of a table.
    let private syncViewsOf (s: Schema) (q: QualifiedName) =
        s.SyncMaterializedViews |> Map.filter (fun _ m -> m.Base = q)

    /// Refuses an operation on table q's column c while a synchronous materialized view reads it (StarRocks refuses
    /// to drop or change such a column).
    let private notReadBySyncView (s: Schema) (q: QualifiedName) (c: Name) =
        match
            syncViewsOf s q
            |> Map.toList
            |> List.tryFind (fun (_, m) -> not (List.isEmpty (Normalize.syncReads m [ c ])))
        with
        | Some(mq, _) ->
            Error $"column %s{quote c} is read by synchronous materialized view %s{named mq}: drop the view first"
        | None -> Ok()

    /// The synchronous materialized views of table `from` moved to table `into` (a rename).
    let private moveSyncViews
        (from: QualifiedName)
        (into: QualifiedName)
        (views: Map<QualifiedName, SyncMaterializedView>)
        =
        views
        |> Map.map (fun _ m -> if m.Base = from then { m with Base = into } else m)

    let private createSync (s: Schema) (m: SyncMaterializedView) =
        match s.Tables.TryFind m.Base with
        | _ when s.SyncMaterializedViews.ContainsKey m.Name || exists s m.Name ->
            Error $"%s{named m.Name} already exists"
        | None -> Error $"there is no table %s{named m.Base}"
        | Some t when t.Keys |> Option.exists (fun k -> k.Model = Primary) ->
            Error $"%s{named m.Base} is a primary key table, which cannot have a synchronous materialized view"
        | Some t ->
            match Normalize.syncReads m (t.Columns |> List.map (fun c -> c.Name)) with
            | [] -> Error $"%s{named m.Name} reads no column of %s{named m.Base}"
            | _ -> check (SyncMaterializedViewObject m) |> Result.map (fun o -> Schema.add o s)

    let private withView (s: Schema) (q: QualifiedName) (edit: View -> View) =
        match s.Views.TryFind q with
        | None -> Error $"there is no view %s{named q}"
        | Some v -> check (ViewObject(edit v)) |> Result.map (fun o -> Schema.add o s)

    let private withMaterializedView (s: Schema) (q: QualifiedName) (edit: MaterializedView -> MaterializedView) =
        match s.MaterializedViews.TryFind q with
        | None -> Error $"there is no materialized view %s{named q}"
        | Some m -> check (MaterializedViewObject(edit m)) |> Result.map (fun o -> Schema.add o s)

    let private sibling (q: QualifiedName) (n: Name) = { q with Name = n }

    let private columnsExist (t: Table) (names: Name list) =
        match
            names
            |> List.tryFind (fun n -> findIndex n t.Columns (fun c -> c.Name) |> Option.isNone)
        with
        | Some n -> Error $"table %s{named t.Name} has no column %s{quote n}"
        | None -> Ok()

    let operation (op: Operation) (s: Schema) : Result<Schema, string> =
        let result =
            match op with
            | CreateTable t -> create s (TableObject t)
            | DropTable q ->
                if s.Tables.ContainsKey q then
                    // the table's synchronous materialized views are its indexes: they go with it
                    Ok {
                        s with
                            Tables = s.Tables.Remove q
                            SyncMaterializedViews = s.SyncMaterializedViews |> Map.filter (fun _ m -> m.Base <> q)
                    }
                else
                    Error $"there is no table %s{named q}"
            | RenameTable(q, n) ->
                let into = sibling q n

                match s.Tables.TryFind q with
                | None -> Error $"there is no table %s{named q}"
                | Some _ when exists s into -> Error $"%s{named into} already exists"
                | Some t ->
                    Ok {
                        s with
                            Tables = s.Tables.Remove(q).Add(into, { t with Name = into })
                            SyncMaterializedViews = moveSyncViews q into s.SyncMaterializedViews
                    }
            | AddColumn(q, d) -> withTable s q (fun t -> addColumn t d)
            | DropColumn(q, n) ->
                notReadBySyncView s q n
                |> Result.bind (fun () -> withTable s q (fun t -> dropColumn t n))
            | ModifyColumn(q, d) ->
                notReadBySyncView s q d.Column.Name
                |> Result.bind (fun () -> withTable s q (fun t -> modifyColumn t d))
            | SetColumnComment(q, n, comment) ->
                withTable s q (fun t -> editColumn t n (fun c -> Ok { c with Comment = comment }))
            | RenameColumn(q, from, into) ->
                notReadBySyncView s q from
                |> Result.bind (fun () -> withTable s q (fun t -> renameColumn t from into))
            | AddField(q, n, path, f, pos) ->
                withTable s q (fun t ->
                    editColumn t n (fun c ->
                        editStruct path (addField f pos) c.Type
                        |> Result.map (fun ty -> { c with Type = ty })))
            | DropField(q, n, path, f) ->
                withTable s q (fun t ->
                    editColumn t n (fun c ->
                        editStruct path (dropField f) c.Type
                        |> Result.map (fun ty -> { c with Type = ty })))
            | SetTableComment(q, comment) -> withTable s q (fun t -> Ok { t with Comment = comment })
            | SetTableProperties(q, props) ->
                withTable s q (fun t ->
                    Ok {
                        t with
                            Properties = setProperties t.Properties props
                    })
            | SetPartitionProperties(q, props) -> withTable s q (fun t -> setPartitionProperties t props)
            | SetDistribution(q, d) -> withTable s q (fun t -> Ok { t with Distribution = Some d })
            | SetOrderBy(q, cols) ->
                withTable s q (fun t -> columnsExist t cols |> Result.map (fun () -> { t with OrderBy = Some cols }))
            | AddRangePartition(q, p) -> withTable s q (fun t -> addRange t p)
            | AddListPartition(q, p) -> withTable s q (fun t -> addList t p)
            | DropPartition(q, n) -> withTable s q (fun t -> dropPartition t n)
            | AddIndex(q, ix) -> withTable s q (fun t -> addIndex t ix)
            | DropIndex(q, n) -> withTable s q (fun t -> dropIndex t n)
            | CopyRows(source, target, pairs) ->
                match s.Tables.TryFind source, s.Tables.TryFind target with
                | Some src, Some tgt ->
                    columnsExist tgt (List.map fst pairs)
                    |> Result.bind (fun () -> columnsExist src (List.map snd pairs))
                    |> Result.map (fun () -> s)
                | None, _ -> Error $"there is no table %s{named source}"
                | _, None -> Error $"there is no table %s{named target}"
            | SwapTable(q, other) ->
                let o = sibling q other

                match s.Tables.TryFind q, s.Tables.TryFind o with
                | Some a, Some b ->
                    // synchronous materialized views are indexes of the table object: they keep to it, under its
                    // new name
                    let swapped (m: SyncMaterializedView) =
                        if m.Base = q then { m with Base = o }
                        elif m.Base = o then { m with Base = q }
                        else m

                    Ok {
                        s with
                            Tables = s.Tables.Add(q, { b with Name = q }).Add(o, { a with Name = o })
                            SyncMaterializedViews = s.SyncMaterializedViews |> Map.map (fun _ m -> swapped m)
                    }
                | None, _ -> Error $"there is no table %s{named q}"
                | _, None -> Error $"there is no table %s{named o}"
            | CreateView v -> create s (ViewObject v)
            | ReplaceView v ->
                if s.Tables.ContainsKey v.Name || s.MaterializedViews.ContainsKey v.Name then
                    Error $"%s{named v.Name} exists and is not a view"
                else
                    check (ViewObject v) |> Result.map (fun o -> Schema.add o s)
            | AlterView(q, cols, query) -> withView s q (fun v -> { v with Columns = cols; Query = query })
            | DropView q ->
                if s.Views.ContainsKey q then
                    Ok { s with Views = s.Views.Remove q }
                else
                    Error $"there is no view %s{named q}"
            | CreateMaterializedView m -> create s (MaterializedViewObject m)
            | DropMaterializedView q ->
                if s.MaterializedViews.ContainsKey q then
                    Ok {
                        s with
                            MaterializedViews = s.MaterializedViews.Remove q
                    }
                elif s.SyncMaterializedViews.ContainsKey q then
                    Ok {
                        s with
                            SyncMaterializedViews = s.SyncMaterializedViews.Remove q
                    }
                else
                    Error $"there is no materialized view %s{named q}"
            | CreateSyncMaterializedView m -> createSync s m
            | SetRefresh(q, r) -> withMaterializedView s q (fun m -> { m with Refresh = Some r })
            | SetMaterializedViewProperties(q, props) ->
                withMaterializedView s q (fun m -> {
                    m with
                        Properties = setProperties m.Properties props
                })
            | ActivateMaterializedView q -> withMaterializedView s q id

        result |> Result.mapError (fun e -> $"%s{named (Operation.target op)}: %s{e}")

    let operations (ops: Operation list) (s: Schema) : Result<Schema, string> =
        ops
        |> List.indexed
        |> List.fold
            (fun acc (i, op) ->
                acc
                |> Result.bind (fun schema ->
                    operation op schema |> Result.mapError (fun e -> $"operation %d{i + 1}: %s{e}")))
            (Ok s)
