using PatchBench.Pd.Catalog;
using PatchBench.Pd.Model;
using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Lint;

/// <summary>
/// Instantiates boxes the way Pd does: object names resolve to a catalog class, then to an
/// abstraction NAME.pd in the patch's folder, its <c>declare -path</c> folders and Pd's standard
/// folders; subpatches and abstractions get their ports from their [inlet]/[outlet] objects sorted by x.
/// </summary>
internal sealed class BoxModelBuilder(IObjectCatalog catalog, IAbstractionResolver resolver, Dictionary<string, ObjectPorts?> abstractionCache)
{
    /// <summary>Folders searched for abstractions, in Pd's order.</summary>
    public IReadOnlyList<string> SearchPaths { get; private set; } = [];

    /// <summary>Sets the search folders for a patch in <paramref name="directory"/> with the given declares.</summary>
    public void SetSearchPaths(string? directory, IEnumerable<IReadOnlyList<PdAtom>> declares)
    {
        var paths = new List<string>();
        if (directory is not null) paths.Add(directory);
        foreach (var declare in declares)
            for (int i = 0; i + 1 < declare.Count; i++)
            {
                string flag = declare[i].Value, value = declare[i + 1].Value;
                if (flag == "-path" && directory is not null)
                    paths.Add(Path.IsPathRooted(value) ? value : Path.GetFullPath(Path.Combine(directory, value)));
                else if (flag == "-stdpath")
                    foreach (var std in resolver.StandardPaths)
                        paths.Add(Path.IsPathRooted(value) ? value : Path.GetFullPath(Path.Combine(std, value)));
            }
        paths.AddRange(resolver.StandardPaths);
        SearchPaths = paths;
    }

    /// <summary>Models one box, adding to <paramref name="diagnostics"/> when Pd would fail to create it.</summary>
    public BoxModel Build(PdBox box, List<PdDiagnostic> diagnostics)
    {
        switch (box.Kind)
        {
            case PdBoxKind.Message:
                return new BoxModel(box, OneEach, BoxPatching.Fixed);
            case PdBoxKind.Comment:
                return new BoxModel(box, ObjectPorts.None, BoxPatching.Fixed);
            case PdBoxKind.FloatAtom or PdBoxKind.SymbolAtom or PdBoxKind.ListBox:
            {
                // Fields after x y: width min max flags label receive send. A receive name removes the
                // inlet and a send name the outlet (g_text.c canvas_atom); '-' means no name.
                bool hasReceive = box.Content.Count > 5 && AtomName(box.Content[5]);
                bool hasSend = box.Content.Count > 6 && AtomName(box.Content[6]);
                return new BoxModel(box, Ports(hasReceive ? 0 : 1, hasSend ? 0 : 1), BoxPatching.Fixed);
            }
            case PdBoxKind.Array or PdBoxKind.Scalar:
                return new BoxModel(box, ObjectPorts.None, BoxPatching.Unpatchable);
            case PdBoxKind.Subpatch or PdBoxKind.Graph:
                return new BoxModel(box, box.Subcanvas is null ? ObjectPorts.None : CanvasPorts(box.Subcanvas), BoxPatching.Fixed);
            default:
                return BuildObject(box, diagnostics);
        }
    }

    private static readonly ObjectPorts OneEach = new([PortKind.Control], [PortKind.Control]);

    private BoxModel BuildObject(PdBox box, List<PdDiagnostic> diagnostics)
    {
        string Display() => BoxModel.Describe(box); // only when a message needs it
        BoxModel Dummy() => new(box, ObjectPorts.None, BoxPatching.Dummy);
        void Fail(string why) => diagnostics.Add(new PdDiagnostic(box.Line, box.Column, PdLintCodes.UnknownClass, PdSeverity.Error, why));

        if (box.Content.Count == 0)
        {
            diagnostics.Add(new PdDiagnostic(box.Line, box.Column, PdLintCodes.EmptyObjectBox, PdSeverity.Warning, "empty object box"));
            return Dummy();
        }
        var head = box.Content[0];
        var args = box.Arguments;
        switch (head.Kind)
        {
            case PdAtomKind.Float or PdAtomKind.Dollar:
            {
                // Pd makes [0.5] a [float 0.5] and [1 2 3] a [list append 1 2 3]; a lone $1 in a patch opened on
                // its own becomes 0, so the same applies.
                var ports = box.Content.Count == 1 ? catalog.Ports("float", box.Content) : catalog.Ports("list", [PdAtom.FromWord("append"), .. args]);
                return new BoxModel(box, ports ?? Ports(2, 1), BoxPatching.Fixed);
            }
            case PdAtomKind.DollarSymbol:
                Fail($"{Display()} couldn't create: its class name '{head.Value}' depends on $ arguments, which a patch opened on its own does not have");
                return Dummy();
            case PdAtomKind.Semicolon or PdAtomKind.Comma:
                Fail($"{Display()} couldn't create");
                return Dummy();
        }

        string name = head.Value;
        if (name == "clone")
            return BuildClone(box, args, Fail);
        // One catalog lookup per box: the class found here serves every step below.
        var full = catalog as ObjectCatalog;
        var known = full?.Find(name);
        // Abstractions shipped in Pd's 'extra' are in the catalog, but Pd finds a NAME.pd in the patch's
        // own or declared folders first.
        if (known is { Origin: ClassOrigin.Abstraction } && FindAbstraction(name) is { Ports: { } local })
            return new BoxModel(box, local, BoxPatching.Fixed);
        if (known is not null)
        {
            var resolution = full!.Resolve(known, args);
            switch (resolution.Status)
            {
                case ResolutionStatus.Created when resolution.Ports is { } created:
                    return new BoxModel(box, created, BoxPatching.Fixed);
                case ResolutionStatus.NeedsAbstraction when resolution.AbstractionName is { } abstraction:
                    if (FindAbstraction(abstraction) is { Ports: { } clonePorts })
                        return new BoxModel(box, clonePorts, BoxPatching.Fixed);
                    Fail($"{Display()} couldn't create: no abstraction {abstraction}.pd was found");
                    return Dummy();
                case ResolutionStatus.Fails:
                    Fail($"{Display()} couldn't create" + (resolution.Message is { } why ? $": {why}" : ""));
                    return Dummy();
            }
        }
        if ((full is null ? catalog.CanonicalName(name) : known?.Name) is not null)
        {
            var ports = catalog.Ports(name, args);
            if (ports is null)
            {
                Fail($"{Display()} couldn't create: [{name}] does not accept these arguments");
                return Dummy();
            }
            return new BoxModel(box, ports, BoxPatching.Fixed);
        }
        if (name == "pd")
            return new BoxModel(box, ObjectPorts.None, BoxPatching.Fixed); // an empty subpatch
        if (FindAbstraction(name) is { } found)
        {
            if (found.Ports is { } ports) return new BoxModel(box, ports, BoxPatching.Fixed);
            diagnostics.Add(new PdDiagnostic(box.Line, box.Column, PdLintCodes.UncheckedExternal, PdSeverity.Warning,
                $"{Display()} is a compiled external found in {found.Directory}; its inlets and outlets are not checked"));
            return Dummy();
        }
        Fail($"{Display()} couldn't create: '{name}' is not a {catalog.Profile} object and no abstraction {name}.pd was found" +
             (SearchPaths.Count > 0 ? $" (searched {string.Join(", ", SearchPaths)})" : ""));
        return Dummy();
    }

    private BoxModel BuildClone(PdBox box, IReadOnlyList<PdAtom> args, Action<string> fail)
    {
        string Display() => BoxModel.Describe(box);
        // As g_clone.c clone_new: no arguments make an empty [clone]; flags -s N and -x; then "N name" or "name N".
        // The instances' ports are the abstraction's.
        if (args.Count == 0) return new BoxModel(box, ObjectPorts.None, BoxPatching.Fixed);
        int i = 0;
        while (i < args.Count && args[i].IsSymbol && args[i].Value.StartsWith('-'))
        {
            if (args[i].Value == "-s" && i + 1 < args.Count && args[i + 1].IsFloat) i += 2;
            else if (args[i].Value == "-x") i++;
            else
            {
                fail($"{Display()} couldn't create: [clone] does not know the flag '{args[i].Value}'");
                return new BoxModel(box, ObjectPorts.None, BoxPatching.Dummy);
            }
        }
        static double FloatArg(PdAtom a) => a.IsFloat ? a.Number : 0;
        string? name = null;
        if (args.Count - i >= 2 && FloatArg(args[i]) >= 0 && args[i + 1].IsSymbol) name = args[i + 1].Value;
        else if (args.Count - i >= 2 && FloatArg(args[i + 1]) >= 0 && args[i].IsSymbol) name = args[i].Value;
        if (name is null)
        {
            fail($"{Display()} couldn't create: [clone] needs an abstraction name and a number of copies");
            return new BoxModel(box, ObjectPorts.None, BoxPatching.Dummy);
        }
        if (FindAbstraction(name) is { Ports: { } ports })
            return new BoxModel(box, ports, BoxPatching.Fixed);
        fail($"{Display()} couldn't create: [clone] found no abstraction {name}.pd");
        return new BoxModel(box, ObjectPorts.None, BoxPatching.Dummy);
    }

    private (string Directory, ObjectPorts? Ports)? FindAbstraction(string name)
    {
        if (name.Length == 0 || name.Contains('\0')) return null;
        foreach (var dir in SearchPaths)
        {
            string path;
            try { path = Path.GetFullPath(Path.Combine(dir, name + ".pd")); }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException) { continue; }
            if (!abstractionCache.TryGetValue(path, out var ports))
            {
                var text = resolver.ReadPatch(path);
                ports = text is null ? null : CanvasPorts(PdParser.Parse(text).Root);
                abstractionCache[path] = ports;
            }
            if (ports is not null) return (dir, ports);
            if (resolver.HasExternal(dir, name)) return (dir, null);
        }
        return null;
    }

    /// <summary>A canvas's ports: its [inlet]/[inlet~] and [outlet]/[outlet~] objects, left to right.</summary>
    public ObjectPorts CanvasPorts(PdCanvas canvas)
    {
        var inlets = new List<(double X, int I, PortKind K)>();
        var outlets = new List<(double X, int I, PortKind K)>();
        foreach (var b in canvas.Boxes)
        {
            if (b.Kind != PdBoxKind.Object || b.Content.Count == 0) continue;
            string name = b.Content[0].Value;
            string canonical = catalog.CanonicalName(name) ?? name;
            switch (canonical)
            {
                case "inlet": inlets.Add((b.X, b.Index, PortKind.Control)); break;
                case "inlet~": inlets.Add((b.X, b.Index, PortKind.Signal)); break;
                case "outlet": outlets.Add((b.X, b.Index, PortKind.Control)); break;
                case "outlet~": outlets.Add((b.X, b.Index, PortKind.Signal)); break;
            }
        }
        return new ObjectPorts(LeftToRight(inlets), LeftToRight(outlets));
    }

    /// <summary>Ports ordered by x, then by box index (a total order, as Pd's sort by x keeps creation order).</summary>
    private static PortKind[] LeftToRight(List<(double X, int I, PortKind K)> ports)
    {
        if (ports.Count == 0) return [];
        ports.Sort((a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.I.CompareTo(b.I));
        var kinds = new PortKind[ports.Count];
        for (int i = 0; i < kinds.Length; i++) kinds[i] = ports[i].K;
        return kinds;
    }

    private static bool AtomName(PdAtom atom)
    {
        if (!atom.IsSymbol) return false;
        string v = atom.Value;
        return v.StartsWith('-') ? v.Length > 1 : v.Length > 0;
    }

    private static ObjectPorts Ports(int inlets, int outlets) => (inlets, outlets) switch
    {
        (1, 1) => OneEach,
        (0, 0) => ObjectPorts.None,
        _ => new(Enumerable.Repeat(PortKind.Control, inlets).ToArray(), Enumerable.Repeat(PortKind.Control, outlets).ToArray()),
    };
}
