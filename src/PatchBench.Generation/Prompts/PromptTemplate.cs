namespace PatchBench.Generation.Prompts;

/// <summary>A worked example shown to the model before the real request.</summary>
/// <param name="Id">The pool item it came from.</param>
/// <param name="Prompt">The example's request.</param>
/// <param name="Patch">The example's answer (a reference patch).</param>
public sealed record FewShotExample(string Id, string Prompt, string Patch);

/// <summary>
/// The prompt formats PatchBench knows. <see cref="Chat"/> leaves formatting to the backend (the
/// GGUF's own chat template via <c>llama_chat_apply_template</c>, or an OpenAI chat endpoint).
/// </summary>
public enum PromptFormat
{
    /// <summary>The request as it is, examples as plain "Prompt:/Patch:" pairs.</summary>
    Raw,
    /// <summary>PatchGen's Alpaca style: <c>### Instruction / ### Input / ### Response</c>.</summary>
    Alpaca,
    /// <summary>Mistral instruct: <c>[INST] … [/INST]</c>.</summary>
    Mistral,
    /// <summary>ChatMusician: <c>Human: … &lt;/s&gt; Assistant: </c>.</summary>
    ChatMusician,
    /// <summary>ChatML: <c>&lt;|im_start|&gt;role … &lt;|im_end|&gt;</c>.</summary>
    ChatMl,
    /// <summary>Chat messages, formatted by the backend (the model's own template).</summary>
    Chat,
}

/// <summary>What a generator receives: either formatted text or chat messages.</summary>
/// <param name="Text">The full prompt text (for text formats), else null.</param>
/// <param name="Messages">The chat turns (for <see cref="PromptFormat.Chat"/>), else null.</param>
public sealed record BuiltPrompt(string? Text, IReadOnlyList<ChatMessage>? Messages)
{
    /// <summary>A stable text form for hashing and records, whichever shape the prompt has.</summary>
    public string Canonical => Text ?? string.Join("\n", Messages!.Select(m => $"<{m.Role}>\n{m.Content}"));
}

/// <summary>Turns a request, a system instruction and few-shot examples into a prompt of a given format. Pure.</summary>
public static class PromptBuilder
{
    /// <summary>The default system instruction: what to write and how to answer.</summary>
    public const string DefaultSystem =
        "You write Pure Data (Pd vanilla 0.53) patches. Answer with the complete .pd file text only: " +
        "records such as '#N canvas', '#X obj', '#X msg' and '#X connect', each ending with ';'.";

    /// <summary>Parses a template name as used in system specs (<c>template=mistral</c>).</summary>
    public static PromptFormat ParseFormat(string name) => name.ToLowerInvariant() switch
    {
        "raw" => PromptFormat.Raw,
        "alpaca" or "patchgen" => PromptFormat.Alpaca,
        "mistral" or "inst" => PromptFormat.Mistral,
        "chatmusician" => PromptFormat.ChatMusician,
        "chatml" => PromptFormat.ChatMl,
        "chat" or "model" or "gguf" => PromptFormat.Chat,
        _ => throw new ArgumentException($"unknown template '{name}': expected raw, alpaca, mistral, chatmusician, chatml or chat"),
    };

    /// <summary>Builds the prompt.</summary>
    public static BuiltPrompt Build(PromptFormat format, string request, IReadOnlyList<FewShotExample> examples, string? system = DefaultSystem)
    {
        system = string.IsNullOrWhiteSpace(system) ? null : system;
        switch (format)
        {
            case PromptFormat.Chat:
            {
                var messages = new List<ChatMessage>();
                if (system is not null) messages.Add(new("system", system));
                foreach (var e in examples) { messages.Add(new("user", e.Prompt)); messages.Add(new("assistant", e.Patch.TrimEnd())); }
                messages.Add(new("user", request));
                return new BuiltPrompt(null, messages);
            }
            case PromptFormat.Alpaca:
            {
                // PatchGen's fine-tuning format (Alpaca as in its Colab notebook): instruction, empty input, response.
                const string preamble = "Below is an instruction that describes a task, paired with an input that provides further context. Write a response " +
                    "that appropriately completes the request.";
                string Turn(string instruction, string? response) =>
                    $"### Instruction:\n{instruction}\n\n### Input:\n\n\n### Response:\n{(response is null ? "" : response.TrimEnd() + "\n\n")}";
                var text = preamble + "\n\n" + (system is null ? "" : system + "\n\n") +
                           string.Concat(examples.Select(e => Turn(e.Prompt, e.Patch))) + Turn(request, null);
                return new BuiltPrompt(text, null);
            }
            case PromptFormat.Mistral:
            {
                var sb = new System.Text.StringBuilder("<s>");
                bool first = true;
                foreach (var e in examples)
                {
                    sb.Append("[INST] ").Append(first && system is not null ? system + "\n\n" : "").Append(e.Prompt).Append(" [/INST]")
                        .Append(e.Patch.TrimEnd()).Append("</s>");
                    first = false;
                }
                sb.Append("[INST] ").Append(first && system is not null ? system + "\n\n" : "").Append(request).Append(" [/INST]");
                return new BuiltPrompt(sb.ToString(), null);
            }
            case PromptFormat.ChatMusician:
            {
                var sb = new System.Text.StringBuilder();
                if (system is not null) sb.Append(system).Append('\n');
                foreach (var e in examples) sb.Append("Human: ").Append(e.Prompt).Append(" </s> Assistant: ").Append(e.Patch.TrimEnd()).Append(" </s> ");
                sb.Append("Human: ").Append(request).Append(" </s> Assistant: ");
                return new BuiltPrompt(sb.ToString(), null);
            }
            case PromptFormat.ChatMl:
            {
                var sb = new System.Text.StringBuilder();
                void Turn(string role, string content) => sb.Append("<|im_start|>").Append(role).Append('\n').Append(content).Append("<|im_end|>\n");
                if (system is not null) Turn("system", system);
                foreach (var e in examples) { Turn("user", e.Prompt); Turn("assistant", e.Patch.TrimEnd()); }
                Turn("user", request);
                sb.Append("<|im_start|>assistant\n");
                return new BuiltPrompt(sb.ToString(), null);
            }
            default:
            {
                var sb = new System.Text.StringBuilder();
                if (system is not null) sb.Append(system).Append("\n\n");
                foreach (var e in examples) sb.Append("Prompt: ").Append(e.Prompt).Append("\nPatch:\n").Append(e.Patch.TrimEnd()).Append("\n\n");
                sb.Append("Prompt: ").Append(request).Append("\nPatch:\n");
                return new BuiltPrompt(sb.ToString(), null);
            }
        }
    }

    /// <summary>Stop strings that end an answer in each format, so a model does not run on into a new turn.</summary>
    public static IReadOnlyList<string> StopStrings(PromptFormat format) => format switch
    {
        PromptFormat.Alpaca => ["### Instruction:", "### Input:"],
        PromptFormat.Mistral => ["[INST]", "</s>"],
        PromptFormat.ChatMusician => ["</s>", "Human:"],
        PromptFormat.ChatMl => ["<|im_end|>", "<|im_start|>"],
        PromptFormat.Raw => ["\nPrompt:"],
        _ => [],
    };
}
