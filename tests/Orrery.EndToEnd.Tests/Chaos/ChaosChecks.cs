using System.Net.Http.Json;
using System.Text;
using Orrery.Api;

namespace Orrery.EndToEnd.Tests.Chaos;

/// <summary>The end-state checks every chaos run makes, through any node's API and the engine host itself.</summary>
internal static class ChaosChecks
{
    /// <summary>The operation a refused call was recorded as (a refused start is a failed operation, SPEC §4), if any.</summary>
    public static async Task<Guid?> RecordedRefusalAsync(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(NodeClient.Json);
        return problem.ValueKind == System.Text.Json.JsonValueKind.Object && problem.TryGetProperty("operationId", out var id) ? id.GetGuid() : null;
    }

    /// <summary>
    /// Every operation ended, and each game has the engines its last accepted queued call asks for: one after a
    /// successful start or patch, none after a successful stop, at most one otherwise; no engine serves a game outside
    /// the run. A refused call recorded as a failed operation (<paramref name="refused"/>) was answered with its id too,
    /// and asks for nothing. Returns the games that should run.
    /// </summary>
    public static async Task<List<Guid>> EnginesMatchLastCallsAsync(
        NodeClient node, IReadOnlyList<Guid> games, IReadOnlyDictionary<Guid, Guid> accepted, IReadOnlySet<Guid> refused, IEngineCensus census,
        StringBuilder problems)
    {
        var engines = await census.RunningAsync();
        foreach (var stray in engines.Where(e => !games.Contains(e.GameId)))
        {
            problems.AppendLine($"engine {stray.EngineId} serves no game of the run ({stray.GameId})");
        }

        var shouldRun = new List<Guid>();
        foreach (var gameId in games)
        {
            var operations = await OperationsAsync(node, gameId);
            foreach (var unfinished in operations.Where(o => o.Status is not ("succeeded" or "failed")))
            {
                problems.AppendLine($"game {gameId}: operation {unfinished.OperationId} ({unfinished.Op}) is still {unfinished.Status}");
            }
            var queued = operations.Where(o => o.Op is "start" or "stop" or "restart" or "patch" && !refused.Contains(o.OperationId)).ToList();
            foreach (var unknown in queued.Where(o => !accepted.ContainsKey(o.OperationId)))
            {
                problems.AppendLine($"game {gameId}: operation {unknown.OperationId} ({unknown.Op}) was recorded but no call was answered with it");
            }

            var last = queued.FirstOrDefault(); // newest first
            var running = engines.Count(e => e.GameId == gameId);
            var runtime = (await node.GetGameAsync(gameId)).Runtime;
            switch (last)
            {
                case { Op: "start" or "patch" or "restart", Status: "succeeded" }:
                    shouldRun.Add(gameId);
                    Expect(running == 1, $"game {gameId}: {last.Op} last, has {running} engines");
                    // A game may have ended by the engine's rules; its engine stays until it is stopped.
                    Expect(runtime?.Status is "running" or "generation_in_progress" or "finished", $"game {gameId}: {last.Op} last, is {runtime?.Status}");
                    break;
                case { Op: "stop", Status: "succeeded" }:
                    Expect(running == 0, $"game {gameId}: stopped last, has {running} engines");
                    Expect(runtime?.Status == "stopped", $"game {gameId}: stopped last, is {runtime?.Status}");
                    break;
                default:
                    Expect(running <= 1, $"game {gameId}: last call {last?.Op} {last?.Status} {last?.ErrorCode}, has {running} engines");
                    break;
            }
        }
        return shouldRun;

        void Expect(bool condition, string problem)
        {
            if (!condition)
            {
                problems.AppendLine(problem);
            }
        }
    }

    /// <summary>
    /// No turn was played twice: with the clock stopped (paused, or the game finished), each running engine is at the
    /// turn Orrery recorded, and the game's snapshots never go back and repeat a turn only to observe it again.
    /// </summary>
    public static async Task EngineTurnsMatchRecordsAsync(NodeClient node, IEnumerable<Guid> games, StringBuilder problems)
    {
        foreach (var gameId in games)
        {
            using var paused = await node.Http.PostAsync($"games/{gameId}/pause", null);
            if (!paused.IsSuccessStatusCode && (await node.GetGameAsync(gameId)).Runtime?.Status != "finished")
            {
                problems.AppendLine($"game {gameId}: pause answered {(int)paused.StatusCode}: {await paused.Content.ReadAsStringAsync()}");
                continue;
            }
            var runtime = await node.WaitForGameAsync(gameId, r => r.Status != "generation_in_progress");
            var engine = await NodeClient.EngineStatusAsync(runtime.EngineEndpoint!);
            var engineTurn = engine?.GetProperty("turn").GetInt32();
            var snapshots = (await AllPagesAsync<SnapshotResponse>(node, $"games/{gameId}/snapshots")).OrderBy(s => s.ObservedAt).ToList();
            if (engineTurn != runtime.CurrentTurn)
            {
                problems.AppendLine($"game {gameId}: the engine is at turn {engineTurn}, Orrery recorded {runtime.CurrentTurn} " +
                    $"({runtime.Status}, paused {runtime.Paused}, health {runtime.EngineHealth}, engine {runtime.EngineId}, updated {runtime.UpdatedAt:O}); last snapshots: " +
                    string.Join(", ", snapshots.TakeLast(3).Select(s => $"turn {s.Turn} at {s.ObservedAt:O}")));
            }

            foreach (var (previous, next) in snapshots.Zip(snapshots.Skip(1)))
            {
                if (next.Turn < previous.Turn || (next.Turn == previous.Turn && next.State.GetRawText() != previous.State.GetRawText()))
                {
                    problems.AppendLine($"game {gameId}: snapshot of turn {next.Turn} at {next.ObservedAt:O} follows turn {previous.Turn} at {previous.ObservedAt:O}");
                }
            }
        }
    }

    /// <summary>Every game that should run, resumed if a call paused it, plays turns: its turn grows within a few seconds.</summary>
    public static async Task StillTurningAsync(NodeClient node, IReadOnlyList<Guid> games, StringBuilder problems)
    {
        foreach (var gameId in games)
        {
            using var resumed = await node.Http.PostAsync($"games/{gameId}/resume", null);
        }
        var before = new Dictionary<Guid, int>();
        foreach (var gameId in games)
        {
            before[gameId] = (await node.GetGameAsync(gameId)).Runtime?.CurrentTurn ?? -1;
        }
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        foreach (var gameId in games)
        {
            try
            {
                await node.WaitForGameAsync(gameId, r => r.CurrentTurn > before[gameId] || r.Status == "finished", TimeSpan.FromSeconds(20));
            }
            catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
            {
                var runtime = (await node.GetGameAsync(gameId)).Runtime;
                problems.AppendLine($"game {gameId}: stopped turning at turn {runtime?.CurrentTurn} ({runtime?.Status}, paused {runtime?.Paused})");
            }
        }
    }

    public static Task<IReadOnlyList<OperationResponse>> OperationsAsync(NodeClient node, Guid gameId) =>
        AllPagesAsync<OperationResponse>(node, $"games/{gameId}/operations");

    private static async Task<IReadOnlyList<T>> AllPagesAsync<T>(NodeClient node, string path)
    {
        var items = new List<T>();
        for (var page = 1; ; page++)
        {
            var listed = (await node.Http.GetFromJsonAsync<PageResponse<T>>($"{path}?page={page}&pageSize=100", NodeClient.Json))!;
            items.AddRange(listed.Items);
            if (items.Count >= listed.Total || listed.Items.Count == 0)
            {
                return items;
            }
        }
    }
}
