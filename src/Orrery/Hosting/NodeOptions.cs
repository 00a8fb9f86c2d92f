using Orrery.Engines.Process;

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

    /// <summary>The store: <c>sqlite</c> (default) or <c>postgres</c> (with <c>ConnectionStrings:Postgres</c>).</summary>
    public StoreKind Store { get; set; } = StoreKind.Sqlite;

    /// <summary>The event streams: <c>embedded</c> (default, needs the SQLite store) or <c>redis</c> (with <c>ConnectionStrings:Redis</c>).</summary>
    public StreamsKind Streams { get; set; } = StreamsKind.Embedded;

    /// <summary>The engine host: <c>process</c> (default) or <c>docker</c> (settings in <c>Orrery:Docker</c>).</summary>
    public EngineHostKind EngineHost { get; set; } = EngineHostKind.Process;

    /// <summary>
    /// Engines of this stack the engine host may run at once; a start beyond it fails with <c>engine_host_full</c>.
    /// 0: no limit. Default <see cref="DefaultEngineCapacity"/>.
    /// </summary>
    public int EngineCapacity { get; set; } = DefaultEngineCapacity;

    /// <summary>100 on either host: what the turn benchmark runs on a 2-core machine (docs/decisions.md).</summary>
    public const int DefaultEngineCapacity = 100;

    /// <summary>
    /// What engine version 1.0.0 runs when the node registers it at first start: by default the bundled binary
    /// (<c>builtin:reference-engine</c>) on processes, the image <c>deploy/engine-image/build.sh</c> builds on Docker.
    /// </summary>
    public string? BundledEngineImage { get; set; }

    public string BundledEngineImageRef => BundledEngineImage is { Length: > 0 } image
        ? image
        : EngineHost == EngineHostKind.Docker ? "orrery/reference-engine:1.0.0" : ProcessEngineHostOptions.ReferenceEngineImageRef;

    public string DatabasePath => Path.Combine(FullDataDirectory, "orrery.db");
    public string GameStateRoot => Path.Combine(FullDataDirectory, "games");
    public string EnginesDirectory => Path.Combine(FullDataDirectory, "engines");
    public string FullDataDirectory => Path.GetFullPath(DataDirectory);
}
