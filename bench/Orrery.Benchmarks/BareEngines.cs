using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Orrery.Benchmarks;

/// <summary>
/// Reference engines spawned and initialised by the benchmark itself, with no Orrery in between: what the
/// baselines drive. Killed on dispose, and by <see cref="EngineReaper"/> if the benchmark dies first.
/// </summary>
internal sealed class BareEngines : IAsyncDisposable
{
    private readonly List<(Process Process, string State)> _engines = [];
    private readonly Lock _gate = new();

    private BareEngines()
    {
    }

    public List<Uri> Endpoints { get; } = [];

    /// <summary>Spawns <paramref name="count"/> engines with <paramref name="arguments"/>, each with a 2-race game initialised.</summary>
    public static async Task<BareEngines> StartAsync(int count, string[] arguments, CancellationToken cancellationToken)
    {
        var engines = new BareEngines();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
                async (_, ct) => engines.Add(await StartOneAsync(http, arguments, ct)));
            return engines;
        }
        catch
        {
            await engines.DisposeAsync();
            throw;
        }
    }

    /// <summary>Plays <paramref name="turns"/> turns on every engine, one engine at a time; true if any game reported finished.</summary>
    public async Task<bool> PlayTurnsAsync(int turns, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var finished = false;
        foreach (var endpoint in Endpoints)
        {
            for (var turn = 0; turn < turns; turn++)
            {
                using var response = await http.PutAsync(new Uri(endpoint, "api/v1/admin/turn"), null, cancellationToken);
                response.EnsureSuccessStatusCode();
                var state = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                finished |= state.GetProperty("finished").GetBoolean();
            }
        }
        return finished;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (process, state) in _engines)
        {
            EngineReaper.Kill(process);
            await Task.Run(() => Directory.Delete(state, recursive: true));
        }
        _engines.Clear();
    }

    private void Add((Process Process, string State, Uri Endpoint) engine)
    {
        lock (_gate)
        {
            _engines.Add((engine.Process, engine.State));
            Endpoints.Add(engine.Endpoint);
        }
    }

    private static async Task<(Process, string, Uri)> StartOneAsync(HttpClient http, string[] arguments, CancellationToken cancellationToken)
    {
        var state = Directory.CreateTempSubdirectory("orrery-bench-bare-").FullName;
        var endpoint = new Uri($"http://127.0.0.1:{NodeUnderTest.FreePort()}/");
        var info = EngineBinary.StartInfo(state, endpoint.Port, arguments);
        info.Environment["Logging__LogLevel__Default"] = "Warning"; // nothing for the benchmark to read per turn
        var process = Process.Start(info)!;
        EngineReaper.Track(process);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await WaitUntilHealthyAsync(http, endpoint, process, cancellationToken);
            var init = new { gameId = Guid.NewGuid(), races = new[] { new { raceName = "Andorians" }, new { raceName = "Cygnans" } } };
            (await http.PostAsJsonAsync(new Uri(endpoint, "api/v1/admin/init"), init, cancellationToken)).EnsureSuccessStatusCode();
            return (process, state, endpoint);
        }
        catch
        {
            EngineReaper.Kill(process);
            Directory.Delete(state, recursive: true);
            throw;
        }
    }

    private static async Task WaitUntilHealthyAsync(HttpClient http, Uri endpoint, Process process, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"A bare engine exited with code {process.ExitCode} before answering /healthz.");
            }
            try
            {
                using var response = await http.GetAsync(new Uri(endpoint, "healthz"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(25, cancellationToken);
        }
        throw new TimeoutException($"A bare engine on {endpoint} did not answer /healthz within 30 s.");
    }
}
