using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Orrery.Engines;

namespace Orrery.EngineHosts;

/// <summary>
/// The engine host of a node with several Docker daemons (SPEC §10): one <see cref="IEngineHost"/> over the fleet's
/// members. An engine runs on the member its claim chose (<see cref="EngineRunSpec.Host"/>); its id names that member
/// (<see cref="EngineIds"/>), so stop, remove and inspect go to the right daemon. Listings cover every member, and a
/// member that cannot be listed leaves the others' engines listed (<see cref="ListByHostAsync"/> says which failed).
/// </summary>
/// <remarks>
/// A fleet of one keeps the member's own ids, so a node with one host behaves exactly as the host itself. Plain ids
/// (records written while the node had one host) are looked for on every member, first come first served: a container
/// id is unique however many daemons there are.
/// </remarks>
public sealed partial class RoutedEngineHost(EngineHostFleet fleet, TimeProvider time, ILogger<RoutedEngineHost> logger) : IEngineHost
{
    public EngineHostInfo Info { get; } = fleet.Members is [var only]
        ? only.Host.Info
        : new EngineHostInfo(fleet.Members[0].Host.Info.Kind, string.Join(", ", fleet.Members.Select(m => m.Host.Info.Location)));

    public EngineHostFleet Fleet => fleet;

    /// <summary>The machines' memory added up, when every member answered with it.</summary>
    public async Task<EngineHostResources> GetResourcesAsync(CancellationToken cancellationToken)
    {
        var answers = await EveryMemberAsync(m => m.Host.GetResourcesAsync(cancellationToken), cancellationToken);
        var totals = answers.Select(a => a.Result?.MemoryTotalBytes).ToList();
        return new EngineHostResources(totals.All(t => t is not null) ? totals.Sum() : null);
    }

    /// <exception cref="ArgumentException">The spec names no host of the fleet (several hosts need one).</exception>
    public async Task<EngineInstance> RunAsync(EngineRunSpec spec, CancellationToken cancellationToken)
    {
        var member = spec.Host is { } name
            ? fleet.Find(name) ?? throw new ArgumentException($"The node has no engine host named '{name}'.", nameof(spec))
            : fleet.Members is [var only] ? only : throw new ArgumentException("A node with several engine hosts needs a host chosen for each engine.", nameof(spec));
        return Expose(member, await member.Host.RunAsync(spec, cancellationToken));
    }

    public async Task StopAsync(string engineId, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (await LocateAsync(engineId, cancellationToken) is (EngineHostMember member, string localId))
        {
            await member.Host.StopAsync(localId, grace, cancellationToken);
        }
    }

    public async Task RemoveAsync(string engineId, CancellationToken cancellationToken)
    {
        if (await LocateAsync(engineId, cancellationToken) is (EngineHostMember member, string localId))
        {
            await member.Host.RemoveAsync(localId, cancellationToken);
        }
    }

    public async Task<EngineInspection?> InspectAsync(string engineId, CancellationToken cancellationToken) =>
        await LocateAsync(engineId, cancellationToken) is (EngineHostMember member, string localId)
        && await member.Host.InspectAsync(localId, cancellationToken) is { } inspection
            ? inspection with { Id = engineId }
            : null;

    /// <summary>The engines of the members that answered.</summary>
    /// <exception cref="Exception">No member answered: the failure of the first.</exception>
    public async Task<IReadOnlyList<EngineInstance>> ListAsync(CancellationToken cancellationToken) =>
        (await ListByHostAsync(cancellationToken)).Engines;

    /// <exception cref="Exception">No member answered: the failure of the first (nothing can be told of any engine).</exception>
    public async Task<EngineListing> ListByHostAsync(CancellationToken cancellationToken)
    {
        var answers = await EveryMemberAsync(m => m.Host.ListAsync(cancellationToken), cancellationToken);
        var engines = answers.Where(a => a.Result is not null).SelectMany(a => a.Result!.Select(e => Expose(a.Member, e))).ToList();
        var unreachable = answers.Where(a => a.Failure is not null).Select(a => new UnreachableEngineHost(a.Member.Name, a.Failure!.Message)).ToList();
        return new EngineListing(engines, unreachable);
    }

    public async Task<IReadOnlyCollection<Guid>> ListRunningGamesAsync(CancellationToken cancellationToken)
    {
        var answers = await EveryMemberAsync(m => m.Host.ListRunningGamesAsync(cancellationToken), cancellationToken);
        return [.. answers.Where(a => a.Result is not null).SelectMany(a => a.Result!).Distinct()];
    }

    /// <summary>
    /// The member and its own id for <paramref name="engineId"/>; null when no member has it (an id of a host the node
    /// no longer drives, or a plain id no member knows): a missing engine, which stop and remove take as done.
    /// </summary>
    private async Task<(EngineHostMember Member, string LocalId)?> LocateAsync(string engineId, CancellationToken cancellationToken)
    {
        if (!fleet.TryResolve(engineId, out var named, out var localId))
        {
            Log.UnknownHost(logger, engineId);
            return null;
        }
        if (named is not null)
        {
            return (named, localId);
        }
        foreach (var member in fleet.Members)
        {
            try
            {
                if (await member.Host.InspectAsync(localId, cancellationToken) is not null)
                {
                    return (member, localId);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.LookupFailed(logger, engineId, member.Name, ex.Message);
            }
        }
        return null;
    }

    /// <summary>The member's engine as the node knows it: its id naming the member when the fleet has several.</summary>
    private EngineInstance Expose(EngineHostMember member, EngineInstance engine) =>
        fleet.ComposesIds ? engine with { Id = EngineIds.Compose(member.Name, engine.Id) } : engine;

    private string Expose(EngineHostMember member, string engineId) =>
        fleet.ComposesIds ? EngineIds.Compose(member.Name, engineId) : engineId;

    /// <summary>Asks every member at once; each answer or failure is kept, and only when all failed is the first rethrown.</summary>
    private async Task<MemberAnswer<T>[]> EveryMemberAsync<T>(Func<EngineHostMember, Task<T>> ask, CancellationToken cancellationToken)
        where T : class
    {
        var answers = await Task.WhenAll(fleet.Members.Select(async member =>
        {
            try
            {
                return new MemberAnswer<T>(member, await ask(member), null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.MemberFailed(logger, member.Name, ex.Message);
                return new MemberAnswer<T>(member, null, ex);
            }
        }));
        if (answers.All(a => a.Failure is not null))
        {
            ExceptionDispatchInfo.Throw(answers[0].Failure!);
        }
        return answers;
    }

    private sealed record MemberAnswer<T>(EngineHostMember Member, T? Result, Exception? Failure) where T : class;
}
