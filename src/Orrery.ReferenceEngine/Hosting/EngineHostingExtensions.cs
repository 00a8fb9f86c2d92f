using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orrery.ReferenceEngine.Api;
using Orrery.ReferenceEngine.Persistence;

namespace Orrery.ReferenceEngine.Hosting;

/// <summary>Wires the engine into the host; Program only calls these.</summary>
internal static class EngineHostingExtensions
{
    /// <summary>Logging, listen URLs, JSON and the game services.</summary>
    /// <exception cref="EngineStartupException">ENGINE_PORT is invalid.</exception>
    public static WebApplicationBuilder AddReferenceEngine(this WebApplicationBuilder builder, string[] args)
    {
        // Microsoft.* at Warning: the framework's start-up chatter costs time and says nothing Orrery needs.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);

        ListenUrls.Apply(builder, args);

        // Problem details bring their own source-generated JSON; ours comes first for the rest.
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => EngineOptions.Read(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton(sp => new GameStateStore(sp.GetRequiredService<EngineOptions>().StatePath));
        builder.Services.AddSingleton<GameService>();
        return builder;
    }

    /// <summary>
    /// Checks the settings, loads the saved game and applies the start-up delay, all
    /// before listening: /healthz answering means the engine is ready.
    /// </summary>
    /// <exception cref="EngineStartupException">A setting is invalid or the saved game cannot be read.</exception>
    public static async Task PrepareReferenceEngineAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<EngineOptions>();
        var store = ResolveStore(app.Services);
        var game = app.Services.GetRequiredService<GameService>();
        await game.LoadAsync(CancellationToken.None);

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            var urls = addresses is { Count: > 0 } ? string.Join(", ", addresses) : "(in-process test server)";
            var state = game.Current is { } current
                ? string.Create(CultureInfo.InvariantCulture, $"game {current.GameId} at turn {current.Turn}")
                : "no game yet";
            EngineLog.Started(app.Logger, urls, store.Directory, state);
        });

        if (options.StartupDelay > TimeSpan.Zero)
        {
            await Task.Delay(options.StartupDelay, app.Services.GetRequiredService<TimeProvider>());
        }
    }

    private static GameStateStore ResolveStore(IServiceProvider services)
    {
        try
        {
            return services.GetRequiredService<GameStateStore>();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var path = services.GetRequiredService<EngineOptions>().StatePath;
            throw new EngineStartupException($"Cannot create the state directory {path}: {e.Message}", e);
        }
    }
}
