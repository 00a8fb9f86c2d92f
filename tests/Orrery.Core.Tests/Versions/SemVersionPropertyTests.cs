using CsCheck;
using Orrery.Versions;

namespace Orrery.Core.Tests.Versions;

/// <summary>
/// <see cref="SemVersion"/> against <see cref="SemverOrgReference"/> on generated versions: numeric identifiers short
/// and longer than 64 bits, identifiers made of hyphens and digits (<c>-0</c>, <c>0-</c>), leading zeros (invalid in
/// a pre-release, valid in build metadata), empty identifiers, build metadata. Identifiers come from small pools so
/// that pairs often share a prefix and ties are common.
/// </summary>
public sealed class SemVersionPropertyTests
{
    private const string UlongMax = "18446744073709551615";

    private static readonly Gen<string> Digits =
        from first in Gen.Char['1', '9']
        from rest in Gen.Char['0', '9'].Array[0, 29]
        select first + new string(rest);

    private static readonly Gen<string> Numeric = Gen.Frequency(
        (4, Gen.OneOf("0", "1", "2", "9", "10", "11")),
        (2, Digits),
        (1, Gen.OneOf(UlongMax, "18446744073709551616", "99999999999999999999", "100000000000000000000")));

    private static readonly Gen<string> Alphanumeric = Gen.OneOf(
        "-0", "-1", "-", "--", "0-", "00-", "-00", "a", "A", "z", "alpha", "beta", "rc", "x-y", "0a", "1a", "a1", "Z9");

    private static readonly Gen<string> ValidPreIdentifier = Gen.Frequency((3, Numeric), (3, Alphanumeric));

    /// <summary>Leading zeros (invalid in a pre-release), an empty identifier and characters outside [0-9A-Za-z-].</summary>
    private static readonly Gen<string> InvalidPreIdentifier = Gen.OneOf("00", "01", "007", "0" + UlongMax, "", "é", "a_b", " 1");

    private static readonly Gen<string> BuildIdentifier = Gen.Frequency((4, ValidPreIdentifier), (1, Gen.OneOf("00", "01", "007")));

    private static readonly Gen<string> CoreNumber = Gen.Frequency((6, Gen.OneOf("0", "1", "2", "10")), (1, Gen.Const(UlongMax)));

    [Fact]
    public void TryParse_accepts_exactly_what_the_semver_org_grammar_accepts()
    {
        var core = Gen.Frequency((8, CoreNumber), (1, Gen.OneOf("01", "18446744073709551616", "", "-1", "1a")));
        var pre = Gen.Frequency((8, ValidPreIdentifier), (1, InvalidPreIdentifier));
        var build = Gen.Frequency((8, BuildIdentifier), (1, Gen.OneOf("", "é", "a+b")));
        var gen = from major in core
                  from minor in core
                  from patch in core
                  from preRelease in pre.Array[0, 4]
                  from buildMetadata in build.Array[0, 3]
                  select Text(major, minor, patch, preRelease, buildMetadata);

        gen.Sample(text =>
        {
            // Orrery's own limits, beyond the grammar: at most 128 characters, MAJOR.MINOR.PATCH within 64 bits.
            var expected = SemverOrgReference.IsValid(text) && text.Length <= 128 && CoreFitsInUlong(text);
            SemVersion.TryParse(text, out _).ShouldBe(expected, text);
        }, iter: 20_000);
    }

    [Fact]
    public void Precedence_is_semver_org_precedence()
    {
        var version = from major in CoreNumber
                      from minor in Gen.OneOf("0", "1")
                      from patch in Gen.OneOf("0", "1")
                      from preRelease in ValidPreIdentifier.Array[0, 4]
                      from buildMetadata in BuildIdentifier.Array[0, 2]
                      select Text(major, minor, patch, preRelease, buildMetadata);

        version.Select(version).Where(pair => pair.Item1.Length <= 128 && pair.Item2.Length <= 128).Sample((left, right) =>
        {
            var (a, b) = (SemVersion.Parse(left), SemVersion.Parse(right));
            var expected = SemverOrgReference.Compare(left, right);

            Math.Sign(a.CompareTo(b)).ShouldBe(expected, $"{left} vs {right}");
            Math.Sign(b.CompareTo(a)).ShouldBe(-expected, $"{right} vs {left}");
            a.Equals(b).ShouldBe(expected == 0, $"{left} equals {right}");
            if (expected == 0)
            {
                a.GetHashCode().ShouldBe(b.GetHashCode(), $"{left} and {right} are equal, so are their hashes");
            }
            // The canonical text drops build metadata only: it parses back to an equal version.
            SemverOrgReference.Compare(a.ToString(), left).ShouldBe(0, left);
        }, iter: 20_000);
    }

    private static string Text(string major, string minor, string patch, string[] preRelease, string[] build) =>
        $"{major}.{minor}.{patch}"
        + (preRelease.Length > 0 ? "-" + string.Join('.', preRelease) : "")
        + (build.Length > 0 ? "+" + string.Join('.', build) : "");

    private static bool CoreFitsInUlong(string text) =>
        text.Split('-', '+')[0].Split('.').All(number => ulong.TryParse(number, out _));
}
