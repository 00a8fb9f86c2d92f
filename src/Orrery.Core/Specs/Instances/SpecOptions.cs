namespace Orrery.Specs.Instances;

/// <summary>
/// Settings of specifications and their instances (configuration section <c>Orrery:Specs</c>, SPEC §9). Each
/// resolves as SPEC §9 says: an explicit option (<c>AddSpecInstances(configure)</c>), then configuration, then
/// the default given here.
/// </summary>
public sealed class SpecOptions
{
    public const string Section = "Orrery:Specs";

    /// <summary>How many shards instances are spread over, each serialising its instances. Default 4.</summary>
    public int DistributionFactor { get; set; } = 4;

    /// <summary>A folder whose <c>*.spex</c> files are registered at start-up (replacing stored ones of the same name); none by default.</summary>
    public string? Directory { get; set; }

    /// <summary>A folder the implementation models are written to (<c>&lt;spec&gt;.spex</c>) on shutdown and on demand; none by default.</summary>
    public string? ModelExportDirectory { get; set; }

    /// <summary>How often idle instances in prunable states are deleted (once at start too). Default 6 h.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How often instances are checked against their state's transition timeout. Default 5 s.</summary>
    public TimeSpan TimeoutCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most requests a shard applies before one durable write of their changes. Default 1024.</summary>
    public int MaxBatch { get; set; } = 1024;
}
