using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Orrery.Errors;
using Orrery.Sessions;
using Orrery.Tests.Support;

namespace Orrery.Tests.Sessions;

/// <summary>A local node without API keys (open mode: every caller is an admin) lets anyone watch, and still judges tokens.</summary>
public sealed class LiveAdmissionOpenNodeTests : NodeTest
{
    [Fact]
    public async Task NoCredentials_OnAnOpenNode_SpectatorLocal()
    {
        var gameId = await NodeHarness.RegisterGameAsync(Client);

        var admitted = await AdmitAsync(gameId, token: null);

        admitted.Viewer.ShouldBe(LiveViewer.Spectator("local"));
    }

    [Fact]
    public async Task BadToken_OnAnOpenNode_StillRefused()
    {
        var gameId = await NodeHarness.RegisterGameAsync(Client);

        var refused = await AdmitAsync(gameId, token: "a.b.c");

        refused.Viewer.ShouldBeNull();
        var problem = refused.Problem.ShouldBeOfType<ProblemHttpResult>().ProblemDetails;
        problem.Status.ShouldBe(StatusCodes.Status401Unauthorized);
        problem.Extensions["code"].ShouldBe(ErrorCodes.InvalidToken);
    }

    private Task<LiveAdmissionResult> AdmitAsync(Guid gameId, string? token)
    {
        var http = new DefaultHttpContext { RequestServices = Node.Services };
        if (token is not null)
        {
            http.Request.QueryString = QueryString.Create(LiveAdmission.AccessTokenParameter, token);
        }
        return Node.Services.GetRequiredService<LiveAdmission>().AdmitAsync(http, gameId, TestContext.Current.CancellationToken);
    }
}
