using System.Text.Json;
using Orrery.Sessions;

namespace Orrery.Core.Tests.Sessions;

/// <summary>A connection that keeps what it was sent and how it was closed; it takes at most <paramref name="room"/> messages.</summary>
internal sealed class RecordingSubscriber(LiveViewer viewer, int room = int.MaxValue) : ILiveSubscriber
{
    private readonly List<LiveMessage> _messages = [];
    private readonly Lock _gate = new();

    public LiveViewer Viewer { get; } = viewer;

    public bool IsOpen { get; set; } = true;

    public LiveCloseCode? ClosedWith { get; private set; }

    public IReadOnlyList<LiveMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    public IReadOnlyList<string> Types => [.. Messages.Select(m => m.Type)];

    public IReadOnlyList<long> Seqs => [.. Messages.Select(m => m.Seq)];

    public JsonElement Last(string type) => JsonDocument.Parse(Messages.Last(m => m.Type == type).Utf8Json).RootElement;

    public static RecordingSubscriber Spectator(int room = int.MaxValue) => new(LiveViewer.Spectator("viewer-key"), room);

    public static RecordingSubscriber Player(Guid userId, DateTimeOffset expiresAt, int room = int.MaxValue) => new(LiveViewer.Player(userId, expiresAt), room);

    public bool TryEnqueue(LiveMessage message)
    {
        lock (_gate)
        {
            if (ClosedWith is not null || _messages.Count >= room)
            {
                return false;
            }
            _messages.Add(message);
            return true;
        }
    }

    public void Close(LiveCloseCode code, string reason)
    {
        ClosedWith ??= code;
        IsOpen = false;
    }
}
