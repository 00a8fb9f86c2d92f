using System.Diagnostics;

namespace Orrery.Benchmarks;

/// <summary>The bundled reference engine, started bare: the floor Orrery's figures are compared to.</summary>
internal static class EngineBinary
{
    /// <summary>The apphost (or dll) beside the benchmark, which an engine version's image ref can name.</summary>
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "orrery-reference-engine");

    /// <param name="arguments">Engine settings on its command line, e.g. <c>--ENGINE_MAX_TURNS=100</c>.</param>
    public static ProcessStartInfo StartInfo(string stateDirectory, int port, params string[] arguments)
    {
        var info = File.Exists(Path) ? new ProcessStartInfo(Path) : new ProcessStartInfo("dotnet");
        if (!File.Exists(Path))
        {
            info.ArgumentList.Add(Path + ".dll");
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.UseShellExecute = false;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.Environment["GAME_STATE_PATH"] = stateDirectory;
        info.Environment["ENGINE_PORT"] = port.ToString();
        return info;
    }
}
