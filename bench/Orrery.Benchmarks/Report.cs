namespace Orrery.Benchmarks;

/// <summary>Prints a figure of Orrery's beside its baseline, with the ratio, as a markdown table row.</summary>
internal static class Report
{
    public static void Header() => Console.WriteLine("| measure | orrery | baseline | ratio (orrery/baseline) |\n|---|---|---|---|");

    public static void Row(string measure, double orrery, double baseline, string unit, string format = "0.#")
    {
        // A baseline of (about) zero, e.g. a timer that is never late, has no meaningful ratio.
        var ratio = baseline > 0 && !double.IsNaN(orrery) ? (orrery / baseline).ToString("0.00") : "n/a";
        Console.WriteLine($"| {measure} | {orrery.ToString(format)} {unit} | {baseline.ToString(format)} {unit} | {ratio} |");
    }

    /// <summary>The nearest-rank percentile; NaN for no samples.</summary>
    public static double Percentile(IReadOnlyList<double> samples, double p)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
