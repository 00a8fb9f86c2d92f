using Orrery.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orrery.Health;
using Orrery.Persistence.Redis;
using Orrery.Persistence.Sqlite;

namespace Orrery.Tests.Health;

/// <summary>Which feed the consumer gets from the event streams registered, and settings that cannot work.</summary>
public sealed class HealthConsumerWiringTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("orrery-health-wiring-");

    public void Dispose() => _root.Delete(recursive: true);

    private ServiceCollection Embedded()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSqliteStore(Path.Combine(_root.FullName, "orrery.db"));
        services.AddShardOwnership();
        return services;
    }

    [Fact]
    public async Task The_embedded_log_is_read_after_a_stored_offset()
    {
        await using var provider = Embedded().AddHealthEventConsumer().BuildServiceProvider();

        provider.GetRequiredService<IHealthEventFeed>().GetType().Name.ShouldBe("StoredOffsetFeed");
    }

    [Fact]
    public async Task On_Redis_the_consumer_is_a_member_of_the_group_whichever_was_registered_first()
    {
        // Nothing connects until first use: the port need not be open.
        await using var provider = Embedded().AddHealthEventConsumer().AddRedisEventStream("127.0.0.1:1").BuildServiceProvider();

        provider.GetRequiredService<IHealthEventFeed>().GetType().Name.ShouldBe("ConsumerGroupFeed");
        provider.GetRequiredService<IOptions<HealthConsumerOptions>>().Value.Consumer.ShouldBe($"{Environment.MachineName}-{Environment.ProcessId}");
    }

    [Fact]
    public async Task A_claim_idle_time_shorter_than_the_retry_backoff_is_refused()
    {
        var services = Embedded().AddHealthEventConsumer().AddRedisEventStream("127.0.0.1:1");
        services.Configure<HealthConsumerOptions>(o => (o.ClaimIdle, o.MaxRetryDelay) = (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)));
        await using var provider = services.BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(provider.GetRequiredService<IHealthEventFeed>);
        error.Message.ShouldContain("Orrery:HealthConsumer:ClaimIdle is 00:00:05; it must be longer than MaxRetryDelay");
    }

    [Fact]
    public async Task An_empty_group_name_is_refused()
    {
        var services = Embedded().AddHealthEventConsumer();
        services.Configure<HealthConsumerOptions>(o => o.Group = " ");
        await using var provider = services.BuildServiceProvider();

        Should.Throw<OptionsValidationException>(provider.GetRequiredService<IHealthEventFeed>).Message.ShouldContain("Group");
    }
}
