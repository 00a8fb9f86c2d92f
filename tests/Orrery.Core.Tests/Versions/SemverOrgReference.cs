using System.Numerics;
using System.Text.RegularExpressions;

namespace Orrery.Core.Tests.Versions;

/// <summary>
/// semver.org 2.0.0 written out as directly as the text reads, to check <c>SemVersion</c> against: validity is the
/// regular expression semver.org publishes (with <c>\d</c> spelled <c>[0-9]</c>, as .NET's <c>\d</c> takes any
/// Unicode digit), precedence is §11 item by item, numbers compared as unbounded integers.
/// </summary>
internal static partial class SemverOrgReference
{
    /// <summary>semver.org's "suggested regular expression" (the one with numbered capture groups).</summary>
    [GeneratedRegex(
        @"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)"
        + @"(?:-((?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
        + @"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Grammar();

    public static bool IsValid(string text) => Grammar().IsMatch(text);

    /// <summary>The sign of the precedence of <paramref name="left"/> against <paramref name="right"/> (§11).</summary>
    public static int Compare(string left, string right)
    {
        var (a, b) = (Grammar().Match(left), Grammar().Match(right));

        // §11.2: major, minor and patch compared numerically, in that order.
        for (var group = 1; group <= 3; group++)
        {
            var byNumber = BigInteger.Parse(a.Groups[group].Value).CompareTo(BigInteger.Parse(b.Groups[group].Value));
            if (byNumber != 0)
            {
                return Math.Sign(byNumber);
            }
        }

        // §11.3: a pre-release version has lower precedence than the normal version. Build metadata (§10) does not count.
        var (preA, preB) = (a.Groups[4], b.Groups[4]);
        if (!preA.Success || !preB.Success)
        {
            return preA.Success == preB.Success ? 0 : preA.Success ? -1 : 1;
        }

        // §11.4: identifier by identifier, left to right.
        var (idsA, idsB) = (preA.Value.Split('.'), preB.Value.Split('.'));
        for (var i = 0; i < Math.Min(idsA.Length, idsB.Length); i++)
        {
            var byIdentifier = CompareIdentifiers(idsA[i], idsB[i]);
            if (byIdentifier != 0)
            {
                return byIdentifier;
            }
        }
        // §11.4.4: a larger set of pre-release fields has higher precedence when all the preceding ones are equal.
        return Math.Sign(idsA.Length.CompareTo(idsB.Length));
    }

    private static int CompareIdentifiers(string a, string b)
    {
        // §9: "Numeric identifiers" are digits only; anything else (a hyphen included) is alphanumeric.
        var (numericA, numericB) = (a.All(char.IsAsciiDigit), b.All(char.IsAsciiDigit));
        return (numericA, numericB) switch
        {
            (true, true) => Math.Sign(BigInteger.Parse(a).CompareTo(BigInteger.Parse(b))), // §11.4.1
            (false, false) => Math.Sign(string.CompareOrdinal(a, b)), // §11.4.2: lexically, in ASCII sort order
            _ => numericA ? -1 : 1, // §11.4.3: numeric identifiers have lower precedence
        };
    }
}
