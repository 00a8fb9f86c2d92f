using System.Text.Json.Serialization;

namespace Orrery.ReferenceEngine.Game;

/// <summary>
/// One planet of the galaxy. Immutable: a turn builds new planets, so a failed or
/// cancelled turn can never leave a half-updated galaxy behind.
/// </summary>
/// <param name="Id">Index of the planet in <see cref="GameState.Planets"/>.</param>
/// <param name="X">Grid column.</param>
/// <param name="Y">Grid row.</param>
/// <param name="Capacity">Population the planet can hold.</param>
/// <param name="Owner">Index of the owning race in <see cref="GameState.Races"/>, or null while free.</param>
/// <param name="Population">Current population, 0 while free, never above <paramref name="Capacity"/>.</param>
internal sealed record Planet(int Id, int X, int Y, long Capacity, int? Owner, long Population)
{
    [JsonIgnore]
    public bool IsFree => Owner is null;

    /// <summary>Squared distance: enough to compare, and exact in integers.</summary>
    public long DistanceSquaredTo(Planet other)
    {
        long dx = X - other.X;
        long dy = Y - other.Y;
        return (dx * dx) + (dy * dy);
    }
}
