using Orrery.Engines.Process;

namespace Orrery.Engines.Tests.Process;

public sealed class ProcessStatTests
{
    [Theory]
    [InlineData("1234 (orrery-referen) S 1 1234 1234 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 20 0 987654 1000 100", 'S', 1234, 987654UL)]
    [InlineData("77 (a (weird) name) Z 1 77 55 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 42 0 0", 'Z', 55, 42UL)]
    public void Parse_StatLine_ReadsStateSessionAndStartTime(string line, char state, int session, ulong startTime)
    {
        var stat = ProcessStat.Parse(line).ShouldNotBeNull();

        stat.State.ShouldBe(state);
        stat.SessionId.ShouldBe(session);
        stat.StartTime.ShouldBe(startTime);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1234 no parentheses S 1")]
    [InlineData("1234 (short) S 1 2 3")]
    public void Parse_Malformed_ReturnsNull(string line) => ProcessStat.Parse(line).ShouldBeNull();

    [Fact]
    public void TryReadStat_OwnProcess_MatchesItself()
    {
        var stat = UnixProcess.TryReadStat(Environment.ProcessId).ShouldNotBeNull();

        UnixProcess.IsAlive(Environment.ProcessId, stat.StartTime).ShouldBeTrue();
        UnixProcess.IsAlive(Environment.ProcessId, stat.StartTime + 1).ShouldBeFalse();
    }

    [Fact]
    public void Signal_GroupOrInvalidPid_IsRefused()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => UnixProcess.Signal(0, UnixProcess.SigTerm));
        Should.Throw<ArgumentOutOfRangeException>(() => UnixProcess.Signal(-1, UnixProcess.SigTerm));
    }
}
