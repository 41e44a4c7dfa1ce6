using FsCheck;
using FsCheck.Fluent;
using PatchBench.Execution.Events;
using PatchBench.Pd;

namespace PatchBench.Execution.Tests;

/// <summary>The stderr parser on lines Pd 0.53.1 really printed (captured by experiment), and properties on arbitrary text.</summary>
public sealed class ConsoleParserTests
{
    private const string Marker = "pbxsecret";
    private static readonly HashSet<string> Prints = ["foo", "print", "x y"];

    private static ParsedConsole Parse(params string[] lines) => PdConsoleParser.Parse(lines, Marker, Prints);

    [Fact]
    public void Couldnt_create_takes_the_box_text_from_the_line_before_and_drops_it_as_a_post()
    {
        var p = Parse("verbose(0): nosuchobj 1 2", "verbose(1): ... couldn't create");
        var e = Assert.Single(p.Events);
        Assert.Equal(PdEventKind.CouldntCreate, e.Kind);
        Assert.Equal("nosuchobj 1 2", e.Object);
        Assert.True(e.IsError);
    }

    [Fact]
    public void Couldnt_create_without_verbose_prefix_as_older_pd_prints_it()
    {
        var e = Assert.Single(Parse("frob", "... couldn't create").Events);
        Assert.Equal("frob", e.Object);
    }

    [Fact]
    public void Connection_failed_gives_canvas_indices_and_classes()
    {
        var e = Assert.Single(Parse("my patch.pd 4 5 2 0 (+->print) connection failed").Events);
        Assert.Equal(PdEventKind.ConnectionFailed, e.Kind);
        Assert.Equal("my patch.pd", e.Canvas);
        Assert.Equal([4, 5, 2, 0], e.Connection!);
        Assert.Equal(["+", "print"], e.Classes!);
    }

    [Theory]
    [InlineData("error: audio signal outlet connected to nonsignal inlet (ignored)", PdEventKind.SignalToControl)]
    [InlineData("error: signal outlet connect to nonsignal inlet (ignored)", PdEventKind.SignalToControl)]
    [InlineData("error: DSP loop detected (some tilde objects not scheduled)", PdEventKind.DspLoop)]
    [InlineData("error: stack overflow", PdEventKind.StackOverflow)]
    [InlineData("pd: resizebytes() failed -- out of memory", PdEventKind.OutOfMemory)]
    [InlineData("error: tabread: no method for 'bang'", PdEventKind.ObjectError)]
    [InlineData("bwrap: Creating new namespace failed: Operation not permitted", PdEventKind.HarnessError)]
    public void Error_lines_of_each_kind(string line, PdEventKind kind)
    {
        var e = Assert.Single(Parse(line).Events);
        Assert.Equal(kind, e.Kind);
        Assert.True(e.IsError);
    }

    [Fact]
    public void Object_error_names_the_object_before_the_colon()
    {
        Assert.Equal("receive~ nosig", Assert.Single(Parse("error: receive~ nosig: no matching send").Events).Object);
    }

    [Fact]
    public void Prints_are_split_into_name_and_value_only_for_known_print_names()
    {
        var p = Parse("foo: hello 1 2", "x y: list a b c", "print: bang", "expr: syntax error: $x1 +",
            "priority 6 scheduling failed; running at normal priority");
        Assert.Equal([("foo", "hello 1 2"), ("x y", "list a b c"), ("print", "bang")],
            p.Events.Where(e => e.Kind == PdEventKind.Print).Select(e => (e.PrintName!, e.PrintValue!)));
        Assert.Equal(2, p.Events.Count(e => e.Kind == PdEventKind.Post));
        Assert.DoesNotContain(p.Events, e => e.IsError);
    }

    [Fact]
    public void Markers_set_phases_and_are_not_events()
    {
        var p = Parse("error: a: load", $"{Marker}: loaded", "error: DSP loop detected (some tilde objects not scheduled)", $"{Marker}: dsp", "foo: 1",
            $"{Marker}: done");
        Assert.Equal(new RunMarkers(true, true, true), p.Markers);
        Assert.Equal([PdRunPhase.Load, PdRunPhase.DspStart, PdRunPhase.Run], p.Events.Select(e => e.Phase));
    }

    [Fact]
    public void A_print_named_like_the_marker_but_not_equal_cannot_fake_it()
    {
        var p = PdConsoleParser.Parse(["pbxsecre: done", "pbxsecretx: done", "pbxsecret: don"], Marker, new HashSet<string>());
        Assert.Equal(new RunMarkers(false, false, false), p.Markers);
    }

    [Fact]
    public void Any_text_parses_without_throwing_and_only_exact_marker_lines_set_markers()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string[]>(), lines =>
        {
            lines = lines.Where(l => l is not null).ToArray();
            var p = PdConsoleParser.Parse(lines, Marker, Prints);
            bool anyDone = lines.Any(l => l.Replace("verbose(1): ", "").Trim() == $"{Marker}: done" || l.Trim() == $"{Marker}: done");
            return p.Markers.Done == anyDone && p.Events.Count <= lines.Length;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Print_lines_round_trip_name_and_value()
    {
        var names = Gen.Elements("foo", "print", "x y");
        var values = ArbMap.Default.GeneratorFor<NonEmptyString>().Select(s => s.Get.Replace('\n', ' ').Replace('\r', ' ').Trim())
            .Where(s => s.Length > 0 && !s.Contains(':'));
        Prop.ForAll(Arb.From(names), Arb.From(values), (name, value) =>
        {
            var e = Parse($"{name}: {value}").Events.Single();
            return e.Kind == PdEventKind.Print && e.PrintName == name && e.PrintValue == value;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Locator_maps_repeated_couldnt_create_to_successive_boxes_and_connections_to_their_line()
    {
        var patch = PdParser.Parse("#N canvas 0 0 400 300 12;\n#X obj 10 10 zz;\n#X obj 10 40 print;\n#X obj 10 70 zz;\n#X connect 1 0 0 3;\n");
        var events = Parse("zz", "... couldn't create", "zz", "... couldn't create", "candidate.pd 1 0 0 3 (print->zz) connection failed").Events;
        var located = EventLocator.Locate(events, patch, "candidate.pd");
        Assert.Equal([2, 4, 5], located.Select(e => e.Line ?? 0));
        Assert.Equal([0], located[0].BoxPath!);
        Assert.Equal([2], located[1].BoxPath!);
    }
}
