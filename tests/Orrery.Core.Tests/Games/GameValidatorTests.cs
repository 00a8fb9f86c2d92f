using Orrery.Errors;
using Orrery.Games;

namespace Orrery.Core.Tests.Games;

public sealed class GameValidatorTests
{
    private static GameRegistration Valid(params MembershipRegistration[] memberships) =>
        new("1.0.0", "*/5 * * * *", memberships.Length > 0 ? memberships : [new(Guid.NewGuid(), "Andorians")]);

    [Fact]
    public void Validate_ValidRegistration_NoProblems() => GameValidator.Validate(Valid()).ShouldBeEmpty();

    [Theory]
    [InlineData("1.0", "semantic version")]
    [InlineData("latest", "semantic version")]
    [InlineData(null, "semantic version")]
    public void Validate_BadVersion_Reported(string? version, string expected) =>
        GameValidator.Validate(Valid() with { TargetEngineVersion = version }).ShouldContain(p => p.Contains(expected));

    [Theory]
    [InlineData("* * * *")]
    [InlineData("* * * * * * *")]
    [InlineData("61 * * * *")]
    [InlineData("0 0 30 2 *")]
    [InlineData("")]
    public void Validate_BadCron_Reported(string cron) =>
        GameValidator.Validate(Valid() with { TurnSchedule = cron }).ShouldContain(p => p.Contains("turnSchedule"));

    [Theory]
    [InlineData("*/5 * * * *")]
    [InlineData("*/1 * * * * *")]
    [InlineData("0 0 29 2 *")]
    public void Validate_GoodCron_Accepted(string cron) =>
        GameValidator.Validate(Valid() with { TurnSchedule = cron }).ShouldBeEmpty();

    [Fact]
    public void Validate_NoMemberships_Reported() =>
        GameValidator.Validate(new GameRegistration("1.0.0", "* * * * *", [])).ShouldContain(p => p.Contains("at least one"));

    [Fact]
    public void Validate_DuplicateRace_Reported() =>
        GameValidator.Validate(Valid(new MembershipRegistration(Guid.NewGuid(), "Cygnans"), new(Guid.NewGuid(), "Cygnans"))).ShouldContain(p => p.Contains("already taken"));

    [Fact]
    public void Validate_DuplicateUser_Reported()
    {
        var user = Guid.NewGuid();
        GameValidator.Validate(Valid(new MembershipRegistration(user, "A"), new(user, "B"))).ShouldContain(p => p.Contains("more than once"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Validate_EmptyRaceName_Reported(string? race) =>
        GameValidator.Validate(Valid(new MembershipRegistration(Guid.NewGuid(), race))).ShouldContain(p => p.Contains("must not be empty"));

    [Fact]
    public void Validate_OverlongRaceName_Reported() =>
        GameValidator.Validate(Valid(new MembershipRegistration(Guid.NewGuid(), new string('x', 65)))).ShouldContain(p => p.Contains("at most 64"));

    [Fact]
    public void Validate_RaceNameOf64_Accepted() =>
        GameValidator.Validate(Valid(new MembershipRegistration(Guid.NewGuid(), new string('x', 64)))).ShouldBeEmpty();

    [Fact]
    public void Validate_MissingUserId_Reported() =>
        GameValidator.Validate(Valid(new MembershipRegistration(null, "A"))).ShouldContain(p => p.Contains("userId"));

    [Fact]
    public void ToGame_SeveralProblems_OneErrorListingAll()
    {
        var error = Should.Throw<OrreryException>(() =>
            GameValidator.ToGame(Guid.NewGuid(), new GameRegistration("x", "nope", []), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch));

        error.Code.ShouldBe(ErrorCodes.InvalidInput);
        error.Message.ShouldContain("targetEngineVersion");
        error.Message.ShouldContain("turnSchedule");
        error.Message.ShouldContain("memberships");
    }
}
