using System.Diagnostics;

namespace Orrery.Engines.Process;

/// <summary>
/// Starts an engine so that it outlives Orrery: in a session of its own (a Ctrl-C or a SIGTERM to Orrery's
/// process group never reaches it), with stdin from /dev/null and stdout/stderr appended to its log file
/// (no pipe ties it to Orrery, so neither can block or kill the other by exiting).
/// </summary>
/// <remarks>
/// The engine only runs once Orrery has recorded it: the shell waits on its stdin for <see cref="Release"/>, which
/// the host calls after the manifest is on disk. If Orrery dies before that (a <c>kill -9</c> in between), the pipe
/// closes, the shell exits, and no engine runs that no manifest would ever find (issue 6: one engine per game).
/// </remarks>
internal static class DetachedLauncher
{
    /// <summary>
    /// <c>$0</c> is the engine, <c>$1</c> the log file, <c>$2</c> setsid, the rest the engine's arguments. The shell first
    /// waits for the <c>go</c> line of <see cref="Release"/> (exit 70 on end of input instead). <c>exec</c> replaces
    /// the shell with setsid, and setsid (not a process-group leader here, as .NET does not make its children
    /// leaders) calls setsid(2) and execs the engine in place: the pid .NET reports is the engine's own.
    /// Paths travel as arguments, never spliced into the script, so no file name is ever parsed by the shell.
    /// </summary>
    private const string Script =
        "log=$1; setsid=$2; shift 2; read -r go && [ \"$go\" = go ] || exit 70; exec \"$setsid\" \"$0\" \"$@\" </dev/null >>\"$log\" 2>&1";

    /// <summary>Variables passed through from Orrery's own environment; everything else (API keys, connection
    /// strings) stays out of the engine, as it would for a container.</summary>
    private static readonly string[] InheritedVariables = ["PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "TZ", "TMPDIR"];

    /// <exception cref="System.ComponentModel.Win32Exception">/bin/sh could not be started (or the working directory is missing).</exception>
    public static System.Diagnostics.Process Start(
        string setsid, EngineCommand command, string workingDirectory, string logFile, IEnumerable<KeyValuePair<string, string>> environment)
    {
        CreatePrivateLog(logFile);
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true, // the release pipe only: the engine itself reads /dev/null
            RedirectStandardOutput = false,
            RedirectStandardError = false,
            WorkingDirectory = workingDirectory,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(Script);
        startInfo.ArgumentList.Add(command.FileName);
        startInfo.ArgumentList.Add(logFile);
        startInfo.ArgumentList.Add(setsid);
        foreach (var argument in command.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        foreach (var name in InheritedVariables)
        {
            if (System.Environment.GetEnvironmentVariable(name) is { } value)
            {
                startInfo.Environment[name] = value;
            }
        }
        // DOTNET_ROOT* tells an apphost where a non-default .NET install lives.
        foreach (var entry in System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>())
        {
            if (entry.Key is string name && name.StartsWith("DOTNET_ROOT", StringComparison.Ordinal))
            {
                startInfo.Environment[name] = entry.Value as string;
            }
        }
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }
        return System.Diagnostics.Process.Start(startInfo)
            ?? throw new InvalidOperationException("/bin/sh did not start.");
    }

    /// <summary>Lets a started shell exec the engine, once the engine is recorded. A shell already gone is not an error here:
    /// the host's readiness check reports the engine as exited.</summary>
    public static void Release(System.Diagnostics.Process process)
    {
        try
        {
            process.StandardInput.WriteLine("go");
            process.StandardInput.Close();
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The shell's <c>&gt;&gt;</c> would create the log with the umask's mode; engine output is the operator's, so 0640.</summary>
    private static void CreatePrivateLog(string logFile)
    {
        if (!OperatingSystem.IsWindows())
        {
            using var _ = new FileStream(logFile, new FileStreamOptions
            {
                Mode = FileMode.Append,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
            });
        }
    }
}
