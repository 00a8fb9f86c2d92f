using System.ComponentModel;
using Orrery.Errors;

namespace Orrery.Engines.Process;

// Starting one engine process and recording its manifest.
internal sealed partial class ProcessEngineHost
{
    private void RefuseToReplace(EngineManifest existing, Guid gameId)
    {
        // The manifest file is named by game only, so another stack's manifest for the same game would be
        // overwritten: refuse instead, whether or not its engine runs (it is not ours to forget).
        if (!IsOwn(existing))
        {
            throw OrreryException.Conflict(
                $"{_manifests.ManifestPath(gameId)} belongs to stack '{existing.Stack}'; give each stack its own engines directory.");
        }
        if (IsRunning(existing))
        {
            throw OrreryException.Conflict($"Game {gameId} already has a running engine {existing.EngineId} (pid {existing.Pid}).");
        }
    }

    private System.Diagnostics.Process Launch(EngineRunSpec spec, EngineCommand command, string setsid, string logFile, int port, Uri endpoint)
    {
        var environment = new Dictionary<string, string>(_options.Environment, StringComparer.Ordinal)
        {
            [EngineEnvironment.StatePath] = spec.StateDirectory,
            [EngineEnvironment.Port] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [EngineEnvironment.AspNetCoreUrls] = endpoint.GetLeftPart(UriPartial.Authority),
        };
        try
        {
            return DetachedLauncher.Start(setsid, command, spec.StateDirectory, logFile, environment);
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or IOException)
        {
            throw new OrreryException(ErrorCodes.EngineStartFailed, $"Could not start the engine for game {spec.GameId}: {ex.Message}", ex);
        }
    }

    private async Task<EngineManifest> CommitAsync(
        EngineRunSpec spec, string engineId, System.Diagnostics.Process process, LaunchedEngine launched, int port, Uri endpoint, string logFile)
    {
        var startedAt = _time.GetUtcNow();
        // An engine that exited within microseconds has no /proc entry left to read. It still gets a manifest
        // (start time 0 never matches, so it reads as exited) so that Inspect reports its exit code and the
        // caller's readiness check fails it with that code, the same way as an engine that exits a second later.
        var startTime = UnixProcess.TryReadStat(process.Id)?.StartTime ?? 0;
        var manifest = new EngineManifest(
            engineId, spec.GameId, spec.EngineVersion, spec.ImageRef, process.Id, startTime, port, endpoint,
            _options.Stack, EngineLabels.For(_options.Stack, spec.GameId, spec.EngineVersion), startedAt,
            spec.StateDirectory, logFile);
        try
        {
            await _manifests.WriteAsync(manifest, CancellationToken.None);
            return manifest;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // An engine without a manifest could never be found, stopped or adopted again: do not leave one.
            // Process.Kill, unlike a raw kill(2), knows whether its own child already exited and its pid was freed.
            process.Kill();
            launched.Dispose();
            throw new OrreryException(ErrorCodes.EngineStartFailed, $"Could not record the engine for game {spec.GameId}: {ex.Message}", ex);
        }
    }
}
