-- Cluster mode (SPEC §10): Orleans' ADO.NET membership schema and the shard table of Orrery's fencing.
--
-- Part 1: what Microsoft.Orleans.Clustering.AdoNet 10.4.2 (Invariant "Npgsql") reads and writes. Orleans loads
-- its statements by key from OrleansQuery at start-up ("SELECT QueryKey, QueryText FROM OrleansQuery") and
-- binds them by name; the table and column names, the parameter names, the result columns and the keys are its
-- contract (dotnet/orleans, MIT: see docs/dependencies.md). The statements are Orrery's own, written for
-- PostgreSQL without stored routines: each conditional write is one statement whose CTEs change either every row
-- it must or none, and answers 1 or 0 as Orleans expects ("> 0" is success).
-- IF NOT EXISTS and ON CONFLICT DO NOTHING: a database that already carries Orleans' own scripts keeps its
-- tables and statements.

CREATE TABLE IF NOT EXISTS orleansquery (
    querykey  varchar(64)   NOT NULL PRIMARY KEY,
    querytext varchar(8000) NOT NULL
);

-- One row per cluster (DeploymentId = ClusterOptions.ClusterId): the membership table's version, bumped by every
-- membership change (Orleans' optimistic concurrency over the whole table).
CREATE TABLE IF NOT EXISTS orleansmembershipversiontable (
    deploymentid varchar(150)   NOT NULL PRIMARY KEY,
    timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    version      integer        NOT NULL DEFAULT 0
);

-- One row per silo incarnation. Status: 1 Created, 2 Joining, 3 Active, 4 ShuttingDown, 5 Stopping, 6 Dead.
CREATE TABLE IF NOT EXISTS orleansmembershiptable (
    deploymentid varchar(150)   NOT NULL REFERENCES orleansmembershipversiontable (deploymentid),
    address      varchar(45)    NOT NULL,
    port         integer        NOT NULL,
    generation   integer        NOT NULL,
    siloname     varchar(150)   NOT NULL,
    hostname     varchar(150)   NOT NULL,
    status       integer        NOT NULL,
    proxyport    integer,
    suspecttimes varchar(8000),
    starttime    timestamptz(3) NOT NULL,
    iamalivetime timestamptz(3) NOT NULL,
    PRIMARY KEY (deploymentid, address, port, generation)
);

INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $q$
    WITH inserted AS (
        INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (@DeploymentId)
        ON CONFLICT (deploymentid) DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM inserted
$q$),
-- The version moves only if no row of this silo exists yet; the insert hangs on the version's move, so a lost
-- race (another change bumped the version first, or the row exists) changes nothing and answers 0. Two callers
-- with one version queue on the version row's lock; the second then finds the version moved.
('InsertMembershipKey', $q$
    WITH bumped AS (
        UPDATE orleansmembershipversiontable v SET timestamp = now(), version = v.version + 1
        WHERE v.deploymentid = @DeploymentId AND v.version = @Version
          AND NOT EXISTS (SELECT 1 FROM orleansmembershiptable m
                          WHERE m.deploymentid = @DeploymentId AND m.address = @Address AND m.port = @Port AND m.generation = @Generation)
        RETURNING v.deploymentid),
    inserted AS (
        INSERT INTO orleansmembershiptable (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
        SELECT b.deploymentid, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort, @StartTime, @IAmAliveTime FROM bumped b
        ON CONFLICT (deploymentid, address, port, generation) DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM inserted
$q$),
-- The version moves only if the silo's row exists; the row changes only if the version moved.
('UpdateMembershipKey', $q$
    WITH bumped AS (
        UPDATE orleansmembershipversiontable v SET timestamp = now(), version = v.version + 1
        WHERE v.deploymentid = @DeploymentId AND v.version = @Version
          AND EXISTS (SELECT 1 FROM orleansmembershiptable m
                      WHERE m.deploymentid = @DeploymentId AND m.address = @Address AND m.port = @Port AND m.generation = @Generation)
        RETURNING v.deploymentid),
    updated AS (
        UPDATE orleansmembershiptable m SET status = @Status, suspecttimes = @SuspectTimes, iamalivetime = @IAmAliveTime
        FROM bumped b
        WHERE m.deploymentid = b.deploymentid AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
        RETURNING 1)
    SELECT count(*)::integer FROM updated
$q$),
-- A heartbeat: never refused, its answer is not read.
('UpdateIAmAlivetimeKey', $q$
    UPDATE orleansmembershiptable SET iamalivetime = @IAmAliveTime
    WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation
$q$),
-- The version row comes back even when the silo has no row yet (LEFT JOIN): Orleans reads the version from it.
('MembershipReadRowKey', $q$
    SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
           m.suspecttimes, m.starttime, m.iamalivetime, v.version
    FROM orleansmembershipversiontable v
    LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
        AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
    WHERE v.deploymentid = @DeploymentId
$q$),
('MembershipReadAllKey', $q$
    SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
           m.suspecttimes, m.starttime, m.iamalivetime, v.version
    FROM orleansmembershipversiontable v
    LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
    WHERE v.deploymentid = @DeploymentId
$q$),
('DeleteMembershipTableEntriesKey', $q$
    WITH members AS (DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId)
    DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId
$q$),
('GatewaysQueryKey', $q$
    SELECT address, proxyport, generation FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0
$q$),
-- Dead silos that stopped sending heartbeats before the cut-off; Active members are never removed.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId AND iamalivetime < @IAmAliveTime AND starttime < @IAmAliveTime
      AND COALESCE(suspecttimes, '') = '' AND status = 6
$q$),
-- One Dead silo, only if its row is still exactly as read (no heartbeat or suspicion since).
('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM orleansmembershiptable
    WHERE deploymentid = @DeploymentId AND status = 6
      AND address = @Address AND port = @Port AND generation = @Generation
      AND iamalivetime = @IAmAliveTime AND starttime = @StartTime
      AND suspecttimes IS NOT DISTINCT FROM @SuspectTimes
$q$)
ON CONFLICT (querykey) DO NOTHING;

-- Part 2: the shard table of fencing (SPEC §10). A node takes a shard's next epoch when the shard's grain
-- activates (one statement: insert epoch 1 or add 1); every write on behalf of a game of the shard checks, in
-- the same statement, that its epoch is still the shard's and, in cluster mode, that the owner recorded here is
-- still an Active member (orleansmembershiptable, status 3).
CREATE TABLE game_shards (
    shard       integer     NOT NULL PRIMARY KEY,
    epoch       bigint      NOT NULL,
    cluster_id  text        NOT NULL,
    address     text        NOT NULL,
    port        integer     NOT NULL,
    generation  integer     NOT NULL,
    acquired_at timestamptz NOT NULL
);

-- Fails the statement that calls it: a fenced write reaches it only when its fence no longer holds, so the
-- write changes nothing, its whole batch (one implicit transaction) with it, and the store tells the refusal
-- from a lost compare-and-swap by the SQLSTATE, with no second round trip.
CREATE FUNCTION orrery_not_owner(fence_shard integer, fence_epoch bigint) RETURNS boolean
LANGUAGE plpgsql VOLATILE AS $f$
BEGIN
    RAISE EXCEPTION 'not_owner: shard % epoch % is not the current owner', fence_shard, fence_epoch USING ERRCODE = 'OR001';
END
$f$;
