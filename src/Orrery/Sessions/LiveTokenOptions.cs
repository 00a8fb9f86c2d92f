using Orrery.Settings;

namespace Orrery.Sessions;

/// <summary>
/// Player tokens of live sessions (configuration section <c>Orrery:Live</c>, shared with the sessions' own settings),
/// e.g. <c>Orrery__Live__TokenLifetime=00:30:00</c> and <c>Orrery__Live__SigningKeys__0=&lt;base64&gt;</c>.
/// </summary>
public sealed class LiveTokenOptions
{
    public const string Section = "Orrery:Live";

    /// <summary>A token lives longer than a day only by mistake: a leaked one would stay good for that long.</summary>
    public static readonly TimeSpan MaxTokenLifetime = TimeSpan.FromHours(24);

    /// <summary>HS256 keys shorter than its 256-bit hash are refused (RFC 7518 §3.2).</summary>
    public const int MinimumKeyBytes = 32;

    /// <summary>How long a minted token is valid. Default 1 h, at most <see cref="MaxTokenLifetime"/>.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Base64 HMAC keys: the first signs, every one verifies (rotation: put the new key first, drop the old one once
    /// the tokens it signed have expired). Empty: the node generates one into <c>&lt;data dir&gt;/live-signing.key</c>,
    /// except in cluster mode, where replicas must share their keys and the node refuses to start.
    /// </summary>
    [Secret]
    public List<string> SigningKeys { get; set; } = [];
}
