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

    /// <summary>The consumer group replicas share the stream in, when the stream adapter has groups (Redis). Default <c>orrery</c>.</summary>
    public string Group { get; set; } = "orrery";

    /// <summary>This replica's name in the group; unique per process. Default <c>&lt;hostname&gt;-&lt;pid&gt;</c>.</summary>
    public string Consumer { get; set; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>
    /// How long entries stay pending for a member before another claims them (the member is taken for dead).
    /// Longer than <see cref="MaxRetryDelay"/>: a member retrying a failed batch reads it again at least that
    /// often, which keeps it. Default 30 s.
    /// </summary>
    public TimeSpan ClaimIdle { get; set; } = TimeSpan.FromSeconds(30);
}
