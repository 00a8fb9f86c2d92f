using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Orrery.Tests.Support;

/// <summary>
/// A logger provider that counts the log events (by event id) of the services it is added to, so a test can wait for
/// one, and keeps their messages, so a test can read what they said.
/// </summary>
internal sealed class LoggedEvents : ILoggerProvider
{
    private readonly ConcurrentDictionary<int, int> _counts = new();
    private readonly ConcurrentQueue<(int EventId, string Message)> _messages = new();

    public int Count(int eventId) => _counts.GetValueOrDefault(eventId);

    /// <summary>Every message logged, in order.</summary>
    public IReadOnlyList<string> Messages => [.. _messages.Select(m => m.Message)];

    /// <summary>The messages logged with <paramref name="eventId"/>, in order.</summary>
    public IReadOnlyList<string> MessagesOf(int eventId) => [.. _messages.Where(m => m.EventId == eventId).Select(m => m.Message)];

    /// <summary>Waits until <paramref name="eventId"/> was logged at least once. A readiness wait, not a timing assertion.</summary>
    public async Task WaitForAsync(int eventId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (Count(eventId) == 0)
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    public ILogger CreateLogger(string categoryName) => new Counter(_counts, _messages);

    public void Dispose()
    {
    }

    private sealed class Counter(ConcurrentDictionary<int, int> counts, ConcurrentQueue<(int, string)> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            counts.AddOrUpdate(eventId.Id, 1, (_, count) => count + 1);
            messages.Enqueue((eventId.Id, formatter(state, exception)));
        }
    }
}
