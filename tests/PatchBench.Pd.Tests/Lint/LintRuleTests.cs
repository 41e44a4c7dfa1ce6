using PatchBench.Pd.Lint;

namespace PatchBench.Pd.Tests.Lint;

/// <summary>One hand-made patch per rule, each checked against what Pd 0.53 printed for the same patch.</summary>
public class LintRuleTests
{
    private const string Header = "#N canvas 0 50 450 300 12;\n";

    private static IReadOnlyList<PdDiagnostic> Lint(string body, IAbstractionResolver? resolver = null, string? path = null) =>
        new PdLinter(new TinyCatalog(), resolver).Lint(Header + body, path);

    private static string[] Errors(IReadOnlyList<PdDiagnostic> ds) => ds.Where(d => d.Severity == PdSeverity.Error).Select(d => d.Code).ToArray();
    private static string[] Warnings(IReadOnlyList<PdDiagnostic> ds) => ds.Where(d => d.Severity == PdSeverity.Warning).Select(d => d.Code).ToArray();

    [Fact]
    public void A_clean_patch_has_no_findings()
    {
        var ds = Lint("#X obj 10 10 loadbang;\n#X obj 10 40 f 3;\n#X obj 10 70 print;\n#X connect 0 0 1 0;\n#X connect 1 0 2 0;\n");
        Assert.Empty(ds);
    }

    [Fact]
    public void Unknown_class_is_an_error_naming_the_class_and_line()
    {
        var ds = Lint("#X obj 10 10 f;\n#X obj 10 40 nosuchthing 1 2;\n");
        var d = Assert.Single(ds);
        Assert.Equal((PdLintCodes.UnknownClass, PdSeverity.Error, 3), (d.Code, d.Severity, d.Line));
        Assert.Contains("nosuchthing", d.Message);
    }

    [Fact]
    public void Dollar_zero_class_name_in_a_root_patch_cannot_create()
    {
        Assert.Equal([PdLintCodes.UnknownClass], Errors(Lint("#X obj 10 70 \\$0-foo;\n")));
    }

    [Fact]
    public void Connections_to_missing_boxes_outlets_and_inlets_fail_with_class_names()
    {
        var ds = Lint("#X obj 10 10 f;\n#X obj 10 40 print;\n#X connect 0 0 5 0;\n#X connect 0 1 1 0;\n#X connect 0 0 1 1;\n#X connect 1 0 0 0;\n");
        Assert.Equal([PdLintCodes.NoSuchBox, PdLintCodes.OutletOutOfRange, PdLintCodes.InletOutOfRange, PdLintCodes.OutletOutOfRange], Errors(ds));
        Assert.Contains("[f]", ds[1].Message);
        Assert.Contains("[print] has 1 inlet", ds[2].Message);
        Assert.Contains("[print] has no outlets", ds[3].Message);
    }

    [Fact]
    public void Negative_indices_fail_but_fractions_are_truncated_like_pd()
    {
        Assert.Equal([PdLintCodes.OutletOutOfRange], Errors(Lint("#X obj 10 10 f;\n#X obj 10 40 print;\n#X connect 0 -1 1 0;\n")));
        Assert.Empty(Errors(Lint("#X obj 10 10 f;\n#X obj 10 40 print;\n#X connect 0 0.5 1 0;\n")));
    }

    [Fact]
    public void Boxes_that_failed_to_create_accept_any_connection_like_pd_dummy_ports()
    {
        var ds = Lint("#X obj 10 10 nosuch;\n#X obj 10 40 f;\n#X obj 10 70;\n#X connect 0 7 1 0;\n#X connect 1 0 0 9;\n#X connect 2 3 1 0;\n");
        Assert.Equal([PdLintCodes.UnknownClass], Errors(ds));
        Assert.Contains(PdLintCodes.EmptyObjectBox, Warnings(ds));
    }

    [Fact]
    public void Comments_have_no_ports_and_arrays_cannot_be_connected()
    {
        Assert.Equal([PdLintCodes.InletOutOfRange], Errors(Lint("#X obj 10 10 f;\n#X text 10 40 hello;\n#X connect 0 0 1 0;\n")));
        var ds = Lint("#N canvas 0 50 450 250 (subpatch) 0;\n#X array foo 3 float 0;\n#X obj 10 10 f;\n#X connect 1 0 0 0;\n#X restore 10 10 graph;\n");
        Assert.Equal([PdLintCodes.Unpatchable], Errors(ds));
    }

    [Fact]
    public void Atom_boxes_lose_their_inlet_with_a_receive_name_and_outlet_with_a_send_name()
    {
        // Pd 0.53: 'float->gatom connection failed' into a floatatom with a receive name, and out of one with a send name.
        var ds = Lint("#X obj 10 10 f;\n#X floatatom 10 40 5 0 0 0 - rname sname 0;\n#X floatatom 10 70 5 0 0 0 - - - 0;\n" +
                      "#X connect 0 0 1 0;\n#X connect 1 0 0 0;\n#X connect 0 0 2 0;\n#X connect 2 0 0 1;\n");
        Assert.Equal([PdLintCodes.InletOutOfRange, PdLintCodes.OutletOutOfRange], Errors(ds));
    }

    [Fact]
    public void Duplicate_connection_is_refused_by_pd()
    {
        var ds = Lint("#X obj 10 10 f;\n#X obj 10 40 print;\n#X connect 0 0 1 0;\n#X connect 0 0 1 0;\n");
        var d = Assert.Single(ds, d => d.Severity == PdSeverity.Error);
        Assert.Equal((PdLintCodes.DuplicateConnection, 5), (d.Code, d.Line));
    }

    [Fact]
    public void Signal_into_control_inlet_is_an_error_but_not_into_a_broken_object()
    {
        Assert.Equal([PdLintCodes.SignalIntoControl], Errors(Lint("#X obj 10 10 osc~ 440;\n#X obj 10 40 print;\n#X connect 0 0 1 0;\n")));
        Assert.Equal([PdLintCodes.SignalIntoControl], Errors(Lint("#X obj 10 10 osc~ 440;\n#X obj 10 40 +~ 1;\n#X connect 0 0 1 1;\n")));
        Assert.Empty(Errors(Lint("#X obj 10 10 osc~ 440;\n#X obj 10 40 +~;\n#X connect 0 0 1 1;\n")));
        Assert.Equal([PdLintCodes.UnknownClass], Errors(Lint("#X obj 10 10 osc~ 440;\n#X obj 10 40 nosuch~;\n#X connect 0 0 1 0;\n")));
    }

    [Fact]
    public void Signal_cycle_is_a_dsp_loop()
    {
        Assert.Equal([PdLintCodes.DspLoop], Errors(Lint("#X obj 10 10 +~;\n#X obj 10 40 +~;\n#X connect 0 0 1 0;\n#X connect 1 0 0 0;\n")));
        Assert.Empty(Errors(Lint("#X obj 10 10 f;\n#X obj 10 40 f;\n#X connect 0 0 1 1;\n#X connect 1 0 0 1;\n")));
    }

    [Fact]
    public void Fan_out_of_a_control_outlet_is_a_warning_and_signal_fan_out_is_not()
    {
        var ds = Lint("#X obj 10 10 f;\n#X obj 10 40 print;\n#X obj 10 70 print;\n#X connect 0 0 1 0;\n#X connect 0 0 2 0;\n");
        Assert.Equal([PdLintCodes.FanOutWithoutTrigger], Warnings(ds));
        Assert.Empty(Errors(ds));
        Assert.Empty(Lint("#X obj 10 10 osc~;\n#X obj 10 40 dac~;\n#X connect 0 0 1 0;\n#X connect 0 0 1 1;\n"));
    }

    [Fact]
    public void Subpatch_ports_come_from_inlets_and_outlets_sorted_by_x()
    {
        const string sub = "#N canvas 0 50 450 300 sub 0;\n#X obj 200 10 inlet~;\n#X obj 10 10 inlet;\n#X obj 10 200 outlet~;\n#X restore 10 100 pd sub;\n";
        // inlet 0 is the control [inlet] (x=10), inlet 1 the signal [inlet~] (x=200); one signal outlet.
        Assert.Empty(Errors(Lint("#X obj 10 10 osc~;\n" + sub + "#X connect 0 0 1 1;\n#X obj 10 300 dac~;\n#X connect 1 0 2 0;\n")));
        Assert.Equal([PdLintCodes.SignalIntoControl], Errors(Lint("#X obj 10 10 osc~;\n" + sub + "#X connect 0 0 1 0;\n")));
        Assert.Equal([PdLintCodes.OutletOutOfRange], Errors(Lint("#X obj 10 10 osc~;\n" + sub + "#X connect 1 1 0 0;\n")));
    }

    [Fact]
    public void Abstractions_resolve_in_the_patch_folder_then_declare_paths_then_standard_paths()
    {
        var files = new Dictionary<string, string>
        {
            ["/p/mine.pd"] = Header + "#X obj 10 10 inlet;\n#X obj 10 50 outlet;\n#X obj 90 50 outlet;\n",
            ["/p/lib/deep.pd"] = Header + "#X obj 10 10 inlet~;\n",
            ["/std/helper.pd"] = Header + "#X obj 10 50 outlet;\n",
        };
        var resolver = new MemoryAbstractions(files, "/std");
        Assert.Empty(Errors(Lint("#X obj 10 10 mine;\n#X obj 10 40 print;\n#X connect 0 1 1 0;\n", resolver, "/p/main.pd")));
        Assert.Equal([PdLintCodes.OutletOutOfRange], Errors(Lint("#X obj 10 10 mine;\n#X obj 10 40 print;\n#X connect 0 2 1 0;\n", resolver, "/p/main.pd")));
        Assert.Equal([PdLintCodes.UnknownClass], Errors(Lint("#X obj 10 10 deep;\n", resolver, "/p/main.pd")));
        Assert.Empty(Errors(Lint("#X declare -path lib;\n#X obj 10 10 deep;\n#X obj 10 40 osc~;\n#X connect 1 0 0 0;\n", resolver, "/p/main.pd")));
        Assert.Empty(Errors(Lint("#X obj 10 10 helper;\n", resolver, "/p/main.pd")));
        Assert.Equal([PdLintCodes.UnknownClass], Errors(Lint("#X obj 10 10 mine;\n", resolver, "/elsewhere/main.pd")));
    }

    [Fact]
    public void Clone_takes_its_ports_from_the_abstraction()
    {
        var files = new Dictionary<string, string> { ["/p/voice.pd"] = Header + "#X obj 10 10 inlet;\n#X obj 10 50 outlet~;\n" };
        var resolver = new MemoryAbstractions(files);
        Assert.Empty(Errors(Lint("#X obj 10 10 clone voice 4;\n#X obj 10 40 dac~;\n#X connect 0 0 1 0;\n", resolver, "/p/main.pd")));
        Assert.Equal([PdLintCodes.UnknownClass], Errors(Lint("#X obj 10 10 clone nothere 4;\n", resolver, "/p/main.pd")));
    }

    [Fact]
    public void Broken_records_are_errors_only_where_pd_fails()
    {
        Assert.Equal([PdDiagnosticCodes.MalformedRecord], Errors(Lint("#X obj 10 10 f;\n#X foo 1 2;\n")));
        Assert.Equal([PdDiagnosticCodes.MalformedRecord], Errors(Lint("#X obj 10 10 f;\n#N foo 1 2;\n")));
        Assert.Equal([PdDiagnosticCodes.MalformedRecord], Errors(Lint("#X obj 10 10 f;\n#Y foo 1 2;\n")));
        Assert.Equal([PdDiagnosticCodes.MalformedRecord], Errors(Lint("#X obj 10 10 f;\n#X obj 10 40 print;\n#X connect 0 0 x 0;\n")));
        Assert.Equal([PdDiagnosticCodes.MalformedRecord], Errors(Lint("#X obj 10 10 f;\n#X obj 10 40 print;\n#X connect 0 0 1;\n")));
        Assert.Equal([PdDiagnosticCodes.MalformedRecord], Errors(Lint("#X obj 10 10 f, foo;\n")));
        // Pd accepts these silently or with a notice.
        Assert.Empty(Errors(Lint("#X obj 10 10 print, f 12 13;\n")));
        Assert.Empty(Errors(Lint("#X obj a b print;\n")));
        Assert.Empty(Errors(Lint("#X obj 10 10 f;\n#X obj 10 40 print")));
    }

    [Fact]
    public void Box_records_without_coordinates_create_no_box_and_shift_indices()
    {
        var ds = Lint("#X obj;\n#X obj 10 40 print;\n#X obj 10 70 f;\n#X connect 1 0 0 0;\n");
        Assert.Equal([PdLintCodes.BoxWithoutCoordinates], Errors(ds)); // [f] (index 1 in Pd) → [print] (index 0) is fine
        Assert.Equal([PdLintCodes.BoxWithoutCoordinates], Errors(Lint("#X floatatom 10;\n")));
    }

    [Fact]
    public void Unbalanced_canvases_stray_restore_is_an_error_unclosed_subpatch_a_warning()
    {
        Assert.Contains(PdDiagnosticCodes.UnbalancedCanvas, Errors(Lint("#X obj 10 10 f;\n#X restore 10 10 pd foo;\n")));
        var ds = Lint("#X obj 10 10 f;\n#N canvas 0 50 450 300 sub 0;\n#X obj 10 40 print;\n");
        Assert.Empty(Errors(ds));
        Assert.Contains(PdDiagnosticCodes.UnbalancedCanvas, Warnings(ds));
    }

    [Fact]
    public void Array_data_dangling_is_an_error_and_beyond_size_a_warning()
    {
        Assert.Equal([PdDiagnosticCodes.DanglingArrayData], Errors(Lint("#X obj 10 10 f;\n#A 0 1 2;\n")));
        Assert.Equal([PdDiagnosticCodes.DanglingArrayData], Errors(Lint("#A 0 1 2;\n#X obj 10 10 f;\n")));
        var graph = "#N canvas 0 50 450 250 (subpatch) 0;\n#X array foo 3 float 1;\n#A 0 1 2 3 4 5 6;\n#X coords 0 1 3 -1 200 140 1;\n#X restore 10 10 " +
            "graph;\n";
        var ds = Lint(graph);
        Assert.Empty(Errors(ds));
        Assert.Equal([PdLintCodes.ArraySizeMismatch], Warnings(ds));
        Assert.Empty(Lint("#X obj 10 10 text define -k t;\n#A set 1 2 3;\n"));
    }

    [Fact]
    public void Bad_array_records_are_errors()
    {
        Assert.Equal([PdDiagnosticCodes.MalformedRecord], Errors(Lint("#N canvas 0 50 450 250 (subpatch) 0;\n#X array foo;\n#X restore 10 10 graph;\n")));
        Assert.Equal([PdDiagnosticCodes.MalformedRecord], Errors(
            Lint("#N canvas 0 50 450 250 (subpatch) 0;\n#X array foo 10 int 0;\n#X restore 10 10 graph;\n")));
    }

    [Fact]
    public void Empty_patch_and_empty_file_are_warnings()
    {
        Assert.Equal([PdDiagnosticCodes.EmptyPatch], Warnings(new PdLinter(new TinyCatalog()).Lint(Header)));
        var empty = new PdLinter(new TinyCatalog()).Lint("");
        Assert.Empty(Errors(empty));
        Assert.Contains(PdDiagnosticCodes.EmptyPatch, Warnings(empty));
    }

    [Fact]
    public void Missing_canvas_header_is_an_error()
    {
        Assert.Contains(PdDiagnosticCodes.NoCanvas, Errors(new PdLinter(new TinyCatalog()).Lint("#X obj 10 40 print;\n")));
    }

    [Fact]
    public void Silent_dac_and_dollar_arguments_in_a_root_patch_are_warnings()
    {
        Assert.Equal([PdLintCodes.SilentDac], Warnings(Lint("#X obj 10 10 dac~;\n")));
        Assert.Equal([PdLintCodes.DollarInRootPatch], Warnings(Lint("#X obj 10 10 f \\$1;\n")));
        Assert.Empty(Lint("#X obj 10 10 r \\$0-foo;\n"));
    }

    [Fact]
    public void Every_code_the_linter_reports_is_documented_once()
    {
        var codes = PdLintCodes.All.Select(r => r.Code).ToArray();
        Assert.Equal(codes.Length, codes.Distinct().Count());
        foreach (var field in typeof(PdLintCodes).GetFields().Where(f => f.IsLiteral))
            Assert.Contains((string)field.GetValue(null)!, codes);
        Assert.All(PdLintCodes.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Description)));
    }
}
