using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Orrery.Sessions;

/// <summary>
/// The owner's side of the relays: clients connected to other replicas, attached to this node's sessions as
/// <see cref="RelayedSubscriber"/>s. A relay ends when its client leaves, when the session closes it, or when the
/// client's replica stops answering; the client's replica asks <see cref="IsAlive"/> to notice the owner going away.
/// </summary>
public sealed class LiveRelays(LiveSessions sessions, IOptions<LiveOptions> options, ILogger<LiveRelays> logger)
{
    private readonly ConcurrentDictionary<Guid, Relay> _relays = new();

    /// <summary>Attaches the relayed client to its game's session here; answers the session id.</summary>
    /// <exception cref="Errors.OrreryException">The session could not serve it (not the owner, unknown game, start failed).</exception>
    public async Task<string> JoinAsync(Guid gameId, LiveJoin join, CancellationToken cancellationToken)
    {
        var subscriber = new RelayedSubscriber(join.RelayId, join.Viewer.ToViewer(), join.Observer, options.Value.SendQueue, logger);
        LiveAttachment attachment;
        try
        {
            attachment = await sessions.AttachAsync(gameId, subscriber, join.Resume, cancellationToken);
        }
        catch
        {
            subscriber.Leave(); // the caller learns why from the exception
            throw;
        }
        var relay = new Relay(subscriber, attachment);
        _relays[join.RelayId] = relay;
        _ = EndWhenPumpedAsync(join.RelayId, relay);
        return attachment.SessionId;
    }

    public bool IsAlive(Guid relayId) => _relays.TryGetValue(relayId, out var relay) && relay.Subscriber.IsOpen;

    /// <summary>The client left (or its replica gave up on it): detach it.</summary>
    public Task LeaveAsync(Guid relayId)
    {
        if (_relays.TryGetValue(relayId, out var relay))
        {
            relay.Subscriber.Leave();
        }
        return Task.CompletedTask; // the pump's end detaches it
    }

    /// <summary>Relays served here now.</summary>
    public int Count => _relays.Count;

    private async Task EndWhenPumpedAsync(Guid relayId, Relay relay)
    {
        await relay.Subscriber.Pumped; // never faults: the pump settles its own failures
        _relays.TryRemove(new KeyValuePair<Guid, Relay>(relayId, relay));
        await relay.Attachment.DisposeAsync();
    }

    private sealed record Relay(RelayedSubscriber Subscriber, LiveAttachment Attachment);
}
