using System.Diagnostics;

namespace Orrery.Benchmarks;

/// <summary>The bundled reference engine, started bare: the floor Orrery's start latency is compared to.</summary>
internal static class EngineBinary
{
    public static ProcessStartInfo StartInfo(string stateDirectory, int port)
    {
        var apphost = Path.Combine(AppContext.BaseDirectory, "orrery-reference-engine");
        var info = File.Exists(apphost) ? new ProcessStartInfo(apphost) : new ProcessStartInfo("dotnet");
        if (!File.Exists(apphost))
        {
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "orrery-reference-engine.dll"));
        }
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.Environment["GAME_STATE_PATH"] = stateDirectory;
        info.Environment["ENGINE_PORT"] = port.ToString();
        return info;
    }
}
