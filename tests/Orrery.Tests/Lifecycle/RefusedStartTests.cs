using System.Net;
using System.Net.Http.Json;
using Orrery.Api;
using Orrery.Errors;
using Orrery.Tests.Support;

namespace Orrery.Tests.Lifecycle;

/// <summary>
/// A start refused at validation (SPEC §4) is answered 4xx and also recorded: a <c>failed</c> start operation with
/// the refusal's code, and a <c>runtime_job_result</c> on the lobby stream. A retry with the same Idempotency-Key gets
/// the same answer and records nothing more.
/// </summary>
public sealed class RefusedStartTests : NodeTest
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_of_a_running_game_is_refused_and_recorded_as_a_failed_start()
    {
        var gameId = await NodeHarness.RegisterGameAsync(Client);
        await NodeHarness.RunOperationAsync(Client, gameId, "start");

        var problem = await (await Client.PostAsync($"games/{gameId}/start", null, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.InvalidTransition);

        await ShouldBeRecordedAsync(gameId, problem.GetProperty("operationId").GetGuid(), ErrorCodes.InvalidTransition);
    }

    [Fact]
    public async Task Start_on_a_deprecated_version_is_refused_and_recorded_and_a_retry_with_its_key_answers_the_same()
    {
        var gameId = await NodeHarness.RegisterGameAsync(Client);
        (await Client.PutAsJsonAsync("engine-versions/1.0.0", new { imageRef = "builtin:reference-engine", deprecated = true }, Ct))
            .EnsureSuccessStatusCode();

        var first = await StartWithKeyAsync(gameId, "start-once");
        var problem = await first.ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.InvalidInput);
        var operationId = problem.GetProperty("operationId").GetGuid();
        await ShouldBeRecordedAsync(gameId, operationId, ErrorCodes.InvalidInput);

        var retry = await (await StartWithKeyAsync(gameId, "start-once")).ShouldBeProblemAsync(HttpStatusCode.BadRequest, ErrorCodes.InvalidInput);

        retry.GetProperty("operationId").GetGuid().ShouldBe(operationId);
        (await OperationsAsync(gameId)).ShouldHaveSingleItem();
        (await JobResultsAsync(gameId)).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_start_refused_because_one_is_queued_records_nothing()
    {
        Node.Engines.NeverHealthy = true; // keeps the first start busy
        var gameId = await NodeHarness.RegisterGameAsync(Client);
        (await Client.PostAsync($"games/{gameId}/start", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        await (await Client.PostAsync($"games/{gameId}/start", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.Conflict, ErrorCodes.Conflict);

        (await OperationsAsync(gameId)).ShouldHaveSingleItem();
    }

    private Task<HttpResponseMessage> StartWithKeyAsync(Guid gameId, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"games/{gameId}/start");
        request.Headers.Add("Idempotency-Key", key);
        return Client.SendAsync(request, Ct);
    }

    private async Task ShouldBeRecordedAsync(Guid gameId, Guid operationId, string code)
    {
        var operation = await Client.GetFromJsonAsync<OperationResponse>($"operations/{operationId}", NodeHarness.Json, Ct);
        operation!.ShouldSatisfyAllConditions(
            o => o.GameId.ShouldBe(gameId),
            o => o.Op.ShouldBe("start"),
            o => o.Status.ShouldBe("failed"),
            o => o.ErrorCode.ShouldBe(code),
            o => o.ErrorMessage.ShouldNotBeNullOrWhiteSpace());
        (await OperationsAsync(gameId)).ShouldContain(o => o.OperationId == operationId);

        var result = (await JobResultsAsync(gameId)).ShouldHaveSingleItem();
        result["op"].ShouldBe("start");
        result["status"].ShouldBe("failed");
        result["error_code"].ShouldBe(code);
    }

    /// <summary>The game's operations other than its successful first start.</summary>
    private async Task<IReadOnlyList<OperationResponse>> OperationsAsync(Guid gameId) =>
        (await Client.GetFromJsonAsync<PageResponse<OperationResponse>>($"games/{gameId}/operations", NodeHarness.Json, Ct))!
            .Items.Where(o => o.Status != "succeeded").ToList();

    private async Task<IReadOnlyList<IReadOnlyDictionary<string, string>>> JobResultsAsync(Guid gameId) =>
        (await Client.GetFromJsonAsync<StreamReadResponse>("streams/gm:lobby_events/entries?count=1000", NodeHarness.Json, Ct))!
            .Entries.Select(e => e.Fields)
            .Where(f => f["event_type"] == "runtime_job_result" && f["game_id"] == gameId.ToString("D"))
            .ToList();
}
