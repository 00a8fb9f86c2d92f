using Orrery.Operations;
using Orrery.Storage;
using static Orrery.Persistence.Tests.Contracts.TestData;

namespace Orrery.Persistence.Tests.Contracts;

public abstract class OperationStoreContract : StoreContract
{
    [Fact]
    public async Task InsertAsync_EveryFieldSet_RoundTrips()
    {
        var store = await CreateStoreAsync();
        var operation = FullOperation(Guid.NewGuid());

        var insert = await store.Operations.InsertAsync(operation, Ct);

        insert.ShouldBe(new OperationInsert(operation, Created: true));
        (await store.Operations.GetAsync(operation.Id, Ct)).ShouldBe(operation);
    }

    [Fact]
    public async Task InsertAsync_OptionalFieldsUnset_RoundTripsNulls()
    {
        var store = await CreateStoreAsync();
        var operation = Operation(Guid.NewGuid());

        await store.Operations.InsertAsync(operation, Ct);

        (await store.Operations.GetAsync(operation.Id, Ct)).ShouldBe(operation);
    }

    [Fact]
    public async Task InsertAsync_EveryKindSourceAndStatus_RoundTrips()
    {
        var store = await CreateStoreAsync();
        var operations = (
            from kind in Enum.GetValues<OperationKind>()
            from source in Enum.GetValues<OperationSource>()
            from status in Enum.GetValues<OperationStatus>()
            select Operation(Guid.NewGuid()) with { Kind = kind, Source = source, Status = status }).ToList();

        foreach (var operation in operations)
        {
            await store.Operations.InsertAsync(operation, Ct);
        }

        foreach (var operation in operations)
        {
            (await store.Operations.GetAsync(operation.Id, Ct)).ShouldBe(operation);
        }
    }

    [Fact]
    public async Task InsertAsync_GameNeverRegistered_IsRecorded()
    {
        var store = await CreateStoreAsync();
        var operation = Operation(Guid.NewGuid());

        (await store.Operations.InsertAsync(operation, Ct)).Created.ShouldBeTrue();
        (await store.Operations.GetAsync(operation.Id, Ct)).ShouldBe(operation);
    }

    [Fact]
    public async Task InsertAsync_ReusedIdempotencyKey_ReturnsFirstOperationAndWritesNothing()
    {
        var store = await CreateStoreAsync();
        var gameId = Guid.NewGuid();
        var first = Operation(gameId, At(1), "retry-me");
        await store.Operations.InsertAsync(first, Ct);
        var retry = Operation(gameId, At(2), "retry-me") with { Kind = OperationKind.Stop };

        var insert = await store.Operations.InsertAsync(retry, Ct);

        insert.ShouldBe(new OperationInsert(first, Created: false));
        (await store.Operations.GetAsync(retry.Id, Ct)).ShouldBeNull();
        (await store.Operations.ListAsync(gameId, new PageRequest(1, 10), Ct)).Items.ShouldBe([first]);
    }

    [Fact]
    public async Task InsertAsync_SameKeyFromSixteenCallersAtOnce_CreatesExactlyOne()
    {
        var store = await CreateStoreAsync();
        var gameId = Guid.NewGuid();

        var inserts = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(
            () => store.Operations.InsertAsync(Operation(gameId, At(i), "one-start"), Ct), Ct)));

        var created = inserts.Where(i => i.Created).ShouldHaveSingleItem();
        inserts.ShouldAllBe(i => i.Operation == created.Operation);
        (await store.Operations.ListAsync(gameId, new PageRequest(1, 50), Ct)).Total.ShouldBe(1);
    }

    [Fact]
    public async Task InsertAsync_NoIdempotencyKeys_RecordsEveryOperation()
    {
        var store = await CreateStoreAsync();
        var gameId = Guid.NewGuid();

        var inserts = new[] { await store.Operations.InsertAsync(Operation(gameId), Ct), await store.Operations.InsertAsync(Operation(gameId), Ct) };

        inserts.ShouldAllBe(i => i.Created);
        (await store.Operations.ListAsync(gameId, new PageRequest(1, 10), Ct)).Total.ShouldBe(2);
    }

    [Fact]
    public async Task InsertAsync_SixteenConcurrentCallers_RecordEveryOperation()
    {
        const int Callers = 16, PerCaller = 25;
        var store = await CreateStoreAsync();
        var gameId = Guid.NewGuid();

        var writers = Enumerable.Range(0, Callers).Select(c => Task.Run(async () =>
        {
            for (var i = 0; i < PerCaller; i++)
            {
                (await store.Operations.InsertAsync(Operation(gameId, At(i), $"caller-{c}-{i}"), Ct)).Created.ShouldBeTrue();
            }
        }, Ct));
        var reader = Task.Run(async () =>
        {
            for (var i = 0; i < PerCaller; i++)
            {
                await store.Operations.ListAsync(gameId, new PageRequest(1, 10), Ct);
            }
        }, Ct);
        await Task.WhenAll([.. writers, reader]);

        (await store.Operations.ListAsync(gameId, new PageRequest(1, 10), Ct)).Total.ShouldBe(Callers * PerCaller);
    }

    [Fact]
    public async Task FindByIdempotencyKeyAsync_KnownAndUnknownKeys_ReturnsOperationOrNull()
    {
        var store = await CreateStoreAsync();
        var operation = Operation(Guid.NewGuid(), idempotencyKey: "key-1");
        await store.Operations.InsertAsync(operation, Ct);

        (await store.Operations.FindByIdempotencyKeyAsync("key-1", Ct)).ShouldBe(operation);
        (await store.Operations.FindByIdempotencyKeyAsync("key-2", Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task GetAsync_UnknownOperation_ReturnsNull()
    {
        var store = await CreateStoreAsync();

        (await store.Operations.GetAsync(Guid.NewGuid(), Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task UpdateAsync_RunThenFail_WritesStatusTimestampsErrorAndEngineFields()
    {
        var store = await CreateStoreAsync();
        var operation = Operation(Guid.NewGuid(), At(0), "key") with { Kind = OperationKind.Patch };
        await store.Operations.InsertAsync(operation, Ct);

        var running = operation.MarkRunning(At(1)) with { TargetVersion = "1.2.4", ImageRef = "engine:1.2.4", EngineId = "engine-1" };
        await store.Operations.UpdateAsync(running, Ct);
        (await store.Operations.GetAsync(operation.Id, Ct)).ShouldBe(running);

        var failed = running.MarkFailed("engine_unreachable", "No answer from /healthz.", At(2));
        await store.Operations.UpdateAsync(failed, Ct);
        (await store.Operations.GetAsync(operation.Id, Ct)).ShouldBe(failed);

        var succeeded = failed.MarkSucceeded(At(3)) with { StartedAt = null };
        await store.Operations.UpdateAsync(succeeded, Ct);
        (await store.Operations.GetAsync(operation.Id, Ct)).ShouldBe(succeeded);
    }

    [Fact]
    public async Task ListAsync_SeveralPages_ReturnsNewestFirstWithTotal()
    {
        var store = await CreateStoreAsync();
        var gameId = Guid.NewGuid();
        var operations = new[] { 3, 1, 5, 2, 4, 6 }.Select(s => Operation(gameId, At(s))).ToList();
        foreach (var operation in operations)
        {
            await store.Operations.InsertAsync(operation, Ct);
        }
        await store.Operations.InsertAsync(Operation(Guid.NewGuid(), At(4)), Ct);

        var first = await store.Operations.ListAsync(gameId, new PageRequest(1, 4), Ct);
        var second = await store.Operations.ListAsync(gameId, new PageRequest(2, 4), Ct);

        (first.Total, second.Total).ShouldBe((6L, 6L));
        first.Items.Concat(second.Items).ShouldBe(operations.OrderByDescending(o => o.CreatedAt));
        (second.Number, second.Size).ShouldBe((2, 4));
    }

    [Fact]
    public async Task ListAsync_SameCreationTime_ReturnsLaterInsertFirst()
    {
        var store = await CreateStoreAsync();
        var gameId = Guid.NewGuid();
        var operations = Enumerable.Range(0, 4).Select(_ => Operation(gameId, At(7))).ToList();
        foreach (var operation in operations)
        {
            await store.Operations.InsertAsync(operation, Ct);
        }

        var page = await store.Operations.ListAsync(gameId, new PageRequest(1, 10), Ct);

        page.Items.ShouldBe(Enumerable.Reverse(operations));
    }

    [Fact]
    public async Task ListUnfinishedAsync_MixedStatuses_ReturnsQueuedAndRunningOldestFirst()
    {
        var store = await CreateStoreAsync();
        var gameId = Guid.NewGuid();
        var queuedLate = Operation(gameId, At(5));
        var running = Operation(Guid.NewGuid(), At(1), status: OperationStatus.Running);
        var queuedEarly = Operation(Guid.NewGuid(), At(0));
        var tie = Operation(gameId, At(5));
        var finished = Operation(gameId, At(2));
        foreach (var operation in new[] { queuedLate, running, queuedEarly, tie, finished, Operation(gameId, At(3), status: OperationStatus.Failed) })
        {
            await store.Operations.InsertAsync(operation, Ct);
        }
        await store.Operations.UpdateAsync(finished.MarkRunning(At(3)).MarkSucceeded(At(4)), Ct);

        (await store.Operations.ListUnfinishedAsync(Ct)).ShouldBe([queuedEarly, running, queuedLate, tie]);
    }
}
