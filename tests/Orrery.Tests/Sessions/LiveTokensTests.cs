using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Orrery.Core.Tests.Fakes;
using Orrery.Sessions;

namespace Orrery.Tests.Sessions;

public sealed class LiveTokensTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 10, 0, 0, 500, TimeSpan.Zero);
    private static readonly string OldKey = LiveSigningKeys.Generate();
    private static readonly string NewKey = LiveSigningKeys.Generate();
    private readonly ManualTimeProvider _time = new(Start);
    private readonly Guid _game = Guid.NewGuid();
    private readonly Guid _user = Guid.NewGuid();

    private LiveTokens Tokens(params string[] keys) =>
        new(Options.Create(new LiveTokenOptions { SigningKeys = [.. keys], TokenLifetime = TimeSpan.FromHours(1) }), _time);

    [Fact]
    public async Task Mint_ThenValidate_GivesTheUserAndTheExpiry()
    {
        var tokens = Tokens(NewKey);

        var minted = tokens.Mint(_game, _user);
        var check = await tokens.ValidateAsync(minted.Token, _game);

        // exp is in whole seconds: the answer's expiry is the token's, not a millisecond later.
        minted.ExpiresAt.ShouldBe(new DateTimeOffset(2026, 12, 7, 11, 0, 0, TimeSpan.Zero));
        check.ShouldBe(new LiveTokenCheck(LiveTokenOutcome.Valid, _user, minted.ExpiresAt));
    }

    [Fact]
    public void Mint_IsAnHs256JwtWithTheSpecifiedClaims()
    {
        var minted = Tokens(NewKey).Mint(_game, _user);

        var jwt = new JsonWebToken(minted.Token);
        jwt.Alg.ShouldBe("HS256");
        jwt.Subject.ShouldBe(_user.ToString());
        jwt.GetPayloadValue<string>("gid").ShouldBe(_game.ToString());
        jwt.IssuedAt.ShouldBe(Start.UtcDateTime.AddTicks(-(Start.UtcDateTime.Ticks % TimeSpan.TicksPerSecond)));
        jwt.ValidTo.ShouldBe(minted.ExpiresAt.UtcDateTime);
        jwt.Id.ShouldNotBeNullOrEmpty();
        new JsonWebToken(Tokens(NewKey).Mint(_game, _user).Token).Id.ShouldNotBe(jwt.Id);
    }

    [Fact]
    public async Task Validate_ForgedSignature_Invalid()
    {
        var minted = Tokens(NewKey).Mint(_game, _user).Token;
        var parts = minted.Split('.');
        var forged = $"{parts[0]}.{parts[1]}.{Tokens(LiveSigningKeys.Generate()).Mint(_game, _user).Token.Split('.')[2]}";

        (await Tokens(NewKey).ValidateAsync(forged, _game)).ShouldBe(LiveTokenCheck.Invalid);
    }

    [Fact]
    public async Task Validate_PayloadChangedUnderItsSignature_Invalid()
    {
        var parts = Tokens(NewKey).Mint(_game, _user).Token.Split('.');
        var payload = Encoding.UTF8.GetString(Base64UrlDecode(parts[1])).Replace(_user.ToString(), Guid.NewGuid().ToString());
        var tampered = $"{parts[0]}.{Base64UrlEncode(payload)}.{parts[2]}";

        (await Tokens(NewKey).ValidateAsync(tampered, _game)).ShouldBe(LiveTokenCheck.Invalid);
    }

    [Fact]
    public async Task Validate_UnsignedToken_Invalid()
    {
        var parts = Tokens(NewKey).Mint(_game, _user).Token.Split('.');
        var unsigned = $"{Base64UrlEncode("{\"alg\":\"none\",\"typ\":\"JWT\"}")}.{parts[1]}.";

        (await Tokens(NewKey).ValidateAsync(unsigned, _game)).ShouldBe(LiveTokenCheck.Invalid);
    }

    [Fact]
    public async Task Validate_SignedByAKeyNotConfigured_Invalid()
    {
        var minted = Tokens(OldKey).Mint(_game, _user);

        (await Tokens(NewKey).ValidateAsync(minted.Token, _game)).ShouldBe(LiveTokenCheck.Invalid);
    }

    [Fact]
    public async Task Rotation_TheFirstKeySignsAndEveryKeyVerifies()
    {
        var beforeRotation = Tokens(OldKey).Mint(_game, _user);
        var rotated = Tokens(NewKey, OldKey);

        var afterRotation = rotated.Mint(_game, _user);

        (await rotated.ValidateAsync(beforeRotation.Token, _game)).Outcome.ShouldBe(LiveTokenOutcome.Valid);
        (await rotated.ValidateAsync(afterRotation.Token, _game)).Outcome.ShouldBe(LiveTokenOutcome.Valid);
        (await Tokens(NewKey).ValidateAsync(afterRotation.Token, _game)).Outcome.ShouldBe(LiveTokenOutcome.Valid);
        (await Tokens(OldKey).ValidateAsync(afterRotation.Token, _game)).ShouldBe(LiveTokenCheck.Invalid);
    }

    [Fact]
    public async Task Validate_UntilItsExpiryAndNotASecondLater()
    {
        var tokens = Tokens(NewKey);
        var minted = tokens.Mint(_game, _user);

        _time.Advance(minted.ExpiresAt - Start);
        (await tokens.ValidateAsync(minted.Token, _game)).Outcome.ShouldBe(LiveTokenOutcome.Valid);

        _time.Advance(TimeSpan.FromSeconds(1));
        (await tokens.ValidateAsync(minted.Token, _game)).ShouldBe(LiveTokenCheck.Invalid);
    }

    [Fact]
    public async Task Validate_TokenOfAnotherGame_WrongGame()
    {
        var tokens = Tokens(NewKey);

        (await tokens.ValidateAsync(tokens.Mint(Guid.NewGuid(), _user).Token, _game)).ShouldBe(LiveTokenCheck.WrongGame);
    }

    [Fact]
    public async Task Validate_ExpiredTokenOfAnotherGame_InvalidFirst()
    {
        var tokens = Tokens(NewKey);
        var minted = tokens.Mint(Guid.NewGuid(), _user);
        _time.Advance(TimeSpan.FromHours(2));

        (await tokens.ValidateAsync(minted.Token, _game)).ShouldBe(LiveTokenCheck.Invalid);
    }

    public static TheoryData<string?> Malformed => new()
    {
        null!,
        "",
        "garbage",
        "a.b.c",
        "a.b.c.d.e",
        "....",
        new string('a', 300_000),
        $"{new string('a', 200_000)}.{new string('b', 200_000)}.c",
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Validate_Malformed_Invalid(string? token) =>
        (await Tokens(NewKey).ValidateAsync(token, _game)).ShouldBe(LiveTokenCheck.Invalid);

    private static string Base64UrlEncode(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64UrlDecode(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '='));
    }
}
