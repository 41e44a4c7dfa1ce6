using System.Buffers.Binary;

namespace PatchBench.Generation.Onnx;

/// <summary>An attribute of an ONNX node (AttributeProto): an int, a list of ints or a float.</summary>
public sealed record OnnxAttribute(string Name, long? Int = null, IReadOnlyList<long>? Ints = null, float? Float = null)
{
    /// <summary>Serializes to AttributeProto (name 1, f 2, i 3, ints 8, type 20).</summary>
    internal ProtobufWriter ToProto()
    {
        var w = new ProtobufWriter().String(1, Name);
        if (Float is { } f) w.Float(2, f).Varint(20, 1);           // AttributeType.FLOAT
        else if (Int is { } i) w.Varint(3, i).Varint(20, 2);       // INT
        else if (Ints is { } list) w.PackedVarints(8, list).Varint(20, 7); // INTS
        else throw new InvalidOperationException($"attribute {Name} has no value");
        return w;
    }
}

/// <summary>
/// Builds one ONNX model (ModelProto with one GraphProto) node by node, in the field numbers of
/// onnx.proto: nodes, initializers (raw little-endian data), typed graph inputs and outputs whose
/// dimensions are numbers or symbolic names.
/// </summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>TensorProto.DataType FLOAT.</summary>
    public const int FloatType = 1;

    /// <summary>TensorProto.DataType INT64.</summary>
    public const int Int64Type = 7;

    private readonly List<ProtobufWriter> _nodes = [];
    private readonly List<ProtobufWriter> _initializers = [];
    private readonly List<ProtobufWriter> _inputs = [];
    private readonly List<ProtobufWriter> _outputs = [];
    private int _counter;

    /// <summary>Adds a node and returns the name of its (first) output.</summary>
    public string Node(string op, IReadOnlyList<string> inputs, string? output = null, params OnnxAttribute[] attributes) =>
        NodeN(op, inputs, [output ?? $"{op.ToLowerInvariant()}_{_counter}"], attributes)[0];

    /// <summary>Adds a node with several outputs.</summary>
    public IReadOnlyList<string> NodeN(string op, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params OnnxAttribute[] attributes)
    {
        var node = new ProtobufWriter();
        foreach (var i in inputs) node.String(1, i);
        foreach (var o in outputs) node.String(2, o);
        node.String(3, $"{op}_{_counter++}").String(4, op);
        foreach (var a in attributes) node.Message(5, a.ToProto());
        _nodes.Add(node);
        return outputs;
    }

    /// <summary>A float initializer of the given shape.</summary>
    public string Floats(string name, IReadOnlyList<long> dims, ReadOnlySpan<float> data)
    {
        var raw = new byte[data.Length * 4];
        for (var i = 0; i < data.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(raw.AsSpan(i * 4), data[i]);
        return Initializer(name, dims, FloatType, raw);
    }

    /// <summary>An int64 initializer of the given shape (empty dims = a scalar).</summary>
    public string Int64s(string name, IReadOnlyList<long> dims, params long[] data)
    {
        var raw = new byte[data.Length * 8];
        for (var i = 0; i < data.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(raw.AsSpan(i * 8), data[i]);
        return Initializer(name, dims, Int64Type, raw);
    }

    private string Initializer(string name, IReadOnlyList<long> dims, int type, byte[] raw)
    {
        // TensorProto: dims 1, data_type 2, name 8, raw_data 9.
        var t = new ProtobufWriter();
        if (dims.Count > 0) t.PackedVarints(1, dims);
        t.Varint(2, type).String(8, name).Bytes(9, raw);
        _initializers.Add(t);
        return name;
    }

    /// <summary>A graph input; each dimension is a long (fixed) or a string (symbolic).</summary>
    public string Input(string name, int elementType, params object[] dims)
    {
        _inputs.Add(ValueInfo(name, elementType, dims));
        return name;
    }

    /// <summary>A graph output; each dimension is a long (fixed) or a string (symbolic).</summary>
    public void Output(string name, int elementType, params object[] dims) => _outputs.Add(ValueInfo(name, elementType, dims));

    private static ProtobufWriter ValueInfo(string name, int elementType, object[] dims)
    {
        // ValueInfoProto{name 1, type 2} → TypeProto{tensor_type 1} → Tensor{elem_type 1, shape 2} → TensorShapeProto{dim 1}.
        var shape = new ProtobufWriter();
        foreach (var d in dims)
        {
            var dim = new ProtobufWriter();
            if (d is string symbol) dim.String(2, symbol);
            else dim.Varint(1, Convert.ToInt64(d));
            shape.Message(1, dim);
        }
        var tensor = new ProtobufWriter().Varint(1, elementType).Message(2, shape);
        var type = new ProtobufWriter().Message(1, tensor);
        return new ProtobufWriter().String(1, name).Message(2, type);
    }

    /// <summary>The serialized ModelProto (IR version 8, default-domain opset <paramref name="opset"/>).</summary>
    public byte[] ToModel(string graphName, string producer, int opset = 17)
    {
        var graph = new ProtobufWriter();
        foreach (var n in _nodes) graph.Message(1, n);
        graph.String(2, graphName);
        foreach (var i in _initializers) graph.Message(5, i);
        foreach (var i in _inputs) graph.Message(11, i);
        foreach (var o in _outputs) graph.Message(12, o);
        var opsetId = new ProtobufWriter().String(1, "").Varint(2, opset);
        return new ProtobufWriter()
            .Varint(1, 8)           // ir_version
            .String(2, producer)    // producer_name
            .Message(7, graph)
            .Message(8, opsetId)
            .ToArray();
    }
}
