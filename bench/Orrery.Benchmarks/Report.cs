namespace Orrery.Benchmarks;

/// <summary>Prints a figure of Orrery's beside its baseline, with the ratio, as a markdown table row.</summary>
internal static class Report
{
    public static void Header() => Console.WriteLine("| measure | orrery | baseline | ratio (orrery/baseline) |\n|---|---|---|---|");

    public static void Row(string measure, double orrery, double baseline, string unit) =>
        Console.WriteLine($"| {measure} | {orrery:0.#} {unit} | {baseline:0.#} {unit} | {orrery / baseline:0.00} |");

    public static double Percentile(IReadOnlyList<double> samples, double p)
    {
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
