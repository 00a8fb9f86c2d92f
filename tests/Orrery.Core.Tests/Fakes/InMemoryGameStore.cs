using System.Collections.Concurrent;
using Orrery.Games;
using Orrery.Runtime;
using Orrery.Storage;

namespace Orrery.Core.Tests.Fakes;

/// <summary>Registered games in memory; reads can be held at a gate or made to fail.</summary>
internal sealed class InMemoryGameStore : IGameStore
{
    private readonly ConcurrentDictionary<Guid, Game> _games = new();

    /// <summary>While set, every read waits for it.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>Reading this game fails.</summary>
    public Guid? FailReadOf { get; set; }

    /// <summary>Runs on every read, before it answers (a slow read moves the test clock).</summary>
    public Action? OnRead { get; set; }

    public Task UpsertAsync(Game game, CancellationToken cancellationToken)
    {
        _games[game.Id] = game;
        return Task.CompletedTask;
    }

    public async Task<Game?> GetAsync(Guid gameId, CancellationToken cancellationToken)
    {
        if (Gate is { } gate)
        {
            await gate.Task;
        }
        OnRead?.Invoke();
        return FailReadOf == gameId ? throw new IOException("game not read (test)") : _games.GetValueOrDefault(gameId);
    }

    public Task<Page<GameView>> ListAsync(RuntimeStatus? status, PageRequest page, CancellationToken cancellationToken) =>
        throw new NotSupportedException();

    public Task<bool> DeleteAsync(Guid gameId, CancellationToken cancellationToken) => Task.FromResult(_games.TryRemove(gameId, out _));
}
