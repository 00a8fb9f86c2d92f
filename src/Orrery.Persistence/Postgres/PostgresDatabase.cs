using System.Data;
using Microsoft.Extensions.Logging;
using Npgsql;
using Polly;
using Polly.Retry;

namespace Orrery.Persistence.Postgres;

/// <summary>
/// The PostgreSQL database of a node: a pooled <see cref="NpgsqlDataSource"/> and the one place that decides
/// whether a failed statement is run again.
/// </summary>
/// <remarks>
/// A transient failure (the connection dropped, the backend was terminated, a failover) can come after the
/// server committed but before the client heard so. Repeating a write is therefore only safe when a second
/// run leaves the same state and reports the same outcome: stores call <see cref="RetryingAsync{T}"/> for
/// reads, upserts and compare-and-swaps that re-check their outcome, and <see cref="OnceAsync{T}"/> for the
/// rest, whose caller sees the failure (docs/decisions.md lists every operation).
/// </remarks>
internal sealed partial class PostgresDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly ResiliencePipeline _retry;
    private readonly ILogger _logger;

    public PostgresDatabase(NpgsqlDataSource dataSource, PostgresStoreOptions options, TimeProvider time, ILogger<PostgresDatabase> logger)
    {
        _dataSource = dataSource;
        _logger = logger;
        FenceOnMembership = options.FenceOnMembership;
        _retry = options.MaxRetryAttempts == 0 ? ResiliencePipeline.Empty : new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(PostgresTransientErrors.IsTransient),
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                OnRetry = args =>
                {
                    // The exception's message names the failure, never the connection string.
                    Log.Retrying(_logger, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, args.Outcome.Exception!.Message);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Whether fenced writes also check the owner's Active membership (<see cref="PostgresStoreOptions.FenceOnMembership"/>).</summary>
    public bool FenceOnMembership { get; }

    /// <summary>Runs <paramref name="work"/> on a pooled connection, again on a fresh one after a transient failure.</summary>
    /// <param name="work">Safe to repeat: a read, or a write whose second run leaves the same state and outcome.</param>
    public async Task<T> RetryingAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        await _retry.ExecuteAsync(async token => await OnceAsync(work, token), cancellationToken);

    /// <summary>Runs <paramref name="work"/> once on a pooled connection; a failure, transient or not, goes to the caller.</summary>
    public async Task<T> OnceAsync<T>(Func<NpgsqlConnection, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await work(connection, cancellationToken);
    }

    /// <summary>
    /// <see cref="RetryingAsync{T}"/> inside a transaction committed when <paramref name="work"/> returns; each
    /// attempt is a new transaction, so a repeat starts from what the server has, not from a half-done one.
    /// </summary>
    public Task<T> RetryingInTransactionAsync<T>(
        IsolationLevel isolation, Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> work, CancellationToken cancellationToken) =>
        RetryingAsync(async (connection, token) =>
        {
            await using var transaction = await connection.BeginTransactionAsync(isolation, token);
            var result = await work(connection, transaction, token);
            await transaction.CommitAsync(token);
            return result;
        }, cancellationToken);

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();
}
