using PatchBench.Execution.Checks;
using PatchBench.Harness.Suites;

namespace PatchBench.Execution.Tests.Checks;

/// <summary>How sampled frames are judged (pure): background, drawn points, colour names, motion and change.</summary>
public sealed class FrameMeasuresTests
{
    private static readonly (double, double, double) Black = (0, 0, 0);

    /// <summary>An 8×8 frame, black with <paramref name="drawn"/> points (by index) in <paramref name="colour"/>.</summary>
    private static FrameSample Frame(int number, (double, double, double) colour, params int[] drawn) =>
        new(number, Enumerable.Range(0, 64).Select(i => drawn.Contains(i) ? colour : Black).ToArray(), 0);

    [Theory]
    [InlineData(1, 0, 0, "red")]
    [InlineData(0.6, 0.1, 0.1, "red")]
    [InlineData(0, 0.5, 0, "green")]
    [InlineData(0.1, 0.1, 0.9, "blue")]
    [InlineData(1, 1, 0, "yellow")]
    [InlineData(0, 0.8, 0.8, "cyan")]
    [InlineData(0.9, 0, 0.9, "magenta")]
    [InlineData(1, 1, 1, "white")]
    [InlineData(0.4, 0.4, 0.4, "grey")]
    [InlineData(0.02, 0.02, 0.02, null)]
    public void Colours_are_named_by_which_channels_are_lit(double r, double g, double b, string? name) =>
        Assert.Equal(name, FrameMeasures.ColourName((r, g, b)));

    [Fact]
    public void The_background_is_the_most_common_colour_and_the_rest_is_drawn()
    {
        var f = Frame(0, (1, 0, 0), 27, 28, 35, 36);
        Assert.Equal(Black, FrameMeasures.Background(f));
        Assert.Equal(4, FrameMeasures.Drawn(f).Count);
        Assert.Equal("red", FrameMeasures.MainColour(FrameMeasures.Drawn(f)));
    }

    [Fact]
    public void Expectations_hold_or_say_what_was_seen()
    {
        var still = new[] { Frame(0, (1, 0, 0), 27, 28), Frame(1, (1, 0, 0), 27, 28) };
        var moving = new[] { Frame(0, (1, 1, 1), 27, 28), Frame(1, (1, 1, 1), 29, 30) };
        var empty = new[] { Frame(0, Black) };
        Assert.Empty(FrameMeasures.Check(new FrameExpectation(true, "red", false, null), still, still));
        Assert.Empty(FrameMeasures.Check(new FrameExpectation(true, null, true, null), moving, moving));
        Assert.Contains(FrameMeasures.Check(new FrameExpectation(true, null, null, null), empty, empty), p => p.Contains("flat colour"));
        Assert.Contains(FrameMeasures.Check(new FrameExpectation(null, "blue", null, null), still, still), p => p.Contains("mostly blue, it is red"));
        Assert.Contains(FrameMeasures.Check(new FrameExpectation(null, null, true, null), still, still), p => p.Contains("to move"));
        Assert.Contains(FrameMeasures.Check(new FrameExpectation(null, null, null, true), still, still), p => p.Contains("to change"));
        Assert.Empty(FrameMeasures.Check(new FrameExpectation(null, null, null, true), moving, still));
        Assert.Contains(FrameMeasures.Check(new FrameExpectation(true, null, null, null), [], []), p => p.Contains("no Gem frame"));
    }
}
