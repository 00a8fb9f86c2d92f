namespace Orrery.Benchmarks;

/// <summary>The failover benchmark's tables: Orrery's kill -9 trials beside the baseline's, the SIGSTOP trials, the goals.</summary>
internal static class FailoverReport
{
    public static void Print(
        int games, int runs, List<FailoverSample> kills, List<FailoverSample> pauses, List<FailoverSample> baseline,
        EngineTurnAuditResult orreryAudit, EngineTurnAuditResult finalAudit)
    {
        Console.WriteLine();
        Console.WriteLine($"{games} games on a 1-second schedule over 3 replicas; {runs} trials each; victim games: " +
            $"{kills.Sum(s => s.VictimGames)} (kill -9), {pauses.Sum(s => s.VictimGames)} (SIGSTOP), {baseline.Sum(s => s.VictimGames)} (baseline)");
        Report.Header();
        Report.Row("kill -9 -> declared dead, median of trials", Median(kills, s => s.DeclaredAfterMs), Median(baseline, s => s.DeclaredAfterMs), "ms", "0");
        Report.Row("kill -9 -> declared dead, max of trials", Max(kills, s => s.DeclaredAfterMs), Max(baseline, s => s.DeclaredAfterMs), "ms", "0");
        Report.Row("kill -9 -> victim game's next turn p50", P(kills, s => s.FaultToTurnMs, 50), P(baseline, s => s.FaultToTurnMs, 50), "ms", "0");
        Report.Row("kill -9 -> victim game's next turn p99", P(kills, s => s.FaultToTurnMs, 99), P(baseline, s => s.FaultToTurnMs, 99), "ms", "0");
        Report.Row("declared dead -> victim game's next turn p50", P(kills, s => s.DeclaredToTurnMs, 50), P(baseline, s => s.DeclaredToTurnMs, 50), "ms", "0");
        Report.Row("declared dead -> victim game's next turn p99", P(kills, s => s.DeclaredToTurnMs, 99), P(baseline, s => s.DeclaredToTurnMs, 99), "ms", "0");
        Report.Row("slots missed per victim game, mean", Mean(kills), Mean(baseline), "", "0.0");
        Report.Row("slots missed per victim game, max", P(kills, s => s.MissedSlots, 100), P(baseline, s => s.MissedSlots, 100), "", "0");
        Console.WriteLine($"| victim games that never turned (4 min patience) | {kills.Sum(s => s.NeverTurned)} | {baseline.Sum(s => s.NeverTurned)} | |");

        Console.WriteLine();
        Console.WriteLine("SIGSTOP (held until declared dead and every victim game turned elsewhere, then SIGCONT), Orrery's settings:");
        Console.WriteLine("| measure | orrery |\n|---|---|");
        Console.WriteLine($"| SIGSTOP -> declared dead, median / max of trials | {Median(pauses, s => s.DeclaredAfterMs):0} / {Max(pauses, s => s.DeclaredAfterMs):0} ms |");
        Console.WriteLine($"| SIGSTOP -> victim game's next turn p50 / p99 | {P(pauses, s => s.FaultToTurnMs, 50):0} / {P(pauses, s => s.FaultToTurnMs, 99):0} ms |");
        Console.WriteLine($"| declared dead -> victim game's next turn p50 / p99 | {P(pauses, s => s.DeclaredToTurnMs, 50):0} / {P(pauses, s => s.DeclaredToTurnMs, 99):0} ms |");
        Console.WriteLine($"| slots missed per victim game, mean / max | {Mean(pauses):0.0} / {P(pauses, s => s.MissedSlots, 100):0} |");
        Console.WriteLine($"| woken zombies that exited by themselves | {pauses.Count(s => s.ZombieExit is not null)} of {pauses.Count} " +
            $"(SIGCONT -> exit max {pauses.Where(s => s.ZombieExit is not null).Select(s => s.ZombieExit!.Value.TotalSeconds).DefaultIfEmpty(double.NaN).Max():0.0} s) |");

        Console.WriteLine();
        var declaredToTurnP99 = P(kills, s => s.DeclaredToTurnMs, 99);
        var endToEnd = P(kills, s => s.FaultToTurnMs, 99) / P(baseline, s => s.FaultToTurnMs, 99);
        Console.WriteLine($"goal: victim games turning within 1 s of the declaration (p99, kill -9): {declaredToTurnP99:0} ms — {(declaredToTurnP99 <= 1000 ? "met" : "MISSED")}");
        Console.WriteLine($"goal: kill -9 -> next turn p99 <= 0.3x the Orleans-defaults baseline: {endToEnd:0.00}x — {(endToEnd <= 0.3 ? "met" : "MISSED")}");
        orreryAudit.Print("doubled turns after Orrery's trials");
        finalAudit.Print("doubled turns after all trials");
        Console.WriteLine($"goal: 0 doubled — {(finalAudit.EngineAhead == 0 && orreryAudit.EngineAhead == 0 ? "met (no engine ahead of its record)" : "SEE ABOVE: engines ahead of their records")}");
    }

    private static double P(List<FailoverSample> samples, Func<FailoverSample, List<double>> values, double p) =>
        Report.Percentile(samples.SelectMany(values).ToList(), p);

    private static double Median(List<FailoverSample> samples, Func<FailoverSample, double> value) =>
        Report.Percentile(samples.Select(value).Where(v => !double.IsNaN(v)).ToList(), 50);

    private static double Max(List<FailoverSample> samples, Func<FailoverSample, double> value) =>
        Report.Percentile(samples.Select(value).Where(v => !double.IsNaN(v)).ToList(), 100);

    private static double Mean(List<FailoverSample> samples) =>
        samples.SelectMany(s => s.MissedSlots).DefaultIfEmpty(double.NaN).Average();
}
