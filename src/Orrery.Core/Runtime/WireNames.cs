using System.Collections.Frozen;
using System.Text.Json;

namespace Orrery.Runtime;

/// <summary>
/// The snake_case names enums carry on the wire and in the store (<c>generation_in_progress</c>,
/// <c>force_next_turn</c>), computed once per enum type.
/// </summary>
public static class WireNames<TEnum> where TEnum : struct, Enum
{
    private static readonly FrozenDictionary<TEnum, string> ToName =
        Enum.GetValues<TEnum>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

    private static readonly FrozenDictionary<string, TEnum> FromName =
        ToName.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    public static string Name(TEnum value) => ToName[value];

    public static bool TryParse(string? name, out TEnum value) => FromName.TryGetValue(name ?? string.Empty, out value);

    public static TEnum Parse(string name) =>
        TryParse(name, out var value) ? value : throw new FormatException($"'{name}' is not a {typeof(TEnum).Name}.");

    public static IEnumerable<string> All => ToName.Values;
}
