using Microsoft.Extensions.Logging.Abstractions;
using Orrery.Cluster;
using Orrery.Core.Tests.Fakes;
using Orrery.Observability;

namespace Orrery.Core.Tests.Cluster;

public sealed class ShardOwnershipTests
{
    private static readonly ShardOwner Self = new("test", "127.0.0.1", 11111, 1);

    private readonly GameShards _shards = new(8);
    private readonly CountingLeases _leases = new();
    private readonly List<string> _calls = [];

    private readonly OrreryMetrics _metrics = new(new TestMeterFactory());
    private OwnedShards _owned = null!;

    private ShardOwnership Create() => new(_owned = new OwnedShards(_shards, _metrics), _leases,
        [new Participant("first", _calls), new Participant("second", _calls)], _metrics, TimeProvider.System, NullLogger<ShardOwnership>.Instance);

    [Fact]
    public async Task AcquireAsync_TakesTheNextEpochAndHandsTheShardToEveryParticipantInOrder()
    {
        var ownership = Create();

        var epoch = await ownership.AcquireAsync(3, Self, CancellationToken.None);

        epoch.ShouldBe(1);
        _calls.ShouldBe(["first+3", "second+3"]);
        ownership.Owned[3].ShouldBe(1L);
    }

    [Fact]
    public async Task For_OwnedGame_IsTheShardsEpoch_UnownedGame_Throws()
    {
        var ownership = Create();
        var owned = GameIn(3);
        var other = GameIn(4);
        await ownership.AcquireAsync(3, Self, CancellationToken.None);

        _owned.For(owned).ShouldBe(new OwnerFence(3, 1));
        _owned.Owns(owned).ShouldBeTrue();
        _owned.Owns(other).ShouldBeFalse();
        Should.Throw<OwnershipLostException>(() => _owned.For(other)).Shard.ShouldBe(4);
    }

    [Fact]
    public async Task ReleaseAsync_ParticipantsInOrderWhileTheFencesHold_ThenTheFencesGo()
    {
        var ownership = Create();
        await ownership.AcquireAsync(3, Self, CancellationToken.None);
        _calls.Clear();
        var game = GameIn(3);
        var heldWhileReleasing = true;
        Participant.OnRelease = () => heldWhileReleasing &= _owned.Owns(game);

        await ownership.ReleaseAsync(3, CancellationToken.None);

        _calls.ShouldBe(["first-3", "second-3"]);
        heldWhileReleasing.ShouldBeTrue(); // work in flight finishes under its fence
        Should.Throw<OwnershipLostException>(() => _owned.For(GameIn(3)));
        Participant.OnRelease = null;
    }

    [Fact]
    public async Task Refused_CurrentEpoch_DropsTheShardAndRaisesLost()
    {
        var ownership = Create();
        await ownership.AcquireAsync(3, Self, CancellationToken.None);
        var lost = new List<int>();
        ownership.Lost += lost.Add;

        _owned.Refused(new OwnerFence(3, 1));

        lost.ShouldBe([3]);
        _owned.Owns(GameIn(3)).ShouldBeFalse();
    }

    [Fact]
    public async Task Refused_OlderEpoch_KeepsTheNewerActivation()
    {
        var ownership = Create();
        await ownership.AcquireAsync(3, Self, CancellationToken.None);
        await ownership.ReleaseAsync(3, CancellationToken.None);
        await ownership.AcquireAsync(3, Self, CancellationToken.None); // epoch 2
        var lost = new List<int>();
        ownership.Lost += lost.Add;

        _owned.Refused(new OwnerFence(3, 1));

        lost.ShouldBeEmpty();
        _owned.For(GameIn(3)).ShouldBe(new OwnerFence(3, 2));
    }

    [Fact]
    public async Task AcquireAsync_ManyAtOnce_ParticipantsSeeFewBatches()
    {
        var ownership = Create();

        await Task.WhenAll(_shards.All.Select(s => ownership.AcquireAsync(s, Self, CancellationToken.None)));

        ownership.Owned.Count.ShouldBe(8);
        _calls.Count(c => c.StartsWith("first", StringComparison.Ordinal)).ShouldBeLessThanOrEqualTo(8);
        string.Join(",", _calls.Where(c => c.StartsWith("first", StringComparison.Ordinal)).Select(c => c[6..]))
            .Split(',').Select(int.Parse).Order().ShouldBe(_shards.All);
    }

    private Guid GameIn(int shard)
    {
        while (true)
        {
            var gameId = Guid.NewGuid();
            if (_shards.ShardOf(gameId) == shard)
            {
                return gameId;
            }
        }
    }

    private sealed class Participant(string name, List<string> calls) : IShardParticipant
    {
        public static Action? OnRelease { get; set; }

        public Task AcquiredAsync(ShardSet shards, CancellationToken cancellationToken)
        {
            lock (calls)
            {
                calls.Add($"{name}+{shards}");
            }
            return Task.CompletedTask;
        }

        public Task ReleasedAsync(ShardSet shards, CancellationToken cancellationToken)
        {
            OnRelease?.Invoke();
            calls.Add($"{name}-{shards}");
            return Task.CompletedTask;
        }
    }

    /// <summary>The shard table's epoch rule (each acquire takes the next), in memory: the domain test of ShardOwnership's own rules.</summary>
    private sealed class CountingLeases : IShardLeaseStore
    {
        private readonly Dictionary<int, long> _epochs = [];

        public Task<long> AcquireAsync(int shard, ShardOwner owner, DateTimeOffset now, CancellationToken cancellationToken)
        {
            lock (_epochs)
            {
                return Task.FromResult(_epochs[shard] = _epochs.GetValueOrDefault(shard) + 1);
            }
        }

        public Task<IReadOnlyList<ShardLease>> ListAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> HoldsAsync(OwnerFence fence, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
