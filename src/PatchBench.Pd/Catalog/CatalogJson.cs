using System.Text.Json;
using System.Text.Json.Nodes;

namespace PatchBench.Pd.Catalog;

/// <summary>A catalog file that does not follow the format; the message names the file and the place.</summary>
public sealed class CatalogFormatException(string message) : Exception(message);

/// <summary>
/// Reads and writes the catalog JSON format (docs/catalog.md). Reading validates everything and
/// reports the first problem with the file name and the JSON path.
/// </summary>
public static class CatalogJson
{
    /// <summary>Parses one profile file.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="source">A name for messages (file path or resource name).</param>
    public static CatalogProfile Read(string json, string source)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new CatalogFormatException($"{source}: not valid JSON (line {ex.LineNumber + 1}): {ex.Message}");
        }
        var reader = new Reader(source);
        return reader.Profile(reader.Object(root, "$"));
    }

    /// <summary>Writes a profile in the format <see cref="Read"/> reads, one class per block, stable order.</summary>
    public static string Write(CatalogProfile profile)
    {
        var root = new JsonObject
        {
            ["format"] = CatalogProfile.FormatVersion,
            ["profile"] = profile.Name,
            ["extends"] = profile.Extends,
            ["pd_version"] = profile.PdVersion,
            ["classes"] = new JsonArray(profile.Classes.OrderBy(c => c.Name, StringComparer.Ordinal).Select(ClassNode).ToArray<JsonNode?>()),
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    private static JsonObject ClassNode(ObjectClass c)
    {
        var node = new JsonObject
        {
            ["name"] = c.Name,
            ["aliases"] = new JsonArray(c.Aliases.Select(a => (JsonNode?)a).ToArray()),
            ["origin"] = c.Origin.ToString().ToLowerInvariant(),
        };
        if (c.ArgumentTypes is not null) node["arg_types"] = c.ArgumentTypes;
        node["rule"] = RuleNode(c.Rule);
        node["evidence"] = new JsonArray(c.Evidence.Select(e => (JsonNode?)new JsonObject
        {
            ["args"] = e.Arguments,
            ["inlets"] = e.Inlets,
            ["outlets"] = e.Outlets,
        }).ToArray());
        return node;
    }

    private static JsonObject RuleNode(PortRule rule) => rule switch
    {
        VariantsRule v => new JsonObject
        {
            ["kind"] = "variants",
            ["variants"] = new JsonArray(v.Variants.Select(VariantNode).ToArray<JsonNode?>()),
        },
        ExprRule e => new JsonObject { ["kind"] = "expr", ["signal"] = e.SignalFlavour },
        SubcommandRule s => new JsonObject
        {
            ["kind"] = "subcommand",
            ["prefix"] = s.Prefix,
            ["default"] = s.Default,
            ["members"] = new JsonArray(s.Members.Select(m => (JsonNode?)m).ToArray()),
        },
        NamedOutputsRule n => new JsonObject
        {
            ["kind"] = "named-outputs",
            ["inlets"] = n.Inlets,
            ["outputs"] = new JsonArray(n.Outputs.Select(m => (JsonNode?)m).ToArray()),
            ["flags_with_value"] = new JsonArray(n.FlagsWithValue.Select(m => (JsonNode?)m).ToArray()),
            ["default_outlets"] = n.DefaultOutlets,
            ["outlet_kind"] = n.OutletKind == PortKind.Signal ? "s" : "c",
        },
        AbstractionRule a => new JsonObject
        {
            ["kind"] = "abstraction",
            ["flags_with_value"] = new JsonArray(a.FlagsWithValue.Select(m => (JsonNode?)m).ToArray()),
            ["flags"] = new JsonArray(a.Flags.Select(m => (JsonNode?)m).ToArray()),
        },
        _ => throw new ArgumentException($"unknown rule type {rule.GetType().Name}"),
    };

    private static JsonObject VariantNode(PortVariant v)
    {
        var node = new JsonObject();
        if (v.When.Count > 0)
            node["when"] = new JsonArray(v.When.Select(c => (JsonNode?)ConditionNode(c)).ToArray());
        node["inlets"] = RowNode(v.Inlets);
        node["outlets"] = RowNode(v.Outlets);
        return node;
    }

    private static JsonObject ConditionNode(ArgumentCondition c)
    {
        var node = new JsonObject();
        if (c.MinArgs is { } min) node["min_args"] = min;
        if (c.MaxArgs is { } max) node["max_args"] = max;
        if (c.FloatArg is { } i)
        {
            node["float_arg"] = i;
            node["cmp"] = c.Compare;
            node["value"] = c.Value;
        }
        if (c.Has is not null) node["has"] = c.Has;
        if (c.Lacks is not null) node["lacks"] = c.Lacks;
        if (c.FloatAt is { } at) node["float_at"] = at;
        if (c.EmptySymbolAt is { } es) node["empty_symbol_at"] = es;
        if (c.Integer) node["integer"] = true;
        if (c.From != 0) node["from"] = c.From;
        return node;
    }

    private static JsonNode RowNode(PortRow r)
    {
        if (r.IsFixed) return JsonValue.Create(r.Head)!;
        var node = new JsonObject();
        if (r.Head.Length > 0) node["head"] = r.Head;
        node["each"] = r.Each;
        if (r.Tail.Length > 0) node["tail"] = r.Tail;
        if (r.Count is { IsArgumentCount: false } count)
        {
            var c = new JsonObject();
            if (count.FloatArg is { } i) c["float_arg"] = i;
            if (count.Flag is { } flag) { c["flag"] = flag; c["default"] = count.Default; }
            if (count.Min != 0) c["min"] = count.Min;
            if (count.Max != int.MaxValue) c["max"] = count.Max;
            if (count.Offset != 0) c["offset"] = count.Offset;
            node["count"] = c;
        }
        return node;
    }

    /// <summary>Validating reader: every accessor names the JSON path of what it expected.</summary>
    private sealed class Reader(string source)
    {
        private CatalogFormatException Error(string path, string expected) =>
            new($"{source}: at {path}: expected {expected}");

        public JsonObject Object(JsonNode? node, string path) =>
            node as JsonObject ?? throw Error(path, "an object");

        private JsonArray Array(JsonNode? node, string path) =>
            node as JsonArray ?? throw Error(path, "an array");

        private string String(JsonNode? node, string path)
        {
            if (node is JsonValue v && v.TryGetValue<string>(out var s)) return s;
            throw Error(path, "a string");
        }

        private int Int(JsonNode? node, string path)
        {
            if (node is JsonValue v && v.TryGetValue<int>(out var i)) return i;
            throw Error(path, "an integer");
        }

        private double Number(JsonNode? node, string path)
        {
            if (node is JsonValue v && v.TryGetValue<double>(out var d)) return d;
            throw Error(path, "a number");
        }

        private bool Bool(JsonNode? node, string path)
        {
            if (node is JsonValue v && v.TryGetValue<bool>(out var b)) return b;
            throw Error(path, "true or false");
        }

        private string[] Strings(JsonNode? node, string path) =>
            Array(node, path).Select((n, i) => String(n, $"{path}[{i}]")).ToArray();

        private string Pattern(JsonNode? node, string path)
        {
            var s = String(node, path);
            if (!PortPattern.IsValid(s)) throw Error(path, $"a port pattern of letters 'c' and 's' (got \"{s}\")");
            return s;
        }

        public CatalogProfile Profile(JsonObject o)
        {
            var format = Int(o["format"], "$.format");
            if (format != CatalogProfile.FormatVersion) throw Error("$.format", $"format {CatalogProfile.FormatVersion} (got {format})");
            var name = String(o["profile"], "$.profile");
            var extends = o["extends"] is null ? null : String(o["extends"], "$.extends");
            var version = String(o["pd_version"], "$.pd_version");
            var classes = Array(o["classes"], "$.classes").Select((n, i) => Class(Object(n, $"$.classes[{i}]"), $"$.classes[{i}]")).ToArray();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var c in classes)
                foreach (var n in c.Aliases.Prepend(c.Name))
                    if (!seen.Add(n)) throw new CatalogFormatException($"{source}: the name \"{n}\" is defined twice");
            return new CatalogProfile(name, extends, version, classes);
        }

        private ObjectClass Class(JsonObject o, string path)
        {
            var name = String(o["name"], $"{path}.name");
            path = $"{path}(\"{name}\")";
            var aliases = o["aliases"] is null ? [] : Strings(o["aliases"], $"{path}.aliases");
            var originText = o["origin"] is null ? "builtin" : String(o["origin"], $"{path}.origin");
            var origin = originText switch
            {
                "builtin" => ClassOrigin.Builtin,
                "extra" => ClassOrigin.Extra,
                "abstraction" => ClassOrigin.Abstraction,
                _ => throw Error($"{path}.origin", "one of builtin, extra, abstraction"),
            };
            var rule = Rule(Object(o["rule"], $"{path}.rule"), $"{path}.rule");
            var evidence = o["evidence"] is null ? [] : Array(o["evidence"], $"{path}.evidence").Select((n, i) =>
            {
                var p = $"{path}.evidence[{i}]";
                var e = Object(n, p);
                return new ProbeEvidence(String(e["args"], $"{p}.args"), Pattern(e["inlets"], $"{p}.inlets"), Pattern(e["outlets"], $"{p}.outlets"));
            }).ToArray();
            string? argTypes = null;
            if (o["arg_types"] is not null)
            {
                argTypes = String(o["arg_types"], $"{path}.arg_types");
                if (argTypes.Any(ch => ch is not ('f' or 's'))) throw Error($"{path}.arg_types", "letters 'f' (number) and 's' (symbol)");
            }
            return new ObjectClass(name, aliases, origin, rule, evidence, argTypes);
        }

        private PortRule Rule(JsonObject o, string path)
        {
            var kind = String(o["kind"], $"{path}.kind");
            switch (kind)
            {
                case "variants":
                    return new VariantsRule(Array(o["variants"], $"{path}.variants")
                        .Select((n, i) => Variant(Object(n, $"{path}.variants[{i}]"), $"{path}.variants[{i}]")).ToArray());
                case "expr":
                    return new ExprRule(Bool(o["signal"], $"{path}.signal"));
                case "subcommand":
                    return new SubcommandRule(String(o["prefix"], $"{path}.prefix"), String(o["default"], $"{path}.default"),
                        Strings(o["members"], $"{path}.members"));
                case "named-outputs":
                    var kindText = String(o["outlet_kind"], $"{path}.outlet_kind");
                    if (kindText is not ("c" or "s")) throw Error($"{path}.outlet_kind", "\"c\" or \"s\"");
                    return new NamedOutputsRule(Pattern(o["inlets"], $"{path}.inlets"), Strings(o["outputs"], $"{path}.outputs"),
                        Strings(o["flags_with_value"], $"{path}.flags_with_value"), Int(o["default_outlets"], $"{path}.default_outlets"),
                        kindText == "s" ? PortKind.Signal : PortKind.Control);
                case "abstraction":
                    return new AbstractionRule(Strings(o["flags_with_value"], $"{path}.flags_with_value"), Strings(o["flags"], $"{path}.flags"));
                default:
                    throw Error($"{path}.kind", "one of variants, expr, subcommand, named-outputs, abstraction");
            }
        }

        private PortVariant Variant(JsonObject o, string path)
        {
            var when = o["when"] is null ? [] : Array(o["when"], $"{path}.when")
                .Select((n, i) => Condition(Object(n, $"{path}.when[{i}]"), $"{path}.when[{i}]")).ToArray();
            return new PortVariant(when, Row(o["inlets"], $"{path}.inlets"), Row(o["outlets"], $"{path}.outlets"));
        }

        private ArgumentCondition Condition(JsonObject o, string path)
        {
            int? min = o["min_args"] is null ? null : Int(o["min_args"], $"{path}.min_args");
            int? max = o["max_args"] is null ? null : Int(o["max_args"], $"{path}.max_args");
            int? arg = o["float_arg"] is null ? null : Int(o["float_arg"], $"{path}.float_arg");
            var cmp = "eq";
            double value = 0;
            if (arg is not null)
            {
                cmp = String(o["cmp"], $"{path}.cmp");
                if (!ArgumentCondition.Operators.Contains(cmp)) throw Error($"{path}.cmp", "one of eq, ne, lt, le, gt, ge");
                value = Number(o["value"], $"{path}.value");
            }
            var has = o["has"] is null ? null : String(o["has"], $"{path}.has");
            var lacks = o["lacks"] is null ? null : String(o["lacks"], $"{path}.lacks");
            int? floatAt = o["float_at"] is null ? null : Int(o["float_at"], $"{path}.float_at");
            int? emptySymbolAt = o["empty_symbol_at"] is null ? null : Int(o["empty_symbol_at"], $"{path}.empty_symbol_at");
            if (min is null && max is null && arg is null && has is null && lacks is null && floatAt is null && emptySymbolAt is null)
                throw Error(path, "at least one of min_args, max_args, float_arg, has, lacks, float_at, empty_symbol_at");
            var integer = o["integer"] is not null && Bool(o["integer"], $"{path}.integer");
            var from = o["from"] is null ? 0 : Int(o["from"], $"{path}.from");
            return new ArgumentCondition(min, max, arg, cmp, value, has, lacks, floatAt, emptySymbolAt, integer, from);
        }

        private RepeatCount Count(JsonObject o, string path)
        {
            int? arg = o["float_arg"] is null ? null : Int(o["float_arg"], $"{path}.float_arg");
            var flag = o["flag"] is null ? null : String(o["flag"], $"{path}.flag");
            if (arg is not null && flag is not null) throw Error(path, "at most one of float_arg, flag");
            return new RepeatCount(arg, flag,
                o["default"] is null ? 0 : Int(o["default"], $"{path}.default"),
                o["min"] is null ? 0 : Int(o["min"], $"{path}.min"),
                o["max"] is null ? int.MaxValue : Int(o["max"], $"{path}.max"),
                o["offset"] is null ? 0 : Int(o["offset"], $"{path}.offset"));
        }

        private PortRow Row(JsonNode? node, string path)
        {
            if (node is JsonValue) return new PortRow(Pattern(node, path));
            var o = Object(node, path);
            return new PortRow(
                o["head"] is null ? "" : Pattern(o["head"], $"{path}.head"),
                Pattern(o["each"], $"{path}.each"),
                o["tail"] is null ? "" : Pattern(o["tail"], $"{path}.tail"),
                o["count"] is null ? null : Count(Object(o["count"], $"{path}.count"), $"{path}.count"));
        }
    }
}
