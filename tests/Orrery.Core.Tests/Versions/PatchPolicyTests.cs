using Orrery.Errors;
using Orrery.Versions;

namespace Orrery.Core.Tests.Versions;

public sealed class PatchPolicyTests
{
    [Theory]
    [InlineData("1.0.0", "1.0.1")]
    [InlineData("1.0.1", "1.0.0")] // a rollback within the minor
    [InlineData("1.2.3", "1.2.3-hotfix.1")]
    [InlineData("1.2.3-rc.1", "1.2.9")]
    [InlineData("0.4.0", "0.4.7")]
    public void A_patch_within_major_minor_is_allowed(string current, string target) =>
        Should.NotThrow(() => PatchPolicy.EnsureAllowed(current, target));

    [Theory]
    [InlineData("1.0.0", "1.1.0")]
    [InlineData("1.0.0", "2.0.0")]
    [InlineData("1.4.2", "1.3.9")]
    [InlineData("0.4.0", "0.5.0")]
    public void Leaving_major_minor_is_semver_patch_only(string current, string target) =>
        Should.Throw<OrreryException>(() => PatchPolicy.EnsureAllowed(current, target)).Code.ShouldBe(ErrorCodes.SemverPatchOnly);

    [Theory]
    [InlineData("1.0")]
    [InlineData("v1.0.1")]
    [InlineData("1.0.01")]
    [InlineData("")]
    public void A_target_that_is_not_semver_is_invalid_input(string target) =>
        Should.Throw<OrreryException>(() => PatchPolicy.EnsureAllowed("1.0.0", target)).Code.ShouldBe(ErrorCodes.InvalidInput);
}
