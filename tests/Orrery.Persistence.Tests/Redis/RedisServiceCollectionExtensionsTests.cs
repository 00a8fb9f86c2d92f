using Microsoft.Extensions.DependencyInjection;
using Orrery.Persistence.Redis;
using Orrery.Persistence.Sqlite;
using Orrery.Streams;

namespace Orrery.Persistence.Tests.Redis;

public sealed class RedisServiceCollectionExtensionsTests
{
    [Fact]
    public void AddRedisEventStream_AfterTheEmbeddedStore_ReplacesItsEventLogAndAddsConsumerGroups()
    {
        var services = new ServiceCollection().AddSqliteStore("orrery.db");

        services.AddRedisEventStream("127.0.0.1:6379,password=secret");

        services.Where(d => d.ServiceType == typeof(IEventStream)).ShouldHaveSingleItem().ImplementationFactory.ShouldNotBeNull();
        services.ShouldContain(d => d.ServiceType == typeof(IStreamConsumerGroups));
        services.ShouldContain(d => d.ServiceType == typeof(RedisClient));
    }

    [Theory]
    [InlineData("")]
    [InlineData("127.0.0.1:notaport")]
    [InlineData("127.0.0.1:6379,passwd=secret")]
    public void AddRedisEventStream_MalformedConnectionString_FailsAtRegistration(string connectionString) =>
        Should.Throw<FormatException>(() => new ServiceCollection().AddRedisEventStream(connectionString));
}
