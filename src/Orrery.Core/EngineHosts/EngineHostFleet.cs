using Orrery.Engines;

namespace Orrery.EngineHosts;

/// <summary>
/// The engine hosts a node drives, in the order configured (SPEC §10): one process host, or one or more Docker
/// daemons (<c>Orrery:Docker:Hosts</c>). Placement (<see cref="EngineCapacity"/>), the engine hosts view
/// (<see cref="EngineHostSurvey"/>) and the routing of engine ids (<see cref="RoutedEngineHost"/>) read it.
/// </summary>
public sealed class EngineHostFleet
{
    private readonly Dictionary<string, EngineHostMember> _byName;

    /// <exception cref="ArgumentException">No member, or two with one name.</exception>
    public EngineHostFleet(IReadOnlyList<EngineHostMember> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("A node needs at least one engine host.", nameof(members));
        }
        _byName = new Dictionary<string, EngineHostMember>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            if (!_byName.TryAdd(member.Name, member))
            {
                throw new ArgumentException($"Two engine hosts are named '{member.Name}'.", nameof(members));
            }
        }
        Members = members;
    }

    /// <summary>The fleet of a node with one host, named by its kind (<c>process</c>, <c>docker</c>).</summary>
    public static EngineHostFleet Single(IEngineHost host, int? capacity) => new([new EngineHostMember(host.Info.Kind, host, capacity)]);

    public IReadOnlyList<EngineHostMember> Members { get; }

    /// <summary>True when engine ids name their host (<see cref="EngineIds"/>): the node has several hosts.</summary>
    public bool ComposesIds => Members.Count > 1;

    public EngineHostMember? Find(string name) => _byName.GetValueOrDefault(name);

    /// <summary>
    /// The member an engine id names, with the host's own id; null for an id naming a host the node no longer has.
    /// A plain id names the only host; with several, it names none (<paramref name="member"/> null, not failed).
    /// </summary>
    public bool TryResolve(string engineId, out EngineHostMember? member, out string localId)
    {
        if (EngineIds.TrySplit(engineId, out var hostName, out localId))
        {
            member = Find(hostName);
            return member is not null;
        }
        member = Members.Count == 1 ? Members[0] : null;
        return true;
    }

    /// <summary>The name of the host an engine id names, or null when it names none (plain id with several hosts, unknown host).</summary>
    public string? HostNameOf(string? engineId) =>
        engineId is not null && TryResolve(engineId, out var member, out _) ? member?.Name : null;
}
