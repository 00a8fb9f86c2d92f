namespace Orrery.Sessions;

internal sealed partial class LiveSession
{
    /// <summary>Counts a connection in; true when presence changed (a member's first connection, or one more spectator).</summary>
    private bool AddConnection(LiveViewer viewer)
    {
        bool changed;
        if (viewer.UserId is { } userId)
        {
            var count = _playerConnections.GetValueOrDefault(userId) + 1;
            _playerConnections[userId] = count;
            changed = count == 1;
        }
        else
        {
            _spectators++;
            changed = true;
        }
        PublishPresence();
        return changed;
    }

    /// <summary>Counts a connection out; true when presence changed (a member's last connection, or one spectator less).</summary>
    private bool RemoveConnection(LiveViewer viewer)
    {
        bool changed;
        if (viewer.UserId is { } userId)
        {
            var count = _playerConnections.GetValueOrDefault(userId) - 1;
            changed = count <= 0;
            if (changed)
            {
                _playerConnections.Remove(userId);
            }
            else
            {
                _playerConnections[userId] = count;
            }
        }
        else
        {
            _spectators--;
            changed = true;
        }
        PublishPresence();
        return changed;
    }

    /// <summary>Publishes presence for readers on other threads, counted from the connections (a newcomer counts before it is added).</summary>
    private void PublishPresence()
    {
        var players = _playerConnections
            .Select(p => new LivePlayerPresence(p.Key, _races.GetValueOrDefault(p.Key, ""), p.Value))
            .OrderBy(p => p.RaceName, StringComparer.Ordinal).ThenBy(p => p.UserId)
            .ToList();
        _presence = new LivePresence(GameId, true, _playerConnections.Values.Sum() + _spectators, players, _spectators);
    }
}
