using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orrery.Api;

namespace Orrery.EndToEnd.Tests.Chaos;

/// <summary>The shape of one chaos run.</summary>
/// <param name="Environment">Settings of the node (engine host and so on), as environment variables.</param>
internal sealed record ChaosSettings(int Games, int Operations, int Kills, IReadOnlyDictionary<string, string> Environment);

/// <summary>
/// Issue 6's chaos run against the real binary: starts and stops of many games through the API, the node killed
/// with SIGKILL at random points and restarted on the same data each time, then the end state checked against what
/// the accepted calls asked for, with the engines counted on the host itself.
/// </summary>
internal sealed class ChaosRun(string dataDirectory, ChaosSettings settings, IEngineCensus census, int seed) : IAsyncDisposable
{
    /// <summary>A turn every 5 s: turns run (and are interrupted) throughout the run.</summary>
    private const string TurnSchedule = "*/5 * * * * *";

    private readonly Random _random = new(seed);
    private readonly List<Guid> _games = [];
    private readonly Dictionary<Guid, Guid> _accepted = []; // operation id -> game id
    private readonly HashSet<Guid> _refused = []; // refused calls recorded as failed operations
    private OrreryProcess? _orrery;
    private NodeClient? _node;
    private int _rejected;
    private int _nodes;
    private bool _verified;

    private NodeClient Node => _node ?? throw new InvalidOperationException("The node is not running.");

    /// <summary>Seed from <c>ORRERY_CHAOS_SEED</c> to replay a run, else a new one.</summary>
    public static int ChooseSeed() =>
        int.TryParse(System.Environment.GetEnvironmentVariable("ORRERY_CHAOS_SEED"), out var seed) ? seed : Random.Shared.Next();

    public async Task RunAsync()
    {
        var output = TestContext.Current.TestOutputHelper!;
        output.WriteLine($"chaos seed {seed} (replay with ORRERY_CHAOS_SEED={seed}): {settings.Games} games, {settings.Operations} calls, {settings.Kills} kills");
        var clock = Stopwatch.StartNew();
        await StartNodeAsync();
        for (var i = 0; i < settings.Games; i++)
        {
            _games.Add(await Node.RegisterScheduledGameAsync("1.0.0", TurnSchedule, "Andorians", "Cygnans"));
        }

        var plan = ChaosPlan.Create(_random, _games, settings.Operations, settings.Kills);
        foreach (var step in plan.Steps)
        {
            await IssueAsync(step);
            if (plan.KillAfter.Contains(step.Index))
            {
                // Lands while the calls just accepted queue or run: launches, inits, stops and turns in flight.
                await Task.Delay(_random.Next(0, 500));
                await KillAndRestartAsync();
            }
            else
            {
                await Task.Delay(_random.Next(0, 40));
            }
        }
        output.WriteLine($"{_accepted.Count} calls accepted, {_rejected} rejected, after {clock.Elapsed.TotalSeconds:0.0} s");

        await SettleAsync();
        output.WriteLine($"every operation ended after {clock.Elapsed.TotalSeconds:0.0} s");
        var report = await Node.Http.PostAsync("reconcile", null);
        report.StatusCode.ShouldBe(HttpStatusCode.OK, await report.Content.ReadAsStringAsync());
        output.WriteLine($"reconcile pass: {await report.Content.ReadAsStringAsync()}");

        await VerifyAsync();
        output.WriteLine($"verified after {clock.Elapsed.TotalSeconds:0.0} s");
        _verified = true;
    }

    /// <summary>Stops the node and the engines; the data directory (with the node logs) is kept only after a failure.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopNodeAsync();
        await census.CleanUpAsync();
        if (_verified)
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    /// <summary>One call, with an idempotency key so a retried call is the same operation.</summary>
    private async Task IssueAsync(ChaosStep step)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"games/{step.GameId}/{step.Op}");
        request.Headers.Add("Idempotency-Key", $"chaos-{seed}-{step.Index}");
        using var response = await Node.Http.SendAsync(request);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Accepted:
                var operation = (await response.Content.ReadFromJsonAsync<OperationResponse>(NodeClient.Json))!;
                _accepted[operation.OperationId] = step.GameId;
                break;
            case HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests:
                _rejected++; // e.g. a stop of a game whose start failed and left nothing to stop
                if (await ChaosChecks.RecordedRefusalAsync(response) is { } refused)
                {
                    _refused.Add(refused); // a refused start is recorded as a failed operation
                }
                break;
            default:
                throw new InvalidOperationException($"{step.Op} of {step.GameId} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private async Task KillAndRestartAsync()
    {
        await _orrery!.KillAsync();
        await StopNodeAsync();
        await StartNodeAsync();
    }

    /// <summary>Keeps each node's output in the data directory, for a failing run's post-mortem.</summary>
    private async Task StopNodeAsync()
    {
        _node?.Dispose();
        if (_orrery is not null)
        {
            await _orrery.DisposeAsync();
            await File.WriteAllTextAsync(Path.Combine(dataDirectory, $"orrery-{++_nodes}.log"), _orrery.Output);
        }
    }

    private async Task StartNodeAsync()
    {
        _orrery = await OrreryProcess.StartAsync(dataDirectory, settings.Environment);
        _node = new NodeClient(_orrery.Url);
    }

    /// <summary>Waits until no operation of any game is queued or running (a wait on real engines, bounded).</summary>
    private async Task SettleAsync()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        foreach (var gameId in _games)
        {
            while ((await ChaosChecks.OperationsAsync(Node, gameId)).Any(o => o.Status is "queued" or "running"))
            {
                await Task.Delay(200, deadline.Token);
            }
        }
    }

    private async Task VerifyAsync()
    {
        var problems = new StringBuilder();
        var shouldRun = await ChaosChecks.EnginesMatchLastCallsAsync(Node, _games, _accepted, _refused, census, problems);
        await ChaosChecks.EngineTurnsMatchRecordsAsync(Node, shouldRun, problems);
        problems.Length.ShouldBe(0, $"seed {seed}, node logs in {dataDirectory}:\n{problems}");
    }
}
