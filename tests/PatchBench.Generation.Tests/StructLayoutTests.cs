using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using PatchBench.Generation.LlamaCpp.Native;

namespace PatchBench.Generation.Tests;

/// <summary>
/// Every bound struct against the C compiler's view of the same llama.h: a C program generated
/// from our struct definitions prints sizeof and each field's offsetof and size; a field missing
/// from the header fails the compile, a missing or mistyped field changes a size or an offset.
/// </summary>
[Trait("Category", "Integration")] // compiles llama.h with gcc
public class StructLayoutTests
{
    private static readonly (Type Managed, string C)[] Structs =
    [
        (typeof(LlamaModelParams), "struct llama_model_params"),
        (typeof(LlamaContextParams), "struct llama_context_params"),
        (typeof(LlamaBatch), "struct llama_batch"),
        (typeof(LlamaSamplerChainParams), "struct llama_sampler_chain_params"),
        (typeof(LlamaChatMessage), "struct llama_chat_message"),
        (typeof(LlamaPerfContextData), "struct llama_perf_context_data"),
        (typeof(LlamaPerfSamplerData), "struct llama_perf_sampler_data"),
        (typeof(LlamaTokenData), "struct llama_token_data"),
        (typeof(LlamaTokenDataArray), "struct llama_token_data_array"),
        (typeof(LlamaLogitBias), "struct llama_logit_bias"),
        (typeof(GgmlThreadpoolParams), "struct ggml_threadpool_params"),
    ];

    private static readonly Lazy<Dictionary<string, long>> CLayout = new(CompileAndRun);

    public static TheoryData<string> StructNames() => new(Structs.Select(s => s.Managed.Name));

    private static FieldInfo[] Fields(Type t) => t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);

    private static Dictionary<string, long> CompileAndRun()
    {
        var src = Path.Combine(TestEnvironment.NativeDirectory, "llama.cpp-src");
        var c = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include \"llama.h\"\nint main(void) {\n");
        foreach (var (managed, cName) in Structs)
        {
            c.Append($"  printf(\"{managed.Name} sizeof %zu\\n\", sizeof({cName}));\n");
            foreach (var f in Fields(managed))
            {
                c.Append($"  printf(\"{managed.Name}.{f.Name} offset %zu\\n\", offsetof({cName}, {f.Name}));\n");
                c.Append($"  printf(\"{managed.Name}.{f.Name} size %zu\\n\", sizeof((({cName} *)0)->{f.Name}));\n");
            }
        }
        c.Append("  return 0;\n}\n");
        var dir = TestEnvironment.TempDirectory("layout");
        File.WriteAllText(Path.Combine(dir, "layout.c"), c.ToString());
        TestEnvironment.Run("gcc", "-std=c11", "-I", Path.Combine(src, "include"), "-I", Path.Combine(src, "ggml", "include"),
            "-o", Path.Combine(dir, "layout"), Path.Combine(dir, "layout.c"));
        var output = TestEnvironment.Run(Path.Combine(dir, "layout"));
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' '))
            .ToDictionary(p => p[0] + " " + p[1], p => long.Parse(p[2]));
    }

    private static long ManagedFieldSize(FieldInfo f)
    {
        if (f.GetCustomAttribute<FixedBufferAttribute>() is { } fixedBuffer) return fixedBuffer.Length * Marshal.SizeOf(fixedBuffer.ElementType);
        if (f.FieldType.IsPointer || f.FieldType == typeof(IntPtr) || f.FieldType == typeof(UIntPtr)) return IntPtr.Size;
        return Marshal.SizeOf(f.FieldType);
    }

    [Theory]
    [MemberData(nameof(StructNames))]
    public void Size_and_every_field_offset_match_the_C_header(string name)
    {
        var managed = Structs.Single(s => s.Managed.Name == name).Managed;
        var c = CLayout.Value;
        Assert.Equal(c[$"{name} sizeof"], Marshal.SizeOf(managed));
        foreach (var f in Fields(managed))
        {
            Assert.True(c[$"{name}.{f.Name} offset"] == (long)Marshal.OffsetOf(managed, f.Name),
                $"{name}.{f.Name}: C offset {c[$"{name}.{f.Name} offset"]}, ours {Marshal.OffsetOf(managed, f.Name)}");
            Assert.True(c[$"{name}.{f.Name} size"] == ManagedFieldSize(f),
                $"{name}.{f.Name}: C size {c[$"{name}.{f.Name} size"]}, ours {ManagedFieldSize(f)}");
        }
    }

    [Fact]
    public void Every_bound_struct_is_blittable()
    {
        foreach (var (managed, _) in Structs)
        {
            // RuntimeHelpers says whether the struct holds managed references; blittable ones do not.
            Assert.False((bool)typeof(RuntimeHelpers).GetMethod(nameof(RuntimeHelpers.IsReferenceOrContainsReferences))!
                .MakeGenericMethod(managed).Invoke(null, null)!, managed.Name);
        }
    }
}
