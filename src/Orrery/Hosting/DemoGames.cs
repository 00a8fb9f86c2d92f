using Microsoft.Extensions.Options;
using Orrery.Cluster;
using Orrery.Games;
using Orrery.Observability;
using Orrery.Operations;

namespace Orrery.Hosting;

/// <summary>
/// <c>orrery up --demo N</c>: registers and starts N small games on the bundled engine once the node
/// serves, so a newcomer sees engines running at once.
/// </summary>
internal sealed partial class DemoGames(
    IOptions<NodeOptions> options,
    GameRegistry registry,
    GameOwners owners,
    IHostApplicationLifetime lifetime,
    ILogger<DemoGames> logger) : IHostedService
{
    private static readonly string[] RaceNames = ["Andorians", "Betelgeusians", "Cygnans", "Denebians"];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.DemoGames > 0)
        {
            lifetime.ApplicationStarted.Register(() => _ = SeedAsync(options.Value.DemoGames, lifetime.ApplicationStopping));
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task SeedAsync(int count, CancellationToken cancellationToken)
    {
        try
        {
            for (var i = 0; i < count; i++)
            {
                var gameId = Guid.NewGuid();
                var races = RaceNames.Take(2 + i % 3).Select(name => new MembershipRegistration(Guid.NewGuid(), name)).ToList();
                await registry.RegisterAsync(gameId, new GameRegistration(StoreInitializer.BundledVersion.ToString(), "*/10 * * * * *", races), cancellationToken);
                await owners.RequestAsync(new GameCommand(gameId, OperationKind.Start, OperationSource.System, IdempotencyKey: null), cancellationToken);
                Log.Seeded(logger, gameId, races.Count);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.SeedFailed(logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(LogEventIds.DemoGames.Seeded, LogLevel.Information, "Demo game {GameId} registered with {Races} races and queued to start")]
        public static partial void Seeded(ILogger logger, Guid gameId, int races);

        [LoggerMessage(LogEventIds.DemoGames.SeedFailed, LogLevel.Error, "Could not seed the demo games")]
        public static partial void SeedFailed(ILogger logger, Exception exception);
    }
}
