using Orrery.Engines;

namespace Orrery.EngineHosts;

/// <summary>One engine host of the node's fleet, as the operator configured it.</summary>
/// <param name="Name">Unique on the node; part of the engine ids when the node has several hosts.</param>
/// <param name="Capacity">Engines of this stack it may run at once; null when it has no limit.</param>
public sealed record EngineHostMember(string Name, IEngineHost Host, int? Capacity);
