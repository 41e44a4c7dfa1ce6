namespace PatchBench.Execution.CatalogProbe;

/// <summary>
/// Which names to ask Pd about and with which creation arguments. The names are everything
/// <c>doc/5.reference/help-intro.pd</c> creates plus the aliases and sub-command classes that Pd
/// 0.53's sources register (<c>class_addcreator</c>, <c>list append</c>…); Pd itself then says which
/// exist and what class each one creates.
/// </summary>
public static class ProbePlan
{
    // A family probed with no member, with extra arguments, and with a member that does not exist.
    private static readonly string[] FamilyArguments = ["", "1 2", "nosuchmember"];

    /// <summary>Families whose first argument picks a member class (<c>[list split 2]</c>), with the member used when there is none.</summary>
    public static IReadOnlyDictionary<string, (string Default, string[] Members)> Families { get; } = new Dictionary<string, (string, string[])>
    {
        ["list"] = ("append", ["append", "prepend", "split", "trim", "length", "fromsymbol", "tosymbol", "store"]),
        ["text"] = ("define", ["define", "get", "set", "insert", "delete", "size", "tolist", "fromlist", "search", "sequence"]),
        ["array"] = ("define", ["define", "size", "sum", "get", "set", "quantile", "random", "max", "min"]),
        ["file"] = ("handle", ["handle", "define", "mkdir", "which", "glob", "stat", "isfile", "isdirectory", "size", "copy", "move", "delete", "split", "join",
            "splitext", "splitname"]),
        ["scalar"] = ("define", ["define"]),
    };

    /// <summary>Single-word names: help-intro.pd's objects and the aliases in Pd 0.53's sources.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        // help-intro.pd (minus the families above and the local helper all_guis)
        "!=", "%", "&", "&&", "*", "*~", "+", "+~", "-", "-~", "/", "/~", "<", "<<", "<=", "==", ">", ">=", ">>",
        "abs", "abs~", "adc~", "append", "atan", "atan2", "bag", "bang", "bang~", "bendin", "bendout", "biquad~",
        "block~", "bob~", "bonk~", "bp~", "catch~", "change", "choice", "clip", "clip~", "clone", "complex-mod~", "cos",
        "cos~", "cpole~", "cputime", "ctlin", "ctlout", "czero_rev~", "czero~", "dac~", "dbtopow", "dbtorms", "dbtorms~",
        "declare", "delay", "delread4~", "delread~", "delwrite~", "div", "drawcurve", "drawnumber", "drawpolygon",
        "drawsymbol", "drawtext", "element", "env~", "exp", "expr", "expr~", "exp~", "fexpr~", "fft~", "fiddle~",
        "filledcurve", "filledpolygon", "float", "framp~", "ftom", "ftom~", "fudiformat", "fudiparse", "get", "getsize",
        "hilbert~", "hip~", "ifft~", "inlet", "inlet~", "int", "key", "keyname", "keyup", "line", "line~", "loadbang",
        "log", "log~", "loop~", "lop~", "lrshift~", "makefilename", "makenote", "max", "max~", "metro", "midiin",
        "midiout", "midirealtimein", "min", "min~", "mod", "moses", "mtof", "mtof~", "namecanvas", "netreceive",
        "netsend", "noise~", "notein", "noteout", "openpanel", "oscformat", "oscparse", "osc~", "outlet", "outlet~",
        "output~", "pack", "pdcontrol", "pd~", "pgmin", "pgmout", "phasor~", "pipe", "pique", "plot", "pointer", "poly",
        "polytouchin", "polytouchout", "pow", "powtodb", "pow~", "print", "print~", "q8_rsqrt~", "q8_sqrt~", "qlist",
        "random", "readsf~", "realtime", "receive", "receive~", "rev1~", "rev2~", "rev3~", "rfft~", "rifft~", "rmstodb",
        "rmstodb~", "route", "rpole~", "rsqrt~", "rzero_rev~", "rzero~", "samphold~", "samplerate~", "savepanel",
        "savestate", "select", "send", "send~", "set", "setsize", "sigmund~", "sig~", "sin", "slop~", "snapshot~",
        "soundfiler", "spigot", "sqrt", "sqrt~", "stdout", "stripnote", "struct", "swap", "symbol", "sysexin", "table",
        "tabosc4~", "tabplay~", "tabread", "tabread4", "tabread4~", "tabread~", "tabreceive~", "tabsend~", "tabwrite",
        "tabwrite~", "tan", "textfile", "threshold~", "throw~", "timer", "touchin", "touchout", "trace", "trigger",
        "unpack", "until", "value", "vcf~", "vline~", "vsnapshot~", "wrap", "wrap~", "writesf~", "|", "||",
        // classes help-intro.pd does not list and aliases registered in Pd 0.53's sources
        "dbtopow~", "powtodb~", "vd~", "s~", "r~", "switch~", "i", "f", "b", "s", "r", "sel", "t", "v", "del", "fswap",
        "template", "pd", "page",
        // IEM GUIs and their long names
        "bng", "tgl", "toggle", "nbx", "my_numbox", "hsl", "hslider", "vsl", "vslider", "hradio", "hdl", "vradio", "vdl",
        "rdb", "radiobut", "radiobutton", "vu", "cnv", "my_canvas",
    ];

    /// <summary>Full IEM GUI argument lists with send and receive names set (as Pd saves them).</summary>
    private static readonly Dictionary<string, string> IemWithNames = new()
    {
        ["bng"] = "15 250 50 0 snd rcv empty 17 7 0 10 #fcfcfc #000000 #000000",
        ["tgl"] = "15 0 snd rcv empty 17 7 0 10 #fcfcfc #000000 #000000 0 1",
        ["nbx"] = "5 14 -1e+37 1e+37 0 0 snd rcv empty 0 -8 0 10 #fcfcfc #000000 #000000 0 256",
        ["hsl"] = "128 15 0 127 0 0 snd rcv empty -2 -8 0 10 #fcfcfc #000000 #000000 0 1",
        ["hradio"] = "15 1 0 8 snd rcv empty 0 -8 0 10 #fcfcfc #000000 #000000 0",
        ["vu"] = "15 120 rcv empty -1 -8 0 10 #404040 #000000 1 0",
        ["cnv"] = "15 100 60 snd rcv empty 20 12 0 14 #e0e0e0 #404040 0",
    };

    /// <summary>Argument lists that exercise each class's argument-dependent ports; every other class gets none, "0", "1", "1 2", "foo", "foo x" and "foo x y
    /// z".</summary>
    public static IReadOnlyList<string> SamplesFor(string name)
    {
        var samples = new List<string> { "" };
        switch (name)
        {
            case "select" or "sel" or "route":
                samples.AddRange(["1", "foo", "1 2", "1 2 3", "a b c d", "0 1 2 3 4 5"]); break;
            case "trigger" or "t":
                samples.AddRange(["b", "b b f", "f f f f f", "a s l", "anything bang"]); break;
            case "pack" or "unpack":
                samples.AddRange(["f", "f f f", "s f s f", "0 0 0 0 0 0"]); break;
            case "expr":
                samples.AddRange(["$f1+$f2", "$f1 \\; $f2*2", "$i1+$s2", "1", "$f3", "$f1+$f2 \\; $f3 \\; 1", "$F2*2"]);
                return samples.Select(s => s.Replace("$", "\\$")).ToArray();
            case "expr~":
                samples.AddRange(["$v1*$f2", "$v1+$v2+$f3", "$v1 \\; $v2", "1", "$v1+$f4", "$v1*$s2"]);
                return samples.Select(s => s.Replace("$", "\\$")).ToArray();
            case "fexpr~":
                samples.AddRange(["$x1+$x2", "$x1[-1]+$y1[-1]", "$x1 \\; $x2 \\; $f3", "$x1+$f3", "$x[-1]"]);
                return samples.Select(s => s.Replace("$", "\\$")).ToArray();
            case "sigmund~":
                samples.AddRange(["pitch", "pitch env notes", "-npts 1024 peaks tracks", "notes", "-hop 512 env pitch notes peaks tracks"]); break;
            case "clone":
                samples.AddRange([$"{PortProbe.CloneAbstraction} 2", $"-s 1 {PortProbe.CloneAbstraction} 3", $"-x {PortProbe.CloneAbstraction} 2",
                    $"3 {PortProbe.CloneAbstraction}", $"s {PortProbe.CloneAbstraction} 2", "-x", "-q foo 2", "foo"]);
                return samples;
            case "notein" or "polytouchin" or "pgmin" or "bendin" or "touchin":
                samples.AddRange(["0", "1", "16", "-1"]); break;
            case "ctlin":
                samples.AddRange(["0", "7", "7 0", "7 1", "0 1", "-1", "-1 3", "7 0.5", "-0.5"]); break;
            case "adc~" or "dac~":
                samples.AddRange(["1", "1 2 3 4", "3 4 5"]); break;
            case "readsf~" or "writesf~":
                samples.AddRange(["1", "4", "4 1000", "0", "-3", "70"]); break;
            case "send" or "s" or "receive" or "r" or "send~" or "s~" or "receive~" or "r~" or "throw~" or "catch~" or "value" or "v":
                samples.AddRange(["foo", "0", "0 foo"]); break;
            case "bonk~":
                return ["", "-nsigs 3", "-npts 256 -nsigs 2 -hop 128", "1 2", "64 3", "foo", "-nsigs 12"];
            case "pd~":
                return ["", "-ninsig 3 -noutsig 5", "-ninsig 0 -noutsig 1", "-noutsig 4", "-ninsig 1"];
            case "netreceive":
                return ["", "-u", "-b", "-u -b", "-f", "-u -f", "-b -f"];
            case "netsend":
                return ["", "-u", "-b", "-u -b"];
            case "bng" or "tgl" or "toggle" or "nbx" or "my_numbox" or "hsl" or "hslider" or "vsl" or "vslider" or "hradio" or "hdl"
                or "vradio" or "vdl" or "vu" or "cnv" or "my_canvas":
                var key = name switch
                {
                    "toggle" => "tgl",
                    "my_numbox" => "nbx",
                    "hslider" or "vsl" or "vslider" => "hsl",
                    "hdl" or "vradio" or "vdl" => "hradio",
                    "my_canvas" => "cnv",
                    _ => name,
                };
                samples.Add(IemWithNames[key]);
                return samples;
            case "declare" or "namecanvas" or "savestate" or "pd" or "page" or "table" or "struct" or "template":
                // Canvas-level objects: only a few argument lists, enough to see their argument types.
                samples.AddRange(["foo", "1", "0", "foo 1", "1 foo", "foo x"]);
                return samples;
        }
        // Numbers and symbols: data-structure objects ([get tmpl x y]) have one port per field name.
        samples.AddRange(["0", "1", "1 2", "foo", "foo x", "foo x y", "foo x y z"]);
        // Mixed types: which positions of a typed creator want numbers and which symbols.
        samples.AddRange(["1 foo", "foo 1", "1 2 3", "1 2 foo", "1 foo 2", "1 foo x", "foo 1 2", "foo 1 x", "foo x 1", "1 2 3 4", "1 2 3 foo"]);
        return samples.Distinct().ToArray();
    }

    /// <summary>Arguments for members of a family (<c>list split</c>…), the member word excluded.</summary>
    public static IReadOnlyList<string> MemberSamplesFor(string family, string member) => (family, member) switch
    {
        ("list", "append" or "prepend" or "store") => ["", "1", "1 2 3", "a b"],
        ("list", "split") => ["", "2"],
        ("text", "get") => ["", "foo", "foo 2", "foo 1 1", "-s tmpl fld"],
        ("text", "set" or "insert") => ["", "foo", "foo 2", "-s tmpl fld"],
        ("text", "delete" or "size" or "tolist" or "fromlist") => ["", "foo", "-s tmpl fld"],
        ("text", "search") => ["", "foo", "foo 1", "foo > 1 2", "foo 0 1 2"],
        ("text", "sequence") => ["", "foo", "foo -g", "foo -w 2", "foo -g -w 3", "foo -t 1 2", "foo -w sym", "-w 5 foo"],
        ("text", "define") => ["", "foo", "-k foo"],
        ("array", "define") => ["", "foo", "-k foo 10"],
        ("array", _) => ["", "foo", "-s tmpl fld", "foo 1 2"],
        ("file", "handle" or "define") => ["", "-q", "-m 0666"],
        _ => ["", "1"],
    };

    /// <summary>Every case to probe for the whole catalog, families included (bare family names too).</summary>
    public static IReadOnlyList<ProbeCase> AllCases()
    {
        var cases = new List<ProbeCase>();
        foreach (var n in Names)
            cases.AddRange(SamplesFor(n).Select(a => new ProbeCase(n, a)));
        foreach (var (family, (_, members)) in Families)
        {
            cases.AddRange(FamilyArguments.Select(a => new ProbeCase(family, a)));
            foreach (var m in members)
                cases.AddRange(MemberSamplesFor(family, m).Select(a => new ProbeCase($"{family} {m}", a)));
        }
        return cases;
    }

    /// <summary>Creation arguments tried for each class of a library profile: fewer than vanilla's, enough to see argument-dependent ports (2 and 3 for a count
    /// in the first argument: cyclone's [gate 3] has 3 outlets).</summary>
    public static IReadOnlyList<string> LibrarySamples { get; } = ["", "0", "1", "2", "3", "1 2", "foo", "1 2 3", "1 2 3 4"];

    /// <summary>Cases for the classes a library folder ships: one per name and <see cref="LibrarySamples"/> entry.</summary>
    public static IReadOnlyList<ProbeCase> LibraryCases(IEnumerable<string> names) =>
        names.SelectMany(n => LibrarySamples.Select(a => new ProbeCase(n, a))).ToArray();

    /// <summary>
    /// The names a library folder ships: its help patches (<c>NAME-help.pd</c>) and its binaries (<c>NAME.pd_linux</c>),
    /// minus names <paramref name="known"/> already has. Pd then says which of them exist.
    /// </summary>
    public static IReadOnlyList<string> LibraryNames(string folder, IReadOnlyCollection<string> known)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var f in Directory.EnumerateFiles(folder))
        {
            var file = Path.GetFileName(f);
            var name = file.EndsWith("-help.pd", StringComparison.Ordinal) ? file[..^"-help.pd".Length]
                : file.EndsWith(".pd_linux", StringComparison.Ordinal) ? file[..^".pd_linux".Length] : null;
            // Names with spaces, dots or a leading dash cannot be typed into an object box as one word.
            if (name is { Length: > 0 } && !name.Contains(' ') && !name.Contains('.') && name[0] != '-' && !known.Contains(name)) names.Add(name);
        }
        return names.ToArray();
    }
}
