using Microsoft.Extensions.DependencyInjection;
using Orrery.EngineHosts;
using Orrery.Engines;
using Orrery.Hosting;
using Orrery.Storage;
using Orrery.Streams;

namespace Orrery.Tests.Hosting;

/// <summary><c>Orrery:Store</c>, <c>Orrery:Streams</c> and <c>Orrery:EngineHost</c> choose the adapters; wrong settings stop the node in one line.</summary>
public sealed class AdapterSelectionTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("orrery-adapters-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private string[] Args(params string[] settings) => ["--Orrery:DataDirectory=" + _data, "--urls=http://127.0.0.1:0", .. settings];

    [Fact]
    public async Task By_default_the_node_is_embedded()
    {
        await using var app = OrreryNode.Build(Args());

        app.Services.GetRequiredService<IRuntimeStore>().GetType().Name.ShouldBe("SqliteRuntimeStore");
        app.Services.GetRequiredService<IEventStream>().GetType().Name.ShouldBe("SqliteEventStream");
        app.Services.GetRequiredService<IEngineHost>().GetType().Name.ShouldBe("ProcessEngineHost");
        app.Services.GetService<IEngineEventSource>().ShouldBeNull();
    }

    [Fact]
    public async Task The_production_adapters_are_chosen_by_name_in_any_case()
    {
        await using var app = OrreryNode.Build(Args(
            "--Orrery:Store=Postgres", "--ConnectionStrings:Postgres=Host=127.0.0.1;Username=orrery;Password=secret",
            "--Orrery:Streams=REDIS", "--ConnectionStrings:Redis=127.0.0.1:6379",
            "--Orrery:EngineHost=docker", "--Orrery:Docker:Endpoint=unix:///run/test/docker.sock"));

        // Nothing connects while the node is built: these only name the adapters.
        app.Services.GetRequiredService<IRuntimeStore>().GetType().Name.ShouldBe("PostgresRuntimeStore");
        app.Services.GetRequiredService<IEventStream>().GetType().Name.ShouldBe("RedisEventStream");
        app.Services.GetRequiredService<IEngineHost>().GetType().Name.ShouldBe("RoutedEngineHost"); // over the one daemon
        app.Services.GetRequiredService<EngineHostFleet>().Members.ShouldHaveSingleItem().Host.GetType().Name.ShouldBe("DockerEngineHost");
        app.Services.GetRequiredService<IEngineEventSource>().ShouldBeSameAs(app.Services.GetRequiredService<IEngineHost>());
    }

    [Theory]
    [InlineData("--Orrery:Store=mysql", "Orrery:Store is sqlite or postgres")]
    [InlineData("--Orrery:EngineHost=kubernetes", "Orrery:EngineHost is process or docker")]
    [InlineData("--Orrery:Store=postgres", "Orrery:Store=postgres needs ConnectionStrings:Postgres")]
    [InlineData("--Orrery:Streams=redis", "Orrery:Streams=redis needs ConnectionStrings:Redis")]
    [InlineData("--Orrery:EngineCapacity=-1", "Orrery:EngineCapacity is -1")]
    public void A_setting_that_cannot_work_stops_the_node_saying_which(string setting, string expected)
    {
        var refused = Should.Throw<NodeConfigurationException>(() => OrreryNode.Build(Args(setting)));

        refused.Message.ShouldContain(expected);
    }

    [Fact]
    public void The_embedded_event_log_needs_the_embedded_store()
    {
        var refused = Should.Throw<NodeConfigurationException>(() => OrreryNode.Build(Args(
            "--Orrery:Store=postgres", "--ConnectionStrings:Postgres=Host=127.0.0.1;Username=orrery")));

        refused.Message.ShouldContain("with Orrery:Store=postgres set Orrery:Streams=redis");
    }

    [Fact]
    public void A_malformed_connection_string_is_refused_without_repeating_its_secret()
    {
        var refused = Should.Throw<NodeConfigurationException>(() => OrreryNode.Build(Args(
            "--Orrery:Store=postgres", "--ConnectionStrings:Postgres=Host=db;Passwrd=hunter2", "--Orrery:Streams=redis",
            "--ConnectionStrings:Redis=127.0.0.1:6379")));

        refused.Message.ShouldContain("ConnectionStrings:Postgres");
        refused.Message.ShouldNotContain("hunter2");
    }
}
