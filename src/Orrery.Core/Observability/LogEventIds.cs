namespace Orrery.Observability;

/// <summary>
/// Every log event id of Orrery's source-generated <c>[LoggerMessage]</c> methods, named, in one place: a class per
/// component, a range of ids per area (1xxx lifecycle, engine hosts and cluster; 2xxx turns; 3xxx hosting and the
/// API; 4xxx the lobby feed; 5xxx health and the engine adapters; 6xxx stores and streams; 7xxx reconcile; 8xxx live
/// sessions; 9xxx specifications and later additions, each in a block of its own). An id means one message:
/// <c>LogEventIdsTests</c> fails on an id used twice or a message whose id is not here, and on a row of
/// docs/operations.md "Log event ids" that does not match. The reference engine, a
/// program of its own with its own log, numbers its few messages 1-19 itself.
/// </summary>
public static class LogEventIds
{
    public static class EngineLauncher
    {
        public const int Started = 1001;
        public const int StartFailed = 1002;
    }

    public static class OperationRunner
    {
        public const int OperationFailed = 1101;
    }

    public static class OperationWorkers
    {
        public const int Requeued = 1201;
        public const int Interrupted = 1202;
        public const int WorkerFailed = 1203;
        public const int Resumed = 1204;
        public const int Drained = 1205;
        public const int DrainDeadlinePassed = 1206;
    }

    public static class EngineStopper
    {
        public const int RemovingEngine = 1211;
    }

    public static class GameRemoval
    {
        public const int Deleted = 1301;
    }

    public static class EngineAdoption
    {
        public const int Adopting = 1401;
        public const int Reusing = 1402;
        public const int NotReusable = 1403;
    }

    public static class EngineCapacity
    {
        public const int Refused = 1501;
        public const int HostUnreachable = 1503;
    }

    public static class EngineHostSurvey
    {
        public const int Unreachable = 1502;
    }

    public static class RoutedEngineHost
    {
        public const int MemberFailed = 1504;
        public const int UnknownHost = 1505;
        public const int LookupFailed = 1506;
        public const int WatchFailed = 1507;
    }

    public static class ShardOwnership
    {
        public const int Acquired = 1601;
        public const int Released = 1602;
        public const int FenceRefused = 1603;
        public const int ReleaseFailed = 1604;
    }

    public static class ShardKeeper
    {
        public const int ShardUnreachable = 1611;
        public const int PassFailed = 1612;
        public const int MembershipChanged = 1613;
        public const int HandingOver = 1614;
        public const int ProcessHostInCluster = 1615;
    }

    public static class GameShardGrain
    {
        public const int Deactivating = 1621;
    }

    public static class ClusterStatusReader
    {
        public const int MembershipUnreadable = 1641;
    }

    public static class FleetReconciler
    {
        public const int ReplicaPassFailed = 1642;
    }

    public static class TurnRunner
    {
        public const int TurnFailed = 2001;
        public const int GameFinished = 2002;
        public const int TurnNotBegun = 2003;
        public const int InterruptedTurnFound = 2004;
        public const int InterruptedTurnReplayed = 2005;
        public const int SlotsMerged = 2006;
        public const int TurnPlayedAlready = 2007;
        public const int EngineOutOfStep = 2008;
        public const int TurnPlayedDespiteFailure = 2009;
        public const int StrandedTurnSettling = 2010;
    }

    public static class TurnScheduler
    {
        public const int Scheduled = 2101;
        public const int InvalidSchedule = 2102;
        public const int TurnCrashed = 2103;
    }

    public static class StoreInitializer
    {
        public const int Migrated = 3001;
        public const int RegisteredBundledEngine = 3002;
    }

    public static class DemoGames
    {
        public const int Seeded = 3101;
        public const int SeedFailed = 3102;
    }

    public static class OrreryExceptionHandler
    {
        public const int Unhandled = 3201;
    }

    public static class LobbyEventPublisher
    {
        public const int PublishFailed = 4001;
    }

    public static class OperationEventPublisher
    {
        public const int PublishFailed = 4002;
    }

    public static class HealthEventPublisher
    {
        public const int Published = 5001;
        public const int PublishFailed = 5002;
    }

    public static class HealthMonitor
    {
        public const int RoundFailed = 5101;
        public const int HostEvent = 5102;
        public const int WatchFailed = 5103;
        public const int InspectFailed = 5104;
    }

    public static class HealthEventConsumer
    {
        public const int EntrySkipped = 5201;
        public const int BatchFailed = 5202;
    }

    public static class ConsumerGroupFeed
    {
        public const int Claimed = 5211;
        public const int TrimmedWhilePending = 5212;
    }

    public static class DockerEngineHost
    {
        public const int Started = 5301;
        public const int Stopping = 5302;
        public const int Removed = 5303;
        public const int Pulling = 5304;
        public const int CreateWarning = 5305;
        public const int CleanupFailed = 5306;
        public const int Killed = 5307;
    }

    public static class ProcessEngineHost
    {
        public const int Started = 5401;
        public const int Stopping = 5402;
        public const int Killing = 5403;
        public const int Removed = 5404;
    }

    public static class EngineManifestStore
    {
        public const int CorruptManifest = 5411;
    }

    public static class HttpEngineClient
    {
        public const int ProbeFailed = 5501;
        public const int CallFailed = 5502;
    }

    public static class RedisClient
    {
        public const int ConnectionLost = 6001;
        public const int ConnectFailed = 6002;
        public const int Reconnected = 6003;
    }

    public static class PostgresDatabase
    {
        public const int Retrying = 6101;
    }

    public static class Reconciler
    {
        public const int Adopted = 7001;
        public const int Removed = 7002;
        public const int EngineMissing = 7003;
        public const int EngineUnreachable = 7004;
        public const int StatusFailed = 7005;
        public const int WrongGame = 7006;
        public const int Orphan = 7007;
        public const int DuplicateEngine = 7008;
        public const int RecordMovedOn = 7009;
        public const int StepFailed = 7010;
        public const int HostUnreachable = 7011;
        public const int StraySeen = 9201;
        public const int StrayRemoved = 9202;
    }

    public static class ReconcileLoop
    {
        public const int PassDone = 7101;
        public const int PassFailed = 7102;
    }

    public static class SessionPool
    {
        public const int Started = 8001;
        public const int SlowStart = 8002;
        public const int StartFailed = 8003;
        public const int UndoFailed = 8004;
        public const int Stopped = 8005;
        public const int StateNotSaved = 8006;
        public const int MailboxAboveThreshold = 8007;
        public const int Crashed = 8008;
        public const int PoolStopped = 8009;
    }

    public static class LiveSessions
    {
        public const int Restarting = 8021;
        public const int RestartFailed = 8022;
        public const int StateNotDeleted = 8023;
    }

    public static class LiveSessionsDriver
    {
        public const int TickFailed = 8024;
    }

    public static class LiveAdmission
    {
        public const int Refused = 8301;
    }

    public static class WebSocketSubscriber
    {
        public const int Closed = 8501;
        public const int ProtocolViolation = 8502;
    }

    public static class RelayedSubscriber
    {
        public const int RelayLost = 8511;
    }

    public static class LiveConnections
    {
        public const int Relayed = 8521;
        public const int OwnerLost = 8522;
        public const int LeaveFailed = 8523;
        public const int Refused = 8524;
        public const int OwnerUnreachable = 8525;
    }

    public static class SpecRegistry
    {
        public const int RegisteredFromFile = 9101;
        public const int StoredSpecificationUnreadable = 9102;
    }

    public static class SpecReports
    {
        public const int Deviation = 9111;
        public const int TransitionTimeout = 9112;
        public const int CheckFailed = 9113;
        public const int AppendFailed = 9114;
    }

    public static class SpecShard
    {
        public const int UnawaitedRequestFailed = 9121;
        public const int WriteFailed = 9122;
        public const int ReloadFailed = 9123;
        public const int ReportFailed = 9124;
        public const int Superseded = 9161;
    }

    public static class SpecShardHost
    {
        public const int Started = 9131;
        public const int Exported = 9132;
        public const int ExportFailed = 9133;
    }

    public static class SpecInstancesDriver
    {
        public const int Pruned = 9141;
        public const int TickFailed = 9142;
    }

    public static class GameRuntimeInstances
    {
        public const int NotPosted = 9151;
    }

    public static class GrainSpecShardForwarder
    {
        public const int Dropped = 9162;
    }

    public static class ReplicaSpecRegistrationBroadcast
    {
        public const int NotTold = 9163;
    }
}
