using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orrery.Errors;

namespace Orrery.Engines.Process;

/// <summary>
/// Runs engines as local OS processes (embedded mode). Engines are detached from Orrery and described by
/// manifests on disk, so they keep running across an Orrery restart or crash and the next instance lists,
/// checks and stops them as if it had started them.
/// </summary>
internal sealed partial class ProcessEngineHost : IEngineHost, IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>SIGKILL cannot be ignored, but a process stuck in the kernel (D state) can take a while to go.</summary>
    private static readonly TimeSpan KillTimeout = TimeSpan.FromSeconds(30);

    /// <summary>How long Inspect waits for .NET to collect the status of an exited child (normally microseconds).</summary>
    private static readonly TimeSpan ReapWait = TimeSpan.FromSeconds(2);

    private readonly ProcessEngineHostOptions _options;
    private readonly EngineManifestStore _manifests;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <summary>Serialises the check-then-write of Run and the delete of Remove, so one game never gets two engines from one host.</summary>
    private readonly SemaphoreSlim _gate = new(1, 1);

    private readonly ConcurrentDictionary<string, LaunchedEngine> _launched = new(StringComparer.Ordinal);

    /// <summary>When this instance first saw an engine exited, for those whose exit it did not witness.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> _seenExited = new(StringComparer.Ordinal);

    /// <summary>
    /// Engine id to game id, so that Stop and Inspect (every 30 s per game, SPEC §6) read one manifest instead
    /// of all of them. Only a hint: the manifest read is always checked against the id.
    /// </summary>
    private readonly ConcurrentDictionary<string, Guid> _gameOf = new(StringComparer.Ordinal);

    public ProcessEngineHost(IOptions<ProcessEngineHostOptions> options, TimeProvider time, ILogger<ProcessEngineHost> logger)
    {
        _options = options.Value;
        // Also validated here: tests and tools build the host without the options pipeline.
        if (new ProcessEngineHostOptionsValidator().Validate(null, _options) is { Failed: true } invalid)
        {
            throw new OptionsValidationException(nameof(ProcessEngineHostOptions), typeof(ProcessEngineHostOptions), invalid.Failures);
        }
        _manifests = new EngineManifestStore(Path.GetFullPath(_options.EnginesDirectory), logger);
        Info = new EngineHostInfo(EngineHostKinds.Process, _manifests.DirectoryPath);
        _time = time;
        _logger = logger;
    }

    public EngineHostInfo Info { get; }

    /// <summary>Engines are processes of this machine, with no memory limit of their own: its total memory is all there is to say.</summary>
    public async Task<EngineHostResources> GetResourcesAsync(CancellationToken cancellationToken) =>
        new(await MemInfo.ReadTotalBytesAsync(cancellationToken));

    public async Task<EngineInstance> RunAsync(EngineRunSpec spec, CancellationToken cancellationToken)
    {
        var command = EngineCommand.Resolve(spec.ImageRef, _options.ReferenceEnginePath);
        var setsid = Executables.Find("setsid", "/usr/bin/setsid", "/bin/setsid")
            ?? throw new OrreryException(ErrorCodes.EngineStartFailed, "setsid (util-linux) is required to detach engines and was not found.");
        PrivateDirectory.EnsureConfigured(_manifests.DirectoryPath);

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (await _manifests.ReadAsync(spec.GameId, cancellationToken) is { } existing)
            {
                RefuseToReplace(existing, spec.GameId);
                Forget(existing.EngineId);
            }

            var port = LoopbackPort.Allocate();
            var endpoint = new Uri($"http://127.0.0.1:{port}/");
            var logFile = _manifests.LogPath(spec.GameId);
            var process = Launch(spec, command, setsid, logFile, port, endpoint);

            // From here on an engine runs: cancelling now would leave it running with no manifest to find it by.
            var engineId = "proc-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
            var launched = new LaunchedEngine(process, _time);
            var manifest = await CommitAsync(spec, engineId, process, launched, port, endpoint, logFile);
            DetachedLauncher.Release(process);
            _launched[engineId] = launched;
            _gameOf[engineId] = spec.GameId;
            Log.Started(_logger, engineId, spec.GameId, process.Id, endpoint, command.FileName);
            return ToInstance(manifest, IsRunning(manifest));
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task StopAsync(string engineId, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (await FindAsync(engineId, cancellationToken) is not { } manifest || !IsRunning(manifest))
        {
            return;
        }
        Log.Stopping(_logger, engineId, manifest.GameId, manifest.Pid, grace);
        if (!UnixProcess.Signal(manifest.Pid, UnixProcess.SigTerm)
            || await WaitForExitAsync(manifest, grace, cancellationToken))
        {
            return;
        }

        Log.Killing(_logger, engineId, manifest.GameId, manifest.Pid, grace);
        if (!UnixProcess.Signal(manifest.Pid, UnixProcess.SigKill)
            || await WaitForExitAsync(manifest, KillTimeout, cancellationToken))
        {
            return;
        }
        throw new OrreryException(ErrorCodes.InternalError,
            $"Engine {engineId} (pid {manifest.Pid}) was still running {KillTimeout.TotalSeconds:0} s after SIGKILL.");
    }

    public async Task RemoveAsync(string engineId, CancellationToken cancellationToken)
    {
        if (await FindAsync(engineId, cancellationToken) is not { } manifest)
        {
            return;
        }
        // A manifest is the only way to find an engine again: never drop one while its engine runs.
        await StopAsync(engineId, TimeSpan.Zero, cancellationToken);

        await _gate.WaitAsync(cancellationToken);
        try
        {
            await _manifests.DeleteAsync(manifest.GameId, engineId, cancellationToken);
            Forget(engineId);
            Log.Removed(_logger, engineId, manifest.GameId);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<EngineInstance>> ListAsync(CancellationToken cancellationToken) =>
        (await ReadOwnManifestsAsync(cancellationToken))
            .Select(m => ToInstance(m, IsRunning(m)))
            .ToList();

    public async Task<EngineInspection?> InspectAsync(string engineId, CancellationToken cancellationToken)
    {
        if (await FindAsync(engineId, cancellationToken) is not { } manifest)
        {
            return null;
        }
        var running = IsRunning(manifest);
        _launched.TryGetValue(engineId, out var launched);
        return new EngineInspection(
            engineId,
            running,
            ExitCode: running || launched is null ? null : await launched.ExitCodeAsync(ReapWait, cancellationToken),
            OomKilled: false,
            RestartCount: 0,
            manifest.StartedAt,
            FinishedAt: running ? null : launched?.FinishedAt ?? SeenExitedAt(engineId));
    }

    public void Dispose()
    {
        // Disposing a Process object releases its handle only; the engines keep running, by design.
        foreach (var launched in _launched.Values)
        {
            launched.Dispose();
        }
        _launched.Clear();
        _gate.Dispose();
    }

    private async Task<bool> WaitForExitAsync(EngineManifest manifest, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        while (IsRunning(manifest))
        {
            var remaining = timeout - _time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                return false;
            }
            await Task.Delay(remaining < PollInterval ? remaining : PollInterval, _time, cancellationToken);
        }
        return true;
    }

    private bool IsRunning(EngineManifest manifest)
    {
        if (UnixProcess.IsAlive(manifest.Pid, manifest.ProcessStartTime))
        {
            return true;
        }
        _seenExited.TryAdd(manifest.EngineId, _time.GetUtcNow());
        return false;
    }

    private DateTimeOffset? SeenExitedAt(string engineId) =>
        _seenExited.TryGetValue(engineId, out var at) ? at : null;

    private async Task<IReadOnlyList<EngineManifest>> ReadOwnManifestsAsync(CancellationToken cancellationToken)
    {
        var own = (await _manifests.ReadAllAsync(cancellationToken)).Where(IsOwn).ToList();
        foreach (var manifest in own)
        {
            _gameOf[manifest.EngineId] = manifest.GameId;
        }
        return own;
    }

    private async Task<EngineManifest?> FindAsync(string engineId, CancellationToken cancellationToken)
    {
        if (_gameOf.TryGetValue(engineId, out var gameId)
            && await _manifests.ReadAsync(gameId, cancellationToken) is { } hinted
            && hinted.EngineId == engineId && IsOwn(hinted))
        {
            return hinted;
        }
        return (await ReadOwnManifestsAsync(cancellationToken)).FirstOrDefault(m => string.Equals(m.EngineId, engineId, StringComparison.Ordinal));
    }

    private bool IsOwn(EngineManifest manifest) => string.Equals(manifest.Stack, _options.Stack, StringComparison.Ordinal);

    private void Forget(string engineId)
    {
        if (_launched.TryRemove(engineId, out var launched))
        {
            launched.Dispose();
        }
        _seenExited.TryRemove(engineId, out _);
        _gameOf.TryRemove(engineId, out _);
    }

    private static EngineInstance ToInstance(EngineManifest manifest, bool running) =>
        new(
            manifest.EngineId,
            manifest.Labels.TryGetValue(EngineLabels.GameId, out var label) && Guid.TryParse(label, out var gameId) ? gameId : null,
            manifest.Labels.GetValueOrDefault(EngineLabels.EngineVersion),
            manifest.Endpoint,
            running,
            manifest.StartedAt,
            manifest.Stack,
            Network: EngineInstance.HostNetwork); // every process engine listens on a loopback port of the host
}
