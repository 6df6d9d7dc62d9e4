namespace StarRocks.Schema

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

    interface System.IComparable

/// <summary>Functions over <see cref="T:StarRocks.Schema.ServerVersion"/>.</summary>
[<RequireQualifiedAccess>]
module ServerVersion =
    /// <summary>A version from its parts.</summary>
    val create: major: int -> minor: int -> patch: int -> ServerVersion

    /// <summary>The oldest release the diff plans for (3.0); older servers can be read but not planned for.</summary>
    val oldestSupported: ServerVersion

    /// <summary>The newest release this version of the tool knows (4.1): what the diff assumes offline.</summary>
    val newest: ServerVersion

    /// <summary>Reads <c>3.3</c>, <c>3.3.2</c> or what <c>current_version()</c> prints (<c>3.3.2-abc1234</c>,
    /// <c>3.3.2 abc1234</c>). <c>Error</c> says what was expected.</summary>
    val tryParse: text: string -> Result<ServerVersion, string>

/// <summary>Property keys the tool reasons about, named once (canonical, lower-case).</summary>
[<RequireQualifiedAccess>]
module PropertyKey =
    /// <summary><c>replication_num</c>: Replicas of each tablet.</summary>
    [<Literal>]
    val ReplicationNum: string = "replication_num"

    /// <summary><c>default.replication_num</c>: What ALTER sets for future partitions: the table's replication_num.</summary>
    [<Literal>]
    val DefaultReplicationNum: string = "default.replication_num"

    /// <summary><c>storage_medium</c>: HDD or SSD.</summary>
    [<Literal>]
    val StorageMedium: string = "storage_medium"

    /// <summary><c>default.storage_medium</c>: What ALTER sets for future partitions: the table's storage_medium.</summary>
    [<Literal>]
    val DefaultStorageMedium: string = "default.storage_medium"

    /// <summary><c>storage_cooldown_time</c>: When SSD data moves to HDD.</summary>
    [<Literal>]
    val StorageCooldownTime: string = "storage_cooldown_time"

    /// <summary><c>replicated_storage</c>: Single-leader replication.</summary>
    [<Literal>]
    val ReplicatedStorage: string = "replicated_storage"

    /// <summary><c>bloom_filter_columns</c>: The columns with a Bloom filter index (changing them is a schema-change job).</summary>
    [<Literal>]
    val BloomFilterColumns: string = "bloom_filter_columns"

    /// <summary><c>colocate_with</c>: The colocation group.</summary>
    [<Literal>]
    val ColocateWith: string = "colocate_with"

    /// <summary><c>dynamic_partition.enable</c>: Whether the server maintains the partitions.</summary>
    [<Literal>]
    val DynamicPartitionEnable: string = "dynamic_partition.enable"

    /// <summary><c>dynamic_partition.</c>: The prefix of the dynamic partitioning keys.</summary>
    [<Literal>]
    val DynamicPartitionPrefix: string = "dynamic_partition."

    /// <summary><c>binlog.</c>: The prefix of the binlog keys.</summary>
    [<Literal>]
    val BinlogPrefix: string = "binlog."

    /// <summary><c>fast_schema_evolution</c>: Fast schema evolution (creation time only).</summary>
    [<Literal>]
    val FastSchemaEvolution: string = "fast_schema_evolution"

    /// <summary><c>compression</c>: The compression codec (creation time only).</summary>
    [<Literal>]
    val Compression: string = "compression"

    /// <summary><c>storage_type</c>: Row or column storage (creation time only).</summary>
    [<Literal>]
    val StorageType: string = "storage_type"

    /// <summary><c>storage_format</c>: The storage format (creation time only).</summary>
    [<Literal>]
    val StorageFormat: string = "storage_format"

    /// <summary><c>storage_volume</c>: The shared-data storage volume (creation time only).</summary>
    [<Literal>]
    val StorageVolume: string = "storage_volume"

    /// <summary><c>bucket_size</c>: The bytes of a bucket before RANDOM distribution adds one.</summary>
    [<Literal>]
    val BucketSize: string = "bucket_size"

    /// <summary><c>enable_persistent_index</c>: A PRIMARY KEY table's persistent index.</summary>
    [<Literal>]
    val EnablePersistentIndex: string = "enable_persistent_index"

    /// <summary><c>enable_statistic_collect_on_first_load</c>: Statistics collected on the first load.</summary>
    [<Literal>]
    val EnableStatisticCollectOnFirstLoad: string = "enable_statistic_collect_on_first_load"

    /// <summary><c>in_memory</c>: The deprecated in-memory flag.</summary>
    [<Literal>]
    val InMemory: string = "in_memory"

    /// <summary><c>mv_rewrite_staleness_second</c>: How stale a materialized view may be for query rewrite.</summary>
    [<Literal>]
    val MvRewriteStalenessSecond: string = "mv_rewrite_staleness_second"

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
    /// <summary>Range distribution: a table created with a key clause or ORDER BY but no DISTRIBUTED BY is
    /// range-distributed (shared-data clusters from 4.1, with the FE's <c>enable_range_distribution</c>, on by default
    /// there). There is no <c>DISTRIBUTED BY RANGE</c> syntax and no ALTER that sets it.</summary>
    | RangeDistribution
    /// <summary>Synchronous materialized views (<c>CREATE MATERIALIZED VIEW</c> without REFRESH or DISTRIBUTED BY): in
    /// shared-nothing clusters in every supported release, in shared-data clusters from 3.4.</summary>
    | SyncMaterializedViews
    /// <summary>A WHERE clause in a synchronous materialized view's query (from 3.1.8).</summary>
    | SyncMaterializedViewWhere

/// <summary>A way of writing a statement form that changed in a release. SHOW CREATE output in either spelling is
/// read by the parser; what the tool writes is asked of <c>ServerRules.writes</c>.</summary>
[<RequireQualifiedAccess>]
type Spelling =
    /// <summary><c>REFRESH [DEFERRED] SCHEDULE [START(..)] EVERY(..)</c> for a timed asynchronous refresh (printed by
    /// SHOW CREATE from 4.1, accepted as input there; older releases know only <c>ASYNC ... EVERY</c>, which 4.1
    /// still accepts, so the tool keeps writing <c>ASYNC</c>).</summary>
    | TimedRefreshSchedule
    /// <summary><c>REFRESH [IMMEDIATE | DEFERRED] ON_CHANGE</c> for the untimed asynchronous refresh (refresh when a
    /// base table changes), spelled <c>ASYNC</c> before. Unconfirmed: no public documentation of the 26.x line was
    /// found; the reference client spells it so for servers reporting 26.2 and later.</summary>
    | UntimedRefreshOnChange

/// <summary>What a release changes that the tool must know.</summary>
[<RequireQualifiedAccess>]
type ReleaseChange =
    /// <summary>The release line accepts a statement form from the given patch on (e.g. 3.3.2), in the given run
    /// modes. The latest line that names a capability says where it holds: a later line that names it again
    /// (another first patch, other run modes) replaces what an earlier line said.</summary>
    | Introduces of capability: Capability * fromPatch: int * modes: RunMode list
    /// <summary>SHOW CREATE prints a statement form in a new spelling (the parser reads both; what the tool writes
    /// does not change).</summary>
    | Prints of spelling: Spelling
    /// <summary>The tool writes the statement form in the new spelling for servers of this release and later.</summary>
    | Writes of spelling: Spelling

/// <summary>A StarRocks release line and what it changes.</summary>
type Release = {
    /// <summary>The release line's first version (e.g. 3.3.0; 26.2.0).</summary>
    Version: ServerVersion
    /// <summary>What the release changes that the tool must know.</summary>
    Changes: ReleaseChange list
    /// <summary>False when no public documentation confirms the changes (they follow the reference client).</summary>
    Confirmed: bool
}

/// <summary>The server's rules: what each release and run mode allows, and what StarRocks does with properties (their
/// keys, how their values compare, their defaults, which cannot be altered and which mean nothing in a run mode).
/// Every release- or run-mode-dependent fact the diff, Apply, the normalizer and the executor use is asked of this
/// module; the implementation names the source of each fact (documentation page, pull request or release note).</summary>
[<RequireQualifiedAccess>]
module ServerRules =
    /// <summary>Whether the diff plans for this release (<c>ServerVersion.oldestSupported</c> and later); older
    /// servers can be read but not planned for.</summary>
    val plansFor: version: ServerVersion -> bool

    /// <summary>The releases the tool knows (3.0, 3.1, 3.2, 3.3, 3.4, 3.5, 4.0, 4.1, 26.2), oldest first, with what
    /// each changes: the one place that says what changed in a release. <c>allows</c> and <c>writes</c> are read
    /// from it. A server between known lines (4.2, 26.1) behaves as the latest known line before it.</summary>
    val releases: Release list

    /// <summary>The latest known release line at or before the version (None before 3.0).</summary>
    val release: version: ServerVersion -> Release option

    /// <summary>Whether a server of this release and run mode accepts the statement form (read from
    /// <c>releases</c>).</summary>
    /// <remarks>RENAME COLUMN from 3.3.2; MODIFY COLUMN ... COMMENT alone from 3.4; DISTRIBUTED BY changes from 3.2 on
    /// shared-nothing clusters; ORDER BY changes from 3.3 (3.0 for PRIMARY KEY tables); the table comment from 3.1;
    /// CREATE OR REPLACE VIEW from 3.1; STRUCT field edits from 3.2.10 in the 3.2 line and from 3.3.2, on
    /// shared-nothing clusters; range distribution from 4.1 on shared-data clusters. Where the docs leave a first
    /// patch unclear, the later release is assumed.</remarks>
    val allows: version: ServerVersion -> mode: RunMode -> capability: Capability -> bool

    /// <summary>Whether the tool writes the spelling for a server of this release (read from <c>releases</c>): only
    /// <c>UntimedRefreshOnChange</c>, from 26.2 (unconfirmed). <c>Prints</c> changes are never written.</summary>
    val writes: version: ServerVersion -> spelling: Spelling -> bool

    /// <summary>The canonical form of a property key: StarRocks reads keys case-insensitively.</summary>
    val propertyKey: key: string -> string

    /// <summary>The key a table property is kept under: <c>default.replication_num</c> and
    /// <c>default.storage_medium</c> (what ALTER sets for future partitions) are the table's own
    /// <c>replication_num</c> and <c>storage_medium</c>, as SHOW CREATE prints them; any other key is returned as
    /// given.</summary>
    val tableProperty: key: string -> string

    /// <summary>The canonical key of a table property: <c>tableProperty</c>, then <c>propertyKey</c>.</summary>
    val tablePropertyKey: key: string -> string

    /// <summary>The canonical form of a property value: booleans and enumerations StarRocks reads case-insensitively
    /// get one case; <c>bloom_filter_columns</c> is a set of column names. Every other value is kept as written.</summary>
    val propertyValue: key: string -> value: string -> string

    /// <summary>The value StarRocks gives a property nobody set (what SHOW CREATE prints for it), if known.</summary>
    val propertyDefault: mode: RunMode -> owner: PropertyOwner -> key: string -> string option

    /// <summary>Properties that mean nothing in a run mode (StarRocks prints or accepts them, but they have no effect
    /// there): in shared-data, <c>storage_medium</c>, <c>storage_cooldown_time</c>, <c>replicated_storage</c>.</summary>
    val ignoredIn: mode: RunMode -> key: string -> bool

    /// <summary>True when a property holds the value StarRocks would give it anyway.</summary>
    val isDefault: mode: RunMode -> owner: PropertyOwner -> key: string -> value: string -> bool

    /// <summary>Properties in canonical form: keys and values as <c>propertyKey</c> and <c>propertyValue</c> make them,
    /// without those that mean nothing in the run mode. Server defaults are kept: whether an unset option accepts them
    /// is the diff's decision.</summary>
    val properties: mode: RunMode -> props: Map<string, string> -> Map<string, string>

    /// <summary>Whether a property can only be set when the object is created: the table properties
    /// <c>compression</c>, <c>fast_schema_evolution</c>, <c>storage_type</c>, <c>storage_format</c> and
    /// <c>storage_volume</c> (a change means a rebuild).</summary>
    val isImmutable: owner: PropertyOwner -> key: string -> bool

    /// <summary>The keys one <c>ALTER TABLE ... SET (...)</c> may set together: StarRocks sets one property a statement
    /// ("Can only set one table property at a time"), except keys sharing the <c>dynamic_partition.</c> or
    /// <c>binlog.</c> prefix. Returns the group a key belongs to.</summary>
    val setGroup: key: string -> string

    /// <summary>For a table property that has a partition-level value too (<c>replication_num</c>,
    /// <c>storage_medium</c>), the key that sets it for future partitions of a partitioned table
    /// (<c>default.replication_num</c>, ...): existing partitions then need their own statement.</summary>
    val futurePartitionsKey: key: string -> string option

    /// <summary>Whether the properties set the key to true (compared as the server reads it).</summary>
    val isOn: key: string -> props: Map<string, string> -> bool

    /// <summary>Whether the properties set the key to false (compared as the server reads it).</summary>
    val isOff: key: string -> props: Map<string, string> -> bool

    /// <summary>Whether the properties have the key at all.</summary>
    val has: key: string -> props: Map<string, string> -> bool
