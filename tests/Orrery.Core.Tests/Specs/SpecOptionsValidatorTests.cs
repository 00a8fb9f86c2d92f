using Orrery.Specs.Instances;

namespace Orrery.Core.Tests.Specs;

public sealed class SpecOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeed() => new SpecOptionsValidator().Validate(null, new SpecOptions()).Succeeded.ShouldBeTrue();

    [Fact]
    public void Validate_EveryBadSetting_ReportedTogether()
    {
        var options = new SpecOptions { DistributionFactor = 0, MaxBatch = -1, PruneInterval = TimeSpan.Zero, TimeoutCheckInterval = TimeSpan.FromSeconds(-1) };

        var result = new SpecOptionsValidator().Validate(null, options);

        result.Failures!.Count().ShouldBe(4);
        result.FailureMessage!.ShouldContain("Orrery:Specs:DistributionFactor is 0");
    }
}
