namespace Orrery.EngineHosts;

/// <summary>How much room one engine host has for a launch, as a claim measured it.</summary>
/// <param name="Capacity">Engines it may run; null when it has no limit.</param>
/// <param name="InUse">Its running engines and launches in flight, the claiming game's own left out.</param>
/// <param name="Error">Why it could not be listed; null when it answered.</param>
public sealed record HostRoom(string Name, int? Capacity, int InUse, string? Error = null)
{
    public bool Reachable => Error is null;

    /// <summary>Engines it can still take; null when it has no limit.</summary>
    public int? Room => Capacity is { } capacity ? capacity - InUse : null;

    /// <summary>Reachable, and below its capacity (or without one).</summary>
    public bool HasRoom => Reachable && Room is null or > 0;

    /// <summary>Orders hosts by room: a host without a limit before any with one, then the fewest engines.</summary>
    internal long Rank => Room ?? long.MaxValue - InUse;

    /// <summary>For messages: <c>docker-a: 3 of 3 engines run or are starting</c>, or why it could not be asked.</summary>
    public string Describe() => Error is { } error
        ? $"{Name}: unreachable ({error})"
        : $"{Name}: {InUse} of {(Capacity is { } capacity ? capacity.ToString(System.Globalization.CultureInfo.InvariantCulture) : "unlimited")} engines run or are starting";
}
