using Orrery.Games;
using Orrery.Runtime;
using Orrery.Versions;

namespace Orrery.Lifecycle.Handlers;

/// <summary>An operation admitted at the worker: the game and record it was judged on, and the version it runs (null for a stop).</summary>
public sealed record Admitted(Game Game, RuntimeRecord? Current, EngineVersion? Version)
{
    /// <summary>The version of an operation that runs an engine.</summary>
    public EngineVersion RequiredVersion => Version ?? throw new InvalidOperationException("This operation was admitted without an engine version.");
}
