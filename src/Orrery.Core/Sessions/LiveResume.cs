namespace Orrery.Sessions;

/// <summary>Where a reconnecting client left off: the session id and the last <c>seq</c> it received (from its query).</summary>
public sealed record LiveResume(string Session, long LastSeq);
