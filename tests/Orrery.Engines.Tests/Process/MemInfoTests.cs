using Orrery.Engines.Process;

namespace Orrery.Engines.Tests.Process;

public sealed class MemInfoTests
{
    [Fact]
    public void ParseTotalBytes_KernelFormat_KibibytesToBytes() =>
        MemInfo.ParseTotalBytes("MemTotal:       24684312 kB\nMemFree:        23066804 kB\nMemAvailable:   23967268 kB\n")
            .ShouldBe(24684312L * 1024);

    [Theory]
    [InlineData("")]
    [InlineData("MemFree:        23066804 kB\n")]
    [InlineData("MemTotal:       lots kB\n")]
    [InlineData("MemTotal:       24684312 MB\n")]
    [InlineData("MemTotal:       0 kB\n")]
    public void ParseTotalBytes_NoUsableMemTotal_Null(string meminfo) => MemInfo.ParseTotalBytes(meminfo).ShouldBeNull();

    [Fact]
    public async Task ReadTotalBytesAsync_ThisMachine_Positive() =>
        (await MemInfo.ReadTotalBytesAsync(TestContext.Current.CancellationToken)).ShouldNotBeNull().ShouldBeGreaterThan(0);
}
