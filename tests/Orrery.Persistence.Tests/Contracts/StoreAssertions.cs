using Orrery.Games;

namespace Orrery.Persistence.Tests.Contracts;

public static class StoreAssertions
{
    private static readonly IReadOnlyList<Membership> NoMemberships = [];

    /// <summary>Compares every field of two games, memberships element by element and in order.</summary>
    public static void ShouldMatch(this Game? actual, Game expected)
    {
        actual.ShouldNotBeNull();
        (actual with { Memberships = NoMemberships }).ShouldBe(expected with { Memberships = NoMemberships });
        actual.Memberships.ShouldBe(expected.Memberships);
    }
}
