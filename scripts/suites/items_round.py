"""A last round of items in both suites."""
from authoring import core, fewshot, S, T, B, C, SEND, W, OBS, REC, chk, sound


def out(p, sig, gain="0.1"):
    m = p.obj(f"*~ {gain}", sig)
    return p.obj("dac~", m, (m, 0, 1))


# ---------------------------------------------------------------- core
@core("velocity-curve", "midi-notes", "Create a Pure Data patch that turns MIDI velocity into amplitude with a squared curve, so soft notes get much quieter.")
def _(p):
    n = p.num()
    d = p.obj("/ 127", n)
    t = p.obj("t f f", d)
    sq = p.obj("*", (t, 0), (t, 1, 1))
    p.comment(sq, "(v / 127) squared")
    p.obj("print amp", sq)
    return [chk("full velocity", [S(1, 127), OBS], {"outputs": [1]}), chk("half velocity", [S(1, 64), OBS], {"outputs": [0.253952]})]


@core("held-notes-count", "midi-notes", "keep count of how many notes are held: velocity above 0 is a note-on (+1), velocity 0 a note-off (-1); print the count")
def _(p):
    v = p.num()
    g = p.obj("> 0", v)
    s = p.obj("sel 1 0", g)
    on = p.msg("1", (s, 0))
    off = p.msg("-1", (s, 1))
    a = p.obj("+", on, off)
    t = p.obj("t f f", a)
    p.connect(t, 1, a, 1)
    p.obj("print held", (t, 0))
    return [chk("two on, one off", [S(1, 100), S(1, 90), S(1, 0), OBS], {"outputs": [1, 2, 1]})]


@core("lfo-percent", "audio-analysis", "Create a Pure Data patch that samples a 1 Hz sine LFO every 100 ms and prints it scaled to 0-100.")
def _(p):
    lb = p.obj("loadbang")
    m = p.obj("metro 100", lb)
    o = p.obj("osc~ 1")
    s = p.obj("snapshot~", o, m)
    a = p.obj("* 50", s)
    b = p.obj("+ 50", a)
    p.obj("print percent", b)
    return [chk("one second", [W(1000), OBS], {"outputs": {"min-count": 9, "min": 0, "max": 100, "distinct": 5}})]


@core("list-maximum", "lists-symbols", "Create a Pure Data patch that finds the largest number in the list 3 9 4 1 and prints it.")
def _(p):
    m = p.msg("3 9 4 1")
    t = p.obj("t b l b", m)
    z = p.msg("-1e+30", (t, 2))
    sp = p.obj("list split 1", (t, 1))
    p.connect(sp, 1, sp, 0)
    mx = p.obj("max", (sp, 0))
    tt = p.obj("t f f", mx)
    p.connect(tt, 0, mx, 1)
    p.connect(z, 0, mx, 1)
    f = p.obj("f", (t, 0), (tt, 1, 1))
    p.comment(f, "printed once the whole list went through")
    p.obj("print max", f)
    return [chk("9", [C(1), OBS], {"outputs": [9]})]


@core("delay-chain-abc", "timing", "Create a Pure Data patch that prints a right away, b after 250 ms and c after 500 ms when a button is pressed.")
def _(p):
    b = p.bng()
    t = p.obj("t b b", b)
    a = p.msg("a", (t, 1))
    d1 = p.obj("delay 250", (t, 0))
    bb = p.msg("b", d1)
    d2 = p.obj("delay 250", d1)
    c = p.msg("c", d2)
    pr = p.obj("print", a)
    p.connect(bb, 0, pr, 0)
    p.connect(c, 0, pr, 0)
    return [chk("after 300 ms", [B(1), W(300), OBS], {"outputs": ["a", "b"]}),
            chk("after 600 ms", [B(1), W(600), OBS], {"outputs": ["a", "b", "c"]})]


@core("level-indicator-toggle", "audio-analysis", "Create a Pure Data patch where a toggle lights up whenever a 440 Hz tone, scaled by a slider, is louder than 70 dB on env~'s scale.")
def _(p):
    v = p.hsl(0, 1)
    o = p.obj("osc~ 440")
    m = p.obj("*~", o, (v, 0, 1))
    e = p.obj("env~", m)
    g = p.obj("> 70", e)
    c = p.obj("change", g)
    p.tgl(c)
    return [chk("loud", [S(1, 0.5), W(300), OBS], {"outputs": [1], "compare": "last"}),
            chk("quiet", [S(1, 0.001), W(300), OBS], {"outputs": []})]


@core("stereo-panner", "gui-instruments", "Create a Pure Data patch with a slider from 0 (left) to 1 (right) that pans a 440 Hz tone between the speakers.")
def _(p):
    pan = p.hsl(0, 1)
    t = p.obj("t f f", pan)
    inv = p.obj("expr 1 - $f1", (t, 1))
    r = p.obj("line~", (t, 0))
    l = p.obj("line~", inv)
    p.comment(l, "left gain is 1 - pan")
    o = p.obj("osc~ 440")
    lo = p.obj("*~", o, (l, 0, 1))
    ro = p.obj("*~", o, (r, 0, 1))
    lg = p.obj("*~ 0.1", lo)
    rg = p.obj("*~ 0.1", ro)
    p.obj("dac~", lg, (rg, 0, 1))
    return [sound("centre", [S(1, 0.5), W(100), REC(300)], sounding=True, pitch=440)]


@core("octave-doubler", "oscillators-synthesis", "Create a Pure Data patch that plays a sine at the frequency in a number box together with a quieter sine one octave above.")
def _(p):
    n = p.num()
    t = p.obj("t f f", n)
    d = p.obj("* 2", (t, 0))
    o1 = p.obj("osc~", (t, 1))
    o2 = p.obj("osc~", d)
    h = p.obj("*~ 0.5", o2)
    s = p.obj("+~", o1, (h, 0, 1))
    out(p, s)
    return [sound("220 plus 440", [S(1, 220), W(100), REC(500)], sounding=True, pitch=220)]


@core("linear-interpolation", "control-math", "Create a Pure Data patch that interpolates between two numbers a and b by an amount t (third number box): a + (b - a) * t. Changing a computes the result.")
def _(p):
    a = p.num()
    b = p.num()
    t = p.num()
    e = p.obj("expr $f1 + ($f2 - $f1) * $f3", a, (b, 0, 1), (t, 0, 2))
    p.comment(e, "b and t are stored; a triggers")
    p.obj("print lerp", e)
    return [chk("a quarter of the way", [S(2, 10), S(3, 0.25), S(1, 0), OBS], {"outputs": [2.5]}),
            chk("halfway between 4 and 8", [S(2, 8), S(3, 0.5), S(1, 4), OBS], {"outputs": [6]})]


# ---------------------------------------------------------------- fewshot
@fewshot("celsius-to-kelvin", "control-math", "Create a Pure Data patch that converts Celsius to Kelvin.")
def _(p):
    n = p.num()
    a = p.obj("+ 273.15", n)
    p.obj("print kelvin", a)
    return [chk("0 C", [S(1, 0), OBS], {"outputs": [273.15]})]


@fewshot("toggle-words", "logic-comparison", "Create a Pure Data patch that prints on or off whenever a toggle changes.")
def _(p):
    t = p.tgl()
    s = p.obj("sel 1 0", t)
    a = p.msg("on", (s, 0))
    b = p.msg("off", (s, 1))
    pr = p.obj("print", a)
    p.connect(b, 0, pr, 0)
    return [chk("on then off", [T(1, 1), T(1, 0), OBS], {"outputs": ["on", "off"]})]


@fewshot("every-third-bang", "counters-state", "Create a Pure Data patch that lets only every third bang through.")
def _(p):
    b = p.bng()
    f = p.obj("f", b)
    pl = p.obj("+ 1", f)
    m = p.obj("mod 3", pl)
    p.connect(m, 0, f, 1)
    s = p.obj("sel 2", f)
    p.obj("print third", s)
    return [chk("six bangs", [B(1)] * 6 + [OBS], {"outputs": ["bang", "bang"]})]


@fewshot("sum-on-button", "control-math", "Create a Pure Data patch with two number boxes whose sum is printed only when a button is pressed.")
def _(p):
    a = p.num()
    b = p.num()
    bt = p.bng()
    f = p.obj("f", bt, (a, 0, 1))
    s = p.obj("+", f, (b, 0, 1))
    p.obj("print sum", s)
    return [chk("3 + 4", [S(1, 3), S(2, 4), B(1), OBS], {"outputs": [7]})]


@fewshot("noise-swoosh", "noise-filters", "Create a Pure Data patch where a button makes a swoosh: noise through a resonant filter whose centre rises from 200 to 5000 Hz in one second.")
def _(p):
    b = p.bng()
    m = p.msg("200 \\, 5000 1000", b)
    l = p.obj("line~", m)
    n = p.obj("noise~")
    f = p.obj("vcf~ 4", n, (l, 0, 1))
    out(p, f, "0.5")
    return [sound("swoosh", [B(1), W(200), REC(500)], sounding=True, broadband=True)]


@fewshot("chord-frequencies", "midi-notes", "Create a Pure Data patch that prints the frequencies of the three notes of the chord 57 60 64.")
def _(p):
    m = p.msg("57 60 64")
    u = p.obj("unpack f f f", m)
    pr = p.obj("print hz", p.obj("mtof", (u, 0)))
    for i in (1, 2):
        p.connect(p.obj("mtof", (u, i)), 0, pr, 0)
    return [chk("click", [C(1), OBS], {"outputs": [329.628, 261.626, 220]})]


@fewshot("table-average", "arrays-tables", "Create a Pure Data patch that prints the average of the values stored in a 4-point array.")
def _(p):
    lb = p.obj("loadbang")
    p.msg("\\; avg 0 2 4 6 8", lb)
    b = p.bng()
    p.obj("array define avg 4")
    s = p.obj("array sum avg", b)
    d = p.obj("/ 4", s)
    p.obj("print average", d)
    return [chk("average", [B(1), OBS], {"outputs": [5]})]
