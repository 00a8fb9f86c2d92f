using Microsoft.Extensions.Logging;

namespace Orrery.Sessions;

/// <summary>What every pool of a node shares: the node's id, the ports, the settings, the clock, the instruments and the log.</summary>
internal sealed record PoolContext(
    string NodeId, ISessionPoolStore Store, LiveGameSource Source, LiveOptions Options, TimeProvider Time, LiveMetrics Metrics, ILogger Logger);

/// <summary>The pool's loop has ended (stopped or crashed): the work was not done; place it again.</summary>
internal sealed class PoolStoppedException(string poolId) : Exception($"Session pool {poolId} has stopped.");

/// <summary>Thrown by fault injection inside a pool's loop: the pool fails as if a bug had thrown.</summary>
internal sealed class PoolCrashInjectedException(string poolId) : Exception($"Session pool {poolId} was crashed on purpose (fault injection).");
