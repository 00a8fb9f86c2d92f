using Orrery.Cluster;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orrery.Core.Tests.Fakes;
using Orrery.Observability;
using Orrery.Specs;
using Orrery.Specs.Instances;

namespace Orrery.Core.Tests.Specs;

/// <summary>Spec instances over an in-memory store, a manual clock, a recording stream and a scripted checker.</summary>
internal sealed class SpecRig : IAsyncDisposable
{
    public const string Door = """
        Specification: door
        Learning mode: false
        Transition timeout: 1m
        Prune timeout: 1h
        Prunable states: terminal
        Transitions:
        nil --[__initialisation__]-> closed
        closed --[open]-> opened
        opened --[close]-> closed
        closed --[lock]-> locked
        locked --[unlock]-> closed
        closed --[remove]-> gone
        """;


    private SpecRig(InMemorySpecInstanceStore store, ManualTimeProvider time, int shards, string? directory)
    {
        Store = store;
        Time = time;
        Fences = new OwnedShards(new GameShards(GameShards.DefaultCount), new OrreryMetrics(Meters));
        var options = Options.Create(new SpecOptions { DistributionFactor = shards, Directory = directory, PruneInterval = TimeSpan.FromHours(6) });
        Registry = new SpecRegistry(store, time, NullLogger<SpecRegistry>.Instance);
        Reports = new SpecReports(Stream, new SpecMetrics(Meters), time, ReportLog, Checker);
        Shards = new SpecShards(options, store, Registry, Models, Reports, new SpecMetrics(Meters), time, NullLogger<SpecShard>.Instance);
        Instances = new SpecInstances(Shards, Forwarder);
        var loading = new SpecLoading(Registry, Models, store, options);
        Host = new SpecShardHost(Shards, loading, Registry, new SpecModelExport(Registry, Models), options, NullLogger<SpecShardHost>.Instance);
        // A node alone owns every game shard, so the ownership starts every spec shard.
        Ownership = new SpecShardOwnership(Shards, loading, Fences.Shards, Fences);
        Driver = new SpecInstancesDriver(Instances, options, time, NullLogger<SpecInstancesDriver>.Instance);
    }

    /// <summary>The fences of this rig's node: every game shard, epoch 1, unless a test takes some away.</summary>
    public OwnedShards Fences { get; }

    /// <summary>How this node reaches shards it does not run: another rig (<see cref="PeerForwarder.Peer"/>), or nowhere.</summary>
    public PeerForwarder Forwarder { get; } = new();

    /// <summary>The meters of this rig only (their scope), for listening to its instruments.</summary>
    public TestMeterFactory Meters { get; } = new();

    public InMemorySpecInstanceStore Store { get; }
    public ManualTimeProvider Time { get; }
    public RecordingEventStream Stream { get; } = new();
    public ScriptedChecker Checker { get; } = new();
    public CapturingLogger<SpecReports> ReportLog { get; } = new();
    public SpecRegistry Registry { get; }
    public ImplementationModels Models { get; } = new();
    public SpecReports Reports { get; }
    public SpecShards Shards { get; }
    public SpecInstances Instances { get; }
    public SpecShardHost Host { get; }
    public SpecShardOwnership Ownership { get; }
    public SpecInstancesDriver Driver { get; }

    public IReadOnlyList<IReadOnlyDictionary<string, string>> Deviations => Stream.On(DeviationEvents.Stream);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <param name="store">A previous rig's store: this rig is the node restarted.</param>
    public static async Task<SpecRig> StartAsync(
        int shards = 4, InMemorySpecInstanceStore? store = null, ManualTimeProvider? time = null, string? directory = null, string? spec = Door)
    {
        var rig = new SpecRig(store ?? new InMemorySpecInstanceStore(), time ?? new ManualTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)), shards, directory);
        await rig.Host.StartAsync(Ct);
        foreach (var shard in rig.Fences.Shards.All)
        {
            rig.Fences.Hold(new OwnerFence(shard, rig.Store.ShardEpochs.GetValueOrDefault(shard, 1)));
        }
        await rig.Ownership.AcquiredAsync(new ShardSet(new GameShards(GameShards.DefaultCount), Enumerable.Range(0, GameShards.DefaultCount)), Ct);
        if (spec is not null)
        {
            await rig.Registry.RegisterAsync(SpexFormat.Parse(spec), Ct);
        }
        return rig;
    }

    /// <summary>This rig stopped, and a new one over the same store and clock.</summary>
    public async Task<SpecRig> RestartAsync()
    {
        await Host.StopAsync(Ct);
        return await StartAsync(Shards.Count, Store, Time, spec: null);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(CancellationToken.None);
        Meters.Dispose();
    }
}

/// <summary>
/// A replica's way to another in one process: the call and its answer cross as JSON, as between replicas, and run
/// on the peer's shard there (never forwarded again). Without a peer, nothing is reachable, as on a node alone.
/// </summary>
internal sealed class PeerForwarder : ISpecShardForwarder
{
    private readonly NoSpecShardForwarding _alone = new();

    public SpecRig? Peer { get; set; }

    public async Task<SpecCallResult> SendAsync(int shard, SpecCall call, CancellationToken cancellationToken)
    {
        if (Peer is null)
        {
            return await _alone.SendAsync(shard, call, cancellationToken);
        }
        var result = await Peer.Instances.RunHereAsync(shard, Cross(call), cancellationToken);
        return Cross(result);
    }

    public bool Post(int shard, SpecCall call) => Peer is null ? _alone.Post(shard, call) : Peer.Instances.PostHere(shard, [Cross(call)]) == 1;

    private static T Cross<T>(T value) => System.Text.Json.JsonSerializer.Deserialize<T>(System.Text.Json.JsonSerializer.Serialize(value))!;
}

/// <summary>An <see cref="IModelChecker"/> answering what it is told, and keeping what it was asked.</summary>
internal sealed class ScriptedChecker : IModelChecker
{
    public EquivalenceVerdict Verdict { get; set; } = EquivalenceVerdict.Different(["__initialisation__", "open"], "the specification can open, the model cannot");

    public List<(SpexDocument Model, SpexDocument Specification)> Calls { get; } = [];

    public EquivalenceVerdict Check(SpexDocument left, SpexDocument right, CancellationToken cancellationToken = default)
    {
        lock (Calls)
        {
            Calls.Add((left, right));
        }
        return Verdict;
    }
}
