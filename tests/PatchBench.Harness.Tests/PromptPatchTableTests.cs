using PatchBench.Harness.Suites;

namespace PatchBench.Harness.Tests;

/// <summary>The layouts people's datasets use read into prompt/patch rows (issue 19, "Bring your own dataset").</summary>
public sealed class PromptPatchTableTests
{
    private static IReadOnlyList<PromptPatchRow> ReadText(string name, string text)
    {
        var dir = Directory.CreateTempSubdirectory("pb-import-");
        try
        {
            var path = Path.Combine(dir.FullName, name);
            File.WriteAllText(path, text);
            return PromptPatchTable.Read(path);
        }
        finally { dir.Delete(true); }
    }

    [Fact]
    public void Alpaca_rows_join_instruction_and_input_so_each_item_gets_its_own_request()
    {
        var rows = ReadText("a.jsonl",
            """
            {"instruction": "create a Pd patch that matches the following request.", "input": "add 10 and 20 on bang",
            """ + """
             "output": "sure! here's the patch you requested: ```#N canvas 0 0 100 100 12;```"}
            {"instruction": "create a Pd patch that matches the following request.", "input": "print hello", "output": "x"}
            {"instruction": "play a sine at 440 Hz", "input": "", "output": "x"}
            """);
        Assert.Equal("create a Pd patch that matches the following request.\n\nadd 10 and 20 on bang", rows[0].Prompt);
        Assert.Equal("create a Pd patch that matches the following request.\n\nprint hello", rows[1].Prompt);
        Assert.Equal("play a sine at 440 Hz", rows[2].Prompt);
        Assert.Equal(3, rows[2].Line);
    }

    [Fact]
    public void Chat_messages_prompt_completion_and_json_arrays_read_too()
    {
        var chat = ReadText("c.jsonl",
            """{"messages": [{"role": "system", "content": "you write Pd"}, {"role": "user", "content": "a metro"}, """ +
                """{"role": "assistant", "content": "#N canvas;"}]}""");
        Assert.Equal(("a metro", "#N canvas;"), (chat[0].Prompt, chat[0].Patch));
        var array = ReadText("p.json", """[{"prompt": "one", "completion": "p1"}, {"prompt": "two", "completion": "p2"}]""");
        Assert.Equal(["one", "two"], array.Select(r => r.Prompt));
        Assert.Equal(2, array[1].Line);
    }

    [Fact]
    public void PatchGen_csv_and_csv_alpaca_columns()
    {
        var patchGen = ReadText("g.csv", "Prompt,Patch Contents\n\"add two numbers\",\"#N canvas 0 0 100 100 12;\n#X obj 10 10 +;\"\n");
        Assert.Equal("add two numbers", patchGen[0].Prompt);
        Assert.Contains("#X obj 10 10 +;", patchGen[0].Patch);
        var alpaca = ReadText("a.csv", "instruction,input,output\nmake a patch,a counter,p\n");
        Assert.Equal("make a patch\n\na counter", alpaca[0].Prompt);
    }

    [Fact]
    public void A_chat_row_without_an_assistant_message_names_file_and_line()
    {
        var ex = Assert.Throws<FormatException>(() => ReadText("c.jsonl", "\n{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}"));
        Assert.EndsWith("c.jsonl:2: 'messages' has no assistant message", ex.Message);
    }
}
