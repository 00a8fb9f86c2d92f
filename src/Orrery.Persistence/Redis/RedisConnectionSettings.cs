using System.Globalization;

namespace Orrery.Persistence.Redis;

/// <summary>
/// Where Redis is and how to log in, from <c>ConnectionStrings:Redis</c>: <c>host:port</c>, then optional
/// comma-separated options <c>password=...</c>, <c>user=...</c> (ACL user; default user when absent),
/// <c>connectTimeoutMs=...</c>. E.g. <c>redis.internal:6379,password=s3cret</c>.
/// </summary>
public sealed record RedisConnectionSettings
{
    public const int DefaultPort = 6379;

    public required string Host { get; init; }

    public int Port { get; init; } = DefaultPort;

    public string? User { get; init; }

    /// <summary>Sent with AUTH on every new connection; never logged, never in <see cref="ToString"/>.</summary>
    public string? Password { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The first wait before reconnecting after a failed attempt; it doubles per failure up to <see cref="MaxReconnectBackoff"/>.</summary>
    public TimeSpan ReconnectBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxReconnectBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>host:port</c>, for messages and logs.</summary>
    public string Endpoint => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>The endpoint and whether a password is set; the password itself never.</summary>
    public override string ToString() => Password is null ? Endpoint : $"{Endpoint},password=*****";

    /// <exception cref="FormatException">What is wrong with it, without echoing a password.</exception>
    public static RedisConnectionSettings Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new FormatException("The Redis connection string is empty: expected host:port[,password=...].");
        }
        var parts = connectionString.Split(',', StringSplitOptions.TrimEntries);
        var (host, port) = ParseEndpoint(parts[0]);
        var settings = new RedisConnectionSettings { Host = host, Port = port };
        foreach (var option in parts.Skip(1).Where(p => p.Length > 0))
        {
            settings = WithOption(settings, option);
        }
        return settings;
    }

    private static (string Host, int Port) ParseEndpoint(string text)
    {
        // [::1]:6379 for IPv6; a bare host means the default port.
        var close = text.StartsWith('[') ? text.IndexOf(']') : -1;
        var colon = text.LastIndexOf(':');
        if (close > 0 ? colon < close : colon < 0)
        {
            var bare = close > 0 ? text[1..close] : text;
            return bare.Length > 0 && !bare.Contains('=') ? (bare, DefaultPort) : throw BadEndpoint(text);
        }
        var host = close > 0 ? text[1..close] : text[..colon];
        if (host.Length == 0 || host.Contains('=')
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw BadEndpoint(text);
        }
        return (host, port);
    }

    private static RedisConnectionSettings WithOption(RedisConnectionSettings settings, string option)
    {
        var equals = option.IndexOf('=');
        var name = equals < 0 ? option : option[..equals];
        var value = equals < 0 ? "" : option[(equals + 1)..];
        return name.ToLowerInvariant() switch
        {
            "password" => settings with { Password = value.Length > 0 ? value : throw new FormatException("The Redis password option is empty.") },
            "user" => settings with { User = value.Length > 0 ? value : throw new FormatException("The Redis user option is empty.") },
            "connecttimeoutms" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms > 0 =>
                settings with { ConnectTimeout = TimeSpan.FromMilliseconds(ms) },
            "connecttimeoutms" => throw new FormatException("The Redis connectTimeoutMs option must be a positive number of milliseconds."),
            // The name only: an unknown option may be a mistyped password=.
            _ => throw new FormatException($"Unknown Redis connection option '{name}': expected password, user or connectTimeoutMs."),
        };
    }

    private static FormatException BadEndpoint(string text) =>
        new($"'{text}' is not a Redis endpoint: expected host:port with a port from 1 to 65535, e.g. 127.0.0.1:6379.");
}
