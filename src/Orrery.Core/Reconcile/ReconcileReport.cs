namespace Orrery.Reconcile;

/// <summary>What one reconcile pass did, game by game (SPEC §7). Every list is sorted, so two reports compare.</summary>
/// <param name="Records">Runtime records the pass read.</param>
/// <param name="Engines">Engines of this stack the host listed.</param>
/// <param name="Adopted">Games whose running engine was taken back as <c>running</c> and scheduled.</param>
/// <param name="Removed">Games marked <c>removed</c>: their engine was missing in two passes in a row.</param>
/// <param name="Refreshed">Running games whose engine answered its status; a snapshot was published.</param>
/// <param name="Unreachable">Games whose listed engine did not answer its status.</param>
/// <param name="Missing">Games whose engine is missing for the first pass: removed if the next pass misses it too.</param>
/// <param name="Strays">
/// Stopped or removed games (their last word a stop) whose engine runs, for the first pass: taken down if the next pass
/// sees it too.
/// </param>
/// <param name="StraysRemoved">Stopped or removed games whose stray engine was stopped and removed (never adopted).</param>
/// <param name="Skipped">Games left alone because an operation of theirs was queued or running, or the record moved on meanwhile.</param>
/// <param name="Orphans">Engines of this stack whose game is unknown.</param>
/// <param name="Errors">Games (or engines) the pass could not deal with; the others went on.</param>
public sealed record ReconcileReport(
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    int Records,
    int Engines,
    IReadOnlyList<Guid> Adopted,
    IReadOnlyList<Guid> Removed,
    IReadOnlyList<Guid> Refreshed,
    IReadOnlyList<Guid> Unreachable,
    IReadOnlyList<Guid> Missing,
    IReadOnlyList<Guid> Strays,
    IReadOnlyList<Guid> StraysRemoved,
    IReadOnlyList<Guid> Skipped,
    IReadOnlyList<OrphanEngine> Orphans,
    IReadOnlyList<ReconcileError> Errors)
{
    /// <summary>
    /// The passes of several replicas as one report. Each pass keeps to the games its replica owns (and only the owner
    /// of shard 0 looks at orphans), so the counts add up; the passes ran side by side, so the whole took as long as the
    /// longest, from the earliest start. A game moved between replicas during the passes can show in two of them: each
    /// list keeps it once.
    /// </summary>
    public static ReconcileReport Merge(IReadOnlyCollection<ReconcileReport> passes)
    {
        ArgumentOutOfRangeException.ThrowIfZero(passes.Count);
        return new ReconcileReport(
            passes.Min(p => p.StartedAt),
            passes.Max(p => p.Duration),
            passes.Sum(p => p.Records),
            passes.Sum(p => p.Engines),
            Union(passes, p => p.Adopted),
            Union(passes, p => p.Removed),
            Union(passes, p => p.Refreshed),
            Union(passes, p => p.Unreachable),
            Union(passes, p => p.Missing),
            Union(passes, p => p.Strays),
            Union(passes, p => p.StraysRemoved),
            Union(passes, p => p.Skipped),
            [.. passes.SelectMany(p => p.Orphans).Distinct().OrderBy(o => o.EngineId, StringComparer.Ordinal)],
            [.. passes.SelectMany(p => p.Errors).OrderBy(e => e.GameId).ThenBy(e => e.EngineId, StringComparer.Ordinal)]);
    }

    private static List<Guid> Union(IEnumerable<ReconcileReport> passes, Func<ReconcileReport, IReadOnlyList<Guid>> games) =>
        [.. passes.SelectMany(games).Distinct().Order()];
}

/// <param name="GameId">The game its label names, if it names one.</param>
/// <param name="Removed">True when <c>RemoveOrphans</c> had it stopped and removed.</param>
public sealed record OrphanEngine(string EngineId, Guid? GameId, bool Removed);

public sealed record ReconcileError(Guid? GameId, string? EngineId, string Message);
