using System.Text;
using FsCheck;
using FsCheck.Fluent;
using PatchBench.Pd.Syntax;

namespace PatchBench.Pd.Tests;

/// <summary>Properties of the lexer, parser and writer over generated patches and arbitrary input.</summary>
public class ParserPropertyTests
{
    private static readonly Config Many = Config.QuickThrowOnFailure.WithMaxTest(500);

    private static readonly Gen<string> Word = Gen.Elements(
        "osc~", "+", "t", "b", "f", "pack", "route", "1", "-2.5", "1e3", "foo", "bar-baz", "\\$1", "\\$0-x",
        "\\,", "\\;", "a\\,b", "\\\\", "inf", "0x10", "+5", "hello\\ world", "sel", "dac~", "$1", "ü", "#X", "-");

    private static readonly Gen<string> Spacer = Gen.Frequency((6, Gen.Constant(" ")), (1, Gen.Constant("\n")), (1, Gen.Constant("  \n ")),
        (1, Gen.Constant("\t")));

    private static Gen<string> Words(int max) =>
        Gen.Choose(0, max).SelectMany(n => Gen.ArrayOf(Word, n)).SelectMany(ws =>
            Gen.ArrayOf(Spacer, ws.Length).Select(sp => string.Concat(ws.Zip(sp, (w, s) => s + w))));

    private static Gen<string> Coord => Gen.Choose(-20, 900).Select(i => i.ToString());

    private static Gen<string> BoxRecord => Gen.OneOf(
        from x in Coord from y in Coord from w in Words(5) select $"#X obj {x} {y}{w};\n",
        from x in Coord from y in Coord from w in Words(6) select $"#X msg {x} {y}{w};\n",
        from x in Coord from y in Coord from w in Words(8) from f in Gen.Choose(5, 60) select $"#X text {x} {y}{w}, f {f};\n",
        from x in Coord from y in Coord select $"#X floatatom {x} {y} 5 0 0 0 - - - 0;\n",
        from n in Gen.Choose(1, 5) from v in Gen.ArrayOf(Gen.Choose(-9, 9), n)
        select $"#N canvas 0 50 450 300 (subpatch) 0;\n#X array a{n} {n} float 3;\n#A 0 {string.Join(' ', v)};\n#X coords 0 1 {n} -1 200 140 1 0 0;\n#X " +
            $"restore 10 10 graph;\n");

    private static Gen<string> Canvas(int depth) => Gen.Choose(0, 8).SelectMany(n =>
        Gen.ArrayOf(depth > 0 ? Gen.Frequency((5, BoxRecord), (1, Canvas(depth - 1).Select(inner =>
            $"#N canvas 0 50 450 300 sub 0;\n{inner}#X restore 20 20 pd sub;\n"))) : BoxRecord, n)
        .SelectMany(boxes => Gen.ArrayOf(
            from a in Gen.Choose(0, Math.Max(0, n - 1)) from o in Gen.Choose(0, 2) from b in Gen.Choose(0, Math.Max(0, n - 1)) from i in Gen.Choose(0, 2)
            select $"#X connect {a} {o} {b} {i};\n", n)
        .Select(conns => string.Concat(boxes) + string.Concat(conns))));

    private static Gen<string> Patch => Canvas(2).Select(body => "#N canvas 0 50 450 300 12;\n" + body);

    [Fact]
    public void Parse_write_parse_is_a_fixed_point()
    {
        Prop.ForAll(Arb.From(Patch), text =>
        {
            string once = PdWriter.Write(PdParser.Parse(text));
            string twice = PdWriter.Write(PdParser.Parse(once));
            return once == twice;
        }).Check(Many);
    }

    [Fact]
    public void Writing_keeps_every_box_and_connection()
    {
        Prop.ForAll(Arb.From(Patch), text =>
        {
            var a = PdParser.Parse(text);
            var b = PdParser.Parse(PdWriter.Write(a));
            return a.Canvases.Count() == b.Canvases.Count() &&
                   a.Canvases.Zip(b.Canvases).All(p => p.First.Boxes.Count == p.Second.Boxes.Count &&
                       p.First.Connections.SequenceEqual(p.Second.Connections.Select(c => c with { Line = 0, Column = 0 })
                           .Zip(p.First.Connections, (c, orig) => c with { Line = orig.Line, Column = orig.Column })) &&
                       p.First.Boxes.Zip(p.Second.Boxes).All(q => q.First.Text == q.Second.Text && q.First.Kind == q.Second.Kind && q.First.Width
                           == q.Second.Width));
        }).Check(Many);
    }

    [Fact]
    public void Wrapping_records_over_lines_changes_nothing()
    {
        // Pd 0.52 and Purr Data wrap long records; newlines are plain whitespace to binbuf_text.
        Prop.ForAll(Arb.From(Patch), text =>
        {
            // Only unescaped spaces: an escaped space is part of a symbol.
            string wrapped = System.Text.RegularExpressions.Regex.Replace(text, @"(?<!\\) ", "\n");
            return PdWriter.Write(PdParser.Parse(wrapped)) == PdWriter.Write(PdParser.Parse(text));
        }).Check(Many);
    }

    [Fact]
    public void Parser_never_throws_on_arbitrary_text()
    {
        var chars = Gen.Elements("#N", "#X", "#A", "canvas", "restore", "connect", "obj", "msg", "array", "coords", "f", ";", ",", "\\", "$", "$1", " ", "\n",
            "0", "-1", "99999999999999999999", "pd", "graph", "x", "\0");
        var text = Gen.ArrayOf(chars).Select(string.Concat);
        Prop.ForAll(Arb.From(text), t =>
        {
            var p = PdParser.Parse(t);
            PdWriter.Write(p);
            return p.Diagnostics is not null;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    [Fact]
    public void Parser_never_throws_on_arbitrary_bytes()
    {
        Prop.ForAll(Arb.From(Gen.ArrayOf(Gen.Choose(0, 255).Select(i => (byte)i))), bytes =>
        {
            var p = PdParser.Parse(bytes);
            PdWriter.Write(p);
            return p.Diagnostics is not null;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }

    [Fact]
    public void Escaping_a_word_and_reading_it_back_gives_the_word()
    {
        var word = Gen.ArrayOf(Gen.Elements('a', 'Z', '1', '.', '-', '$', ',', ';', '\\', ' ', '~', 'é', '#')).Where(a => a.Length > 0)
            .Select(a => new string(a));
        Prop.ForAll(Arb.From(word), w =>
        {
            var atoms = PdLexer.Tokenize(PdLexer.Escape(w));
            return atoms.Count == 1 && atoms[0].Value == w;
        }).Check(Many);
    }

    [Theory]
    [InlineData("1", PdAtomKind.Float)]
    [InlineData("-1.5e3", PdAtomKind.Float)]
    [InlineData(".5", PdAtomKind.Float)]
    [InlineData("inf", PdAtomKind.Symbol)]
    [InlineData("0x10", PdAtomKind.Symbol)]
    [InlineData("\\$1", PdAtomKind.Dollar)]
    [InlineData("$2", PdAtomKind.Dollar)]
    [InlineData("\\$0-foo", PdAtomKind.DollarSymbol)]
    [InlineData("x\\$1", PdAtomKind.DollarSymbol)]
    [InlineData("\\;", PdAtomKind.Symbol)]
    [InlineData("1e", PdAtomKind.Symbol)]
    public void Atoms_are_classified_as_pd_does(string token, PdAtomKind kind)
    {
        var atoms = PdLexer.Tokenize(token);
        Assert.Single(atoms);
        Assert.Equal(kind, atoms[0].Kind);
    }

    [Fact]
    public void Box_indices_count_as_pd_counts_them()
    {
        const string text = """
            #N canvas 0 50 450 300 12;
            #X declare -path lib;
            #X obj 10 10 loadbang;
            #X msg 10 40 hello \, world \; pd dsp 1;
            #N canvas 0 50 450 300 sub 0;
            #X obj 10 10 inlet;
            #X restore 10 70 pd sub;
            #X text 10 100 a comment, f 20;
            #X floatatom 10 130 5 0 0 0 - - - 0;
            #N canvas 0 50 450 300 (subpatch) 0;
            #X array tab 3 float 3;
            #A 0 1 2 3;
            #X coords 0 1 3 -1 200 140 1 0 0;
            #X restore 10 160 graph;
            #X f 30;
            #X obj 10 300 print;
            #X connect 0 0 1 0;
            #X connect 1 0 2 0;
            #X connect 4 0 6 0;
            """;
        var patch = PdParser.Parse(text);
        Assert.DoesNotContain(patch.Diagnostics, d => d.Severity == PdSeverity.Error);
        var boxes = patch.Root.Boxes;
        Assert.Equal(7, boxes.Count);
        Assert.Equal(["loadbang", "msg", "pd", "text", "floatatom", "graph", "print"], boxes.Select(b => b.ClassName));
        Assert.Equal(20, boxes[3].Width);
        Assert.Equal(30, boxes[5].Width);
        Assert.Equal("hello , world ; pd dsp 1", boxes[1].Text);
        var array = boxes[5].Subcanvas!.Boxes.Single();
        Assert.Equal(Model.PdBoxKind.Array, array.Kind);
        Assert.Single(array.Data);
        Assert.Equal(3, patch.Root.Connections.Count);
        // A subpatch box sits where Pd creates it: at its '#X restore' record; its canvas starts earlier.
        Assert.Equal(7, patch.Root.Boxes[2].Line);
        Assert.Equal(5, patch.Root.Boxes[2].Subcanvas!.Line);
    }

    [Theory]
    [InlineData("", PdDiagnosticCodes.NoCanvas)]
    [InlineData("#X obj 10 10 print;", PdDiagnosticCodes.NoCanvas)]
    [InlineData("#N canvas 0 0 100 100 12;\n#X restore 0 0 pd x;", PdDiagnosticCodes.UnbalancedCanvas)]
    [InlineData("#N canvas 0 0 100 100 12;\n#N canvas 0 0 100 100 sub 0;\n#X obj 1 1 f;", PdDiagnosticCodes.UnbalancedCanvas)]
    [InlineData("#N canvas 0 0 100 100 12;\n#X connect 0 x 1 0;", PdDiagnosticCodes.MalformedRecord)]
    [InlineData("#N canvas 0 0 100 100 12;\n#A 0 1 2;", PdDiagnosticCodes.DanglingArrayData)]
    [InlineData("#N canvas 0 0 100 100 12;\nhello world;", PdDiagnosticCodes.MalformedRecord)]
    public void Broken_files_get_located_errors(string text, string code)
    {
        var patch = PdParser.Parse(text);
        var d = Assert.Single(patch.Diagnostics, d => d.Code == code && d.Severity == PdSeverity.Error);
        Assert.True(d.Line >= 1);
    }

    [Fact]
    public void A_missing_final_semicolon_is_reported_with_its_line()
    {
        var patch = PdParser.Parse("#N canvas 0 0 100 100 12;\n#X obj 1 1 print");
        var d = Assert.Single(patch.Diagnostics, d => d.Code == PdDiagnosticCodes.UnterminatedRecord);
        Assert.Equal(2, d.Line);
        Assert.Single(patch.Root.Boxes);
    }

    [Fact]
    public void Invalid_utf8_is_reported_not_thrown()
    {
        var bytes = Encoding.ASCII.GetBytes("#N canvas 0 0 100 100 12;\n#X obj 1 1 print ").Concat(new byte[] { 0xff, 0xfe, (byte)';' }).ToArray();
        var patch = PdParser.Parse(bytes);
        Assert.Contains(patch.Diagnostics, d => d.Code == PdDiagnosticCodes.BadEncoding);
        Assert.Single(patch.Root.Boxes);
    }
}
