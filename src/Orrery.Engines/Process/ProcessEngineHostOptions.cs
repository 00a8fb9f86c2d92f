using Orrery.Settings;

namespace Orrery.Engines.Process;

/// <summary>Settings of the local-process engine host (embedded mode).</summary>
public sealed class ProcessEngineHostOptions
{
    /// <summary>The image ref that names the bundled reference engine.</summary>
    public const string ReferenceEngineImageRef = "builtin:reference-engine";

    /// <summary>
    /// Holds one manifest (<c>&lt;game&gt;.json</c>) and one log (<c>&lt;game&gt;.log</c>) per engine. Required.
    /// Created with mode 0750 when missing; an existing world-writable directory is refused.
    /// </summary>
    public string EnginesDirectory { get; set; } = "";

    /// <summary>The deployment's stack label; a host lists and touches only its own stack's engines. Default <c>default</c>.</summary>
    public string Stack { get; set; } = "default";

    /// <summary>
    /// What <c>builtin:reference-engine</c> runs. Default: the <c>orrery-reference-engine</c> apphost next to
    /// the running application; when only <c>orrery-reference-engine.dll</c> is there (or the path names a
    /// <c>.dll</c>), it runs through the <c>dotnet</c> host.
    /// </summary>
    public string ReferenceEnginePath { get; set; } = Path.Combine(AppContext.BaseDirectory, "orrery-reference-engine");

    /// <summary>
    /// Extra environment variables for every engine (e.g. fault injection in tests). They cannot override the
    /// contract variables (<c>GAME_STATE_PATH</c>, <c>ENGINE_PORT</c>, <c>ASPNETCORE_URLS</c>).
    /// </summary>
    [Secret] // values handed to engines may be credentials
    public IDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();
}
