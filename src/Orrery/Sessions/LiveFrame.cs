namespace Orrery.Sessions;

/// <summary>A live message on its way from the owner of a game to a replica that holds the client's WebSocket.</summary>
[GenerateSerializer, Immutable]
public sealed record LiveFrame(
    [property: Id(0)] long Seq,
    [property: Id(1)] string Type,
    [property: Id(2)] byte[] Utf8Json)
{
    public static LiveFrame From(LiveMessage message) => new(message.Seq, message.Type, message.Utf8Json.ToArray());

    public LiveMessage ToMessage() => new(Seq, Type, Utf8Json);
}

/// <summary>A <see cref="LiveViewer"/> as it crosses replicas.</summary>
[GenerateSerializer, Immutable]
public sealed record RelayedViewer(
    [property: Id(0)] Guid? UserId,
    [property: Id(1)] string Name,
    [property: Id(2)] DateTimeOffset? ExpiresAt)
{
    public static RelayedViewer From(LiveViewer viewer) => new(viewer.UserId, viewer.Name, viewer.ExpiresAt);

    public LiveViewer ToViewer() => new(UserId, Name, ExpiresAt);
}

/// <summary>A client connected to another replica asking the owner of its game to be served.</summary>
/// <param name="RelayId">Names the relay on the owner, for the liveness checks and the leave.</param>
/// <param name="Observer">Where the owner sends the session's messages and the close.</param>
[GenerateSerializer, Immutable]
public sealed record LiveJoin(
    [property: Id(0)] Guid RelayId,
    [property: Id(1)] RelayedViewer Viewer,
    [property: Id(2)] string? ResumeSession,
    [property: Id(3)] long ResumeLastSeq,
    [property: Id(4)] ILiveRelayObserver Observer)
{
    public LiveResume? Resume => ResumeSession is null ? null : new LiveResume(ResumeSession, ResumeLastSeq);
}
