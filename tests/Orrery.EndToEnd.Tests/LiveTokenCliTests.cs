using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Orrery.EndToEnd.Tests;

/// <summary><c>orrery games token</c> against the real binary, on the signing key the embedded node generated.</summary>
public sealed class LiveTokenCliTests() : EmbeddedNodeTest("live-token")
{
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // the end-to-end tests run on Linux only (OrreryProcess signals with libc)
    public async Task GamesToken_Member_PrintsATokenOfTheNodesKey_AndTheKeySurvivesARestart()
    {
        await StartNodeAsync();
        var member = Guid.NewGuid();
        var gameId = Guid.NewGuid();
        var (created, createOutput) = await Node.RunCliAsync("games", "create", "--id", gameId.ToString(), "--race", $"{member}:Andorians", "--race", "Cygnans");
        created.ShouldBe(0, createOutput);
        var keyPath = Path.Combine(DataDirectory, "live-signing.key");
        var key = await File.ReadAllTextAsync(keyPath, TestContext.Current.CancellationToken);
        File.GetUnixFileMode(keyPath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var (exit, token) = await Node.RunCliAsync("games", "token", gameId.ToString(), member.ToString());
        var (jsonExit, json) = await Node.RunCliAsync("games", "token", gameId.ToString(), member.ToString(), "--json");

        exit.ShouldBe(0, token);
        var jwt = new JsonWebToken(token.Trim());
        jwt.Subject.ShouldBe(member.ToString());
        jwt.GetPayloadValue<string>("gid").ShouldBe(gameId.ToString());
        jsonExit.ShouldBe(0, json);
        var answer = JsonSerializer.Deserialize<JsonElement>(json);
        new JsonWebToken(answer.GetProperty("token").GetString()).ValidTo.ShouldBe(answer.GetProperty("expiresAt").GetDateTimeOffset().UtcDateTime);
        Node.Output.ShouldNotContain(key.Trim());

        await StartNodeAsync();
        (await File.ReadAllTextAsync(keyPath, TestContext.Current.CancellationToken)).ShouldBe(key);
    }

    [Fact]
    public async Task GamesToken_NotAMember_FailsWithTheCode()
    {
        await StartNodeAsync();
        var gameId = Guid.NewGuid();
        (await Node.RunCliAsync("games", "create", "--id", gameId.ToString(), "--race", "Andorians")).ExitCode.ShouldBe(0);

        var (exit, output) = await Node.RunCliAsync("games", "token", gameId.ToString(), Guid.NewGuid().ToString());

        exit.ShouldBe(1, output);
        output.ShouldContain("not_member");
    }
}
