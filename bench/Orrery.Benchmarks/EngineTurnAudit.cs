using System.Net.Http.Json;
using System.Text.Json;

namespace Orrery.Benchmarks;

/// <summary>
/// Turns played twice, decided by the engines themselves: each engine's own turn (<c>GET api/v1/admin/status</c>)
/// against its game's recorded <c>current_turn</c>. A game is compared only when its record reads the same running
/// turn before and after the engine call (no turn in flight); an engine ahead of its record played a turn Orrery
/// did not record once (a doubled turn, or one lost with a killed replica), one behind would be a recorded turn
/// the engine never played. Snapshot rows repeating a (game, turn) are counted apart: a retried recording, not a turn.
/// </summary>
internal static class EngineTurnAudit
{
    private const int Attempts = 10;

    public static async Task<EngineTurnAuditResult> RunAsync(ClusterDatabase database, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var pending = (await database.RecordsAsync(cancellationToken)).Where(r => r.Endpoint is not null).Select(r => r.GameId).ToHashSet();
        var total = pending.Count;
        int matched = 0, ahead = 0, behind = 0, aheadTurns = 0;
        for (var attempt = 0; attempt < Attempts && pending.Count > 0; attempt++)
        {
            var first = (await database.RecordsAsync(cancellationToken)).Where(r => pending.Contains(r.GameId)).ToList();
            var engineTurns = new Dictionary<Guid, int?>();
            await Parallel.ForEachAsync(first, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (r, ct) =>
            {
                var turn = await EngineTurnAsync(http, r.Endpoint!, ct);
                lock (engineTurns) engineTurns[r.GameId] = turn;
            });
            var second = (await database.RecordsAsync(cancellationToken)).ToDictionary(r => r.GameId);
            foreach (var r in first)
            {
                var settled = r.Status == "running" && second[r.GameId].Status == "running" && second[r.GameId].Turn == r.Turn;
                if (!settled || engineTurns[r.GameId] is not { } engine) continue;
                pending.Remove(r.GameId);
                if (engine == r.Turn) matched++;
                else if (engine > r.Turn) { ahead++; aheadTurns += engine - r.Turn; }
                else behind++;
            }
            await Task.Delay(300, cancellationToken);
        }
        var repeatedRows = await database.RepeatedSnapshotRowsAsync(cancellationToken);
        return new EngineTurnAuditResult(total, matched, ahead, aheadTurns, behind, pending.Count, repeatedRows);
    }

    private static async Task<int?> EngineTurnAsync(HttpClient http, string endpoint, CancellationToken cancellationToken)
    {
        try
        {
            var state = await http.GetFromJsonAsync<JsonElement>(new Uri(new Uri(endpoint), "api/v1/admin/status"), cancellationToken);
            return state.GetProperty("turn").GetInt32();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}

/// <param name="Games">Games with an engine endpoint.</param>
/// <param name="Matched">Games whose engine's turn equals the recorded turn.</param>
/// <param name="EngineAhead">Games whose engine played more turns than recorded (<paramref name="AheadTurns"/> in all).</param>
/// <param name="EngineBehind">Games with a recorded turn the engine never played.</param>
/// <param name="Unsettled">Games never caught between turns (or whose engine did not answer) in the attempts made.</param>
/// <param name="RepeatedSnapshotRows">Snapshot rows beyond the first for one (game, turn).</param>
internal sealed record EngineTurnAuditResult(int Games, int Matched, int EngineAhead, int AheadTurns, int EngineBehind, int Unsettled, long RepeatedSnapshotRows)
{
    public void Print(string label) => Console.WriteLine(
        $"{label}: {Games} games; engine turn = recorded turn for {Matched}; engine ahead of its record for {EngineAhead} games " +
        $"({AheadTurns} turns: doubled or lost with a killed replica); engine behind for {EngineBehind}; not settled {Unsettled}; " +
        $"snapshot rows repeating a (game, turn): {RepeatedSnapshotRows}");
}
