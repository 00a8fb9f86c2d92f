using Microsoft.AspNetCore.Http.HttpResults;
using Orrery.Auth;
using Orrery.Errors;
using Orrery.Specs.Instances;

namespace Orrery.Api;

/// <summary>
/// Instances of specifications (SPEC §9) under <c>/specs/{name}/instances</c>, and across specifications under
/// <c>/specs/instances</c>. Init and transition take <c>?async=true</c>: queued on the instance's shard, answered 202
/// at once (a refusal is then only logged).
/// </summary>
public static class SpecInstanceEndpoints
{
    public static RouteGroupBuilder MapSpecInstances(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/specs").WithTags("Specification instances");
        group.MapGet("/instances", ListAll).RequireAuthorization(Roles.Viewer);
        group.MapDelete("/instances", DeleteAll).RequireAuthorization(Roles.Admin);
        group.MapPost("/{name}/instances", Init).RequireAuthorization(Roles.Admin);
        group.MapGet("/{name}/instances", List).RequireAuthorization(Roles.Viewer);
        group.MapDelete("/{name}/instances", DeleteMatching).RequireAuthorization(Roles.Admin);
        group.MapGet("/{name}/instances/{id}", Get).RequireAuthorization(Roles.Viewer);
        group.MapDelete("/{name}/instances/{id}", Delete).RequireAuthorization(Roles.Admin);
        group.MapPut("/{name}/instances/{id}/mock", Mock).RequireAuthorization(Roles.Admin);
        group.MapPost("/{name}/instances/{id}/transitions", Transition).RequireAuthorization(Roles.Admin);
        return group;
    }

    /// <summary>Creates an instance (201), or queues its creation (<c>?async=true</c>, 202).</summary>
    public static async Task<Results<Created<SpecInstanceResponse>, Accepted<SpecAcceptedResponse>>> Init(
        string name, SpecInstanceBody body, SpecInstances instances, CancellationToken cancellationToken, bool? async = null)
    {
        var id = body.Id ?? throw OrreryException.InvalidInput("id is required.");
        var meta = body.Meta?.GetRawText();
        if (async == true)
        {
            return instances.PostInit(name, id, meta, body.InitialState)
                ? TypedResults.Accepted((string?)null, new SpecAcceptedResponse(id, "init"))
                : throw NotRunning(id);
        }
        var instance = await instances.InitAsync(name, id, meta, body.InitialState, cancellationToken);
        return TypedResults.Created($"{ApiRoutes.Prefix}/specs/{name}/instances/{Uri.EscapeDataString(id)}", SpecInstanceResponse.From(instance));
    }

    /// <summary>Moves an instance (200 with it), or queues the move (<c>?async=true</c>, 202).</summary>
    public static async Task<Results<Ok<SpecInstanceResponse>, Accepted<SpecAcceptedResponse>>> Transition(
        string name, string id, SpecTransitionRequest body, SpecInstances instances, CancellationToken cancellationToken, bool? async = null)
    {
        var action = body.Action ?? throw OrreryException.InvalidInput("action is required.");
        var to = body.To ?? throw OrreryException.InvalidInput("to is required.");
        if (async == true)
        {
            return instances.PostTransition(id, action, to, body.From, name)
                ? TypedResults.Accepted((string?)null, new SpecAcceptedResponse(id, "transition"))
                : throw NotRunning(id);
        }
        return TypedResults.Ok(SpecInstanceResponse.From(await instances.TransitionAsync(id, action, to, cancellationToken, body.From, name)));
    }

    /// <summary>Puts an instance in a state, unchecked and without touching the model (tests, repairs).</summary>
    public static async Task<Ok<SpecInstanceResponse>> Mock(
        string name, string id, SpecMockBody body, SpecInstances instances, CancellationToken cancellationToken)
    {
        var state = body.State ?? throw OrreryException.InvalidInput("state is required.");
        return TypedResults.Ok(SpecInstanceResponse.From(await instances.MockAsync(name, id, state, body.Meta?.GetRawText(), cancellationToken)));
    }

    public static async Task<Ok<SpecInstanceResponse>> Get(string name, string id, SpecInstances instances, CancellationToken cancellationToken) =>
        await instances.GetAsync(id, cancellationToken) is { } instance && instance.Spec == name
            ? TypedResults.Ok(SpecInstanceResponse.From(instance))
            : throw OrreryException.NotFound($"No instance '{id}' of specification '{name}'.");

    /// <summary>The instances of one specification, by id.</summary>
    public static async Task<Ok<IReadOnlyList<SpecInstanceResponse>>> List(string name, SpecRegistry registry, SpecInstances instances, CancellationToken cancellationToken)
    {
        registry.Get(name);
        return Listed(await instances.ListAsync(name, cancellationToken));
    }

    /// <summary>Every instance, or those of <c>spec</c>, by id.</summary>
    public static async Task<Ok<IReadOnlyList<SpecInstanceResponse>>> ListAll(SpecInstances instances, CancellationToken cancellationToken, string? spec = null) =>
        Listed(await instances.ListAsync(spec, cancellationToken));

    public static async Task<NoContent> Delete(string name, string id, SpecInstances instances, CancellationToken cancellationToken)
    {
        await Get(name, id, instances, cancellationToken);
        return await instances.DeleteAsync(id, cancellationToken) ? TypedResults.NoContent() : throw OrreryException.NotFound($"No instance '{id}'.");
    }

    /// <summary>Deletes the specification's instances in <c>state</c> and/or idle since <c>idleSince</c>.</summary>
    public static async Task<Ok<SpecDeletedResponse>> DeleteMatching(
        string name, SpecRegistry registry, SpecInstances instances, CancellationToken cancellationToken, string? state = null, DateTimeOffset? idleSince = null)
    {
        registry.Get(name);
        return TypedResults.Ok(new SpecDeletedResponse(await instances.DeleteAsync(new SpecInstanceFilter(name, state, idleSince), cancellationToken)));
    }

    /// <summary>Deletes the instances matching every filter given (<c>spec</c>, <c>state</c>, <c>idleSince</c>; at least one).</summary>
    public static async Task<Ok<SpecDeletedResponse>> DeleteAll(
        SpecInstances instances, CancellationToken cancellationToken, string? spec = null, string? state = null, DateTimeOffset? idleSince = null) =>
        TypedResults.Ok(new SpecDeletedResponse(await instances.DeleteAsync(new SpecInstanceFilter(spec, state, idleSince), cancellationToken)));

    private static Ok<IReadOnlyList<SpecInstanceResponse>> Listed(IReadOnlyList<SpecInstance> instances) =>
        TypedResults.Ok<IReadOnlyList<SpecInstanceResponse>>([.. instances.Select(SpecInstanceResponse.From)]);

    private static OrreryException NotRunning(string id) =>
        new(ErrorCodes.NotOwner, $"The shard of instance '{id}' does not run on this node; try again.");
}
