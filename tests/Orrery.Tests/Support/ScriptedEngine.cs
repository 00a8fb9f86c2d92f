using Orrery.Engines;

namespace Orrery.Tests.Support;

/// <summary>One engine of a <see cref="ScriptedEngineHost"/>; its game lives in the <see cref="ScriptedGame"/> of its state directory.</summary>
internal sealed class ScriptedEngine(string id, EngineRunSpec spec, DateTimeOffset startedAt, ScriptedGame game)
{
    public string Id { get; } = id;
    public EngineRunSpec Spec { get; } = spec;
    public DateTimeOffset StartedAt { get; } = startedAt;
    public ScriptedGame Game { get; } = game;
    public Uri Endpoint { get; } = new($"http://127.0.0.1:9/{id}/");
    public bool Running { get; set; }
    public int? ExitCode { get; set; }
    public bool OomKilled { get; set; }
    public int RestartCount { get; set; }
    /// <summary>The host's own health check of the engine (a Docker HEALTHCHECK), or none.</summary>
    public EngineHealthCheck? HealthCheck { get; set; }

    /// <summary>The stack label the host reports; null like a host that does not say.</summary>
    public string? Stack { get; set; }

    /// <summary>The memory limit the host reports; null like a host that sets none.</summary>
    public long? MemoryLimitBytes { get; set; }

    /// <summary>The init request this engine received, if any.</summary>
    public EngineInitRequest? Init { get; set; }

    /// <summary>The network the host reports.</summary>
    public string? Network { get; set; }

    public EngineInstance ToInstance() => new(Id, Spec.GameId, Spec.EngineVersion, Endpoint, Running, StartedAt, Stack, MemoryLimitBytes, Network);
}

/// <summary>
/// A game as an engine keeps it in its state directory: it survives engine restarts and patches, and its
/// players keep the ids of the first init, as the reference engine's do.
/// </summary>
internal sealed class ScriptedGame(Guid gameId)
{
    public Guid GameId { get; } = gameId;
    public IReadOnlyList<EngineInitRace>? Races { get; set; }
    public int Turn { get; set; }
    public bool Finished { get; set; }

    /// <summary>Planets and population of a race at a turn; (1, 10) unless a test says otherwise.</summary>
    public Func<int, string, (int Planets, long Population)> Standing { get; set; } = (_, _) => (1, 10);

    public EngineState State() => new(
        GameId, Turn, Finished,
        (Races ?? []).Select(r =>
        {
            var (planets, population) = Standing(Turn, r.RaceName);
            return new EnginePlayer(r.PlayerId, r.RaceName, planets, population);
        }).ToList());
}
