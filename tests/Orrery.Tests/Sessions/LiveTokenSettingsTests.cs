using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orrery.Hosting;
using Orrery.Sessions;

namespace Orrery.Tests.Sessions;

/// <summary>Where a node's signing keys come from: a node alone generates one into its data directory, a cluster replica must be given them.</summary>
public sealed class LiveTokenSettingsTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("orrery-live-settings-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    // Building a replica checks its silo port is free; nothing listens on it, since these nodes never serve.
    private static string Replica => $"--Orrery:Cluster:Enabled=true --Orrery:Cluster:AdvertisedIp=127.0.0.1 --Orrery:Cluster:SiloPort={FreePort()}";

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string[] Production(params string[] settings) =>
    [
        "--Orrery:DataDirectory=" + _data, "--urls=http://127.0.0.1:0", "--Logging:LogLevel:Default=None",
        "--Orrery:Store=postgres", "--ConnectionStrings:Postgres=Host=127.0.0.1;Port=1;Username=orrery",
        "--Orrery:Streams=redis", "--ConnectionStrings:Redis=127.0.0.1:1", .. settings.SelectMany(s => s.Split(' ')),
    ];

    [Fact]
    public async Task ProductionNodeAlone_NoKeys_UsesTheKeyItGeneratesInItsDataDirectory()
    {
        await using var app = OrreryNode.Build(Production());

        var keys = app.Services.GetRequiredService<IOptions<LiveTokenOptions>>().Value.SigningKeys;

        keys.ShouldBe([File.ReadAllText(Path.Combine(_data, LiveSigningKeyFile.FileName)).Trim()]);
    }

    [Fact]
    public async Task ClusterReplica_NoKeys_RefusesToStartSayingWhy()
    {
        await using var app = OrreryNode.Build(Production(Replica));

        var refused = await Should.ThrowAsync<OptionsValidationException>(() => app.StartAsync(TestContext.Current.CancellationToken));

        refused.Message.ShouldStartWith("Orrery:Live:SigningKeys is empty: in cluster mode every replica must verify the tokens any replica mints");
        File.Exists(Path.Combine(_data, LiveSigningKeyFile.FileName)).ShouldBeFalse();
    }

    [Fact]
    public async Task ClusterReplica_ConfiguredKeys_SignWithTheFirst()
    {
        var (first, second) = (LiveSigningKeys.Generate(), LiveSigningKeys.Generate());
        await using var app = OrreryNode.Build(Production(
            Replica, $"--Orrery:Live:SigningKeys:0={first}", $"--Orrery:Live:SigningKeys:1={second}"));

        app.Services.GetRequiredService<IOptions<LiveTokenOptions>>().Value.SigningKeys.ShouldBe([first, second]);
        File.Exists(Path.Combine(_data, LiveSigningKeyFile.FileName)).ShouldBeFalse();
    }
}
