using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Orrery.ReferenceEngine.Tests.Support;

/// <summary>
/// Runs the engine in-process over a given state directory. Settings go through the
/// host configuration, not the process environment, so parallel tests stay apart.
/// </summary>
public sealed class EngineFactory : WebApplicationFactory<Program>
{
    private readonly string _statePath;
    private readonly IReadOnlyDictionary<string, string> _settings;

    public EngineFactory(string statePath, IReadOnlyDictionary<string, string>? settings = null)
    {
        _statePath = statePath;
        _settings = settings ?? new Dictionary<string, string>();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("GAME_STATE_PATH", _statePath);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }
}
