namespace StarRocks.Schema

// Every fact about StarRocks that depends on the release or the run mode, and every property key the tool reasons
// about, lives here. The diff, Apply, the normalizer and the executor ask these functions; none of them compares
// versions or spells a property key itself. A new StarRocks rule starts here.
//
// Sources are named next to each fact: the StarRocks documentation page (docs.starrocks.io, "ALTER TABLE",
// "CREATE TABLE", "CREATE VIEW", "Table properties"), or the pull request / release note that brought the change.
// Where the docs are unclear the rule is the conservative one and says so.

/// <summary>How a StarRocks cluster stores data; some property defaults depend on it.</summary>
type RunMode =
    /// <summary>Shared-nothing (data on the backends' disks), the default.</summary>
    | SharedNothing
    /// <summary>Shared-data (data in object storage, cached on compute nodes).</summary>
    | SharedData

/// <summary>A StarRocks release, as <c>SELECT current_version()</c> reports it (e.g. 3.3.2).</summary>
[<CustomComparison; CustomEquality>]
type ServerVersion = {
    /// <summary>Major version.</summary>
    Major: int
    /// <summary>Minor version.</summary>
    Minor: int
    /// <summary>Patch version.</summary>
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

/// <summary>Functions over <see cref="T:StarRocks.Schema.ServerVersion"/>.</summary>
[<RequireQualifiedAccess>]
module ServerVersion =
    /// <summary>A version from its parts.</summary>
    let create major minor patch = {
        Major = major
        Minor = minor
        Patch = patch
    }

    /// <summary>The oldest release the diff plans for (3.0); older servers can be read but not planned for.</summary>
    let oldestSupported = create 3 0 0

    /// <summary>The newest release this version of the tool knows (4.1): what the diff assumes offline.</summary>
    let newest = create 4 1 0

    /// <summary>Reads <c>3.3</c>, <c>3.3.2</c> or what <c>current_version()</c> prints (<c>3.3.2-abc1234</c>,
    /// <c>3.3.2 abc1234</c>). <c>Error</c> says what was expected.</summary>
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

/// <summary>Property keys the tool reasons about, named once (canonical, lower-case).</summary>
[<RequireQualifiedAccess>]
module PropertyKey =
    /// <summary><c>replication_num</c>: Replicas of each tablet.</summary>
    [<Literal>]
    let ReplicationNum = "replication_num"

    /// <summary><c>default.replication_num</c>: What ALTER sets for future partitions: the table's replication_num.</summary>
    [<Literal>]
    let DefaultReplicationNum = "default.replication_num"

    /// <summary><c>storage_medium</c>: HDD or SSD.</summary>
    [<Literal>]
    let StorageMedium = "storage_medium"

    /// <summary><c>default.storage_medium</c>: What ALTER sets for future partitions: the table's storage_medium.</summary>
    [<Literal>]
    let DefaultStorageMedium = "default.storage_medium"

    /// <summary><c>storage_cooldown_time</c>: When SSD data moves to HDD.</summary>
    [<Literal>]
    let StorageCooldownTime = "storage_cooldown_time"

    /// <summary><c>replicated_storage</c>: Single-leader replication.</summary>
    [<Literal>]
    let ReplicatedStorage = "replicated_storage"

    /// <summary><c>bloom_filter_columns</c>: The columns with a Bloom filter index (changing them is a schema-change job).</summary>
    [<Literal>]
    let BloomFilterColumns = "bloom_filter_columns"

    /// <summary><c>colocate_with</c>: The colocation group.</summary>
    [<Literal>]
    let ColocateWith = "colocate_with"

    /// <summary><c>dynamic_partition.enable</c>: Whether the server maintains the partitions.</summary>
    [<Literal>]
    let DynamicPartitionEnable = "dynamic_partition.enable"

    /// <summary><c>dynamic_partition.</c>: The prefix of the dynamic partitioning keys.</summary>
    [<Literal>]
    let DynamicPartitionPrefix = "dynamic_partition."

    /// <summary><c>binlog.</c>: The prefix of the binlog keys.</summary>
    [<Literal>]
    let BinlogPrefix = "binlog."

    /// <summary><c>fast_schema_evolution</c>: Fast schema evolution (creation time only).</summary>
    [<Literal>]
    let FastSchemaEvolution = "fast_schema_evolution"

    /// <summary><c>compression</c>: The compression codec (creation time only).</summary>
    [<Literal>]
    let Compression = "compression"

    /// <summary><c>storage_type</c>: Row or column storage (creation time only).</summary>
    [<Literal>]
    let StorageType = "storage_type"

    /// <summary><c>storage_format</c>: The storage format (creation time only).</summary>
    [<Literal>]
    let StorageFormat = "storage_format"

    /// <summary><c>storage_volume</c>: The shared-data storage volume (creation time only).</summary>
    [<Literal>]
    let StorageVolume = "storage_volume"

    /// <summary><c>bucket_size</c>: The bytes of a bucket before RANDOM distribution adds one.</summary>
    [<Literal>]
    let BucketSize = "bucket_size"

    /// <summary><c>enable_persistent_index</c>: A PRIMARY KEY table's persistent index.</summary>
    [<Literal>]
    let EnablePersistentIndex = "enable_persistent_index"

    /// <summary><c>enable_statistic_collect_on_first_load</c>: Statistics collected on the first load.</summary>
    [<Literal>]
    let EnableStatisticCollectOnFirstLoad = "enable_statistic_collect_on_first_load"

    /// <summary><c>in_memory</c>: The deprecated in-memory flag.</summary>
    [<Literal>]
    let InMemory = "in_memory"

    /// <summary><c>mv_rewrite_staleness_second</c>: How stale a materialized view may be for query rewrite.</summary>
    [<Literal>]
    let MvRewriteStalenessSecond = "mv_rewrite_staleness_second"

/// <summary>What kind of object a property belongs to; the defaults differ.</summary>
[<RequireQualifiedAccess>]
type PropertyOwner =
    /// <summary>A table.</summary>
    | Table
    /// <summary>A materialized view.</summary>
    | MaterializedView

/// <summary>What a change needs from the server: a statement form that only some releases or run modes accept.
/// <c>ServerRules.allows</c> says which.</summary>
[<RequireQualifiedAccess>]
type Capability =
    /// <summary><c>ALTER TABLE t RENAME COLUMN a TO b</c>.</summary>
    | RenameColumn
    /// <summary><c>ALTER TABLE t MODIFY COLUMN c COMMENT '...'</c> without restating the column.</summary>
    | ColumnCommentAlone
    /// <summary><c>ALTER TABLE t DISTRIBUTED BY ...</c> (an OPTIMIZE job).</summary>
    | AlterDistribution
    /// <summary><c>ALTER TABLE t ORDER BY (...)</c> on a DUPLICATE, AGGREGATE or UNIQUE KEY table.</summary>
    | AlterSortKey
    /// <summary><c>ALTER TABLE t ORDER BY (...)</c> on a PRIMARY KEY table.</summary>
    | AlterPrimaryKeySortKey
    /// <summary><c>ALTER TABLE t COMMENT = '...'</c>.</summary>
    | AlterTableComment
    /// <summary><c>CREATE OR REPLACE VIEW</c>.</summary>
    | ReplaceView
    /// <summary><c>MODIFY COLUMN c ADD FIELD ...</c> / <c>DROP FIELD ...</c> on a STRUCT column (the table must also
    /// have fast schema evolution on).</summary>
    | StructFieldEdits

/// <summary>The server's rules: what each release and run mode allows, and what StarRocks does with properties (their
/// keys, how their values compare, their defaults, which cannot be altered and which mean nothing in a run mode).</summary>
[<RequireQualifiedAccess>]
module ServerRules =
    let private v = ServerVersion.create

    /// <summary>Whether a server of this release and run mode accepts the statement form.</summary>
    let allows (version: ServerVersion) (mode: RunMode) (capability: Capability) : bool =
        match capability with
        // ALTER TABLE docs, "Rename a column": "Since v3.3.2"
        | Capability.RenameColumn -> version >= v 3 3 2
        // ALTER TABLE docs, "Modify column comment": the clause is in the 3.4 grammar (PR #58440 made it work for
        // every column type); the docs were back-ported to 3.3 later, with no first patch named: 3.4+ to be safe
        | Capability.ColumnCommentAlone -> version >= v 3 4 0
        // ALTER TABLE docs, "Modify the bucketing method and number of buckets (from v3.2)": not for shared-data
        // clusters (colocated tables are refused too: the diff checks that per table)
        | Capability.AlterDistribution -> version >= v 3 2 0 && mode = SharedNothing
        // CREATE TABLE docs, "ORDER BY": sort keys apart from the key columns on PRIMARY KEY tables from v3.0, on
        // the other key models from v3.3; ALTER TABLE ... ORDER BY follows them
        | Capability.AlterSortKey -> version >= v 3 3 0
        | Capability.AlterPrimaryKeySortKey -> version >= v 3 0 0
        // ALTER TABLE docs, "Modify table comment (from v3.1)"
        | Capability.AlterTableComment -> version >= v 3 1 0
        // CREATE VIEW docs, "CREATE OR REPLACE" (PR #27768, back-ported to 3.1 patch releases; which 3.0 patches
        // have it is not documented): 3.1+ to be safe
        | Capability.ReplaceView -> version >= v 3 1 0
        // ALTER TABLE docs, "Add or drop fields in a STRUCT": v3.2.10 in the 3.2 line and v3.3.2 from 3.3 (3.3.0
        // and 3.3.1 lack it); shared-nothing only
        | Capability.StructFieldEdits ->
            mode = SharedNothing
            && (version >= v 3 3 2 || (version >= v 3 2 10 && version < v 3 3 0))

    // -----------------------------------------------------------------------------------------------------------
    // Properties

    /// <summary>The canonical form of a property key: StarRocks reads keys case-insensitively.</summary>
    let propertyKey (key: string) = key.Trim().ToLowerInvariant()

    /// <summary>The key a table property is kept under: <c>default.replication_num</c> and
    /// <c>default.storage_medium</c> (what ALTER sets for future partitions) are the table's own
    /// <c>replication_num</c> and <c>storage_medium</c>, as SHOW CREATE prints them; any other key is returned as
    /// given.</summary>
    let tableProperty (key: string) =
        match propertyKey key with
        | PropertyKey.DefaultReplicationNum -> PropertyKey.ReplicationNum
        | PropertyKey.DefaultStorageMedium -> PropertyKey.StorageMedium
        | _ -> key

    /// <summary>The canonical key of a table property: <c>tableProperty</c>, then <c>propertyKey</c>.</summary>
    let tablePropertyKey (key: string) = propertyKey (tableProperty key)

    /// How the server reads a property's value (Table properties docs; CREATE TABLE "PROPERTIES").
    type private ValueKind =
        /// true/false, read case-insensitively: compared lower-case
        | Boolean
        /// an enumeration read case-insensitively, compared upper-case
        | UpperCase
        /// an enumeration read case-insensitively, compared lower-case
        | LowerCase
        /// a comma-separated set of column names
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

    /// <summary>The canonical form of a property value: booleans and enumerations StarRocks reads case-insensitively
    /// get one case; <c>bloom_filter_columns</c> is a set of column names. Every other value is kept as written.</summary>
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

    /// <summary>The value StarRocks gives a property nobody set (what SHOW CREATE prints for it), if known.</summary>
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

    /// <summary>Properties that mean nothing in a run mode (StarRocks prints or accepts them, but they have no effect
    /// there): in shared-data, <c>storage_medium</c>, <c>storage_cooldown_time</c>, <c>replicated_storage</c>.</summary>
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

    /// <summary>True when a property holds the value StarRocks would give it anyway.</summary>
    let isDefault (mode: RunMode) (owner: PropertyOwner) (key: string) (value: string) : bool =
        match propertyDefault mode owner key with
        | Some d -> propertyValue key d = propertyValue key value
        | None -> false

    /// <summary>Properties in canonical form: keys and values as <c>propertyKey</c> and <c>propertyValue</c> make them,
    /// without those that mean nothing in the run mode. Server defaults are kept: whether an unset option accepts them
    /// is the diff's decision.</summary>
    let properties (mode: RunMode) (props: Map<string, string>) : Map<string, string> =
        props
        |> Map.toSeq
        |> Seq.filter (fun (k, _) -> not (ignoredIn mode k))
        |> Seq.map (fun (k, v) -> propertyKey k, propertyValue k v)
        |> Map.ofSeq

    /// <summary>Whether a table property can only be set when the table is created (ALTER TABLE docs, "Modify table
    /// properties": not <c>compression</c>, <c>fast_schema_evolution</c>, <c>storage_type</c> ("Can't change storage
    /// type"); <c>storage_format</c> and <c>storage_volume</c> are fixed at creation too).</summary>
    let isImmutable (owner: PropertyOwner) (key: string) : bool =
        owner = PropertyOwner.Table
        && List.contains (propertyKey key) [
            PropertyKey.Compression
            PropertyKey.FastSchemaEvolution
            PropertyKey.StorageType
            PropertyKey.StorageFormat
            PropertyKey.StorageVolume
        ]

    /// <summary>The keys one <c>ALTER TABLE ... SET (...)</c> may set together: StarRocks sets one property a statement
    /// ("Can only set one table property at a time"), except keys sharing the <c>dynamic_partition.</c> or
    /// <c>binlog.</c> prefix. Returns the group a key belongs to.</summary>
    let setGroup (key: string) : string =
        if key.StartsWith PropertyKey.DynamicPartitionPrefix then
            PropertyKey.DynamicPartitionPrefix
        elif key.StartsWith PropertyKey.BinlogPrefix then
            PropertyKey.BinlogPrefix
        else
            key

    /// <summary>For a table property that has a partition-level value too (<c>replication_num</c>,
    /// <c>storage_medium</c>), the key that sets it for future partitions of a partitioned table
    /// (<c>default.replication_num</c>, ...): existing partitions then need their own statement.</summary>
    let futurePartitionsKey (key: string) : string option =
        match key with
        | PropertyKey.ReplicationNum -> Some PropertyKey.DefaultReplicationNum
        | PropertyKey.StorageMedium -> Some PropertyKey.DefaultStorageMedium
        | _ -> None

    /// <summary>Whether the table has a property set to true (compared as the server reads it).</summary>
    let isOn (key: string) (props: Map<string, string>) : bool =
        props
        |> Map.exists (fun k v -> propertyKey k = key && propertyValue k v = "true")

    /// <summary>Whether the table has a property set to false (compared as the server reads it).</summary>
    let isOff (key: string) (props: Map<string, string>) : bool =
        props
        |> Map.exists (fun k v -> propertyKey k = key && propertyValue k v = "false")

    /// <summary>Whether the table has the property at all.</summary>
    let has (key: string) (props: Map<string, string>) : bool =
        props |> Map.exists (fun k _ -> propertyKey k = key)
