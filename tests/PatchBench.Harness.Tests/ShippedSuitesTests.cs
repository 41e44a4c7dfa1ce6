using PatchBench.Harness.Suites;
using PatchBench.Pd.Model;

namespace PatchBench.Harness.Tests;

/// <summary>The suites in the repository: they load clean, have the promised size and spread, and their checks fit their references.</summary>
public sealed class ShippedSuitesTests
{
    static readonly Lazy<Suite> Core = new(() => LoadOrFail("core"));
    static readonly Lazy<Suite> Fewshot = new(() => LoadOrFail("fewshot"));

    static Suite LoadOrFail(string name)
    {
        var r = SuiteLoader.Load(RepoPaths.Suite(name));
        Assert.True(r.Ok, string.Join("\n", r.Problems.Take(50)));
        return r.Suite!;
    }

    // The 15 example prompts of PatchGen's README (seed 000), verbatim.
    public static readonly string[] SeedPrompts =
    [
        "Create a Pure Data patch that calculates the absolute value of a given negative number.",
        "Create a Pure Data patch that renders a 3D teapot with adjustable size and detail level.",
        "Create a Pure Data patch that renders a square with adjustable size and color, responding to create, destroy, and draw messages.",
        "Create a Pure Data patch that takes a floating-point number as input, calculates its absolute value modulo 7, and displays the result.",
        "Create a Pure Data patch that adds 10 and 20 when a bang is triggered and prints the result.",
        "Create a Pure Data patch that takes a floating-point input and outputs the arc sine of that value, with a button to trigger the calculation.",
        "Create a Pure Data patch that takes two input numbers, squares the first number and adds the square root of the second number, then outputs the " +
            "result.",
        "Create a Pure Data patch that generates white noise, applies a high-pass filter with an adjustable frequency threshold, and allows for volume " +
            "adjustment before outputting the audio signal.",
        "Create a Pure Data patch that performs a bitwise AND operation on two input values and prints the result.",
        "Create a Pure Data patch that generates a random melody automatically, with a toggle to start and stop the melody, and a volume control.",
        "Create a Pure Data patch that generates pseudo-random numbers using a sine wave function.",
        "Create a Pure Data patch that takes an input value, pipes it through a 500ms delay, and outputs the delayed value.",
        "Create a Pure Data patch that generates pink noise and allows for volume control before sending the audio signal to the digital-to-analog converter.",
        "Create a Pure Data patch that scales the size of particles by a specified factor every frame.",
        "Create a Pure Data patch that generates a band-pass filtered noise signal with adjustable center frequency, Q, and volume.",
    ];

    [Fact]
    public void Core_has_at_least_200_items_in_every_category_and_difficulty()
    {
        var s = Core.Value;
        Assert.True(s.Items.Count >= 200, $"core has {s.Items.Count} items");
        Assert.Equal("core", s.Manifest.Name);
        Assert.Equal(SuiteCategories.All.Order(), s.Items.Select(i => i.Category).Distinct().Order());
        Assert.Equal([1, 2, 3, 4, 5], s.Items.Select(i => i.Difficulty).Distinct().Order());
    }

    [Fact]
    public void Fewshot_has_at_least_150_items_in_every_category()
    {
        var s = Fewshot.Value;
        Assert.True(s.Items.Count >= 150, $"fewshot has {s.Items.Count} items");
        Assert.Equal(SuiteCategories.All.Order(), s.Items.Select(i => i.Category).Distinct().Order());
    }

    [Fact]
    public void Core_holds_the_15_PatchGen_prompts_verbatim_with_Gem_marked()
    {
        var byPrompt = Core.Value.Items.ToDictionary(i => i.Prompt);
        foreach (var prompt in SeedPrompts)
        {
            Assert.True(byPrompt.TryGetValue(prompt, out var item), "missing seed prompt: " + prompt);
            bool gem = prompt.Contains("teapot") || prompt.Contains("square with") || prompt.Contains("particles");
            Assert.Equal(gem, item!.Requires.Contains("Gem"));
            Assert.Equal(gem, item.Category == "gem-graphics");
        }
    }

    [Fact]
    public void Suites_are_disjoint_in_prompts_and_references()
    {
        var corePrompts = Core.Value.Items.Select(i => SuiteLoader.NormalizePrompt(i.Prompt)).ToHashSet();
        var coreRefs = Core.Value.Items.Select(i => Shape(i.Reference)).ToHashSet();
        var coreIds = Core.Value.Items.Select(i => i.Id).ToHashSet();
        foreach (var item in Fewshot.Value.Items)
        {
            Assert.DoesNotContain(SuiteLoader.NormalizePrompt(item.Prompt), corePrompts);
            Assert.DoesNotContain(Shape(item.Reference), coreRefs);
            Assert.DoesNotContain(item.Id, coreIds);
        }
    }

    /// <summary>A reference reduced to what it does: box texts and connections, positions dropped.</summary>
    static string Shape(PdPatch patch) =>
        string.Join(";", patch.Root.Boxes.Where(b => b.Kind != PdBoxKind.Comment).Select(b => b.Kind + ":" + b.Text))
        + "|" + string.Join(";", patch.Root.Connections.Select(c => $"{c.Source} {c.Outlet} {c.Sink} {c.Inlet}"));

    public static TheoryData<string> SuiteNames => new() { "core", "fewshot" };

    [Theory]
    [MemberData(nameof(SuiteNames))]
    public void Every_check_addresses_inputs_the_reference_has_and_observes_real_outputs(string suite)
    {
        var s = suite == "core" ? Core.Value : Fewshot.Value;
        var failures = new List<string>();
        foreach (var item in s.Items)
        {
            var io = PatchInterface.Find(item.Reference.Root);
            foreach (var check in item.Checks)
            {
                foreach (var step in check.Steps)
                {
                    InputRef? target = step switch
                    {
                        SetStep x => x.Input, ToggleStep x => x.Input, BangStep x => x.Input,
                        ClickStep x => x.Input, SendStep x => x.Input, _ => null,
                    };
                    if (target is not null && io.Resolve(target) is null)
                        failures.Add($"{item.Id} / {check.Name}: {step} has no matching input");
                }
                // A frames expectation observes the Gem window, not printed outputs.
                if (check.Steps.Any(x => x is ObserveStep) && check.Expect.Outputs is not null && !io.Outputs.Any(o => o.Kind != OutputKind.Dac))
                    failures.Add($"{item.Id} / {check.Name}: observes outputs but the reference has no print, outlet or fed display box");
                if (check.Steps.Any(x => x is RecordAudioStep) && !io.Outputs.Any(o => o.Kind == OutputKind.Dac))
                    failures.Add($"{item.Id} / {check.Name}: records audio but the reference has no dac~");
            }
            if (item.Checks.Count == 0 && item.Requires.Count == 0) failures.Add($"{item.Id}: no checks");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void References_are_vanilla_except_items_that_require_a_library()
    {
        var gemOnly = new[] { "gemwin", "gemhead", "teapot", "square", "cube", "sphere", "circle", "part_head" };
        foreach (var item in Core.Value.Items.Concat(Fewshot.Value.Items))
        {
            bool usesGem = item.Reference.Root.Boxes.Any(b => gemOnly.Contains(b.ClassName));
            Assert.Equal(usesGem, item.Requires.Contains("Gem"));
        }
    }
}
