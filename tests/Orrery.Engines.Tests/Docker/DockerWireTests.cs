using System.Text.Json;
using Orrery.Engines.Docker;

namespace Orrery.Engines.Tests.Docker;

/// <summary>The JSON of the Docker Engine API as a 20.10 daemon writes it, and what Orrery sends.</summary>
public sealed class DockerWireTests
{
    [Fact]
    public void ContainerInspect_OomKilledContainer_ReadsStateWithNanosecondTimes()
    {
        const string json = """
            {"Id":"9560c766d430","Created":"2026-11-29T09:20:08.123456789Z","Name":"/orrery-game-x","RestartCount":2,
             "State":{"Status":"exited","Running":false,"Paused":false,"OOMKilled":true,"Dead":false,"Pid":0,"ExitCode":137,"Error":"",
                      "StartedAt":"2026-11-29T09:20:08.987654321Z","FinishedAt":"2026-11-29T09:20:09.5Z",
                      "Health":{"Status":"unhealthy","FailingStreak":3,"Log":[]}},
             "Config":{"Image":"orrery/reference-engine:test","Labels":{"orrery.managed":"1"}},"HostConfig":{"NetworkMode":"host"}}
            """;

        var container = JsonSerializer.Deserialize(json, DockerJsonContext.Default.ContainerInspectResponse).ShouldNotBeNull();

        container.State.OomKilled.ShouldBeTrue();
        container.State.ExitCode.ShouldBe(137);
        container.State.Running.ShouldBeFalse();
        container.RestartCount.ShouldBe(2);
        container.State.StartedAt.ShouldBe(new DateTimeOffset(2026, 11, 29, 9, 20, 8, TimeSpan.Zero).AddTicks(9_876_543));
        container.State.Health.ShouldNotBeNull().Status.ShouldBe("unhealthy");
        container.Config.Labels.ShouldNotBeNull()["orrery.managed"].ShouldBe("1");
    }

    [Fact]
    public void ContainerInspect_NeverFinished_ReadsDockersZeroTime()
    {
        const string json = """
            {"Id":"a","State":{"Running":true,"OOMKilled":false,"ExitCode":0,"StartedAt":"2026-11-29T09:20:08Z","FinishedAt":"0001-01-01T00:00:00Z"},"Config":{}}
            """;

        var container = JsonSerializer.Deserialize(json, DockerJsonContext.Default.ContainerInspectResponse).ShouldNotBeNull();

        container.State.FinishedAt.Year.ShouldBe(1);
        container.State.Health.ShouldBeNull();
        container.Config.Labels.ShouldBeNull();
    }

    [Fact]
    public void DockerEvent_Die_ReadsActorAndAttributes()
    {
        const string json = """
            {"status":"die","id":"abc","from":"img","Type":"container","Action":"die",
             "Actor":{"ID":"abc","Attributes":{"exitCode":"137","orrery.game_id":"g"}},"scope":"local","time":1764408008,"timeNano":1764408008123456789}
            """;

        var dockerEvent = JsonSerializer.Deserialize(json, DockerJsonContext.Default.DockerEvent).ShouldNotBeNull();

        dockerEvent.Action.ShouldBe("die");
        dockerEvent.Actor.Id.ShouldBe("abc");
        dockerEvent.Actor.Attributes.ShouldNotBeNull()["exitCode"].ShouldBe("137");
        dockerEvent.TimeNano.ShouldBe(1764408008123456789);
    }

    [Fact]
    public void ContainerCreateRequest_Written_UsesDockersNamesAndLeavesUnsetFieldsOut()
    {
        var request = new ContainerCreateRequest(
            "img", ["A=1"], new Dictionary<string, string> { ["l"] = "v" },
            new HostConfig([new Mount("bind", "/src", "/dst", false)], "host", 1, 1, 2, 3, null, new RestartPolicy("no")), "1000:1000");

        var json = JsonSerializer.Serialize(request, DockerJsonContext.Default.ContainerCreateRequest);

        json.ShouldBe(
            """{"Image":"img","Env":["A=1"],"Labels":{"l":"v"},"HostConfig":{"Mounts":[{"Type":"bind","Source":"/src","Target":"/dst","ReadOnly":false}],"NetworkMode":"host","Memory":1,"MemorySwap":1,"NanoCpus":2,"PidsLimit":3,"RestartPolicy":{"Name":"no"}},"User":"1000:1000"}""");
    }

    [Theory]
    [InlineData("{\"status\":\"Pulling from x\"}", null)]
    [InlineData("{\"errorDetail\":{\"message\":\"dial tcp 127.0.0.1:1: connect: connection refused\"},\"error\":\"dial tcp 127.0.0.1:1: connect: connection refused\"}", "dial tcp 127.0.0.1:1: connect: connection refused")]
    public void PullProgress_Line_ReadsTheErrorWhenThereIsOne(string line, string? error) =>
        JsonSerializer.Deserialize(line, DockerJsonContext.Default.PullProgress).ShouldNotBeNull().Error.ShouldBe(error);
}
