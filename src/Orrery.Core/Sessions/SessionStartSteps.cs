namespace Orrery.Sessions;

/// <summary>
/// The steps of one session start that completed, each with how to undo it: a later step failing undoes them all,
/// newest first (the seed kept such a list but never appended to it, so its rollbacks never ran).
/// </summary>
internal sealed class SessionStartSteps
{
    public const string Registry = "registry";
    public const string PoolState = "pool_state";
    public const string Cache = "cache";
    public const string Backup = "backup";

    private readonly List<(string Step, Func<Task> Undo)> _completed = [];

    public void Done(string step, Func<Task> undo) => _completed.Add((step, undo));

    /// <summary>Undoes every completed step, newest first; an undo that fails is reported and the others still run.</summary>
    /// <returns>The steps undone, in the order they were.</returns>
    public async Task<IReadOnlyList<string>> RollBackAsync(Action<string, Exception> undoFailed)
    {
        var undone = new List<string>(_completed.Count);
        for (var i = _completed.Count - 1; i >= 0; i--)
        {
            var (step, undo) = _completed[i];
            try
            {
                await undo();
                undone.Add(step);
            }
            catch (Exception ex)
            {
                undoFailed(step, ex);
            }
        }
        _completed.Clear();
        return undone;
    }
}
