using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace Orrery.Cluster;

/// <summary>This replica as the shard table records an owner: its silo address and the cluster it belongs to.</summary>
internal sealed class LocalShardOwner(ILocalSiloDetails silo, IOptions<ClusterSettings> settings)
{
    private ShardOwner? _owner;

    public ShardOwner Owner => _owner ??= new ShardOwner(
        settings.Value.ClusterId, silo.SiloAddress.Endpoint.Address.ToString(), silo.SiloAddress.Endpoint.Port, silo.SiloAddress.Generation);

    public SiloAddress Silo => silo.SiloAddress;
}
