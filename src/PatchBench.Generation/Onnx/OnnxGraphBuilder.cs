using System.Runtime.InteropServices;
using Google.Protobuf;
using PatchBench.Generation.Onnx.Proto;

namespace PatchBench.Generation.Onnx;

/// <summary>An attribute of an ONNX node: an int, a list of ints or a float.</summary>
public sealed record OnnxAttribute(string Name, long? Int = null, IReadOnlyList<long>? Ints = null, float? Float = null)
{
    internal AttributeProto ToProto()
    {
        var a = new AttributeProto { Name = Name };
        if (Float is { } f) { a.F = f; a.Type = AttributeProto.Types.AttributeType.Float; }
        else if (Int is { } i) { a.I = i; a.Type = AttributeProto.Types.AttributeType.Int; }
        else if (Ints is { } list) { a.Ints.AddRange(list); a.Type = AttributeProto.Types.AttributeType.Ints; }
        else throw new InvalidOperationException($"attribute {Name} has no value");
        return a;
    }
}

/// <summary>
/// Builds one ONNX model (a ModelProto with one graph) node by node, on the message classes protoc generates from
/// onnx.proto: nodes, initializers (raw little-endian data), typed graph inputs and outputs whose dimensions are
/// numbers or symbolic names.
/// </summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>TensorProto.DataType FLOAT.</summary>
    public const int FloatType = (int)TensorProto.Types.DataType.Float;

    /// <summary>TensorProto.DataType INT64.</summary>
    public const int Int64Type = (int)TensorProto.Types.DataType.Int64;

    private readonly GraphProto _graph = new();
    private int _counter;

    /// <summary>Adds a node and returns the name of its (first) output.</summary>
    public string Node(string op, IReadOnlyList<string> inputs, string? output = null, params OnnxAttribute[] attributes) =>
        NodeN(op, inputs, [output ?? $"{op.ToLowerInvariant()}_{_counter}"], attributes)[0];

    /// <summary>Adds a node with several outputs.</summary>
    public IReadOnlyList<string> NodeN(string op, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params OnnxAttribute[] attributes)
    {
        var node = new NodeProto { Name = $"{op}_{_counter++}", OpType = op };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes.Select(a => a.ToProto()));
        _graph.Node.Add(node);
        return outputs;
    }

    /// <summary>A float initializer of the given shape.</summary>
    public string Floats(string name, IReadOnlyList<long> dims, ReadOnlySpan<float> data) =>
        Initializer(name, dims, TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(data));

    /// <summary>An int64 initializer of the given shape (empty dims = a scalar).</summary>
    public string Int64s(string name, IReadOnlyList<long> dims, params long[] data) =>
        Initializer(name, dims, TensorProto.Types.DataType.Int64, MemoryMarshal.AsBytes(data.AsSpan()));

    private string Initializer(string name, IReadOnlyList<long> dims, TensorProto.Types.DataType type, ReadOnlySpan<byte> littleEndian)
    {
        // raw_data is little-endian by the spec; the reinterpreted span is only that on a little-endian machine.
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException(
            "the ONNX exporter writes raw_data from memory and needs a little-endian CPU");
        var t = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(littleEndian) };
        t.Dims.AddRange(dims);
        _graph.Initializer.Add(t);
        return name;
    }

    /// <summary>A graph input; each dimension is a long (fixed) or a string (symbolic).</summary>
    public string Input(string name, int elementType, params object[] dims)
    {
        _graph.Input.Add(ValueInfo(name, elementType, dims));
        return name;
    }

    /// <summary>A graph output; each dimension is a long (fixed) or a string (symbolic).</summary>
    public void Output(string name, int elementType, params object[] dims) => _graph.Output.Add(ValueInfo(name, elementType, dims));

    private static ValueInfoProto ValueInfo(string name, int elementType, object[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            shape.Dim.Add(d is string symbol
                ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture) });
        }
        var tensor = new TypeProto.Types.Tensor { ElemType = elementType, Shape = shape };
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }

    /// <summary>Writes the ModelProto (IR version 8, default-domain opset <paramref name="opset"/>) to <paramref name="stream"/>.</summary>
    public void WriteModel(Stream stream, string graphName, string producer, int opset = 17)
    {
        _graph.Name = graphName;
        var model = new ModelProto { IrVersion = 8, ProducerName = producer, Graph = _graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        model.WriteTo(stream);
    }

    /// <summary>The serialized ModelProto (see <see cref="WriteModel"/>).</summary>
    public byte[] ToModel(string graphName, string producer, int opset = 17)
    {
        using var stream = new MemoryStream();
        WriteModel(stream, graphName, producer, opset);
        return stream.ToArray();
    }
}
