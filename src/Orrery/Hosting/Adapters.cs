namespace Orrery.Hosting;

/// <summary>Where the node keeps its records (<c>Orrery:Store</c>).</summary>
public enum StoreKind
{
    /// <summary>One SQLite file in the data directory (embedded mode).</summary>
    Sqlite,
    /// <summary>PostgreSQL at <c>ConnectionStrings:Postgres</c>; several replicas may share it.</summary>
    Postgres,
}

/// <summary>Where the node's event streams live (<c>Orrery:Streams</c>).</summary>
public enum StreamsKind
{
    /// <summary>The event log inside the SQLite store.</summary>
    Embedded,
    /// <summary>Redis Streams at <c>ConnectionStrings:Redis</c>.</summary>
    Redis,
}

/// <summary>What runs the engines (<c>Orrery:EngineHost</c>).</summary>
public enum EngineHostKind
{
    /// <summary>Detached local processes.</summary>
    Process,
    /// <summary>Docker containers through the daemon at <c>Orrery:Docker:Endpoint</c>.</summary>
    Docker,
}
