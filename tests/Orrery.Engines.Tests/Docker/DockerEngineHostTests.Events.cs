using Orrery.Tests.Shared;

namespace Orrery.Engines.Tests.Docker;

/// <summary>The host as an <see cref="IEngineEventSource"/>: what the health monitor hears from the daemon.</summary>
public sealed partial class DockerEngineHostTests
{
    [Fact]
    public async Task WatchAsync_EngineKilled_TellsItsGameAndContainer()
    {
        var host = NewHost();
        var spec = await SpecAsync();
        var engine = await RunHealthyAsync(host, spec);
        var events = (IEngineEventSource)host;
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        watching.CancelAfter(TimeSpan.FromSeconds(60));
        await using var changes = events.WatchAsync(watching.Token).GetAsyncEnumerator(watching.Token);
        var next = changes.MoveNextAsync().AsTask(); // watching from before the kill

        await KillAbruptlyAsync(engine);

        (await next).ShouldBeTrue();
        changes.Current.ShouldBe(new EngineEvent(spec.GameId, engine.Id, "die"));
    }

    [Fact]
    public async Task WatchAsync_EngineRemoved_TellsOfItsDestruction()
    {
        var host = NewHost();
        var spec = await SpecAsync();
        var engine = await RunHealthyAsync(host, spec);
        await host.StopAsync(engine.Id, TimeSpan.FromSeconds(1), Ct);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        watching.CancelAfter(TimeSpan.FromSeconds(60));
        await using var changes = ((IEngineEventSource)host).WatchAsync(watching.Token).GetAsyncEnumerator(watching.Token);
        var next = changes.MoveNextAsync().AsTask(); // watching from before the removal

        await host.RemoveAsync(engine.Id, Ct);

        var seen = new List<EngineEvent>();
        while (await next)
        {
            seen.Add(changes.Current);
            if (changes.Current.Action == "destroy")
            {
                break;
            }
            next = changes.MoveNextAsync().AsTask();
        }
        seen.ShouldAllBe(e => e.GameId == spec.GameId && e.EngineId == engine.Id);
        seen[^1].Action.ShouldBe("destroy");
    }

    [Fact]
    public async Task An_image_HEALTHCHECK_that_fails_shows_unhealthy_in_the_inspection_and_on_the_event_stream()
    {
        var image = await FailingHealthCheckImage.EnsureAsync(Endpoint, ReferenceImageRef, Ct);
        var host = NewHost();
        var spec = await SpecAsync(imageRef: image);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        watching.CancelAfter(TimeSpan.FromSeconds(60));
        await using var changes = ((IEngineEventSource)host).WatchAsync(watching.Token).GetAsyncEnumerator(watching.Token);
        var next = changes.MoveNextAsync().AsTask(); // watching from before the start

        var engine = await RunHealthyAsync(host, spec); // the engine itself answers: only the runtime's check fails

        (await next).ShouldBeTrue();
        changes.Current.ShouldBe(new EngineEvent(spec.GameId, engine.Id, "health_status: unhealthy"));
        var inspection = (await host.InspectAsync(engine.Id, Ct)).ShouldNotBeNull();
        inspection.Running.ShouldBeTrue();
        inspection.HealthCheck.ShouldNotBeNull().ShouldSatisfyAllConditions(
            c => c.IsUnhealthy.ShouldBeTrue(),
            c => c.FailingStreak.ShouldBeGreaterThanOrEqualTo(1),
            c => c.LastOutput.ShouldNotBeNullOrWhiteSpace());
    }

    [Fact]
    public async Task An_image_without_a_HEALTHCHECK_has_no_health_check_in_its_inspection()
    {
        var engine = await RunHealthyAsync(NewHost(), await SpecAsync());

        (await NewHost().InspectAsync(engine.Id, Ct)).ShouldNotBeNull().HealthCheck.ShouldBeNull();
    }
}
