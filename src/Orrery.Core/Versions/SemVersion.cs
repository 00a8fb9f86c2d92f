using System.Diagnostics.CodeAnalysis;

namespace Orrery.Versions;

/// <summary>
/// A semantic version (semver.org 2.0.0): <c>MAJOR.MINOR.PATCH[-pre][+build]</c>.
/// Precedence ignores build metadata; a pre-release sorts before its release.
/// </summary>
public sealed class SemVersion : IComparable<SemVersion>, IEquatable<SemVersion>
{
    private readonly string[] _preRelease;

    private SemVersion(ulong major, ulong minor, ulong patch, string[] preRelease, string build)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        _preRelease = preRelease;
        Build = build;
    }

    public ulong Major { get; }
    public ulong Minor { get; }
    public ulong Patch { get; }
    public string PreRelease => string.Join('.', _preRelease);
    public string Build { get; }
    public bool IsPreRelease => _preRelease.Length > 0;

    public static SemVersion Parse(string text) =>
        TryParse(text, out var version)
            ? version
            : throw new FormatException($"'{text}' is not a semantic version (MAJOR.MINOR.PATCH[-pre][+build]).");

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out SemVersion? version)
    {
        version = null;
        if (string.IsNullOrEmpty(text) || text.Length > 128)
        {
            return false;
        }

        var rest = text.AsSpan();
        var build = string.Empty;
        var plus = rest.IndexOf('+');
        if (plus >= 0)
        {
            build = rest[(plus + 1)..].ToString();
            if (!AreValidIdentifiers(build, rejectLeadingZeros: false))
            {
                return false;
            }
            rest = rest[..plus];
        }

        string[] preRelease = [];
        var dash = rest.IndexOf('-');
        if (dash >= 0)
        {
            var pre = rest[(dash + 1)..].ToString();
            if (!AreValidIdentifiers(pre, rejectLeadingZeros: true))
            {
                return false;
            }
            preRelease = pre.Split('.');
            rest = rest[..dash];
        }

        Span<Range> parts = stackalloc Range[4];
        if (rest.Split(parts, '.') != 3
            || !TryParseNumber(rest[parts[0]], out var major)
            || !TryParseNumber(rest[parts[1]], out var minor)
            || !TryParseNumber(rest[parts[2]], out var patch))
        {
            return false;
        }

        version = new SemVersion(major, minor, patch, preRelease, build);
        return true;
    }

    /// <summary>True when both versions share MAJOR.MINOR, the only kind of change a patch may make.</summary>
    public bool IsSameMinor(SemVersion other) => Major == other.Major && Minor == other.Minor;

    public int CompareTo(SemVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var byCore = (Major, Minor, Patch).CompareTo((other.Major, other.Minor, other.Patch));
        if (byCore != 0)
        {
            return byCore;
        }

        // A version without pre-release identifiers has higher precedence than one with them.
        if (_preRelease.Length == 0 || other._preRelease.Length == 0)
        {
            return other._preRelease.Length.CompareTo(_preRelease.Length);
        }

        for (var i = 0; i < Math.Min(_preRelease.Length, other._preRelease.Length); i++)
        {
            var byIdentifier = CompareIdentifiers(_preRelease[i], other._preRelease[i]);
            if (byIdentifier != 0)
            {
                return byIdentifier;
            }
        }

        return _preRelease.Length.CompareTo(other._preRelease.Length);
    }

    public bool Equals(SemVersion? other) => other is not null && CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is SemVersion other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Major, Minor, Patch, PreRelease);

    /// <summary>The canonical text, without build metadata (which carries no precedence).</summary>
    public override string ToString() =>
        _preRelease.Length == 0 ? $"{Major}.{Minor}.{Patch}" : $"{Major}.{Minor}.{Patch}-{PreRelease}";

    public static bool operator <(SemVersion left, SemVersion right) => left.CompareTo(right) < 0;
    public static bool operator >(SemVersion left, SemVersion right) => left.CompareTo(right) > 0;
    public static bool operator <=(SemVersion left, SemVersion right) => left.CompareTo(right) <= 0;
    public static bool operator >=(SemVersion left, SemVersion right) => left.CompareTo(right) >= 0;

    private static int CompareIdentifiers(string left, string right)
    {
        // semver.org §9: a numeric identifier is digits only. Parsing with ulong.TryParse would also take "-0" (a
        // sign) and give up past 64 bits; digits without leading zeros order by length first, then digit by digit.
        var (leftNumeric, rightNumeric) = (IsNumeric(left), IsNumeric(right));
        return (leftNumeric, rightNumeric) switch
        {
            (true, true) => left.Length != right.Length
                ? left.Length.CompareTo(right.Length)
                : string.CompareOrdinal(left, right),
            (true, false) => -1, // numeric identifiers sort before alphanumeric ones
            (false, true) => 1,
            _ => string.CompareOrdinal(left, right),
        };
    }

    private static bool IsNumeric(string identifier) => identifier.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;

    private static bool TryParseNumber(ReadOnlySpan<char> text, out ulong value)
    {
        value = 0;
        if (text.IsEmpty || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return ulong.TryParse(text, out value);
    }

    private static bool AreValidIdentifiers(string dotted, bool rejectLeadingZeros)
    {
        foreach (var identifier in dotted.Split('.'))
        {
            if (identifier.Length == 0)
            {
                return false;
            }
            foreach (var c in identifier)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c != '-')
                {
                    return false;
                }
            }
            if (rejectLeadingZeros && identifier.Length > 1 && identifier[0] == '0' && IsNumeric(identifier))
            {
                return false;
            }
        }
        return true;
    }
}
