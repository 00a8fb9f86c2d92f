using System.Collections;
using System.Data.Common;
using System.Globalization;
using System.Reflection;

namespace Orrery.Settings;

/// <summary>
/// A settings object as one line, <c>Workers=4, QueueCapacity=1000, ...</c>: every property an operator can set
/// (public, settable), nested objects and lists written inline. <see cref="SecretAttribute"/> values are replaced by
/// <c>(redacted)</c> (a list by its count), <see cref="ConnectionStringAttribute"/> values keep their keywords but
/// not their password.
/// </summary>
public static class SettingsText
{
    public const string Redacted = "(redacted)";

    private static readonly string[] SecretKeywords = ["password", "pwd", "passfile", "sslpassword"];

    public static string Describe(object settings) => string.Join(", ",
        from property in settings.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
        where property.CanRead && property.SetMethod is { IsPublic: true } && property.GetIndexParameters().Length == 0
        select $"{property.Name}={Value(property, property.GetValue(settings))}");

    private static string Value(PropertyInfo property, object? value)
    {
        if (property.IsDefined(typeof(SecretAttribute)))
        {
            return value is ICollection collection ? $"({collection.Count} redacted)" : Redacted;
        }
        if (property.IsDefined(typeof(ConnectionStringAttribute)))
        {
            return WithoutSecrets(value as string);
        }
        return Plain(value);
    }

    private static string Plain(object? value) => value switch
    {
        null => "null",
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        bool or Enum => value.ToString()!,
        IDictionary dictionary => "{" + string.Join(", ", dictionary.Keys.Cast<object>().Select(key => $"{key}={Plain(dictionary[key])}")) + "}",
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Plain)) + "]",
        _ => "{" + Describe(value) + "}",
    };

    private static string WithoutSecrets(string? connectionString)
    {
        if (string.IsNullOrEmpty(connectionString))
        {
            return "";
        }
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            foreach (var keyword in builder.Keys.Cast<string>().ToList())
            {
                if (SecretKeywords.Contains(keyword.ToLowerInvariant().Replace(" ", "")))
                {
                    builder[keyword] = Redacted;
                }
            }
            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return Redacted; // not keyword=value pairs: nothing can be shown safely
        }
    }
}
