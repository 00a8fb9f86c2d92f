using Microsoft.Extensions.Options;
using Orrery.Tests.Support;

namespace Orrery.Tests.Reconcile;

public sealed class ReconcileSettingsTests
{
    [Theory]
    [InlineData("--Orrery:Reconcile:Interval=00:00:00")]
    [InlineData("--Orrery:Reconcile:StatusTimeout=-00:00:01")]
    [InlineData("--Orrery:Reconcile:MaxParallelStatusCalls=0")]
    public async Task A_node_with_an_unusable_reconcile_setting_refuses_to_start(string setting)
    {
        var error = await Should.ThrowAsync<OptionsValidationException>(() => NodeHarness.StartAsync([setting]));

        error.Message.ShouldContain("Orrery:Reconcile");
    }
}
