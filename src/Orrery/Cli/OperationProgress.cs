using Orrery.Api;
using Spectre.Console;

namespace Orrery.Cli;

/// <summary>Follows a queued operation to its final status with a live spinner.</summary>
internal static class OperationProgress
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<OperationResponse> WaitAsync(ApiClient client, OperationResponse operation, CancellationToken cancellationToken)
    {
        var current = operation;
        await AnsiConsole.Status().Spinner(Spinner.Known.Dots).StartAsync($"{operation.Op} {operation.GameId}: {operation.Status}", async context =>
        {
            while (current.Status is "queued" or "running")
            {
                await Task.Delay(PollInterval, cancellationToken);
                current = await client.GetAsync<OperationResponse>($"operations/{operation.OperationId}", cancellationToken);
                context.Status($"{current.Op} {current.GameId}: {current.Status}");
            }
        });
        return current;
    }

    public static void Print(OperationResponse operation)
    {
        var colour = operation.Status switch { "succeeded" => "green", "failed" => "red", _ => "yellow" };
        AnsiConsole.MarkupLineInterpolated($"[{colour}]{operation.Op} {operation.Status}[/] operation {operation.OperationId} game {operation.GameId}");
        if (operation.ErrorCode is not null)
        {
            AnsiConsole.MarkupLineInterpolated($"  [red]{operation.ErrorCode}[/]: {operation.ErrorMessage}");
        }
    }
}
