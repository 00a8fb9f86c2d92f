using System.Text.Json;

namespace Orrery.Sessions;

/// <summary>
/// What a live client may send: only <c>{"type": "ping"}</c>, optionally with a string <c>id</c> (docs/live-sessions.md,
/// "Messages"). Anything else is a protocol violation the connection is closed for, so the reader is strict.
/// </summary>
public static class LiveClientMessages
{
    /// <summary>Reads a ping; false for anything else (malformed JSON, not an object, another type, another property).</summary>
    /// <param name="id">The ping's <c>id</c>, echoed in the pong; null when it had none.</param>
    public static bool TryReadPing(ReadOnlySpan<byte> utf8Json, out string? id)
    {
        if (TryRead(utf8Json, out id))
        {
            return true;
        }
        id = null;
        return false;
    }

    private static bool TryRead(ReadOnlySpan<byte> utf8Json, out string? id)
    {
        id = null;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 2 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            var isPing = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("ping"u8) || isPing)
                    {
                        return false;
                    }
                    isPing = true;
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String || id is not null)
                    {
                        return false;
                    }
                    id = reader.GetString();
                }
                else
                {
                    return false;
                }
            }
            // The object must end here and nothing may follow it.
            return isPing && reader.TokenType == JsonTokenType.EndObject && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
