using System.Net;
using System.Net.Sockets;
using Orleans.Configuration;
using Orleans.Serialization;
using Orrery.Health;
using Orrery.Hosting;
using Orrery.Operations;
using Orrery.Specs.Instances;

namespace Orrery.Cluster;

public static class ClusterServiceCollectionExtensions
{
    /// <summary>Orleans' ADO.NET invariant for PostgreSQL.</summary>
    private const string PostgresInvariant = "Npgsql";

    /// <summary>
    /// Registers the one ownership path of every mode (SPEC §10): an Orleans silo (localhost clustering alone, PostgreSQL
    /// membership in a cluster), the shard grains, this node's <see cref="ShardOwnership"/> (its fences) and the keeper.
    /// Register after the store's initializer (the silo's membership table is one of its migrations) and before the
    /// reconciler (its start-up pass needs the shards placed).
    /// </summary>
    /// <exception cref="NodeConfigurationException">The settings cannot work: said in one line.</exception>
    public static IServiceCollection AddCluster(this IServiceCollection services, IConfiguration configuration, NodeOptions node)
    {
        var settings = Settings(configuration, node);
        services.AddOptions<ClusterSettings>().BindConfiguration(ClusterSettings.Section);
        services.AddSingleton(new GameShards(settings.Shards));
        services.AddShardOwnership();
        services.AddSingleton<LocalShardOwner>();
        services.AddSingleton<OwnerWork>();
        services.AddSingleton<GameOwners>();
        services.AddSingleton<ClusterStatusReader>();
        services.AddSingleton<FleetReconciler>();
        services.AddSingleton<IHealthEventForwarder, GrainHealthEventForwarder>();
        services.AddSingleton<ISpecShardForwarder, GrainSpecShardForwarder>();
        services.AddSingleton<ISpecRegistrationBroadcast, ReplicaSpecRegistrationBroadcast>();

        // Checked now, so a port in use stops the node before anything starts.
        var siloPort = settings.Enabled
            ? RequireFree(settings.AdvertisedAddress, settings.SiloPort ?? 11111)
            : settings.SiloPort is null or 0 ? FreeLoopbackPort() : RequireFree(IPAddress.Loopback, settings.SiloPort.Value);
        services.AddOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = settings.ClusterId;
                o.ServiceId = "orrery";
            });
            if (settings.Enabled)
            {
                silo.UseAdoNetClustering(o =>
                {
                    o.Invariant = PostgresInvariant;
                    o.ConnectionString = configuration.GetConnectionString("Postgres");
                });
                silo.ConfigureEndpoints(settings.AdvertisedAddress, siloPort, settings.GatewayPort, listenOnAnyHostAddress: false);
            }
            else
            {
                silo.UseLocalhostClustering(siloPort, settings.GatewayPort, serviceId: "orrery", clusterId: settings.ClusterId);
            }
            silo.Configure<SiloOptions>(o => o.SiloName = $"orrery-{Environment.MachineName}-{Environment.ProcessId}");
            silo.Configure<ClusterMembershipOptions>(o => Apply(settings.Membership, o));
            silo.Services.AddPlacementDirector<ShardPlacementStrategy, ShardPlacementDirector>();
            silo.Services.AddPlacementDirector<ReplicaPlacementStrategy, ReplicaPlacementDirector>();
            // The domain's own types (operations, records) cross between replicas as JSON: the domain knows nothing of Orleans.
            silo.Services.AddSerializer(s => s.AddJsonSerializer(isSupported: type => type.Assembly == typeof(Operation).Assembly));
        });
        services.AddHostedService<ShardKeeper>();
        return services;
    }

    private static ClusterSettings Settings(IConfiguration configuration, NodeOptions node)
    {
        var settings = configuration.GetSection(ClusterSettings.Section).Get<ClusterSettings>() ?? new ClusterSettings();
        if (settings.Problems() is { Count: > 0 } problems)
        {
            throw new NodeConfigurationException(string.Join(" ", problems));
        }
        if (settings.Enabled && node.Store != StoreKind.Postgres)
        {
            throw new NodeConfigurationException(
                "Orrery:Cluster:Enabled=true needs Orrery:Store=postgres: the replicas share one PostgreSQL for their store and Orleans' membership; SQLite is one node's file.");
        }
        return settings;
    }

    private static void Apply(MembershipTimings timings, ClusterMembershipOptions options)
    {
        options.ProbeTimeout = timings.ProbeTimeout;
        // Equal to ProbeTimeout: otherwise a hung replica's open connection suppresses suspicion for 4x as long (docs/decisions.md).
        options.MaxProbeTimeout = timings.ProbeTimeout;
        options.NumMissedProbesLimit = timings.NumMissedProbesLimit;
        options.NumVotesForDeathDeclaration = timings.NumVotesForDeathDeclaration;
        options.DeathVoteExpirationTimeout = timings.DeathVoteExpirationTimeout;
        options.IAmAliveTablePublishTimeout = timings.IAmAliveTablePublishTimeout;
        options.TableRefreshTimeout = timings.TableRefreshTimeout;
    }

    /// <summary>
    /// Refuses a silo port another process holds: a second replica on the same endpoint would look to Orleans like a
    /// restart of the first, which it would then declare dead.
    /// </summary>
    private static int RequireFree(IPAddress address, int port)
    {
        try
        {
            using var listener = new TcpListener(address, port);
            listener.Start();
        }
        catch (SocketException ex)
        {
            throw new NodeConfigurationException(
                $"Orrery:Cluster:SiloPort {port} on {address} is in use ({ex.SocketErrorCode}): is another replica running on this machine? Give each replica its own port.");
        }
        return port;
    }

    /// <summary>A loopback port free right now: a node alone needs a silo port, and two on one machine must not share one.</summary>
    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
