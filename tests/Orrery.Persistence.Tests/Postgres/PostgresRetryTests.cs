using Npgsql;
using Orrery.Persistence.Postgres;
using Orrery.Persistence.Tests.Contracts;
using Orrery.Runtime;
using static Orrery.Persistence.Tests.Contracts.TestData;

namespace Orrery.Persistence.Tests.Postgres;

/// <summary>
/// Transient failures on a real server: every session of the test's database is terminated (as an administrator,
/// a failover or a restart would) while the store's pool holds it idle, so the next statement meets a dead
/// connection. Idempotent operations are repeated on a fresh one; the others fail to the caller.
/// </summary>
public sealed class PostgresRetryTests : StoreContract
{
    private readonly PostgresTestDatabase _database = new();
    private Action<PostgresStoreOptions>? _options;

    protected override Task<StoreUnderTest> OpenDatabaseAsync() => _database.OpenAsync(_options);

    protected override ValueTask DropDatabaseAsync() => _database.DisposeAsync();

    [Fact]
    public async Task GetAsync_SessionTerminated_IsRepeatedOnAFreshConnection()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        await TerminateStoreSessionsAsync();

        (await store.Games.GetAsync(game.Id, Ct)).ShouldMatch(game);
    }

    [Fact]
    public async Task GetAsync_SessionTerminatedAndRetriesOff_Fails()
    {
        // The control of the test above: without the retry, the same failure reaches the caller.
        _options = o => o.MaxRetryAttempts = 0;
        var (store, game) = await CreateStoreWithGameAsync();
        await TerminateStoreSessionsAsync();

        var failure = await Should.ThrowAsync<NpgsqlException>(() => store.Games.GetAsync(game.Id, Ct));

        PostgresTransientErrors.IsTransient(failure).ShouldBeTrue();
    }

    [Fact]
    public async Task TryUpdateAsync_SessionTerminated_IsRepeatedAndWinsOnce()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        var inserted = (await store.Runtimes.TryInsertAsync(NewRuntime(gameId), Ct))!;
        await TerminateStoreSessionsAsync();

        var updated = await store.Runtimes.TryUpdateAsync(inserted with { Status = RuntimeStatus.Running }, Ct);

        updated.ShouldBe(inserted with { Status = RuntimeStatus.Running, Version = 2 });
        (await store.Runtimes.GetAsync(gameId, Ct)).ShouldBe(updated);
    }

    [Fact]
    public async Task TryUpdateManyAsync_SessionTerminated_IsRepeatedAsOneBatch()
    {
        var (store, inserted) = await CreateStoreWithRuntimesAsync(3);
        await TerminateStoreSessionsAsync();

        var saved = await store.Runtimes.TryUpdateManyAsync(inserted.Select(r => r with { CurrentTurn = 5 }).ToList(), Ct);

        saved.ShouldAllBe(r => r != null && r.Version == 2 && r.CurrentTurn == 5);
    }

    [Fact]
    public async Task InsertAsync_IdempotencyKeySessionTerminated_IsRepeatedAndCreatesOne()
    {
        var store = await CreateStoreAsync();
        await TerminateStoreSessionsAsync();
        var operation = Operation(Guid.NewGuid(), idempotencyKey: "start-1");

        var insert = await store.Operations.InsertAsync(operation, Ct);

        insert.ShouldBe(new(operation, Created: true));
        (await _database.ScalarAsync<long>("SELECT count(*) FROM operations")).ShouldBe(1);
    }

    [Fact]
    public async Task InsertAsync_NoIdempotencyKeySessionTerminated_FailsWithoutARepeat()
    {
        var store = await CreateStoreAsync();
        await TerminateStoreSessionsAsync();

        await Should.ThrowAsync<NpgsqlException>(() => store.Operations.InsertAsync(Operation(Guid.NewGuid()), Ct));

        (await _database.ScalarAsync<long>("SELECT count(*) FROM operations")).ShouldBe(0);
        // The next insert runs on a fresh connection.
        (await store.Operations.InsertAsync(Operation(Guid.NewGuid()), Ct)).Created.ShouldBeTrue();
    }

    [Fact]
    public async Task DeleteAsync_SessionTerminated_FailsWithoutARepeat()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        await TerminateStoreSessionsAsync();

        await Should.ThrowAsync<NpgsqlException>(() => store.Games.DeleteAsync(game.Id, Ct));

        (await store.Games.GetAsync(game.Id, Ct)).ShouldMatch(game);
    }

    /// <summary>Terminates the sessions idle in the store's pool; at least one must have been there to make the test mean anything.</summary>
    private async Task TerminateStoreSessionsAsync() => (await _database.TerminateSessionsAsync()).ShouldBeGreaterThan(0);
}
