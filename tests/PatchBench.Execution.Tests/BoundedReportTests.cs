using PatchBench.Execution.Json;

namespace PatchBench.Execution.Tests;

/// <summary>A patch that prints in a loop yields thousands of events; its JSON report keeps the first ones and the counts.</summary>
[Collection("pd")]
[Trait("Category", "Integration")] // real Pd in bubblewrap
public class BoundedReportTests(PdFixture pd)
{
    [Fact]
    public async Task An_until_loop_into_print_yields_a_bounded_report_with_the_true_count()
    {
        const string patch = "#N canvas 0 0 400 300 12;\n#X obj 10 10 loadbang;\n#X msg 10 40 3000;\n#X obj 10 70 until;\n#X obj 10 100 print tick;\n"
            + "#X connect 0 0 1 0;\n#X connect 1 0 2 0;\n#X connect 2 0 3 0;\n";
        var result = await pd.Sandboxed.RunAsync(new ExecRequest(patch, "loop.pd"), new ExecOptions(Seconds: 0.5));

        var report = ExecReport.From(result);

        Assert.True(result.Events.Count > ExecReport.MaxEvents, $"only {result.Events.Count} events");
        Assert.Equal(ExecReport.MaxEvents, report.Events.Count);
        Assert.Equal(result.Events.Count, report.EventsTotal);
        Assert.Equal(result.Events.Count - ExecReport.MaxEvents, report.EventsDropped);
        Assert.True(report.Printed.Count <= ExecReport.MaxEvents);
        Assert.Equal(result.Printed.Count - report.Printed.Count, report.PrintedDropped);
        Assert.Contains("\"events_dropped\"", report.ToJson(), StringComparison.Ordinal);
    }
}
