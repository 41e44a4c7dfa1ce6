using PatchBench.Generation.LlamaCpp;

namespace PatchBench.Generation.Tests;

public class LlamaCppGeneratorTests
{
    private static LlamaCppGenerator G => TestEnvironment.Generator;

    [Fact]
    public async Task Greedy_output_is_the_same_every_time()
    {
        var request = GenerationRequest.FromPrompt("the osc~ connect", DecodingSettings.Greedy(24));
        var a = (await G.GenerateAsync(request)).Single();
        var b = (await G.GenerateAsync(request)).Single();
        Assert.Equal(a.Text, b.Text);
        Assert.Equal(24, a.CompletionTokens);
        Assert.Equal(FinishReason.Length, a.FinishReason);
        Assert.NotEmpty(a.Text);
    }
}
