using Orrery.Sessions;

namespace Orrery.Core.Tests.Sessions;

public sealed class LiveOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() => new LiveOptionsValidator().Validate(null, new LiveOptions()).Succeeded.ShouldBeTrue();

    [Fact]
    public void Validate_SeveralProblems_ReportsEachOfThem()
    {
        var options = new LiveOptions { PoolCapacity = 0, IdleGrace = TimeSpan.Zero, Backlog = -1, SendQueue = 0, MaxClientMessageBytes = 0 };

        var result = new LiveOptionsValidator().Validate(null, options);

        result.Failed.ShouldBeTrue();
        result.Failures.ShouldNotBeNull().Count().ShouldBe(5);
        result.FailureMessage.ShouldContain("Orrery:Live:PoolCapacity is 0");
        result.FailureMessage.ShouldContain("Orrery:Live:IdleGrace");
    }
}
