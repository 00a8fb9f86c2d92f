using Microsoft.Extensions.DependencyInjection;
using Orrery.Games;
using Orrery.Runtime;
using Orrery.Scheduling;
using Orrery.Storage;

namespace Orrery.Benchmarks;

/// <summary>Seeds running games on stub engines into an in-process node through its own ports, as successful starts would leave them.</summary>
internal static class InProcessGames
{
    /// <param name="track">Hands each game to the node's turn scheduler (false: games that never turn in the run).</param>
    /// <param name="seeded">Told each game, its index and its engine player ids (to set up the stub engine).</param>
    public static async Task<Guid[]> SeedAsync(
        NodeUnderTest node, int count, Func<int, string> schedule, Func<Guid, Uri> endpointOf, bool track, CancellationToken cancellationToken,
        Action<Guid, int, Guid[]>? seeded = null)
    {
        var services = node.Services;
        var gameStore = services.GetRequiredService<IGameStore>();
        var runtimes = services.GetRequiredService<IRuntimeStore>();
        var mappings = services.GetRequiredService<IPlayerMappingStore>();
        var scheduler = services.GetRequiredService<TurnScheduler>();
        var ids = new Guid[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var now = DateTimeOffset.UtcNow;
            var game = new Game(Guid.NewGuid(), "1.0.0", schedule(i), [new Membership(Guid.NewGuid(), "Andorians"), new Membership(Guid.NewGuid(), "Cygnans")], now, now);
            var players = PlayerMapping.AssignNew(game);
            await gameStore.UpsertAsync(game, ct);
            await mappings.ReplaceAsync(game.Id, players, ct);
            seeded?.Invoke(game.Id, i, [.. players.Select(p => p.EnginePlayerId)]);
            var record = await runtimes.TryInsertAsync(StubRecords.Running(game, $"stub-{i}", endpointOf(game.Id), now), ct)
                ?? throw new InvalidOperationException($"game {game.Id} was seeded twice");
            if (track)
            {
                scheduler.Track(record);
            }
            ids[i] = game.Id;
        });
        return ids;
    }
}
