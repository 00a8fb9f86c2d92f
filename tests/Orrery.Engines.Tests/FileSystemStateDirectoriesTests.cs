using Microsoft.Extensions.Options;
using Orrery.Engines.Tests.Support;

namespace Orrery.Engines.Tests;

public sealed class FileSystemStateDirectoriesTests : IDisposable
{
    private const UnixFileMode Private =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;

    private readonly TempDirectory _temp = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task EnsureAsync_NewGame_CreatesAPrivateDirectoryNamedByTheGameUnderTheRoot()
    {
        var root = _temp.Combine("data", "games");
        var gameId = Guid.NewGuid();

        var path = await Create(root).EnsureAsync(gameId, Ct);

        path.ShouldBe(Path.Combine(root, gameId.ToString("D")));
        Path.IsPathFullyQualified(path).ShouldBeTrue();
        Directory.Exists(path).ShouldBeTrue();
        File.GetUnixFileMode(path).ShouldBe(Private);
        File.GetUnixFileMode(root).ShouldBe(Private);
    }

    [Fact]
    public async Task EnsureAsync_RelativeRoot_ReturnsAnAbsolutePath()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, _temp.Combine("games"));

        var path = await Create(relative).EnsureAsync(Guid.NewGuid(), Ct);

        Path.IsPathFullyQualified(path).ShouldBeTrue();
        path.ShouldStartWith(_temp.Combine("games") + Path.DirectorySeparatorChar);
    }

    [Fact]
    public async Task EnsureAsync_CalledAgain_ReturnsTheSamePathAndKeepsTheState()
    {
        var directories = Create(_temp.Combine("games"));
        var gameId = Guid.NewGuid();
        var first = await directories.EnsureAsync(gameId, Ct);
        await File.WriteAllTextAsync(Path.Combine(first, "state.json"), "{}", Ct);
        File.SetUnixFileMode(first, Private | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);

        var second = await directories.EnsureAsync(gameId, Ct);

        second.ShouldBe(first);
        File.Exists(Path.Combine(second, "state.json")).ShouldBeTrue();
        File.GetUnixFileMode(second).ShouldBe(Private);
    }

    [Fact]
    public async Task EnsureAsync_WorldWritableRoot_IsRefusedAndLeftAsItWas()
    {
        var root = _temp.Combine("shared");
        Directory.CreateDirectory(root);
        const UnixFileMode open = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
            UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        File.SetUnixFileMode(root, open);

        await Should.ThrowAsync<IOException>(() => Create(root).EnsureAsync(Guid.NewGuid(), Ct));

        File.GetUnixFileMode(root).ShouldBe(open);
    }

    [Fact]
    public async Task EnsureAsync_GameDirectoryIsASymlink_IsRefused()
    {
        var root = _temp.Combine("games");
        var gameId = Guid.NewGuid();
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(_temp.Combine("elsewhere"));
        Directory.CreateSymbolicLink(Path.Combine(root, gameId.ToString("D")), _temp.Combine("elsewhere"));

        await Should.ThrowAsync<IOException>(() => Create(root).EnsureAsync(gameId, Ct));
    }

    [Fact]
    public void Constructor_NoRoot_Throws()
    {
        Should.Throw<InvalidOperationException>(() => Create(" "));
    }

    private static FileSystemStateDirectories Create(string root) =>
        new(Options.Create(new StateDirectoriesOptions { RootDirectory = root }));
}
