using Orrery.Engines;

namespace Orrery.Tests.Support;

/// <summary>One engine of a <see cref="ScriptedEngineHost"/>.</summary>
internal sealed class ScriptedEngine(string id, EngineRunSpec spec, DateTimeOffset startedAt)
{
    public string Id { get; } = id;
    public EngineRunSpec Spec { get; } = spec;
    public DateTimeOffset StartedAt { get; } = startedAt;
    public Uri Endpoint { get; } = new($"http://127.0.0.1:9/{id}/");
    public bool Running { get; set; }
    public int? ExitCode { get; set; }
    public EngineInitRequest? Init { get; set; }
    public int Turn { get; set; }

    public EngineInstance ToInstance() => new(Id, Spec.GameId, Spec.EngineVersion, Endpoint, Running, StartedAt);

    public EngineState State() => new(
        Spec.GameId, Turn, false,
        (Init?.Races ?? []).Select(r => new EnginePlayer(r.PlayerId, r.RaceName, 1, 10)).ToList());
}
