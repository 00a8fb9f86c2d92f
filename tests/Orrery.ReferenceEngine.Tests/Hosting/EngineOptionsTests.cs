using Microsoft.Extensions.Configuration;
using Orrery.ReferenceEngine.Game;
using Orrery.ReferenceEngine.Hosting;

namespace Orrery.ReferenceEngine.Tests.Hosting;

public sealed class EngineOptionsTests
{
    [Fact]
    public void Read_OnlyStatePath_UsesDefaults()
    {
        var options = EngineOptions.Read(Configuration(("GAME_STATE_PATH", "/tmp/game")));

        options.StatePath.ShouldBe("/tmp/game");
        options.MaxTurns.ShouldBe(GameRules.DefaultMaxTurns);
        options.TurnDelay.ShouldBe(TimeSpan.Zero);
        options.FailTurn.ShouldBeNull();
        options.StartupDelay.ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Read_AllSettings_ParsesThem()
    {
        var options = EngineOptions.Read(Configuration(
            ("GAME_STATE_PATH", "/tmp/game"),
            ("ENGINE_MAX_TURNS", "5"),
            ("ENGINE_TURN_DELAY_MS", "250"),
            ("ENGINE_FAIL_TURN", "3"),
            ("ENGINE_STARTUP_DELAY_MS", "100")));

        options.MaxTurns.ShouldBe(5);
        options.TurnDelay.ShouldBe(TimeSpan.FromMilliseconds(250));
        options.FailTurn.ShouldBe(3);
        options.StartupDelay.ShouldBe(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Read_MissingStatePathAndBadNumbers_ReportsEveryProblem()
    {
        var error = Should.Throw<EngineStartupException>(() => EngineOptions.Read(Configuration(
            ("ENGINE_MAX_TURNS", "0"),
            ("ENGINE_FAIL_TURN", "x"))));

        error.Message.ShouldContain("GAME_STATE_PATH");
        error.Message.ShouldContain("ENGINE_MAX_TURNS");
        error.Message.ShouldContain("ENGINE_FAIL_TURN");
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("1", true)]
    [InlineData("0", false)]
    public void Read_DominationEnds_DefaultsToTrue(string? value, bool expected)
    {
        var settings = value is null ? [("GAME_STATE_PATH", "/tmp/game")] : new[] { ("GAME_STATE_PATH", "/tmp/game"), ("ENGINE_DOMINATION_ENDS", value) };

        EngineOptions.Read(Configuration(settings)).DominationEnds.ShouldBe(expected);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("yes")]
    public void Read_DominationEndsNotZeroOrOne_IsAProblem(string value) =>
        Should.Throw<EngineStartupException>(() => EngineOptions.Read(Configuration(("GAME_STATE_PATH", "/tmp/game"), ("ENGINE_DOMINATION_ENDS", value))))
            .Message.ShouldContain("ENGINE_DOMINATION_ENDS");

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
}
