using Orrery.EngineHosts;

namespace Orrery.Core.Tests.EngineHosts;

/// <summary>SPEC §10's placement rule, one row per case: where a start or a replacement goes, or that it is refused.</summary>
public sealed class EnginePlacementTests
{
    private const string Down = "connection refused";

    /// <summary>Hosts as <c>name:capacity:inUse</c> (capacity <c>-</c>: no limit; inUse <c>x</c>: unreachable), current host, replacement, expected.</summary>
    public static TheoryData<string, string?, bool, string?> Cases() => new()
    {
        // Starts: the most room wins, the first configured on a tie.
        { "a:10:3 b:10:5", null, false, "a" },
        { "a:10:5 b:10:3", null, false, "b" },
        { "a:10:5 b:10:5", null, false, "a" },
        { "a:4:1 b:10:6", null, false, "b" },              // room 3 vs 4: room, not fraction used
        { "a:10:9 b:5:4 c:3:2", null, false, "a" },        // 1, 1, 1: the first
        { "a:10:2 b:-:50", null, false, "b" },             // no limit is the most room
        { "a:-:7 b:-:3", null, false, "b" },               // two without a limit: the fewest engines
        { "a:2:2 b:3:1", null, false, "b" },
        // Full and unreachable hosts take nothing.
        { "a:2:2 b:3:3", null, false, null },
        { "a:10:0:x b:3:2", null, false, "b" },
        { "a:10:0:x b:3:3", null, false, null },
        { "a:10:0:x", null, false, null },
        // Replacements stay where they are while there is room ...
        { "a:10:2 b:10:9", "b", true, "b" },
        { "a:10:2 b:10:10", "b", true, "a" },              // ... move to room when their host is full ...
        { "a:10:10 b:10:10", "b", true, "b" },             // ... and stay on a full host when none has room
        { "a:10:2 b:10:0:x", "b", true, "a" },             // a host that is down takes nothing
        { "a:10:10 b:10:0:x", "b", true, null },
        { "a:10:2 b:10:9", null, true, "a" },              // current host unknown: like a start
        { "a:10:2 b:10:9", "gone", true, "a" },            // a host no longer configured
        { "a:10:9 b:10:2", "a", false, "b" },              // a start ignores the current host
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Choose(string hosts, string? current, bool replacement, string? expected) =>
        (EnginePlacement.Choose(Parse(hosts), current, replacement)?.Name).ShouldBe(expected);

    [Fact]
    public void Describe_SaysHowFullOrWhyNot()
    {
        new HostRoom("a", 3, 3).Describe().ShouldBe("a: 3 of 3 engines run or are starting");
        new HostRoom("b", null, 2).Describe().ShouldBe("b: 2 of unlimited engines run or are starting");
        new HostRoom("c", 3, 0, Down).Describe().ShouldBe($"c: unreachable ({Down})");
    }

    private static List<HostRoom> Parse(string hosts) =>
    [
        .. hosts.Split(' ').Select(h => h.Split(':')).Select(p => new HostRoom(
            p[0], p[1] == "-" ? null : int.Parse(p[1]), int.Parse(p[2]), p.Length > 3 ? Down : null)),
    ];
}
