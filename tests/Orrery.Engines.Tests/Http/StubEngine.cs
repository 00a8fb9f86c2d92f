using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orrery.Engines.Tests.Http;

/// <summary>
/// A tiny in-test engine on Kestrel whose every route does what the test says, to provoke the answers a
/// real engine rarely gives (errors, hangs, malformed bodies).
/// </summary>
internal sealed class StubEngine : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StubEngine(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>Answers every request (any method, any path) with <paramref name="handler"/>.</summary>
    public static async Task<StubEngine> StartAsync(RequestDelegate handler, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new StubEngine(app, new Uri(address + "/"));
    }

    /// <summary>Never answers, until the client gives up.</summary>
    public static Task<StubEngine> HangingAsync(CancellationToken cancellationToken) =>
        StartAsync(async context => await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
