using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Orrery.Api;
using Orrery.Tests.Support;

namespace Orrery.Tests.Api;

public sealed class SpecsApiTests : NodeTest
{
    private const string Door = "Specification: door\nLearning mode: false\nTransitions:\nnil --[__initialisation__]-> closed\nclosed --[open]-> opened\nopened --[close]-> closed\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> PutSpexAsync(string name, string text, string type = "application/x-spex") =>
        Client.PutAsync($"specs/{name}", new StringContent(text, Encoding.UTF8, type), Ct);

    [Fact]
    public async Task Spex_body_registers_a_spec_read_back_with_its_transitions()
    {
        (await PutSpexAsync("door", Door)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var spec = await Client.GetFromJsonAsync<SpecResponse>("specs/door", NodeHarness.Json, Ct);
        spec!.InitialState.ShouldBe("closed");
        spec.Transitions!.Count.ShouldBe(3);
        spec.StateCount.ShouldBe(2);
        (await Client.GetFromJsonAsync<List<SpecResponse>>("specs", NodeHarness.Json, Ct))!.Select(s => s.Name).ShouldBe(["door", "game-runtime"]);
    }

    [Fact]
    public async Task Json_body_registers_the_same_spec()
    {
        var body = new
        {
            transitions = new[] { new { from = "nil", action = "__initialisation__", to = "a" }, new { from = "a", action = "go", to = "b" } },
            learningMode = true,
            transitionTimeout = "30s",
            stateTimeouts = new Dictionary<string, string> { ["a"] = "1m" },
            prunableStates = "all",
        };

        var response = await Client.PutAsJsonAsync("specs/flow", body, Ct);

        var spec = await response.Content.ReadFromJsonAsync<SpecResponse>(NodeHarness.Json, Ct);
        (spec!.LearningMode, spec.TransitionTimeout, spec.StateTimeouts["a"], spec.PrunableStates).ShouldBe((true, "30s", "1m", "all"));
    }

    [Fact]
    public async Task Malformed_spex_is_invalid_input_with_its_line_and_reason()
    {
        var problem = await (await PutSpexAsync("door", "Specification: door\nLearning mode: false\nTransitions:\nclosed -> opened\n"))
            .ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_input");

        problem.GetProperty("line").GetInt32().ShouldBe(4);
        problem.GetProperty("reason").GetString()!.ShouldContain("expected '<from> --[<action>]-> <to>'");
    }

    [Theory]
    [InlineData("other", Door)]                                            // the path and the body disagree
    [InlineData("instances", "Specification: instances\nTransitions:\na --[b]-> c\n")] // a route segment
    public async Task Bad_names_are_invalid_input(string name, string text) =>
        await (await PutSpexAsync(name, text)).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_input");

    [Fact]
    public async Task A_spec_without_transitions_has_no_initial_state_and_is_refused() =>
        await (await PutSpexAsync("empty", "Specification: empty\nTransitions:\n")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, "invalid_input");

    [Fact]
    public async Task A_body_over_the_limit_is_payload_too_large()
    {
        var huge = new StringBuilder("Specification: huge\nTransitions:\n");
        for (var i = 0; huge.Length <= RequestBodyLimit.MaxBytes; i++)
        {
            huge.Append($"s{i} --[go]-> s{i + 1}\n");
        }

        await (await PutSpexAsync("huge", huge.ToString())).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
    }

    [Fact]
    public async Task Instances_init_transition_get_list_mock_and_delete()
    {
        await PutSpexAsync("door", Door);

        var created = await Client.PostAsJsonAsync("specs/door/instances", new { id = "d1", meta = new { colour = "red" } }, Ct);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await Client.PostAsJsonAsync("specs/door/instances", new { id = "d1" }, Ct)).ShouldBeProblemAsync(HttpStatusCode.Conflict, "conflict");
        var moved = await Client.PostAsJsonAsync("specs/door/instances/d1/transitions", new { action = "open", to = "opened" }, Ct);
        (await moved.Content.ReadFromJsonAsync<SpecInstanceResponse>(NodeHarness.Json, Ct))!.State.ShouldBe("opened");
        await (await Client.PostAsJsonAsync("specs/door/instances/d1/transitions", new { action = "open", to = "opened" }, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "invalid_transition");

        (await Client.PostAsJsonAsync("specs/door/instances/d1/transitions?async=true", new { action = "close", to = "closed" }, Ct))
            .StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var one = await Client.GetFromJsonAsync<SpecInstanceResponse>("specs/door/instances/d1", NodeHarness.Json, Ct);
        one!.State.ShouldBe("closed");
        one.Meta!.Value.GetProperty("colour").GetString().ShouldBe("red");

        (await Client.PutAsJsonAsync("specs/door/instances/d2/mock", new { state = "opened" }, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Client.GetFromJsonAsync<List<SpecInstanceResponse>>("specs/door/instances", NodeHarness.Json, Ct))!.Select(i => i.Id).ShouldBe(["d1", "d2"]);
        (await Client.GetFromJsonAsync<List<SpecInstanceResponse>>("specs/instances?spec=door", NodeHarness.Json, Ct))!.Count.ShouldBe(2);

        (await Client.DeleteAsync("specs/door/instances/d1", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await Client.GetAsync("specs/door/instances/d1", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        var deleted = await (await Client.DeleteAsync("specs/door/instances?state=opened", Ct)).Content.ReadFromJsonAsync<SpecDeletedResponse>(NodeHarness.Json, Ct);
        deleted!.Deleted.ShouldBe(1);
    }

    [Fact]
    public async Task The_openapi_document_lists_the_spec_routes()
    {
        var document = await Client.GetStringAsync("/openapi/v1.json", Ct);

        foreach (var route in new[] { "/api/v1/specs/{name}", "/api/v1/specs/{name}/model", "/api/v1/specs/{name}/instances/{id}/transitions", "/api/v1/specs/deviations" })
        {
            document.ShouldContain(route);
        }
    }

    [Fact]
    public async Task Unknown_specs_are_not_found()
    {
        await (await Client.GetAsync("specs/nope", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Client.GetAsync("specs/nope/model", Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await Client.PostAsJsonAsync("specs/nope/instances", new { id = "x" }, Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task The_model_and_the_deviations_follow_the_instances()
    {
        await PutSpexAsync("door", Door);
        await Client.PostAsJsonAsync("specs/door/instances", new { id = "d1" }, Ct);

        var model = await Client.GetStringAsync("specs/door/model", Ct);
        model.ShouldContain("nil --[__initialisation__]-> closed");
        // The list counts the spec's instances and the model's transitions (the dashboard's table).
        await Client.PostAsJsonAsync("specs/door/instances", new { id = "d2" }, Ct);
        var door = (await Client.GetFromJsonAsync<List<SpecResponse>>("specs", NodeHarness.Json, Ct))!.Single(s => s.Name == "door");
        (door.InstanceCount, door.ModelTransitionCount).ShouldBe((2, 1));
        var deviations = await Client.GetFromJsonAsync<StreamReadResponse>("specs/deviations", NodeHarness.Json, Ct);
        var entry = deviations!.Entries.ShouldHaveSingleItem();
        entry.Fields["instance"].ShouldBe("d1");
        entry.Fields["type"].ShouldStartWith("deviation_");
    }

    [Fact]
    public async Task A_game_started_and_stopped_is_a_game_runtime_instance_whose_model_has_its_steps()
    {
        var gameId = await NodeHarness.RegisterGameAsync(Client, "Vegans", "Zorgs");
        (await NodeHarness.RunOperationAsync(Client, gameId, "start")).Status.ShouldBe("succeeded");
        (await NodeHarness.RunOperationAsync(Client, gameId, "stop")).Status.ShouldBe("succeeded");

        // Posted, not awaited: the instance follows the record within moments.
        var instance = await EventuallyAsync(async () => await Client.GetFromJsonAsync<JsonElement>($"specs/game-runtime/instances/{gameId}", NodeHarness.Json, Ct),
            i => i.GetProperty("state").GetString() == "stopped");
        instance.GetProperty("spec").GetString().ShouldBe("game-runtime");
        var model = await Client.GetStringAsync("specs/game-runtime/model", Ct);
        model.ShouldContain("none --[launch]-> starting");
        model.ShouldContain("starting --[engine_ready]-> running");
        model.ShouldContain("running --[stop]-> stopped");
    }

    [Fact]
    public async Task The_built_in_game_runtime_cannot_be_replaced() =>
        await (await PutSpexAsync("game-runtime", "Specification: game-runtime\nLearning mode: false\nTransitions:\nnone --[launch]-> starting\n"))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, "conflict");

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        for (var attempt = 0; ; attempt++)
        {
            var value = await read();
            if (done(value) || attempt == 100)
            {
                return value;
            }
            await Task.Delay(50, Ct);
        }
    }
}

public sealed class SpecsNodeTests
{
    private const string Lift = "Specification: lift\nLearning mode: false\nTransition timeout: 10m\nTransitions:\nnil --[__initialisation__]-> down\ndown --[up]-> up\nup --[down]-> down\n";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Specs_of_the_configured_directory_are_registered_at_start()
    {
        var directory = Directory.CreateTempSubdirectory("orrery-specs-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "lift.spex"), Lift, Ct);

        await using var node = await NodeHarness.StartAsync([$"--Orrery:Specs:Directory={directory}", "--Orrery:Specs:DistributionFactor=2"]);

        var spec = await node.CreateClient().GetFromJsonAsync<SpecResponse>("specs/lift", NodeHarness.Json, Ct);
        (spec!.InitialState, spec.TransitionTimeout).ShouldBe(("down", "10m"));
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task Specs_instances_and_models_survive_a_restart_and_models_are_exported_on_shutdown()
    {
        var exports = Directory.CreateTempSubdirectory("orrery-models-").FullName;
        string[] settings = [$"--Orrery:Specs:ModelExportDirectory={exports}"];
        var first = await NodeHarness.StartAsync(settings);
        var client = first.CreateClient();
        (await client.PutAsync("specs/lift", new StringContent(Lift, Encoding.UTF8, "text/plain"), Ct)).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("specs/lift/instances", new { id = "l1" }, Ct)).EnsureSuccessStatusCode();
        (await client.PostAsJsonAsync("specs/lift/instances/l1/transitions", new { action = "up", to = "up" }, Ct)).EnsureSuccessStatusCode();
        await first.StopAsync();
        await first.DisposeAsync();

        (await File.ReadAllTextAsync(Path.Combine(exports, "lift.spex"), Ct)).ShouldContain("down --[up]-> up");
        await using var second = await NodeHarness.StartAsync(settings, first.DataDirectory);
        var again = second.CreateClient();
        (await again.GetFromJsonAsync<SpecInstanceResponse>("specs/lift/instances/l1", NodeHarness.Json, Ct))!.State.ShouldBe("up");
        (await again.GetStringAsync("specs/lift/model", Ct)).ShouldContain("down --[up]-> up");
        Directory.Delete(exports, recursive: true);
    }

    [Fact]
    public async Task A_distribution_factor_of_zero_stops_the_start() =>
        (await Should.ThrowAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            NodeHarness.StartAsync(["--Orrery:Specs:DistributionFactor=0"]))).Message.ShouldContain("Orrery:Specs:DistributionFactor is 0");
}
