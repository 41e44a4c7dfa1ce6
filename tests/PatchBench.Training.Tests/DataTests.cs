using FsCheck;
using FsCheck.Fluent;
using PatchBench.Generation.Prompts;
using PatchBench.Training.Data;
using PatchBench.Training.Model;

namespace PatchBench.Training.Tests;

public class ByteVocabularyTests
{
    [Fact]
    public void Spaces_are_the_space_piece_and_everything_else_is_utf8_bytes_after_the_prefix()
    {
        Assert.Equal([ByteVocabulary.Space, ByteVocabulary.FirstByte + 'a', ByteVocabulary.Space, ByteVocabulary.FirstByte + 0xC3, ByteVocabulary.FirstByte
            + 0xA9],
            ByteVocabulary.Encode("a é"));
        Assert.Equal([ByteVocabulary.FirstByte + '#'], ByteVocabulary.Encode("#", spacePrefix: false));
        Assert.Equal(3 + 256 + 1, ByteVocabulary.Size);
        Assert.Equal(ByteVocabulary.Size, ByteVocabulary.Pieces().Count);
    }

    [Fact]
    public void Decoding_the_encoding_gives_the_text_back_for_any_string_without_the_space_piece()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>().Filter(s => s is not null && !s.Contains('\u2581') && s.EnumerateRunes().All(r => r.Value != 0xFFFD)
            && IsWellFormed(s)), s =>
        {
            var ids = ByteVocabulary.Encode(s, spacePrefix: false);
            return ByteVocabulary.Decode(ids) == s && ids.All(i => i is >= ByteVocabulary.FirstByte and < ByteVocabulary.Size);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [Fact]
    public void Control_tokens_do_not_reach_the_text()
    {
        Assert.Equal("a b", ByteVocabulary.Decode([ByteVocabulary.Bos, ByteVocabulary.FirstByte + 'a', ByteVocabulary.Space, ByteVocabulary.FirstByte + 'b',
            ByteVocabulary.Eos]));
    }

    private static bool IsWellFormed(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i])) { if (i + 1 >= s.Length || !char.IsLowSurrogate(s[i + 1])) return false; i++; }
            else if (char.IsLowSurrogate(s[i])) return false;
        }
        return true;
    }
}

public class TrainSettingsTests
{
    [Fact]
    public void The_default_family_has_four_checkpoints_at_an_eighth_a_quarter_a_half_and_the_whole_budget()
    {
        var d = TrainSettings.Default;
        Assert.Equal([d.Steps / 8, d.Steps / 4, d.Steps / 2, d.Steps], d.CheckpointSteps);
    }

    [Fact]
    public void Checkpoint_steps_are_ascending_distinct_positive_and_end_at_the_budget()
    {
        var fractions = Gen.ListOf(Gen.Choose(1, 1000).Select(n => n / 1000.0));
        Prop.ForAll(Gen.Choose(1, 5000).ToArbitrary(), fractions.ToArbitrary(), (steps, fs) =>
        {
            var s = TrainSettings.Default with { Steps = steps, CheckpointFractions = fs.ToArray() };
            var c = s.CheckpointSteps;
            return c[^1] == steps && c[0] >= 1 && c.Zip(c.Skip(1), (a, b) => a < b).All(x => x);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void The_learning_rate_warms_up_peaks_and_decays_to_a_tenth()
    {
        var s = TrainSettings.Default with { Steps = 200 };
        Assert.True(s.LearningRateAt(0) < s.LearningRateAt(5));
        Assert.Equal(s.LearningRate, s.LearningRateAt(10), 9);
        Assert.Equal(s.LearningRate * 0.1, s.LearningRateAt(200), 9);
        Assert.True(s.LearningRateAt(100) < s.LearningRateAt(50));
    }

    [Fact]
    public void Settings_that_cannot_train_are_refused_with_one_line()
    {
        var e = Assert.Throws<ArgumentException>(() => (TrainSettings.Default with { Steps = 0 }).Validated());
        Assert.DoesNotContain('\n', e.Message);
        Assert.Throws<ArgumentException>(() => (TrainSettings.Default with { CheckpointFractions = [1.5] }).Validated());
    }
}

public class TokenWindowsTests
{
    private static TrainingCorpus Corpus()
    {
        var docs = Enumerable.Range(0, 12).Select(i =>
        {
            var patch = $"#N canvas 0 0 100 100 12;\n#X obj 10 {i * 10} osc~ {220 + i};\n";
            var prompt = i % 3 == 0 ? $"a sine at {220 + i} Hz" : "";
            return new TrainingDocument($"doc{i}", prompt, patch, prompt.Length > 0 ? TrainingCorpus.RenderPrompt(prompt) + patch : patch);
        }).ToArray();
        return new TrainingCorpus(docs, PromptFormat.Raw, 3);
    }

    [Fact]
    public void A_batch_depends_only_on_the_seed_and_the_step()
    {
        var a = new TokenWindows(Corpus(), 32, 4, 40, seed: 5);
        var b = new TokenWindows(Corpus(), 32, 4, 40, seed: 5);
        var c = new TokenWindows(Corpus(), 32, 4, 40, seed: 6);
        var forward = Enumerable.Range(0, 40).Select(a.BatchAt).ToArray();
        var backward = Enumerable.Range(0, 40).Reverse().Select(b.BatchAt).Reverse().ToArray();
        for (var s = 0; s < 40; s++) Assert.Equal(forward[s], backward[s]);
        Assert.NotEqual(forward[0], c.BatchAt(0));
        Assert.All(forward, batch => Assert.Equal(4 * 33, batch.Length));
    }

    [Fact]
    public void Windows_are_cuts_of_the_document_stream_with_bos_and_eos_around_each_document()
    {
        var corpus = Corpus();
        var windows = new TokenWindows(corpus, 16, 2, 30, seed: 1);
        var documents = corpus.Documents.Select(TrainingCorpus.Tokens).ToArray();
        Assert.All(documents, d => { Assert.Equal(ByteVocabulary.Bos, d[0]); Assert.Equal(ByteVocabulary.Eos, d[^1]); });
        // Every window is a substring of some concatenation of documents: each BOS it contains starts a whole document.
        var batch = windows.BatchAt(3);
        for (var row = 0; row < 2; row++)
        {
            var w = batch.Skip(row * 17).Take(17).Select(v => (int)v).ToArray();
            for (var i = 0; i < w.Length; i++)
            {
                if (w[i] != ByteVocabulary.Bos) continue;
                var rest = w[i..];
                Assert.Contains(documents, d => d.Take(rest.Length).SequenceEqual(rest.Take(d.Length)));
            }
        }
    }

    [Fact]
    public void Few_shot_documents_enter_an_epoch_prompt_repeats_times()
    {
        var corpus = Corpus();
        var once = corpus with { PromptRepeats = 1 };
        var prompts = corpus.Documents.Where(d => d.Prompt.Length > 0).Sum(d => (long)TrainingCorpus.Tokens(d).Length);
        Assert.Equal(2 * prompts, new TokenWindows(corpus, 16, 1, 1, 0).EpochTokens - new TokenWindows(once, 16, 1, 1, 0).EpochTokens);
    }
}
