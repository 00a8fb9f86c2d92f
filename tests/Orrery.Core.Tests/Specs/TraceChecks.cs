using Orrery.Specs;

namespace Orrery.Core.Tests.Specs;

internal static class TraceChecks
{
    /// <summary>
    /// The trace is one of the document's weak traces from nil (visible actions, with internal steps anywhere)
    /// and can end in <paramref name="state"/>.
    /// </summary>
    public static void ShouldLeadTo(SpexDocument document, IReadOnlyList<string> trace, string state) =>
        Reachable(document, trace).ShouldContain(state, $"{document.Name}: {string.Join(' ', trace)}");

    public static HashSet<string> Reachable(SpexDocument document, IReadOnlyList<string> trace)
    {
        var current = Closure(document, [SpexNames.Nil]);
        foreach (var action in trace)
        {
            current = Closure(document, [.. document.Transitions.Where(t => t.Action == action && current.Contains(t.From)).Select(t => t.To)]);
        }
        return current;
    }

    private static HashSet<string> Closure(SpexDocument document, HashSet<string> states)
    {
        var queue = new Queue<string>(states);
        while (queue.TryDequeue(out var state))
        {
            foreach (var t in document.Transitions.Where(t => t.From == state && t.IsInternal && states.Add(t.To)))
            {
                queue.Enqueue(t.To);
            }
        }
        return states;
    }
}
