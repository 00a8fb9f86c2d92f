using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Orrery.Errors;
using Orrery.Sessions;
using Orrery.Tests.Support;

namespace Orrery.Tests.Sessions;

/// <summary>The token route, and the admission of live connections against a whole node's services (keys, store, tokens).</summary>
public sealed class LiveTokenApiTests : NodeTest
{
    private const string LobbyKey = "lobby-key-0123456789";
    private const string ViewerKey = "viewer-key-012345678";
    private readonly Guid _member = Guid.NewGuid();
    private readonly Guid _otherMember = Guid.NewGuid();
    private readonly List<(string Code, long Count)> _refusals = [];

    private protected override IEnumerable<string> Settings =>
    [
        "--Orrery:Auth:ApiKeys:0:Name=lobby", $"--Orrery:Auth:ApiKeys:0:Key={LobbyKey}", "--Orrery:Auth:ApiKeys:0:Role=lobby",
        "--Orrery:Auth:ApiKeys:1:Name=grafana", $"--Orrery:Auth:ApiKeys:1:Key={ViewerKey}", "--Orrery:Auth:ApiKeys:1:Role=viewer",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Mint_LobbyKeyForAMember_TokenTheNodeAdmits()
    {
        var gameId = await RegisterAsync(_member, _otherMember);

        var response = await Node.CreateClient(LobbyKey).PostAsync($"games/{gameId}/players/{_member}/token", null, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        body.EnumerateObject().Select(p => p.Name).ShouldBe(["token", "expiresAt"]);
        var expiresAt = body.GetProperty("expiresAt").GetDateTimeOffset();
        expiresAt.ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(59), DateTimeOffset.UtcNow.AddMinutes(61));
        var check = await Node.Services.GetRequiredService<LiveTokens>().ValidateAsync(body.GetProperty("token").GetString(), gameId);
        check.ShouldBe(new LiveTokenCheck(LiveTokenOutcome.Valid, _member, expiresAt));
    }

    [Fact]
    public async Task Mint_UnknownGame_NotFound() =>
        await (await Node.CreateClient(LobbyKey).PostAsync($"games/{Guid.NewGuid()}/players/{_member}/token", null, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.NotFound, ErrorCodes.NotFound);

    [Fact]
    public async Task Mint_NotAMember_Forbidden()
    {
        var gameId = await RegisterAsync(_member);

        await (await Node.CreateClient(LobbyKey).PostAsync($"games/{gameId}/players/{Guid.NewGuid()}/token", null, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.NotMember);
    }

    [Fact]
    public async Task Mint_NoKey_Unauthorized()
    {
        var gameId = await RegisterAsync(_member);

        await (await Node.CreateClient().PostAsync($"games/{gameId}/players/{_member}/token", null, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);
    }

    [Fact]
    public async Task Mint_ViewerKey_Forbidden()
    {
        var gameId = await RegisterAsync(_member);

        await (await Node.CreateClient(ViewerKey).PostAsync($"games/{gameId}/players/{_member}/token", null, Ct))
            .ShouldBeProblemAsync(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    [Fact]
    public void EmbeddedNode_GeneratedItsSigningKeyOwnerOnly()
    {
        var path = Path.Combine(Node.DataDirectory, LiveSigningKeyFile.FileName);

        LiveSigningKeys.Decode(File.ReadAllText(path))!.Length.ShouldBe(32);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task Admit_TokenInTheQuery_PlayerWithNoSubProtocol()
    {
        var gameId = await RegisterAsync(_member);
        var token = await MintAsync(gameId, _member);

        var admitted = await AdmitAsync(gameId, query: token.Token);

        admitted.Problem.ShouldBeNull();
        admitted.Viewer.ShouldBe(LiveViewer.Player(_member, token.ExpiresAt));
        admitted.SubProtocol.ShouldBeNull();
    }

    [Fact]
    public async Task Admit_TokenBesideTheSubProtocol_PlayerAndTheSubProtocolSelected()
    {
        var gameId = await RegisterAsync(_member);
        var token = await MintAsync(gameId, _member);

        var admitted = await AdmitAsync(gameId, protocols: $"{LiveAdmission.SubProtocol}, {token.Token}");

        admitted.Viewer.ShouldBe(LiveViewer.Player(_member, token.ExpiresAt));
        admitted.SubProtocol.ShouldBe(LiveAdmission.SubProtocol);
    }

    [Fact]
    public async Task Admit_ViewerKey_Spectator()
    {
        var gameId = await RegisterAsync(_member);

        var admitted = await AdmitAsync(gameId, apiKey: ViewerKey);

        admitted.Viewer.ShouldBe(LiveViewer.Spectator("grafana"));
        admitted.SubProtocol.ShouldBeNull();
    }

    [Fact]
    public async Task Admit_KeyWhileOfferingTheSubProtocol_SpectatorAndTheSubProtocolSelected()
    {
        var gameId = await RegisterAsync(_member);

        var admitted = await AdmitAsync(gameId, apiKey: LobbyKey, protocols: LiveAdmission.SubProtocol);

        admitted.Viewer.ShouldBe(LiveViewer.Spectator("lobby"));
        admitted.SubProtocol.ShouldBe(LiveAdmission.SubProtocol);
    }

    [Fact]
    public async Task Admit_UnknownGame_NotFoundEvenWithAValidToken()
    {
        var gameId = Guid.NewGuid();
        var token = Node.Services.GetRequiredService<LiveTokens>().Mint(gameId, _member);

        await ShouldBeRefusedAsync(await AdmitAsync(gameId, query: token.Token), HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Fact]
    public async Task Admit_NoCredentials_Unauthorized() =>
        await ShouldBeRefusedAsync(await AdmitAsync(await RegisterAsync(_member)), HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);

    [Fact]
    public async Task Admit_UnknownApiKey_Unauthorized() =>
        await ShouldBeRefusedAsync(await AdmitAsync(await RegisterAsync(_member), apiKey: "not-a-key-of-this-node"),
            HttpStatusCode.Unauthorized, ErrorCodes.Unauthorized);

    [Fact]
    public async Task Admit_ForgedToken_InvalidTokenWithoutEchoingIt()
    {
        var gameId = await RegisterAsync(_member);
        var token = (await MintAsync(gameId, _member)).Token;
        var forged = token[..^4] + (token.EndsWith("AAAA") ? "BBBB" : "AAAA");

        var body = await ShouldBeRefusedAsync(await AdmitAsync(gameId, query: forged, apiKey: ViewerKey), HttpStatusCode.Unauthorized, ErrorCodes.InvalidToken);

        body.ShouldNotContain(forged[..20]);
    }

    [Fact]
    public async Task Admit_TokenOfAnotherGame_WrongGame()
    {
        var gameId = await RegisterAsync(_member);
        var otherGameId = await RegisterAsync(_member);
        var token = await MintAsync(otherGameId, _member);

        await ShouldBeRefusedAsync(await AdmitAsync(gameId, protocols: $"{LiveAdmission.SubProtocol},{token.Token}"), HttpStatusCode.Forbidden, ErrorCodes.WrongGame);
    }

    [Fact]
    public async Task Admit_MemberRemovedAfterTheTokenWasMinted_NotMember()
    {
        var gameId = await RegisterAsync(_member, _otherMember);
        var token = await MintAsync(gameId, _member);
        await RegisterWithMembersAsync(gameId, _otherMember);

        await ShouldBeRefusedAsync(await AdmitAsync(gameId, query: token.Token), HttpStatusCode.Forbidden, ErrorCodes.NotMember);
    }

    [Fact]
    public async Task Admit_Refusals_CountedByCode()
    {
        var gameId = await RegisterAsync(_member);
        using var listener = ListenToRefusals();

        await AdmitAsync(gameId);
        await AdmitAsync(gameId, query: "garbage");
        await AdmitAsync(gameId, query: "a.b.c");
        await AdmitAsync(gameId, query: (await MintAsync(gameId, _member)).Token);

        _refusals.ShouldBe([(ErrorCodes.Unauthorized, 1), (ErrorCodes.InvalidToken, 1), (ErrorCodes.InvalidToken, 1)]);
    }

    private MeterListener ListenToRefusals()
    {
        var factory = Node.Services.GetRequiredService<IMeterFactory>();
        var listener = new MeterListener
        {
            // Only this node's meter: other tests' nodes count their own refusals.
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == "orrery.live.admissions_refused" && instrument.Meter.Scope == factory)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (_refusals)
            {
                _refusals.Add(((string)tags.ToArray().Single(t => t.Key == "code").Value!, value));
            }
        });
        listener.Start();
        return listener;
    }

    private Task<Guid> RegisterAsync(params Guid[] members) => RegisterWithMembersAsync(Guid.NewGuid(), members);

    private async Task<Guid> RegisterWithMembersAsync(Guid gameId, params Guid[] members)
    {
        var body = new
        {
            targetEngineVersion = "1.0.0",
            turnSchedule = "0 0 * * *",
            memberships = members.Select((m, i) => new { userId = m, raceName = $"Race{i}" }),
        };
        (await Node.CreateClient(LobbyKey).PutAsJsonAsync($"games/{gameId}", body, Ct)).EnsureSuccessStatusCode();
        return gameId;
    }

    private async Task<LiveToken> MintAsync(Guid gameId, Guid userId)
    {
        var response = await Node.CreateClient(LobbyKey).PostAsync($"games/{gameId}/players/{userId}/token", null, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<LiveToken>(NodeHarness.Json, Ct))!;
    }

    /// <summary>Runs admission on a request as the live route receives it (anonymous: the route lets everyone through).</summary>
    private async Task<LiveAdmissionResult> AdmitAsync(Guid gameId, string? query = null, string? protocols = null, string? apiKey = null)
    {
        var http = NewContext();
        if (query is not null)
        {
            http.Request.QueryString = QueryString.Create(LiveAdmission.AccessTokenParameter, query);
        }
        if (protocols is not null)
        {
            http.Request.Headers.SecWebSocketProtocol = protocols;
        }
        if (apiKey is not null)
        {
            http.Request.Headers.Authorization = $"Bearer {apiKey}";
        }
        return await Node.Services.GetRequiredService<LiveAdmission>().AdmitAsync(http, gameId, Ct);
    }

    private DefaultHttpContext NewContext() => new()
    {
        RequestServices = Node.Services,
        Request = { Method = "GET", Path = "/api/v1/games/x/live" },
        Response = { Body = new MemoryStream() },
    };

    /// <summary>Writes the refusal as the route would and checks it is problem+json with the code; returns the body.</summary>
    private async Task<string> ShouldBeRefusedAsync(LiveAdmissionResult result, HttpStatusCode status, string code)
    {
        result.Viewer.ShouldBeNull();
        result.Problem.ShouldNotBeNull();
        var http = NewContext();
        await result.Problem.ExecuteAsync(http);
        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync(Ct);
        var response = new HttpResponseMessage((HttpStatusCode)http.Response.StatusCode)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, http.Response.ContentType!.Split(';')[0]),
        };
        await response.ShouldBeProblemAsync(status, code);
        return body;
    }
}
