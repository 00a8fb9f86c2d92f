namespace Orrery.EndToEnd.Tests.Cluster;

/// <summary>
/// A test over a fresh set of replicas, started and spread over the shards before it runs; their logs are written to
/// the test's output unless it calls <see cref="Passed"/>, and their engines are removed at the end.
/// </summary>
public abstract class SpreadReplicaSetTest : IAsyncLifetime
{
    private bool _passed;

    private protected SpreadReplicaSetTest(ReplicaSet replicas) => Replicas = replicas;

    private protected ReplicaSet Replicas { get; }

    public async ValueTask InitializeAsync()
    {
        await Replicas.StartAllAsync();
        await Replicas.WaitForSpreadAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_passed)
        {
            TestContext.Current.TestOutputHelper!.WriteLine(Replicas.Logs.Length > 100_000 ? Replicas.Logs[^100_000..] : Replicas.Logs);
        }
        await Replicas.DisposeAsync();
        await DockerCli.RemoveStackAsync(Replicas.Stack);
        GC.SuppressFinalize(this);
    }

    /// <summary>Marks the test passed: the replicas' logs are not needed.</summary>
    protected void Passed() => _passed = true;
}
