using FsCheck;
using FsCheck.Fluent;

namespace PatchBench.Generation.Tests;

public class OpenMpWaitPolicyTests
{
    // Real files of this machine's kind: the aggregate line of /proc/stat and a /proc/self/stat whose command has spaces
    // and a ')' in it (the kernel does not escape them).
    private const string ProcStat = "cpu  4705 356 584 3699176 23 0 17 0 0 0\ncpu0 1393 280 283 1848387 15 0 8 0 0 0\n";
    private const string SelfStat = "4242 (dotnet host) x) S 1 4242 4242 0 -1 4194560 6513 0 0 0 120 35 0 0 20 0 22 0 1234 0 0";

    [Fact]
    public void Ticks_are_read_from_the_aggregate_line_and_the_fields_after_the_command()
    {
        var t = OpenMpWaitPolicy.ParseTicks(ProcStat, SelfStat);
        Assert.Equal(new CpuTicks(4705 + 356 + 584 + 3699176 + 23 + 0 + 17 + 0, 3699176 + 23, 120 + 35), t);
    }

    [Theory]
    [InlineData("", SelfStat)]
    [InlineData("intr 1 2 3\n", SelfStat)]
    [InlineData("cpu  1 2 x 4 5 6 7 8\n", SelfStat)]
    [InlineData(ProcStat, "4242 no parentheses S 1")]
    [InlineData(ProcStat, "4242 (short) S 1 2")]
    public void Malformed_files_give_no_reading(string procStat, string selfStat) =>
        Assert.Null(OpenMpWaitPolicy.ParseTicks(procStat, selfStat));

    [Fact]
    public void Our_own_cpu_time_is_not_counted_as_load()
    {
        // 2 cores over 100 ticks each = 200 ticks; 150 busy, of which this process took 100: others kept 0.5 cores busy.
        var before = new CpuTicks(1000, 500, 10);
        var after = new CpuTicks(1200, 550, 110);
        Assert.Equal(0.5, OpenMpWaitPolicy.OtherBusyCores(before, after, 2), 9);
    }

    [Fact]
    public void Busy_machines_get_sleeping_threads_and_quiet_ones_spinning_threads()
    {
        Assert.Equal("ACTIVE", OpenMpWaitPolicy.Choose(0.1, 2).Policy);
        Assert.Equal("PASSIVE", OpenMpWaitPolicy.Choose(OpenMpWaitPolicy.QuietBusyCores, 2).Policy);
        Assert.Equal("PASSIVE", OpenMpWaitPolicy.Choose(1.9, 2).Policy);
        Assert.Equal("PASSIVE", OpenMpWaitPolicy.Choose(null, 2).Policy);
        Assert.Contains("0.10 of 2 cores", OpenMpWaitPolicy.Choose(0.1, 2).Reason);
    }

    [Fact]
    public void Load_is_between_zero_and_all_cores_and_more_load_never_means_spinning()
    {
        var readings =
            from total in Gen.Choose(1, 100_000)
            from idle in Gen.Choose(0, total)
            from self in Gen.Choose(0, total - idle)
            from extra in Gen.Choose(0, idle)
            select (total, idle, self, extra);
        Prop.ForAll(Arb.From(readings), r =>
        {
            var before = new CpuTicks(0, 0, 0);
            var load = OpenMpWaitPolicy.OtherBusyCores(before, new CpuTicks(r.total, r.idle, r.self), 2);
            // The same window with `extra` ticks moved from idle to another process's busy time.
            var more = OpenMpWaitPolicy.OtherBusyCores(before, new CpuTicks(r.total, r.idle - r.extra, r.self), 2);
            var ordered = OpenMpWaitPolicy.Choose(load, 2).Policy == "PASSIVE" ? OpenMpWaitPolicy.Choose(more, 2).Policy == "PASSIVE" : true;
            return load >= 0 && load <= 2 && more >= load && ordered;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }
}
