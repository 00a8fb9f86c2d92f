using Microsoft.Extensions.Options;
using Orrery.Tests.Support;

namespace Orrery.Tests.Scheduling;

public sealed class SchedulerSettingsTests
{
    [Theory]
    [InlineData("--Orrery:Scheduler:MaxConcurrentTurns=0")]
    [InlineData("--Orrery:Scheduler:TurnTimeout=00:00:00")]
    [InlineData("--Orrery:Scheduler:FailedTurnStatusTimeout=-00:00:01")]
    public async Task A_node_with_an_unusable_scheduler_setting_refuses_to_start(string setting)
    {
        var error = await Should.ThrowAsync<OptionsValidationException>(() => NodeHarness.StartAsync([setting]));

        error.Message.ShouldContain("Orrery:Scheduler");
    }
}
