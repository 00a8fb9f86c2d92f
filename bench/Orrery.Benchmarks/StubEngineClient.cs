using System.Collections.Concurrent;
using Orrery.Engines;
using Orrery.Runtime;

namespace Orrery.Benchmarks;

/// <summary>
/// Engines that generate a turn at once, in memory, reporting their players with changing planets and
/// population (so every turn updates the players' stats, as a real one does): the benchmark measures Orrery,
/// not an engine. Games are added with their player mappings; the endpoint names the game.
/// </summary>
internal sealed class StubEngineClient : IEngineClient
{
    private readonly ConcurrentDictionary<Guid, StubGame> _games = new();

    public static Uri EndpointOf(Guid gameId) => new($"http://stub.invalid/{gameId:N}/");

    public void Add(Guid gameId, IReadOnlyList<PlayerMapping> players) => _games[gameId] = new StubGame(gameId, players);

    /// <summary>Every engine plays a turn, as between two reconcile passes of a busy fleet.</summary>
    public void AdvanceAll()
    {
        foreach (var game in _games.Values)
        {
            game.State(advance: true);
        }
    }

    public Task<bool> IsHealthyAsync(Uri endpoint, CancellationToken cancellationToken) => Task.FromResult(_games.ContainsKey(GameOf(endpoint)));

    public Task<EngineState> InitAsync(Uri endpoint, EngineInitRequest request, CancellationToken cancellationToken) => GetStatusAsync(endpoint, cancellationToken);

    public Task<EngineState> GetStatusAsync(Uri endpoint, CancellationToken cancellationToken) => Task.FromResult(Find(endpoint).State(advance: false));

    public Task<EngineState> GenerateTurnAsync(Uri endpoint, Guid gameId, int expectedTurn, CancellationToken cancellationToken) =>
        Find(endpoint).TryAdvanceFrom(expectedTurn, out var actualTurn) is { } state
            ? Task.FromResult(state)
            : Task.FromException<EngineState>(new EngineTurnMismatchException(
                $"Stub engine at {endpoint} is at turn {actualTurn}, not {expectedTurn}.", expectedTurn, actualTurn));

    private StubGame Find(Uri endpoint) =>
        _games.GetValueOrDefault(GameOf(endpoint)) ?? throw new EngineCallException($"No stub engine at {endpoint}.");

    private static Guid GameOf(Uri endpoint) => Guid.ParseExact(endpoint.AbsolutePath.AsSpan(1, 32), "N");

    private sealed class StubGame(Guid gameId, IReadOnlyList<PlayerMapping> players)
    {
        private int _turn;

        public EngineState State(bool advance) => StateAt(advance ? Interlocked.Increment(ref _turn) : Volatile.Read(ref _turn));

        /// <summary>The fenced turn: advances only from <paramref name="expectedTurn"/>, else null and the turn it is at.</summary>
        public EngineState? TryAdvanceFrom(int expectedTurn, out int actualTurn)
        {
            actualTurn = Interlocked.CompareExchange(ref _turn, expectedTurn + 1, expectedTurn);
            return actualTurn == expectedTurn ? StateAt(expectedTurn + 1) : null;
        }

        private EngineState StateAt(int turn)
        {
            var reported = new EnginePlayer[players.Count];
            for (var i = 0; i < reported.Length; i++)
            {
                reported[i] = new EnginePlayer(players[i].EnginePlayerId, players[i].RaceName, 1 + (turn + i) % 6, 100 + 10L * turn);
            }
            return new EngineState(gameId, turn, false, reported);
        }
    }
}
