namespace StarRocks.Schema

// Every fact about StarRocks that depends on the release or the run mode, and every property key the tool reasons
// about, lives here. The diff, Apply, the normalizer and the executor ask these functions; none of them compares
// versions or spells a property key itself. A new StarRocks rule starts here.
//
// Sources are named next to each fact: the StarRocks documentation page (docs.starrocks.io, "ALTER TABLE",
// "CREATE TABLE", "CREATE VIEW", "Table properties"), or the pull request / release note that brought the change.
// Where the docs are unclear the rule is the conservative one and says so.

type RunMode =
    | SharedNothing
    | SharedData

[<CustomComparison; CustomEquality>]
type ServerVersion = {
    Major: int
    Minor: int
    Patch: int
} with

    member private this.Key = (this.Major, this.Minor, this.Patch)

    override this.Equals(o) =
        match o with
        | :? ServerVersion as v -> this.Key = v.Key
        | _ -> false

    override this.GetHashCode() = hash this.Key

    override this.ToString() =
        $"%d{this.Major}.%d{this.Minor}.%d{this.Patch}"

    interface System.IComparable with
        member this.CompareTo(o) =
            match o with
            | :? ServerVersion as v -> compare this.Key v.Key
            | _ -> invalidArg "o" "not a ServerVersion"

[<RequireQualifiedAccess>]
module ServerVersion =
    let create major minor patch = {
        Major = major
        Minor = minor
        Patch = patch
    }

    let oldestSupported = create 3 0 0

    let newest = create 4 1 0

    let tryParse (text: string) : Result<ServerVersion, string> =
        // the version is what comes before the first space or '-' (a build id follows)
        let trimmed = if isNull text then "" else text.Trim()
        let cut = trimmed.IndexOfAny [| ' '; '-' |]
        let head = if cut >= 0 then trimmed.Substring(0, cut) else trimmed

        let parts = head.Split '.'

        let number (s: string) =
            match System.Int32.TryParse s with
            | true, n when n >= 0 -> Some n
            | _ -> None

        match parts |> Array.map number with
        | [| Some a; Some b |] -> Ok(create a b 0)
        | [| Some a; Some b; Some c |] -> Ok(create a b c)
        | _ -> Error $"expected a StarRocks version such as 3.3 or 3.3.2, found '%s{text}'"

[<RequireQualifiedAccess>]
module PropertyKey =
    [<Literal>]
    let ReplicationNum = "replication_num"

    [<Literal>]
    let DefaultReplicationNum = "default.replication_num"

    [<Literal>]
    let StorageMedium = "storage_medium"

    [<Literal>]
    let DefaultStorageMedium = "default.storage_medium"

    [<Literal>]
    let StorageCooldownTime = "storage_cooldown_time"

    [<Literal>]
    let ReplicatedStorage = "replicated_storage"

    [<Literal>]
    let BloomFilterColumns = "bloom_filter_columns"

    [<Literal>]
    let ColocateWith = "colocate_with"

    [<Literal>]
    let DynamicPartitionEnable = "dynamic_partition.enable"

    [<Literal>]
    let DynamicPartitionPrefix = "dynamic_partition."

    [<Literal>]
    let BinlogPrefix = "binlog."

    [<Literal>]
    let FastSchemaEvolution = "fast_schema_evolution"

    [<Literal>]
    let Compression = "compression"

    [<Literal>]
    let StorageType = "storage_type"

    [<Literal>]
    let StorageFormat = "storage_format"

    [<Literal>]
    let StorageVolume = "storage_volume"

    [<Literal>]
    let BucketSize = "bucket_size"

    [<Literal>]
    let EnablePersistentIndex = "enable_persistent_index"

    [<Literal>]
    let EnableStatisticCollectOnFirstLoad = "enable_statistic_collect_on_first_load"

    [<Literal>]
    let InMemory = "in_memory"

    [<Literal>]
    let MvRewriteStalenessSecond = "mv_rewrite_staleness_second"

[<RequireQualifiedAccess>]
type PropertyOwner =
    | Table
    | MaterializedView

[<RequireQualifiedAccess>]
type Capability =
    | RenameColumn
    | ColumnCommentAlone
    | AlterDistribution
    | AlterSortKey
    | AlterPrimaryKeySortKey
    | AlterTableComment
    | ReplaceView
    | StructFieldEdits
    | RangeDistribution
    | SyncMaterializedViews
    | SyncMaterializedViewWhere

[<RequireQualifiedAccess>]
type Spelling =
    | TimedRefreshSchedule
    | UntimedRefreshOnChange

[<RequireQualifiedAccess>]
type ReleaseChange =
    | Introduces of capability: Capability * fromPatch: int * modes: RunMode list
    | Prints of spelling: Spelling
    | Writes of spelling: Spelling

type Release = {
    Version: ServerVersion
    Changes: ReleaseChange list
    Confirmed: bool
}

[<RequireQualifiedAccess>]
module ServerRules =
    let private v = ServerVersion.create

    let plansFor (version: ServerVersion) =
        version >= ServerVersion.oldestSupported

    let private both = [ SharedNothing; SharedData ]

    let private introduces capability fromPatch modes =
        ReleaseChange.Introduces(capability, fromPatch, modes)

    // What each release line changes, oldest first. A capability holds from the first patch named, in the modes
    // named, in that line and every later one, until a later line names it again. Where the docs leave a first patch
    // unclear, the later release is assumed.
    let releases: Release list = [
        {
            Version = v 3 0 0
            Changes = [
                // CREATE TABLE docs, "ORDER BY": sort keys apart from the key columns on PRIMARY KEY tables from v3.0;
                // ALTER TABLE ... ORDER BY follows them
                introduces Capability.AlterPrimaryKeySortKey 0 both
                // synchronous materialized view docs: "supported in the shared-data clusters from v3.4.0 onwards"
                introduces Capability.SyncMaterializedViews 0 [ SharedNothing ]
            ]
            Confirmed = true
        }
        {
            Version = v 3 1 0
            Changes = [
                // ALTER TABLE docs, "Modify table comment (from v3.1)"
                introduces Capability.AlterTableComment 0 both
                // CREATE VIEW docs, "CREATE OR REPLACE" (PR #27768, back-ported to 3.1 patch releases; which 3.0
                // patches have it is not documented): 3.1+ to be safe
                introduces Capability.ReplaceView 0 both
                // synchronous materialized view docs: "support WHERE clauses from v3.1.8 onwards"
                introduces Capability.SyncMaterializedViewWhere 8 both
            ]
            Confirmed = true
        }
        {
            Version = v 3 2 0
            Changes = [
                // ALTER TABLE docs, "Modify the bucketing method and number of buckets (from v3.2)": not for
                // shared-data clusters (colocated tables are refused too: the diff checks that per table)
                introduces Capability.AlterDistribution 0 [ SharedNothing ]
                // ALTER TABLE docs, "Add or drop fields in a STRUCT": v3.2.10 in the 3.2 line; shared-nothing only
                introduces Capability.StructFieldEdits 10 [ SharedNothing ]
            ]
            Confirmed = true
        }
        {
            Version = v 3 3 0
            Changes = [
                // CREATE TABLE docs, "ORDER BY": sort keys apart from the key columns on the other key models from v3.3
                introduces Capability.AlterSortKey 0 both
                // ALTER TABLE docs, "Rename a column": "Since v3.3.2"
                introduces Capability.RenameColumn 2 both
                // ALTER TABLE docs, "Add or drop fields in a STRUCT": v3.3.2 in the 3.3 line (3.3.0 and 3.3.1 lack it)
                introduces Capability.StructFieldEdits 2 [ SharedNothing ]
            ]
            Confirmed = true
        }
        {
            Version = v 3 4 0
            Changes = [
                // ALTER TABLE docs, "Modify column comment": the clause is in the 3.4 grammar (PR #58440 made it work
                // for every column type); the docs were back-ported to 3.3 later, with no first patch named: 3.4+ to
                // be safe
                introduces Capability.ColumnCommentAlone 0 both
                // synchronous materialized view docs: shared-data clusters from v3.4.0
                introduces Capability.SyncMaterializedViews 0 both
            ]
            Confirmed = true
        }
        // 3.5 and 4.0 change nothing the diff plans with (DROP PARTITIONS WHERE, merge partitions, DEFAULT BUCKETS,
        // file_bundling: the tool does not write them); listed so that the table names every line
        {
            Version = v 3 5 0
            Changes = []
            Confirmed = true
        }
        {
            Version = v 4 0 0
            Changes = []
            Confirmed = true
        }
        {
            Version = v 4 1 0
            Changes = [
                // CREATE TABLE docs, "DISTRIBUTED BY" (v4.1): in shared-data clusters, with the FE's
                // enable_range_distribution (on by default there), a table with a key clause or ORDER BY but no
                // DISTRIBUTED BY gets range-based distribution; information_schema.tables_config reports RANGE.
                // Shared-nothing clusters: the session variable is opt-in and undocumented for them, so not assumed.
                introduces Capability.RangeDistribution 0 [ SharedData ]
                // PR #72329: SHOW CREATE prints a timed refresh as REFRESH [DEFERRED] SCHEDULE [START(..)] EVERY(..)
                // and accepts SCHEDULE as input; ASYNC ... EVERY stays accepted, so the tool keeps writing it
                ReleaseChange.Prints Spelling.TimedRefreshSchedule
            ]
            Confirmed = true
        }
        // 26.x: no public documentation found [U]. The Python reference client (sqlalchemy-starrocks, its tests
        // test_mv_refresh_keyword_compat.py) writes the untimed async refresh ON_CHANGE for servers reporting 26.2.0
        // and later (ASYNC -> ON_CHANGE, DEFERRED ASYNC -> DEFERRED ON_CHANGE; timed forms unchanged); followed here.
        // Nothing is known of 26.0 and 26.1: they behave as 4.1.
        {
            Version = v 26 2 0
            Changes = [ ReleaseChange.Writes Spelling.UntimedRefreshOnChange ]
            Confirmed = false
        }
    ]

    let private line (version: ServerVersion) = version.Major, version.Minor

    let release (version: ServerVersion) : Release option =
        releases
        |> List.filter (fun r -> line r.Version <= line version)
        |> List.tryLast

    let allows (version: ServerVersion) (mode: RunMode) (capability: Capability) : bool =
        // the latest line at or before the version's that names the capability says where it holds
        let named =
            releases
            |> List.filter (fun r -> line r.Version <= line version)
            |> List.collect (fun r ->
                r.Changes
                |> List.choose (function
                    | ReleaseChange.Introduces(c, patch, modes) when c = capability -> Some(r.Version, patch, modes)
                    | _ -> None))
            |> List.tryLast

        match named with
        | None -> false
        | Some(first, patch, modes) ->
            List.contains mode modes
            && (line first < line version || version.Patch >= patch)

    let writes (version: ServerVersion) (spelling: Spelling) : bool =
        releases
        |> List.exists (fun r -> r.Version <= version && List.contains (ReleaseChange.Writes spelling) r.Changes)

    // -----------------------------------------------------------------------------------------------------------
    // Properties

    let propertyKey (key: string) = key.Trim().ToLowerInvariant()

    let tableProperty (key: string) =
        match propertyKey key with
        | PropertyKey.DefaultReplicationNum -> PropertyKey.ReplicationNum
        | PropertyKey.DefaultStorageMedium -> PropertyKey.StorageMedium
        | _ -> key

    let tablePropertyKey (key: string) = propertyKey (tableProperty key)

    // How the server reads a property's value (Table properties docs; CREATE TABLE "PROPERTIES"): true/false and
    // enumerations case-insensitively (compared in one case), bloom_filter_columns as a set of column names.
    type private ValueKind =
        | Boolean
        | UpperCase
        | LowerCase
        | ColumnSet

    let private valueKinds =
        Map.ofList [
            for key in
                [
                    PropertyKey.InMemory
                    PropertyKey.EnablePersistentIndex
                    PropertyKey.ReplicatedStorage
                    PropertyKey.FastSchemaEvolution
                    PropertyKey.EnableStatisticCollectOnFirstLoad
                    "datacache.enable"
                    "enable_async_write_back"
                    "file_bundling"
                    PropertyKey.DynamicPartitionEnable
                    "dynamic_partition.create_history_partition"
                    "binlog.enable"
                    "flat_json.enable"
                    "enable_load_profile"
                    "cloud_native_fast_schema_evolution_v2"
                    "force_external_table_query_rewrite"
                ] do
                key, Boolean
            for key in
                [
                    PropertyKey.Compression
                    PropertyKey.StorageMedium
                    PropertyKey.DefaultStorageMedium
                    "write_quorum"
                    "persistent_index_type"
                    "dynamic_partition.time_unit"
                    PropertyKey.StorageFormat
                    "compaction_strategy"
                ] do
                key, UpperCase
            for key in
                [
                    "query_rewrite_consistency"
                    "enable_query_rewrite"
                    "transparent_mv_rewrite_mode"
                ] do
                key, LowerCase
            PropertyKey.BloomFilterColumns, ColumnSet
        ]

    let propertyValue (key: string) (value: string) : string =
        let v = value.Trim()

        match valueKinds.TryFind(propertyKey key) with
        | Some Boolean
        | Some LowerCase -> v.ToLowerInvariant()
        | Some UpperCase -> v.ToUpperInvariant()
        | Some ColumnSet ->
            v.Split(',')
            |> Array.map (fun c -> c.Trim().Trim('`').ToLowerInvariant())
            |> Array.filter (fun c -> c <> "")
            |> Array.distinct
            |> Array.sort
            |> String.concat ","
        | None -> value

    let propertyDefault (mode: RunMode) (owner: PropertyOwner) (key: string) : string option =
        // Table properties docs: three replicas on shared-nothing clusters, one on shared-data
        let replication =
            match mode with
            | SharedNothing -> "3"
            | SharedData -> "1"

        match owner, propertyKey key with
        | _, PropertyKey.ReplicationNum -> Some replication
        | _, PropertyKey.StorageMedium -> Some "HDD"
        // true by default since v3.0 (false in 2.5, which the diff does not plan for)
        | _, PropertyKey.ReplicatedStorage -> Some "true"
        | PropertyOwner.Table, PropertyKey.Compression -> Some "LZ4"
        // the FE's enable_fast_schema_evolution, true by default from v3.2
        | PropertyOwner.Table, PropertyKey.FastSchemaEvolution -> Some "true"
        | PropertyOwner.Table, PropertyKey.StorageFormat -> Some "DEFAULT"
        | PropertyOwner.Table, PropertyKey.BucketSize -> Some "4294967296"
        | PropertyOwner.Table, PropertyKey.EnablePersistentIndex -> Some "true"
        | PropertyOwner.Table, PropertyKey.EnableStatisticCollectOnFirstLoad -> Some "true"
        | PropertyOwner.Table, PropertyKey.InMemory -> Some "false"
        | PropertyOwner.MaterializedView, PropertyKey.MvRewriteStalenessSecond -> Some "0"
        | _ -> None

    let ignoredIn (mode: RunMode) (key: string) : bool =
        match mode with
        | SharedNothing -> false
        | SharedData ->
            [
                PropertyKey.StorageMedium
                PropertyKey.StorageCooldownTime
                PropertyKey.ReplicatedStorage
            ]
            |> List.contains (propertyKey key)

    let isDefault (mode: RunMode) (owner: PropertyOwner) (key: string) (value: string) : bool =
        match propertyDefault mode owner key with
        | Some d -> propertyValue key d = propertyValue key value
        | None -> false

    let properties (mode: RunMode) (props: Map<string, string>) : Map<string, string> =
        props
        |> Map.toSeq
        |> Seq.filter (fun (k, _) -> not (ignoredIn mode k))
        |> Seq.map (fun (k, v) -> propertyKey k, propertyValue k v)
        |> Map.ofSeq

    let isImmutable (owner: PropertyOwner) (key: string) : bool =
        owner = PropertyOwner.Table
        && List.contains (propertyKey key) [
            PropertyKey.Compression
            PropertyKey.FastSchemaEvolution
            PropertyKey.StorageType
            PropertyKey.StorageFormat
            PropertyKey.StorageVolume
        ]

    let setGroup (key: string) : string =
        if key.StartsWith PropertyKey.DynamicPartitionPrefix then
            PropertyKey.DynamicPartitionPrefix
        elif key.StartsWith PropertyKey.BinlogPrefix then
            PropertyKey.BinlogPrefix
        else
            key

    let futurePartitionsKey (key: string) : string option =
        match key with
        | PropertyKey.ReplicationNum -> Some PropertyKey.DefaultReplicationNum
        | PropertyKey.StorageMedium -> Some PropertyKey.DefaultStorageMedium
        | _ -> None

    let private isSetTo (value: string) (key: string) (props: Map<string, string>) =
        props
        |> Map.exists (fun k v -> propertyKey k = key && propertyValue k v = value)

    let isOn (key: string) (props: Map<string, string>) : bool = isSetTo "true" key props

    let isOff (key: string) (props: Map<string, string>) : bool = isSetTo "false" key props

    let has (key: string) (props: Map<string, string>) : bool =
        props |> Map.exists (fun k _ -> propertyKey k = key)
