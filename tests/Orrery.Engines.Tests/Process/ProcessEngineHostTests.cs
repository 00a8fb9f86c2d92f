using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orrery.Engines.Process;
using Orrery.Engines.Tests.Contract;
using Orrery.Engines.Tests.Support;

namespace Orrery.Engines.Tests.Process;

/// <summary>The engine host contract against real local processes running the real reference engine.</summary>
public sealed partial class ProcessEngineHostTests : EngineHostContract
{
    private readonly TempDirectory _work = new();

    /// <summary>Pid and start time of every engine a test started, kept past the manifest's removal.</summary>
    private readonly Dictionary<string, (int Pid, ulong StartTime)> _processes = [];

    public ProcessEngineHostTests()
    {
        EnginesDirectory = _work.Combine("engines");
        SigtermIgnoringImageRef = WriteScript("ignores-sigterm.sh", """
            #!/bin/sh
            trap '' TERM
            touch "$GAME_STATE_PATH/ready"
            while :; do sleep 0.1; done
            """);
    }

    private string EnginesDirectory { get; }

    protected override string ReferenceImageRef => ProcessEngineHostOptions.ReferenceEngineImageRef;

    protected override string UnavailableImageRef => _work.Combine("no-such-engine");

    protected override string SigtermIgnoringImageRef { get; }

    protected override IEngineHost CreateHost(string stack) => CreateProcessHost(stack);

    protected override Task OnStartedAsync(EngineInstance engine)
    {
        var manifest = ReadManifests().Single(m => m.EngineId == engine.Id);
        _processes[engine.Id] = (manifest.Pid, manifest.StartTime);
        return Task.CompletedTask;
    }

    protected override Task KillAbruptlyAsync(EngineInstance engine)
    {
        UnixProcess.Signal(_processes[engine.Id].Pid, UnixProcess.SigKill).ShouldBeTrue();
        return Task.CompletedTask;
    }

    /// <summary>Straight from /proc: gone, a zombie (exited, status not yet collected), or another process on a reused pid.</summary>
    protected override Task<bool> IsGoneAsync(EngineInstance engine)
    {
        var (pid, startTime) = _processes[engine.Id];
        return Task.FromResult(!UnixProcess.IsAlive(pid, startTime));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // Safety net under the contract's own teardown: whatever a manifest still names, kill it.
        foreach (var (pid, startTime) in ReadManifests().Select(m => (m.Pid, m.StartTime)).Concat(_processes.Values))
        {
            if (UnixProcess.IsAlive(pid, startTime))
            {
                UnixProcess.Signal(pid, UnixProcess.SigKill);
            }
        }
        _work.Dispose();
    }

    private ProcessEngineHost CreateProcessHost(string stack, Action<ProcessEngineHostOptions>? configure = null)
    {
        var options = new ProcessEngineHostOptions { EnginesDirectory = EnginesDirectory, Stack = stack };
        configure?.Invoke(options);
        return new ProcessEngineHost(Options.Create(options), TimeProvider.System, NullLogger<ProcessEngineHost>.Instance);
    }

    private string WriteScript(string name, string text)
    {
        var path = _work.Combine(name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private IReadOnlyList<(string EngineId, int Pid, ulong StartTime)> ReadManifests()
    {
        if (!Directory.Exists(EnginesDirectory))
        {
            return [];
        }
        var manifests = new List<(string, int, ulong)>();
        foreach (var file in Directory.GetFiles(EnginesDirectory, "*.json"))
        {
            try
            {
                using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file));
                var root = json.RootElement;
                manifests.Add((root.GetProperty("engineId").GetString()!, root.GetProperty("pid").GetInt32(), root.GetProperty("processStartTime").GetUInt64()));
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // Tests plant corrupt manifests on purpose.
            }
        }
        return manifests;
    }
}
