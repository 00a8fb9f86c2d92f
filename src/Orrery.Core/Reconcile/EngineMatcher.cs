using Orrery.Engines;
using Orrery.Runtime;

namespace Orrery.Reconcile;

/// <summary>A runtime record and the engine the host lists for it, if any.</summary>
public sealed record RecordMatch(RuntimeRecord Record, EngineInstance? Engine, EngineSighting Sighting);

/// <summary>The listing of a pass, sorted out: records with their engines, and engines no record claims.</summary>
/// <param name="Duplicates">Unclaimed engines of games that have a record (left alone: a start or stop removes them).</param>
public sealed record EngineMatches(
    IReadOnlyList<RecordMatch> Records,
    IReadOnlyList<EngineInstance> Unclaimed,
    IReadOnlyList<EngineInstance> Duplicates);

/// <summary>
/// Pairs runtime records with listed engines (SPEC §7): by the recorded engine id first, then by the game id label.
/// One pass over each list, so a pass costs the same per record at 10 or 10,000 games.
/// </summary>
public static class EngineMatcher
{
    /// <param name="mayHide">
    /// Whether a recorded engine id may be on an engine host that did not answer (<see cref="EngineListing.MayHide"/>): a
    /// record whose engine is not listed then sees <see cref="EngineSighting.HostUnreachable"/>, not <see cref="EngineSighting.Absent"/>.
    /// </param>
    public static EngineMatches Match(
        IReadOnlyList<RuntimeRecord> records, IReadOnlyList<EngineInstance> engines, string stack, Func<string?, bool>? mayHide = null)
    {
        var byId = new Dictionary<string, EngineInstance>(engines.Count, StringComparer.Ordinal);
        var byGame = new Dictionary<Guid, List<EngineInstance>>(engines.Count);
        foreach (var engine in engines)
        {
            byId[engine.Id] = engine;
            if (engine.GameId is { } gameId)
            {
                if (!byGame.TryGetValue(gameId, out var forGame))
                {
                    byGame[gameId] = forGame = new List<EngineInstance>(1);
                }
                forGame.Add(engine);
            }
        }

        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var matches = new List<RecordMatch>(records.Count);
        foreach (var record in records)
        {
            var recorded = record.EngineId is { } id ? byId.GetValueOrDefault(id) : null;
            var engine = Best(recorded, byGame.GetValueOrDefault(record.GameId), stack);
            if (engine is not null)
            {
                claimed.Add(engine.Id);
            }
            var sighting = engine is null && mayHide?.Invoke(record.EngineId) == true ? EngineSighting.HostUnreachable : SightingOf(engine, stack);
            matches.Add(new RecordMatch(record, engine, sighting));
        }

        var recordedGames = records.Select(r => r.GameId).ToHashSet();
        var unclaimed = new List<EngineInstance>();
        var duplicates = new List<EngineInstance>();
        foreach (var engine in engines.Where(e => !claimed.Contains(e.Id)))
        {
            (engine.GameId is { } gameId && recordedGames.Contains(gameId) ? duplicates : unclaimed).Add(engine);
        }
        return new EngineMatches(matches, unclaimed, duplicates);
    }

    /// <summary>What the pass saw of <paramref name="engine"/> (null: nothing listed).</summary>
    public static EngineSighting SightingOf(EngineInstance? engine, string stack) => engine switch
    {
        null => EngineSighting.Absent,
        { Stack: { } label } when !string.Equals(label, stack, StringComparison.Ordinal) => EngineSighting.ForeignStack,
        { Running: true } => EngineSighting.Running,
        _ => EngineSighting.Exited,
    };

    /// <summary>The engine that speaks for the game: a running one of this stack before an exited one, the recorded one on a tie.</summary>
    private static EngineInstance? Best(EngineInstance? recorded, List<EngineInstance>? byGame, string stack)
    {
        var best = recorded;
        foreach (var candidate in byGame ?? [])
        {
            if (best is null || Rank(candidate, stack) > Rank(best, stack))
            {
                best = candidate;
            }
        }
        return best;
    }

    private static int Rank(EngineInstance engine, string stack) => SightingOf(engine, stack) switch
    {
        EngineSighting.Running => 2,
        EngineSighting.Exited => 1,
        _ => 0,
    };
}
