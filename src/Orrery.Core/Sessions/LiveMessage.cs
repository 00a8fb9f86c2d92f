namespace Orrery.Sessions;

/// <summary>
/// One server message of a live session, serialised once (UTF-8 JSON) and sent as is to every client that gets it.
/// </summary>
/// <param name="Seq">The session's sequence number of the message (a welcome or pong carries the current one).</param>
/// <param name="Type">The message's <c>type</c>: <c>welcome</c>, <c>turn_result</c>, <c>status</c>, <c>presence</c>, <c>finished</c>, <c>pong</c>.</param>
public sealed record LiveMessage(long Seq, string Type, ReadOnlyMemory<byte> Utf8Json);
