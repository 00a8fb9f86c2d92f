using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orrery.Core.Tests.Sessions;
using Orrery.Sessions;
using Orrery.Tests.Support;

namespace Orrery.Tests.Sessions;

/// <summary>Live sessions wired into the node: the turn path, operations and deletes reach a session's subscribers.</summary>
public sealed class LiveSessionsNodeTests : NodeTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private protected override IEnumerable<string> Settings => ["--Orrery:Live:PoolCapacity=3", "--Orrery:Live:Backlog=7"];

    [Fact]
    public async Task Session_GetsTheTurnThePauseAndTheEndOfTheGame()
    {
        var gameId = await NodeHarness.RegisterGameAsync(Client);
        (await NodeHarness.RunOperationAsync(Client, gameId, "start")).Status.ShouldBe("succeeded");
        var sessions = Node.Services.GetRequiredService<LiveSessions>();
        var watcher = RecordingSubscriber.Spectator();
        await using var attachment = await sessions.AttachAsync(gameId, watcher, null, Ct);

        (await Client.PostAsync($"games/{gameId}/force-next-turn", null, Ct)).EnsureSuccessStatusCode();
        await EventuallyAsync(() => watcher.Types.Contains(LiveMessageTypes.TurnResult));
        (await Client.PostAsync($"games/{gameId}/pause", null, Ct)).EnsureSuccessStatusCode();
        await EventuallyAsync(() => watcher.Types.Count(t => t == LiveMessageTypes.Status) > 0 && watcher.Last(LiveMessageTypes.Status).GetProperty("paused").GetBoolean());
        (await Client.DeleteAsync($"games/{gameId}", Ct)).EnsureSuccessStatusCode();
        await EventuallyAsync(() => watcher.ClosedWith is not null);

        var game = await Client.GetAsync($"games/{gameId}", Ct);
        watcher.ClosedWith.ShouldBe(LiveCloseCode.Ended);
        watcher.Last(LiveMessageTypes.Finished).GetProperty("reason").GetString().ShouldBe("stopped"); // a delete stops the game first
        watcher.Seqs.Zip(watcher.Seqs.Skip(1)).ShouldAllBe(pair => pair.Second == pair.First + 1);
        sessions.Presence(gameId).Running.ShouldBeFalse();
        game.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
    }

    [Fact]
    public void Settings_BoundFromOrreryLive()
    {
        var options = Node.Services.GetRequiredService<IOptions<LiveOptions>>().Value;

        options.PoolCapacity.ShouldBe(3);
        options.Backlog.ShouldBe(7);
        options.IdleGrace.ShouldBe(TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Settings_Invalid_TheNodeDoesNotStart()
    {
        var error = await Should.ThrowAsync<OptionsValidationException>(() => NodeHarness.StartAsync(["--Orrery:Live:PoolCapacity=0", "--Orrery:Live:IdleGrace=-00:00:01"]));

        error.Message.ShouldContain("PoolCapacity");
        error.Message.ShouldContain("IdleGrace");
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        while (!condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }
}
