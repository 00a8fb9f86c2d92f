using System.Text.Json;
using Orrery.Specs;
using Orrery.Specs.Instances;

namespace Orrery.Api;

/// <summary>One step of a specification in JSON.</summary>
public sealed record SpecTransitionBody(string? From, string? Action, string? To);

/// <summary>
/// A specification in JSON, the alternative to a <c>.spex</c> body. Durations are written as in <c>.spex</c>
/// (<c>60s</c>, <c>10m</c>); <c>prunableStates</c> is <c>all</c>, <c>terminal</c> or state names separated by commas.
/// </summary>
public sealed record SpecBody(
    IReadOnlyList<SpecTransitionBody>? Transitions,
    bool? LearningMode,
    string? TransitionTimeout,
    IReadOnlyDictionary<string, string>? StateTimeouts,
    string? PruneTimeout,
    string? PrunableStates);

/// <summary>A registered specification; <c>transitions</c> only when one specification is read.</summary>
public sealed record SpecResponse(
    string Name,
    bool LearningMode,
    string InitialState,
    IReadOnlyList<string> TerminalStates,
    int TransitionCount,
    string? TransitionTimeout,
    IReadOnlyDictionary<string, string> StateTimeouts,
    string? PruneTimeout,
    string PrunableStates,
    IReadOnlyList<SpecTransitionBody>? Transitions)
{
    public static SpecResponse From(Specification specification, bool withTransitions)
    {
        var document = specification.Document;
        return new(
            specification.Name, specification.LearningMode, specification.InitialState, [.. specification.TerminalStates.Order(StringComparer.Ordinal)],
            document.Transitions.Length, Format(document.TransitionTimeout),
            document.StateTimeouts.ToDictionary(s => s.Key, s => SpexDuration.Format(s.Value)), Format(document.PruneTimeout),
            document.PrunableStates.ToString(),
            withTransitions ? [.. document.Transitions.Select(t => new SpecTransitionBody(t.From, t.Action, t.To))] : null);
    }

    private static string? Format(TimeSpan? duration) => duration is { } value ? SpexDuration.Format(value) : null;
}

/// <param name="Meta">Any JSON value, kept with the instance.</param>
/// <param name="InitialState">Default: the specification's initial state.</param>
public sealed record SpecInstanceBody(string? Id, JsonElement? Meta, string? InitialState);

/// <param name="From">When given, the state the instance must be in: of two callers racing from one state, one wins.</param>
public sealed record SpecTransitionRequest(string? Action, string? To, string? From);

public sealed record SpecMockBody(string? State, JsonElement? Meta);

public sealed record SpecInstanceResponse(
    string Id, string Spec, string State, JsonElement? Meta, DateTimeOffset CreatedAt, DateTimeOffset StateChangedAt, DateTimeOffset UpdatedAt)
{
    public static SpecInstanceResponse From(SpecInstance instance) => new(
        instance.Id, instance.Spec, instance.State, instance.Meta is null ? null : JsonDocument.Parse(instance.Meta).RootElement,
        instance.CreatedAt, instance.StateChangedAt, instance.UpdatedAt);
}

/// <summary>An asynchronous init or transition, queued on the instance's shard.</summary>
public sealed record SpecAcceptedResponse(string Id, string Operation);

public sealed record SpecDeletedResponse(int Deleted);

public sealed record SpecModelExportResponse(string Directory, IReadOnlyList<string> Files);
