using Orrery.Engines;

namespace Orrery.Reconcile;

/// <summary>Collects the outcomes of a pass from its parallel steps and turns them into a <see cref="ReconcileReport"/>.</summary>
internal sealed class ReconcileTally
{
    private readonly Lock _gate = new();
    private readonly List<Guid> _adopted = [];
    private readonly List<Guid> _removed = [];
    private readonly List<Guid> _refreshed = [];
    private readonly List<Guid> _unreachable = [];
    private readonly List<Guid> _missing = [];
    private readonly List<Guid> _strays = [];
    private readonly List<Guid> _straysRemoved = [];
    private readonly List<Guid> _skipped = [];
    private readonly List<OrphanEngine> _orphans = [];
    private readonly List<ReconcileError> _errors = [];

    public void Adopted(Guid gameId) => Add(_adopted, gameId);
    public void Removed(Guid gameId) => Add(_removed, gameId);
    public void Refreshed(Guid gameId) => Add(_refreshed, gameId);
    public void Unreachable(Guid gameId) => Add(_unreachable, gameId);
    public void Missing(Guid gameId) => Add(_missing, gameId);
    public void Stray(Guid gameId) => Add(_strays, gameId);
    public void StrayRemoved(Guid gameId) => Add(_straysRemoved, gameId);
    public void Skipped(Guid gameId) => Add(_skipped, gameId);
    public void Orphan(EngineInstance engine, bool removed) => Add(_orphans, new OrphanEngine(engine.Id, engine.GameId, removed));
    public void Error(Guid? gameId, string? engineId, string message) => Add(_errors, new ReconcileError(gameId, engineId, message));

    public ReconcileReport ToReport(DateTimeOffset startedAt, TimeSpan duration, int records, int engines)
    {
        lock (_gate)
        {
            return new ReconcileReport(
                startedAt, duration, records, engines,
                Sorted(_adopted), Sorted(_removed), Sorted(_refreshed), Sorted(_unreachable), Sorted(_missing),
                Sorted(_strays), Sorted(_straysRemoved), Sorted(_skipped),
                [.. _orphans.OrderBy(o => o.EngineId, StringComparer.Ordinal)],
                [.. _errors.OrderBy(e => e.GameId).ThenBy(e => e.EngineId, StringComparer.Ordinal)]);
        }
    }

    private void Add<T>(List<T> list, T item)
    {
        lock (_gate)
        {
            list.Add(item);
        }
    }

    private static List<Guid> Sorted(List<Guid> ids) => [.. ids.Order()];
}
