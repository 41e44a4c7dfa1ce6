using System.Text.Json.Nodes;
using PatchBench.Generation.Onnx;
using PatchBench.Generation.Onnx.Native;
using Xunit.Abstractions;

namespace PatchBench.Generation.Tests.Onnx;

[Trait("Category", "Integration")] // native ONNX Runtime and llama.cpp libraries
public class OnnxBindingTests
{
    private static OrtApiTable Api
    {
        get
        {
            _ = OnnxTestEnvironment.FolderPath; // fetches the library when missing
            return OnnxRuntimeLibrary.Load();
        }
    }

    [Fact]
    public void Version_string_is_the_pinned_npm_release()
    {
        // scripts/fetch-native.sh pins onnxruntime-node 1.30.0; the library must say so itself.
        Assert.Equal("1.30.0", Api.Version);
        Assert.EndsWith("libonnxruntime.so.1", OnnxRuntimeLibrary.LoadedPath);
    }

    [Theory]
    [InlineData(1, "first")]
    [InlineData(2, "an invalid argument: ünïcode")]
    [InlineData(6, "runtime exception")]
    public void Status_entries_round_trip_code_and_message(int code, string message)
    {
        // CreateStatus (0), GetErrorCode (1), GetErrorMessage (2) and ReleaseStatus (93): wrong indices would not round-trip.
        var status = Api.CreateStatus(code, message);
        Assert.Equal(code, Api.ErrorCode(status));
        Assert.Equal(message, Api.ErrorMessage(status));
        Api.ReleaseStatus(status);
    }

    [Fact]
    public void Check_turns_a_status_into_an_exception_with_its_message()
    {
        var e = Assert.Throws<OnnxRuntimeException>(() => Api.Check(Api.CreateStatus(2, "bad thing"), "do a test"));
        Assert.Equal("ONNX Runtime failed to do a test: bad thing", e.Message);
        Assert.Equal(2, e.ErrorCode);
    }

    [Fact]
    public void Provider_list_has_the_cpu_provider()
    {
        Assert.Contains("CPUExecutionProvider", Api.AvailableProviders());
    }

    [Fact]
    public unsafe void Tensors_keep_shape_type_and_data()
    {
        var value = Api.CreateTensor([2, 3, 0 + 4], OrtElementType.Float);
        try
        {
            var data = (float*)Api.TensorData(value);
            for (var i = 0; i < 24; i++) data[i] = i * 0.5f;
            var (type, shape) = Api.TensorTypeAndShape(value);
            Assert.Equal(OrtElementType.Float, type);
            Assert.Equal([2L, 3, 4], shape);
            Assert.Equal(11.5f, ((float*)Api.TensorData(value))[23]);
        }
        finally
        {
            Api.ReleaseValue(value);
        }
    }

    [Fact]
    public void Session_reports_the_genai_input_and_output_names()
    {
        var g = OnnxTestEnvironment.Generator;
        Assert.Equal("1.30.0", g.RuntimeVersion);
        Assert.Equal(2, g.Folder.Layers);
        Assert.Equal("past_key_values.%d.key", g.Folder.PastKeyNames);
        Assert.Equal("present.1.value", OnnxModelFolder.LayerName(g.Folder.PresentValueNames, 1));
    }
}

public class OnnxErrorTests(ITestOutputHelper output)
{
    [Fact]
    public void Missing_library_names_where_it_looked_and_the_set_up_command()
    {
        var e = Assert.Throws<OnnxRuntimeLibraryException>(() => OnnxRuntimeLibrary.Locate("/nonexistent/ort"));
        Assert.Contains("/nonexistent/ort", e.Message);
        Assert.Contains("scripts/fetch-native.sh", e.Message);
        Assert.Contains(OnnxRuntimeLibrary.EnvironmentVariable, e.Message);
    }

    [Fact]
    public void A_library_that_is_not_onnx_runtime_is_refused_by_name()
    {
        const string zlib = "/lib/x86_64-linux-gnu/libz.so.1";
        var handle = System.Runtime.InteropServices.NativeLibrary.Load(zlib);
        var e = Assert.Throws<OnnxRuntimeLibraryException>(() => OrtApiTable.FromLibrary(handle, zlib));
        Assert.Equal($"'{zlib}' is not ONNX Runtime: it exports no OrtGetApiBase", e.Message);
    }

    [Fact]
    public void Missing_folder_and_missing_config_are_named()
    {
        var e = Assert.Throws<OnnxModelFolderException>(() => OnnxModelFolder.Load("/nonexistent/model-onnx"));
        Assert.Contains("/nonexistent/model-onnx", e.Message);
        var empty = TestEnvironment.TempDirectory("empty-onnx");
        e = Assert.Throws<OnnxModelFolderException>(() => OnnxModelFolder.Load(empty));
        Assert.Contains(Path.Combine(empty, "genai_config.json"), e.Message);
    }

    [Theory]
    [InlineData("model.decoder.filename")]
    [InlineData("model.decoder.num_hidden_layers")]
    [InlineData("model.decoder.inputs.past_key_names")]
    [InlineData("model.vocab_size")]
    public void Config_without_a_field_names_the_file_and_the_field(string field)
    {
        var folder = CopyOfTinyFolder();
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "genai_config.json")))!;
        var parts = field.Split('.');
        var parent = parts[..^1].Aggregate(config, (node, key) => node[key]!);
        parent.AsObject().Remove(parts[^1]);
        File.WriteAllText(Path.Combine(folder, "genai_config.json"), config.ToJsonString());
        var e = Assert.Throws<OnnxModelFolderException>(() => OnnxModelFolder.Load(folder));
        Assert.Equal($"{Path.Combine(folder, "genai_config.json")}: missing field '{field}'", e.Message);
    }

    [Fact]
    public void Malformed_config_names_the_file_and_line()
    {
        var folder = CopyOfTinyFolder();
        File.WriteAllText(Path.Combine(folder, "genai_config.json"), "{\n  \"model\": {\n    \"type\": llama\n  }\n}");
        var e = Assert.Throws<OnnxModelFolderException>(() => OnnxModelFolder.Load(folder));
        Assert.StartsWith($"{Path.Combine(folder, "genai_config.json")}:3:", e.Message);
    }

    [Fact]
    public void A_decoder_that_is_not_onnx_is_reported_as_such()
    {
        var folder = CopyOfTinyFolder();
        File.WriteAllText(Path.Combine(folder, "model.onnx"), "this is not a protobuf model");
        var e = Assert.Throws<OnnxModelFolderException>(() => OnnxTestEnvironment.Load(folder));
        Assert.Contains("model.onnx: ONNX Runtime cannot load it as an ONNX model", e.Message);
    }

    [Fact]
    public void Config_naming_an_input_the_decoder_lacks_is_reported()
    {
        var folder = CopyOfTinyFolder();
        var path = Path.Combine(folder, "genai_config.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("past_key_values.%d.key", "past.%d.k"));
        var e = Assert.Throws<OnnxModelFolderException>(() => OnnxTestEnvironment.Load(folder));
        Assert.Contains("input 'past.0.k' is not an input of", e.Message);
    }

    [Fact]
    public void Cuda_on_the_cpu_build_fails_with_a_clear_message()
    {
        var e = Assert.Throws<OnnxRuntimeLibraryException>(() => OnnxTestEnvironment.Load(OnnxTestEnvironment.FolderPath, new OnnxOptions { Device = OnnxDevice.Cuda }));
        output.WriteLine(e.Message);
        Assert.Contains("has no CUDA provider", e.Message);
        Assert.Contains(OnnxRuntimeLibrary.EnvironmentVariable, e.Message);
        Assert.Contains("docs/onnx.md", e.Message);
    }

    private static string CopyOfTinyFolder()
    {
        var copy = TestEnvironment.TempDirectory("onnx-copy");
        foreach (var f in Directory.GetFiles(OnnxTestEnvironment.FolderPath)) File.Copy(f, Path.Combine(copy, Path.GetFileName(f)));
        return copy;
    }
}
