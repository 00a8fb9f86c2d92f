namespace Orrery.Runtime;

/// <summary>Values of a runtime record's engine health summary (SPEC §6).</summary>
public static class EngineHealthSummaries
{
    public const string Healthy = "healthy";
    public const string ProbeFailed = "probe_failed";
    public const string InspectUnhealthy = "inspect_unhealthy";
    public const string Exited = "exited";
    public const string Oom = "oom";
    public const string Disappeared = "disappeared";
    public const string Unreachable = "unreachable";
}
