using Orrery.Specs;
using Orrery.Specs.Checking;

namespace Orrery.Core.Tests.Specs;

public sealed class TauCyclesTests
{
    private static readonly string[] Actions = [SpexNames.Internal, "a"];

    [Fact]
    public void A_million_step_tau_cycle_is_one_state_and_needs_no_recursion()
    {
        const int n = 1_000_000;
        var from = Enumerable.Range(0, n).ToArray();
        var to = Enumerable.Range(1, n).Select(i => i % n).ToArray();
        var system = TransitionSystem.Create(n + 1, Actions, [.. from, n - 1], [.. new int[n], 1], [.. to, n]);

        var quotient = TauCycles.Collapse(system, out var component, TestContext.Current.CancellationToken);

        quotient.StateCount.ShouldBe(2);
        component.Take(n).Distinct().ShouldHaveSingleItem();
        quotient.TransitionCount.ShouldBe(1); // the a-step out of the cycle; the cycle's taus are gone
    }

    [Fact]
    public void Tau_steps_of_the_quotient_go_to_lower_numbers()
    {
        // 0 -tau-> 1 -tau-> 2 -tau-> 1 (a cycle of 1 and 2), 2 -tau-> 3, 3 -a-> 0.
        var system = TransitionSystem.Create(4, Actions, [0, 1, 2, 2, 3], [0, 0, 0, 0, 1], [1, 2, 1, 3, 0]);

        var quotient = TauCycles.Collapse(system, out var component, TestContext.Current.CancellationToken);

        quotient.StateCount.ShouldBe(3);
        component[1].ShouldBe(component[2]);
        for (var s = 0; s < quotient.StateCount; s++)
        {
            for (var e = quotient.OutStart[s]; e < quotient.TauEnd(s); e++)
            {
                quotient.OutTarget[e].ShouldBeLessThan(s);
            }
        }
    }

    [Fact]
    public void The_checker_takes_a_million_transitions()
    {
        // An a-chain with a tau every third step against the same chain with the taus moved (a.tau.x = a.x): both
        // are 333,334 a-steps, and every state is its own class, the longest run of splits.
        const int n = 500_000;
        var left = Chain(n, i => i % 3 == 2);
        var right = Chain(n, i => i % 3 == 0 && i > 0);

        var verdict = new BranchingBisimulationChecker().Check(left, right, TestContext.Current.CancellationToken);

        (left.Transitions.Length + right.Transitions.Length).ShouldBeGreaterThan(1_000_000);
        verdict.Equivalent.ShouldBeTrue(verdict.Reason);
    }

    [Fact]
    public void A_long_chain_one_step_short_is_told_apart_at_its_end()
    {
        // 2,000 a-steps on the left, 2,001 on the right.
        var left = Chain(3_000, i => i % 3 == 2);
        var right = Chain(3_000, i => i % 3 == 0 && i > 0);

        var verdict = new BranchingBisimulationChecker().Check(left, right, TestContext.Current.CancellationToken);

        verdict.Equivalent.ShouldBeFalse();
        verdict.Trace.ShouldBe([SpexNames.Initialisation, .. Enumerable.Repeat("a", 2_000)]);
        verdict.Reason.ShouldStartWith("after __initialisation__ a a a a ... a a a a a (2,001 actions) (left in s");
        verdict.Reason.ShouldEndWith("the right side can do a, the left side cannot, even after internal steps");
    }

    private static SpexDocument Chain(int length, Func<int, bool> isTau) => new()
    {
        Name = "chain",
        Transitions = [.. Enumerable.Range(0, length)
            .Select(i => new SpexTransition($"s{i}", isTau(i) ? SpexNames.Internal : "a", $"s{i + 1}"))
            .Prepend(new SpexTransition(SpexNames.Nil, SpexNames.Initialisation, "s0"))],
    };
}
