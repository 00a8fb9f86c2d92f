using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Orrery.Auth;
using Orrery.Errors;
using Orrery.Specs;
using Orrery.Specs.Instances;
using Orrery.Streams;

namespace Orrery.Api;

/// <summary>
/// State-machine specifications (SPEC §9): register or replace one (<c>.spex</c> or JSON), read them, their learned
/// models as <c>.spex</c>, the models' export to <c>Orrery:Specs:ModelExportDirectory</c>, and recent deviations.
/// </summary>
public static class SpecEndpoints
{
    /// <summary>Literal route segments under <c>/specs</c>: no specification may be named so.</summary>
    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(StringComparer.Ordinal) { "instances", "deviations", "models" };

    public static RouteGroupBuilder MapSpecs(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/specs").WithTags("Specifications");
        group.MapPut("/{name}", Put).RequireAuthorization(Roles.Admin).Accepts<string>("text/plain", "application/x-spex", "application/json");
        group.MapGet("/", List).RequireAuthorization(Roles.Viewer);
        group.MapGet("/deviations", Deviations).RequireAuthorization(Roles.Viewer);
        group.MapPost("/models/export", Export).RequireAuthorization(Roles.Admin);
        group.MapGet("/{name}", Get).RequireAuthorization(Roles.Viewer);
        group.MapGet("/{name}/model", Model).RequireAuthorization(Roles.Viewer).Produces<string>(contentType: "text/plain");
        return group;
    }

    /// <summary>Registers or replaces a specification; a malformed <c>.spex</c> body is refused with its line and reason.</summary>
    /// <remarks>Every other replica of a cluster takes it up before the answer, so its shards know it too.</remarks>
    public static async Task<Results<Ok<SpecResponse>, ProblemHttpResult>> Put(
        string name, HttpRequest request, SpecRegistry registry, ISpecRegistrationBroadcast replicas, IOptions<JsonOptions> json,
        CancellationToken cancellationToken)
    {
        if (ReservedNames.Contains(name) || name.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || !SpexFormat.IsName(name))
        {
            throw OrreryException.InvalidInput(
                $"'{name}' cannot name a specification: no spaces, brackets, arrows or path characters, and not {string.Join(", ", ReservedNames)}.");
        }
        try
        {
            var document = await SpecBodies.ReadAsync(name, request, json.Value.SerializerOptions, cancellationToken);
            var specification = await registry.RegisterAsync(document, cancellationToken);
            await replicas.RegisteredAsync(specification.Name, cancellationToken);
            return TypedResults.Ok(SpecResponse.From(specification, withTransitions: false));
        }
        catch (SpexFormatException ex)
        {
            var problem = ProblemResponses.Create(ErrorCodes.InvalidInput, ex.Message);
            problem.Extensions["line"] = ex.Line;
            problem.Extensions["reason"] = ex.Reason;
            return TypedResults.Problem(problem);
        }
    }

    /// <summary>Every registered specification, by name (without their transitions), with how many instances and model transitions each has.</summary>
    public static async Task<Ok<IReadOnlyList<SpecResponse>>> List(
        SpecRegistry registry, SpecInstances instances, ImplementationModels models, SpecLoading loading, CancellationToken cancellationToken)
    {
        await loading.RefreshModelsAsync(cancellationToken);
        // One fan-out over the shards for every spec, not one per spec.
        var counts = await instances.CountBySpecAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SpecResponse>>([.. registry.List().Select(s => SpecResponse.From(s, withTransitions: false) with
        {
            InstanceCount = counts.GetValueOrDefault(s.Name),
            ModelTransitionCount = models.Count(s.Name),
        })]);
    }

    /// <summary>One specification with its transitions.</summary>
    public static Ok<SpecResponse> Get(string name, SpecRegistry registry) => TypedResults.Ok(SpecResponse.From(registry.Get(name), withTransitions: true));

    /// <summary>The implementation model learned for the specification, as <c>.spex</c> text.</summary>
    /// <remarks>In a cluster, with what every replica's shards learned (read from the store first).</remarks>
    public static async Task<ContentHttpResult> Model(string name, SpecModelExport export, SpecLoading loading, CancellationToken cancellationToken)
    {
        await loading.RefreshModelsAsync(cancellationToken);
        return TypedResults.Text(export.Write(name), "text/plain; charset=utf-8");
    }

    /// <summary>Writes every model to <c>Orrery:Specs:ModelExportDirectory</c> now.</summary>
    public static async Task<Ok<SpecModelExportResponse>> Export(
        SpecModelExport export, SpecLoading loading, IOptions<SpecOptions> options, CancellationToken cancellationToken)
    {
        var directory = options.Value.ModelExportDirectory is { Length: > 0 } configured
            ? configured
            : throw OrreryException.InvalidInput($"{SpecOptions.Section}:{nameof(SpecOptions.ModelExportDirectory)} is not set: there is nowhere to export to.");
        await loading.RefreshModelsAsync(cancellationToken);
        return TypedResults.Ok(new SpecModelExportResponse(directory, await export.ExportAsync(directory, cancellationToken)));
    }

    /// <summary>
    /// Entries of <c>spex:deviations</c> (deviations and transition timeouts), oldest first: after <c>after</c> (an entry
    /// id), by default those of the last 24 hours; at most <c>count</c> (default 100, at most 1,000).
    /// </summary>
    public static Task<Ok<StreamReadResponse>> Deviations(
        IEventStream streams, TimeProvider time, CancellationToken cancellationToken, string? after = null, int? count = null) =>
        StreamEndpoints.Read(
            DeviationEvents.Stream, streams, cancellationToken, after ?? $"{(time.GetUtcNow() - TimeSpan.FromDays(1)).ToUnixTimeMilliseconds()}-0", count);
}
