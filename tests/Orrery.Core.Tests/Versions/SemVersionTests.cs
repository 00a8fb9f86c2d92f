using Orrery.Versions;

namespace Orrery.Core.Tests.Versions;

public sealed class SemVersionTests
{
    [Fact]
    public void CompareTo_SemverOrgPrecedenceExample_Ascending()
    {
        // semver.org §11: 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2 < 1.0.0-beta.11 < 1.0.0-rc.1 < 1.0.0
        string[] ordered = ["1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0"];
        for (var i = 0; i < ordered.Length - 1; i++)
        {
            (SemVersion.Parse(ordered[i]) < SemVersion.Parse(ordered[i + 1])).ShouldBeTrue($"{ordered[i]} < {ordered[i + 1]}");
        }
    }

    [Fact]
    public void CompareTo_CoreVersions_NumericNotLexical()
    {
        // semver.org §11: 1.0.0 < 2.0.0 < 2.1.0 < 2.1.1, and 1.9.0 < 1.10.0.
        (SemVersion.Parse("1.0.0") < SemVersion.Parse("2.0.0")).ShouldBeTrue();
        (SemVersion.Parse("2.0.0") < SemVersion.Parse("2.1.0")).ShouldBeTrue();
        (SemVersion.Parse("2.1.0") < SemVersion.Parse("2.1.1")).ShouldBeTrue();
        (SemVersion.Parse("1.9.0") < SemVersion.Parse("1.10.0")).ShouldBeTrue();
    }

    [Fact]
    public void CompareTo_HyphenZero_IsAlphanumericNotZero()
    {
        // "-0" has a hyphen, so it is an alphanumeric identifier (semver.org §9) and sorts after every numeric one.
        SemVersion.Parse("1.0.0-x.-0").ShouldNotBe(SemVersion.Parse("1.0.0-x.0"));
        (SemVersion.Parse("1.0.0-x.-0") > SemVersion.Parse("1.0.0-x.99")).ShouldBeTrue();
        (SemVersion.Parse("1.0.0-x.-0") < SemVersion.Parse("1.0.0-x.a")).ShouldBeTrue();
    }

    [Theory]
    [InlineData("1.0.0-18446744073709551615", "1.0.0-18446744073709551616")]
    [InlineData("1.0.0-99999999999999999999", "1.0.0-100000000000000000000")]
    [InlineData("1.0.0-123456789012345678901", "1.0.0-123456789012345678902")]
    [InlineData("1.0.0-100000000000000000000", "1.0.0-a")]
    public void CompareTo_NumericIdentifiersBeyond64Bits_NumericByValue(string lower, string higher)
    {
        (SemVersion.Parse(lower) < SemVersion.Parse(higher)).ShouldBeTrue($"{lower} < {higher}");
        SemVersion.Parse(higher).ShouldBe(SemVersion.Parse(higher + "+build"));
    }

    [Fact]
    public void Equals_BuildMetadata_Ignored() =>
        SemVersion.Parse("1.0.0+20130313144700").ShouldBe(SemVersion.Parse("1.0.0+exp.sha.5114f85"));

    [Theory]
    [InlineData("1.2.3", 1ul, 2ul, 3ul, "")]
    [InlineData("10.20.30-rc.1+build.5", 10ul, 20ul, 30ul, "rc.1")]
    [InlineData("0.0.4-alpha-1.x-y", 0ul, 0ul, 4ul, "alpha-1.x-y")]
    public void Parse_Valid_Components(string text, ulong major, ulong minor, ulong patch, string pre)
    {
        var version = SemVersion.Parse(text);

        (version.Major, version.Minor, version.Patch, version.PreRelease).ShouldBe((major, minor, patch, pre));
    }

    [Theory]
    [InlineData("")]
    [InlineData("1")]
    [InlineData("1.2")]
    [InlineData("1.2.3.4")]
    [InlineData("01.2.3")]
    [InlineData("1.02.3")]
    [InlineData("1.2.3-")]
    [InlineData("1.2.3-01")]
    [InlineData("1.2.3-a..b")]
    [InlineData("1.2.3+")]
    [InlineData("v1.2.3")]
    [InlineData("1.2.3-é")]
    [InlineData(" 1.2.3")]
    [InlineData("-1.2.3")]
    public void TryParse_Invalid_False(string text) => SemVersion.TryParse(text, out _).ShouldBeFalse();

    [Theory]
    [InlineData("1.0.0", "1.0.5", true)]
    [InlineData("1.0.0", "1.1.0", false)]
    [InlineData("1.0.0", "2.0.0", false)]
    [InlineData("1.2.0-rc.1", "1.2.3", true)]
    public void IsSameMinor_Pair_Expected(string a, string b, bool same) =>
        SemVersion.Parse(a).IsSameMinor(SemVersion.Parse(b)).ShouldBe(same);

    [Fact]
    public void ToString_DropsBuildMetadata() => SemVersion.Parse("1.2.3-rc.1+abc").ToString().ShouldBe("1.2.3-rc.1");
}
