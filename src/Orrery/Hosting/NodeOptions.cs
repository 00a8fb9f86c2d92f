namespace Orrery.Hosting;

/// <summary>Where and as what the node runs (configuration section <c>Orrery</c>).</summary>
public sealed class NodeOptions
{
    public const string Section = "Orrery";
    public const string DefaultUrl = "http://127.0.0.1:7480";

    /// <summary>Holds the SQLite database, the per-game state directories and the engine manifests. Default <c>./orrery-data</c>.</summary>
    public string DataDirectory { get; set; } = "orrery-data";

    /// <summary>The deployment's name on shared engine hosts (label <c>orrery.stack</c>). Default <c>default</c>.</summary>
    public string Stack { get; set; } = "default";

    /// <summary>Demo games to register and start at start-up (<c>orrery up --demo N</c>). Default 0.</summary>
    public int DemoGames { get; set; }

    public string DatabasePath => Path.Combine(FullDataDirectory, "orrery.db");
    public string GameStateRoot => Path.Combine(FullDataDirectory, "games");
    public string EnginesDirectory => Path.Combine(FullDataDirectory, "engines");
    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
}
