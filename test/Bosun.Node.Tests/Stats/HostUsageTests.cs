using Bosun.Node.Stats;

namespace Bosun.Node.Tests.Stats;

public sealed class HostUsageTests
{
    [Fact]
    public void ParseProcStatNanoseconds_CpuLine_SumsBusyTicksAsNanoseconds()
    {
        // user nice system idle iowait irq softirq steal guest guest_nice
        const string stat = "cpu  100 5 50 9000 30 2 3 1 7 0\ncpu0 50 2 25 4500 15 1 1 0 3 0\nintr 123\n";

        var ns = HostUsage.ParseProcStatNanoseconds(stat);

        // 100 + 5 + 50 + 2 + 3 + 1 = 161 ticks of 10 ms; idle, iowait and guest are not counted.
        Assert.Equal(161UL * 10_000_000UL, ns);
    }

    [Fact]
    public void ParseProcStatNanoseconds_NoAggregateLine_ReturnsNull() =>
        Assert.Null(HostUsage.ParseProcStatNanoseconds("cpu0 1 2 3 4\n"));

    [Fact]
    public void ParseMemInfoWorkingSet_TotalAndAvailable_ReturnsTheirDifferenceInBytes()
    {
        const string meminfo = "MemTotal:        4000000 kB\nMemFree:          100000 kB\nMemAvailable:    3000000 kB\nBuffers:  1 kB\n";

        Assert.Equal(1_000_000UL * 1024, HostUsage.ParseMemInfoWorkingSet(meminfo));
    }

    [Fact]
    public void ParseMemInfoWorkingSet_NoMemAvailable_ReturnsNull() =>
        Assert.Null(HostUsage.ParseMemInfoWorkingSet("MemTotal: 4000000 kB\n"));

    [Fact]
    public void ReadCpuNanoseconds_CgroupUsagePresent_PrefersItOverProcStat()
    {
        var root = Directory.CreateTempSubdirectory("bosun-hostusage-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "cg", "cpuacct"));
            Directory.CreateDirectory(Path.Combine(root, "proc"));
            File.WriteAllText(Path.Combine(root, "cg", "cpuacct", "cpuacct.usage"), "123456789\n");
            File.WriteAllText(Path.Combine(root, "proc", "stat"), "cpu 1 1 1 1 1 1 1 1\n");
            File.WriteAllText(Path.Combine(root, "proc", "meminfo"), "MemTotal: 10 kB\nMemAvailable: 4 kB\n");

            Assert.Equal(123456789UL, HostUsage.ReadCpuNanoseconds(Path.Combine(root, "cg"), Path.Combine(root, "proc")));
            Assert.Equal(6UL * 1024, HostUsage.ReadMemoryWorkingSetBytes(Path.Combine(root, "proc")));
            File.Delete(Path.Combine(root, "cg", "cpuacct", "cpuacct.usage"));
            Assert.Equal(6UL * 10_000_000UL, HostUsage.ReadCpuNanoseconds(Path.Combine(root, "cg"), Path.Combine(root, "proc")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
