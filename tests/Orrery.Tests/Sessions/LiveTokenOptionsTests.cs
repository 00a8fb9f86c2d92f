using Orrery.Hosting;
using Orrery.Sessions;

namespace Orrery.Tests.Sessions;

public sealed class LiveTokenOptionsTests : IDisposable
{
    private readonly string _data = Directory.CreateTempSubdirectory("orrery-live-keys-").FullName;
    private readonly LiveTokenOptionsValidator _validator = new();

    public void Dispose() => Directory.Delete(_data, recursive: true);

    private string KeyPath => Path.Combine(_data, "nested", LiveSigningKeyFile.FileName);

    [Theory]
    [InlineData("01:00:00", true)]
    [InlineData("00:00:01", true)]
    [InlineData("1.00:00:00", true)]
    [InlineData("1.00:00:01", false)]
    [InlineData("2.00:00:00", false)]
    [InlineData("00:00:00", false)]
    [InlineData("-00:05:00", false)]
    public void TokenLifetime_PositiveAndAtMostADay(string lifetime, bool valid)
    {
        var result = _validator.Validate(null, new LiveTokenOptions { TokenLifetime = TimeSpan.Parse(lifetime), SigningKeys = [LiveSigningKeys.Generate()] });

        result.Succeeded.ShouldBe(valid, result.FailureMessage);
        if (!valid)
        {
            result.FailureMessage!.ShouldContain("Orrery:Live:TokenLifetime");
        }
    }

    [Fact]
    public void SigningKeys_ShortOrNotBase64_RefusedEachWithoutEchoingIt()
    {
        var shortKey = Convert.ToBase64String(new byte[31]);
        var result = _validator.Validate(null, new LiveTokenOptions { SigningKeys = [LiveSigningKeys.Generate(), shortKey, "not base64 at all!"] });

        result.Failed.ShouldBeTrue();
        result.Failures.ShouldBe(
        [
            "Orrery:Live:SigningKeys:1 is not base64 of at least 32 bytes.",
            "Orrery:Live:SigningKeys:2 is not base64 of at least 32 bytes.",
        ]);
        result.FailureMessage.ShouldNotContain(shortKey);
    }

    [Fact]
    public void SigningKeys_NoneLeft_RefusedSayingReplicasMustShareThem()
    {
        var result = _validator.Validate(null, new LiveTokenOptions());

        result.Failures.ShouldHaveSingleItem().ShouldContain("Orrery:Live:SigningKeys is empty: in cluster mode");
    }

    [Fact]
    public void KeyFile_GeneratedOwnerOnlyAndReused()
    {
        var generated = new LiveTokenOptions();
        new LiveSigningKeyFile(KeyPath).PostConfigure(null, generated);

        var key = generated.SigningKeys.ShouldHaveSingleItem();
        LiveSigningKeys.Decode(key)!.Length.ShouldBe(32);
        File.ReadAllText(KeyPath).Trim().ShouldBe(key);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(KeyPath).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        Directory.GetFiles(Path.GetDirectoryName(KeyPath)!).ShouldBe([KeyPath]); // no temporary file left behind

        var restarted = new LiveTokenOptions();
        new LiveSigningKeyFile(KeyPath).PostConfigure(null, restarted);
        restarted.SigningKeys.ShouldBe([key]);
    }

    [Fact]
    public void KeyFile_NotUsedWhenKeysAreConfigured()
    {
        var configured = LiveSigningKeys.Generate();
        var options = new LiveTokenOptions { SigningKeys = [configured] };

        new LiveSigningKeyFile(KeyPath).PostConfigure(null, options);

        options.SigningKeys.ShouldBe([configured]);
        File.Exists(KeyPath).ShouldBeFalse();
    }

    [Fact]
    public void KeyFile_DamagedIsRefusedNotReplaced()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(KeyPath)!);
        File.WriteAllText(KeyPath, "c2hvcnQ=");

        var refused = Should.Throw<NodeConfigurationException>(() => new LiveSigningKeyFile(KeyPath).PostConfigure(null, new LiveTokenOptions()));

        refused.Message.ShouldContain($"{KeyPath} does not hold a base64 key of at least 32 bytes");
        File.ReadAllText(KeyPath).ShouldBe("c2hvcnQ=");
    }

    [Fact]
    public async Task KeyFile_NodesStartingTogetherAgreeOnOneKey()
    {
        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => new LiveSigningKeyFile(KeyPath).LoadOrCreate())));

        keys.Distinct().ShouldHaveSingleItem().ShouldBe(File.ReadAllText(KeyPath).Trim());
    }
}
