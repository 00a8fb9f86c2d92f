namespace Orrery.Health;

/// <summary>Settings of the health events consumer (configuration section <c>Orrery:HealthConsumer</c>).</summary>
public sealed class HealthConsumerOptions
{
    public const string Section = "Orrery:HealthConsumer";

    /// <summary>The consumer label its offset is stored under (SPEC §6). Default <c>health_events</c>.</summary>
    public string Label { get; set; } = "health_events";

    /// <summary>Entries read and applied together. Default 2,000.</summary>
    public int BatchSize { get; set; } = 2_000;

    /// <summary>How long one read waits for new entries. Default 5 s.</summary>
    public TimeSpan ReadWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First pause after a failed batch (store or stream down); doubles up to <see cref="MaxRetryDelay"/>. Default 200 ms.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);
}
