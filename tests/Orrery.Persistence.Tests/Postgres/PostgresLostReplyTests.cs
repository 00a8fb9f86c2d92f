using Npgsql;
using Orrery.Persistence.Tests.Contracts;
using Orrery.Runtime;
using Orrery.Tests.Shared;
using static Orrery.Persistence.Tests.Contracts.TestData;

namespace Orrery.Persistence.Tests.Postgres;

/// <summary>
/// Writes whose reply is lost after the server committed them (<see cref="ReplyDroppingProxy"/>): a retried
/// write must find its own work done and report it as done; a write that is not retried reports the failure,
/// and is never run twice.
/// </summary>
public sealed class PostgresLostReplyTests : StoreContract
{
    private readonly PostgresTestDatabase _database = new();
    private ReplyDroppingProxy? _proxy;

    private ReplyDroppingProxy Proxy => _proxy!;

    protected override Task<StoreUnderTest> OpenDatabaseAsync()
    {
        var server = new NpgsqlConnectionStringBuilder(TestServers.Postgres);
        _proxy ??= new ReplyDroppingProxy(server.Host!, server.Port);
        // No reset on close: a pooled connection's reset would otherwise go out ahead of the next statement, and
        // its reply would be the one dropped, before the statement ran.
        return _database.OpenAsync(o => o.ConnectionString =
            new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Port = Proxy.Port, NoResetOnClose = true }.ConnectionString);
    }

    protected override async ValueTask DropDatabaseAsync()
    {
        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
        }
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task TryUpdateAsync_ReplyLostAfterCommit_RepeatFindsItsOwnWriteAndReportsIt()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        var inserted = (await store.Runtimes.TryInsertAsync(NewRuntime(gameId), Ct))!;
        Proxy.DropNextReply();

        var updated = await store.Runtimes.TryUpdateAsync(inserted with { Status = RuntimeStatus.Running }, Ct);

        Proxy.Dropped.ShouldBe(1);
        updated.ShouldBe(inserted with { Status = RuntimeStatus.Running, Version = 2 });
        (await store.Runtimes.GetAsync(gameId, Ct)).ShouldBe(updated);
    }

    [Fact]
    public async Task TryUpdateManyAsync_ReplyLostAfterCommit_RepeatReportsEveryWriteItMade()
    {
        var (store, inserted) = await CreateStoreWithRuntimesAsync(3);
        // The middle one really loses: another write moved it on before the batch.
        var moved = await store.Runtimes.TryUpdateAsync(inserted[1] with { CurrentTurn = 9 }, Ct);
        Proxy.DropNextReply();

        var saved = await store.Runtimes.TryUpdateManyAsync(inserted.Select(r => r with { EngineHealth = "healthy" }).ToList(), Ct);

        Proxy.Dropped.ShouldBe(1);
        saved[0].ShouldBe(inserted[0] with { EngineHealth = "healthy", Version = 2 });
        saved[1].ShouldBeNull();
        saved[2].ShouldBe(inserted[2] with { EngineHealth = "healthy", Version = 2 });
        (await store.Runtimes.GetAsync(inserted[1].GameId, Ct)).ShouldBe(moved);
    }

    [Fact]
    public async Task TryInsertAsync_ReplyLostAfterCommit_RepeatFindsItsOwnRecordAndReportsIt()
    {
        var (store, gameId) = await CreateStoreWithGameIdAsync();
        Proxy.DropNextReply();

        var inserted = await store.Runtimes.TryInsertAsync(FullRuntime(gameId), Ct);

        Proxy.Dropped.ShouldBe(1);
        inserted.ShouldBe(FullRuntime(gameId) with { Version = 1 });
    }

    [Fact]
    public async Task InsertAsync_IdempotencyKeyReplyLostAfterCommit_RepeatReportsItCreated()
    {
        var store = await CreateStoreAsync();
        var operation = Operation(Guid.NewGuid(), idempotencyKey: "start-1");
        Proxy.DropNextReply();

        var insert = await store.Operations.InsertAsync(operation, Ct);

        Proxy.Dropped.ShouldBe(1);
        insert.ShouldBe(new(operation, Created: true));
        (await _database.ScalarAsync<long>("SELECT count(*) FROM operations")).ShouldBe(1);
    }

    [Fact]
    public async Task InsertAsync_NoIdempotencyKeyReplyLostAfterCommit_FailsAndIsNotRunAgain()
    {
        var store = await CreateStoreAsync();
        Proxy.DropNextReply();

        await Should.ThrowAsync<NpgsqlException>(() => store.Operations.InsertAsync(Operation(Guid.NewGuid()), Ct));

        // Recorded once, by the attempt whose reply was lost; the caller was told it failed.
        (await _database.ScalarAsync<long>("SELECT count(*) FROM operations")).ShouldBe(1);
    }

    [Fact]
    public async Task DeleteAsync_ReplyLostAfterCommit_FailsRatherThanReportFalse()
    {
        var (store, game) = await CreateStoreWithGameAsync();
        Proxy.DropNextReply();

        await Should.ThrowAsync<NpgsqlException>(() => store.Games.DeleteAsync(game.Id, Ct));

        (await store.Games.GetAsync(game.Id, Ct)).ShouldBeNull();
    }
}
