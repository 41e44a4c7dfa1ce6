"""Larger items (difficulty 4-5): small complete instruments and processors."""
from authoring import core, fewshot, S, T, B, C, W, OBS, REC, chk, sound


def out(p, sig, gain="0.1"):
    m = p.obj(f"*~ {gain}", sig)
    return p.obj("dac~", m, (m, 0, 1))


def perc(p, trigger, ms, also=None):
    """A decaying envelope started by trigger (and by also, when given)."""
    e = p.msg(f"1 \\, 0 {ms}", trigger)
    if also is not None:
        p.connect(also[0], also[1], e, 0)
    return p.obj("vline~", e)


@core("drum-machine", "gui-instruments", "Create a Pure Data patch for a tiny drum machine: a toggle runs an 8-step pattern at 125 ms per step with a kick on steps 0 and 4, a snare on steps 2 and 6 and a hi-hat on every step.")
def _(p):
    run = p.tgl()
    m = p.obj("metro 125", run)
    f = p.obj("f", m)
    pl = p.obj("+ 1", f)
    mo = p.obj("mod 8", pl)
    p.connect(mo, 0, f, 1)
    t = p.obj("t f f b", f)
    p.comment(t, "hat on every step, then test for kick and snare")
    k = p.obj("sel 0 4", (t, 0))
    s = p.obj("sel 2 6", (t, 1))
    kv = perc(p, (k, 0), 200, also=(k, 1))
    sv = perc(p, (s, 0), 120, also=(s, 1))
    hv = perc(p, (t, 2), 30)
    ko = p.obj("osc~ 60")
    kx = p.obj("*~", ko, (kv, 0, 1))
    n = p.obj("noise~")
    sx = p.obj("*~", n, (sv, 0, 1))
    hp = p.obj("hip~ 7000", n)
    hx = p.obj("*~", hp, (hv, 0, 1))
    m1 = p.obj("+~", kx, (sx, 0, 1))
    m2 = p.obj("+~", m1, (hx, 0, 1))
    out(p, m2, "0.3")
    return [sound("pattern plays", [T(1, 1), W(100), REC(1000)], sounding=True, like_reference="spectrum"),
            sound("stopped", [T(1, 0), W(100), REC(500)], sounding=False)]


@core("tape-echo", "effects", "Create a Pure Data patch for a tape-style echo on a repeating plucked note: delay time from a number box, feedback from a slider, a lowpass in the feedback loop so repeats get darker, and a dry/wet mix.")
def _(p):
    dt = p.num()
    fb = p.hsl(0, 0.9)
    lb = p.obj("loadbang")
    mt = p.obj("metro 1500", lb)
    e = p.msg("1 \\, 0 150", mt)
    v = p.obj("vline~", e)
    o = p.obj("osc~ 330")
    src = p.obj("*~", o, (v, 0, 1))
    dts = p.obj("sig~ 300", dt)
    dr = p.obj("vd~ tape", dts)
    lp = p.obj("lop~ 2000", dr)
    p.comment(lp, "each repeat loses some treble")
    g = p.obj("*~", lp, (fb, 0, 1))
    w = p.obj("+~", src, (g, 0, 1))
    p.obj("delwrite~ tape 2000", w)
    wet = p.obj("*~ 0.5", lp)
    mix = p.obj("+~", src, (wet, 0, 1))
    out(p, mix, "0.2")
    return [sound("echoes", [S(1, 250), S(2, 0.6), W(100), REC(1400)], sounding=True, like_reference="spectrum")]


@core("pentatonic-melody-echo", "random-sequencing", "Create a Pure Data patch that, while a toggle is on, plays random notes from a C major pentatonic scale stored in an array, each with a short envelope, through an echo.")
def _(p):
    run = p.tgl()
    lb = p.obj("loadbang")
    p.msg("\\; penta 0 60 62 64 67 69", lb)
    p.obj("array define penta 5")
    m = p.obj("metro 300", run)
    r = p.obj("random 5", m)
    rd = p.obj("tabread penta", r)
    t = p.obj("t f b", rd)
    e = p.msg("1 5 \\, 0 250 5", (t, 1))
    v = p.obj("vline~", e)
    mf = p.obj("mtof", (t, 0))
    o = p.obj("osc~", mf)
    x = p.obj("*~", o, (v, 0, 1))
    p.obj("delwrite~ penta-echo 1000", x)
    dr = p.obj("delread~ penta-echo 450")
    g = p.obj("*~ 0.4", dr)
    mix = p.obj("+~", x, (g, 0, 1))
    out(p, mix, "0.2")
    return [sound("melody with echo", [T(1, 1), W(100), REC(2000)], sounding=True, pitch_changes=True)]


@core("sample-hold-filter", "noise-filters", "Create a Pure Data patch where the cutoff of a resonant filter on a sawtooth jumps to a new random value 8 times a second (sample and hold of noise).")
def _(p):
    n = p.obj("noise~")
    clk = p.obj("phasor~ 8")
    sh = p.obj("samphold~", n, (clk, 0, 1))
    p.comment(sh, "holds a random value for each clock cycle")
    sc = p.obj("*~ 800", sh)
    of = p.obj("+~ 1200", sc)
    saw = p.obj("phasor~ 110")
    f = p.obj("vcf~ 6", saw, (of, 0, 1))
    out(p, f, "0.3")
    return [sound("stepping filter", [W(100), REC(1000)], sounding=True, like_reference="spectrum")]


@core("counter-alarm", "counters-state", "Create a Pure Data patch that counts button presses, shows the count, and when it reaches 5 prints alarm and starts again from zero; a message box resets it early.")
def _(p):
    b = p.bng()
    rs = p.msg("0")
    f = p.obj("f", b, (rs, 0, 1))
    pl = p.obj("+ 1", f)
    t = p.obj("t f f", pl)
    p.num((t, 1))
    p.connect(t, 1, f, 1)
    s = p.obj("sel 5", (t, 0))
    p.comment(s, "checked after the count is shown and stored")
    a = p.msg("alarm", (s, 0))
    p.obj("print", a)
    z = p.msg("0", (s, 0))
    p.connect(z, 0, f, 1)
    return [chk("five presses", [B(1)] * 5 + [OBS], {"outputs": [1, 2, 3, 4, 5, "alarm"]}),
            chk("wraps after the alarm", [B(1)] * 6 + [OBS], {"outputs": [1, 2, 3, 4, 5, "alarm", 1]}),
            chk("reset early", [B(1), B(1), C(1), B(1), OBS], {"outputs": [1, 2, 1]})]


@core("fm-bell-instrument", "envelopes", "Create a Pure Data FM bell: a button strikes it, a slider sets the pitch (MIDI 48-84), the modulator runs at 1.4 times the carrier and both the brightness and the volume decay over two seconds.")
def _(p):
    b = p.bng()
    v = p.hsl(48, 84)
    mf = p.obj("mtof", v)
    t = p.obj("t f f", mf)
    ratio = p.obj("* 1.4", (t, 0))
    car = p.obj("sig~", (t, 1))
    e = p.msg("1 \\, 0 2000", b)
    env = p.obj("vline~", e)
    mo = p.obj("osc~", ratio)
    idx = p.obj("*~", mo, (env, 0, 1))
    dev = p.obj("*~ 500", idx)
    p.comment(dev, "modulation depth follows the envelope")
    fr = p.obj("+~", dev, (car, 0, 1))
    o = p.obj("osc~", fr)
    x = p.obj("*~", o, (env, 0, 1))
    out(p, x, "0.2")
    return [sound("strike at 69", [S(1, 69), B(1), W(50), REC(300)], sounding=True, like_reference="spectrum"),
            sound("rung out", [S(1, 69), B(1), W(2200), REC(300)], sounding=False)]


@core("autopan-lfo", "effects", "Create a Pure Data auto-panner: a 300 Hz tone moves between the left and right speakers following a sine LFO whose rate comes from a number box.")
def _(p):
    rate = p.num()
    o = p.obj("osc~ 300")
    lfo = p.obj("osc~", rate)
    a = p.obj("*~ 0.5", lfo)
    pan = p.obj("+~ 0.5", a)
    p.comment(pan, "0 = left, 1 = right")
    inv = p.obj("expr~ 1 - $v1", pan)
    l = p.obj("*~", o, (inv, 0, 1))
    r = p.obj("*~", o, (pan, 0, 1))
    lg = p.obj("*~ 0.1", l)
    rg = p.obj("*~ 0.1", r)
    p.obj("dac~", lg, (rg, 0, 1))
    return [sound("panning", [S(1, 1), W(100), REC(1000)], sounding=True, pitch=300)]


@fewshot("chord-sequencer", "midi-notes", "Create a Pure Data patch that cycles through the chords C major, F major, G major and A minor, one per second while a toggle is on, playing each as three sine waves.")
def _(p):
    run = p.tgl()
    m = p.obj("metro 1000", run)
    f = p.obj("f", m)
    pl = p.obj("+ 1", f)
    mo = p.obj("mod 4", pl)
    p.connect(mo, 0, f, 1)
    s = p.obj("sel 0 1 2 3", f)
    chords = ["60 64 67", "65 69 72", "67 71 74", "69 72 76"]
    ms = [p.msg(c, (s, i)) for i, c in enumerate(chords)]
    u = p.obj("unpack f f f", ms[0])
    for x in ms[1:]:
        p.connect(x, 0, u, 0)
    oscs = [p.obj("osc~", p.obj("mtof", (u, i))) for i in range(3)]
    a = p.obj("+~", oscs[0], (oscs[1], 0, 1))
    b = p.obj("+~", a, (oscs[2], 0, 1))
    out(p, b, "0.05")
    return [sound("chords", [T(1, 1), W(100), REC(2500)], sounding=True, like_reference="spectrum")]


@fewshot("random-pitch-sh", "random-sequencing", "Create a Pure Data patch where a sine jumps to a random pitch between 200 and 1000 Hz four times a second, using samphold~ on noise.")
def _(p):
    n = p.obj("noise~")
    clk = p.obj("phasor~ 4")
    sh = p.obj("samphold~", n, (clk, 0, 1))
    sc = p.obj("*~ 400", sh)
    of = p.obj("+~ 600", sc)
    o = p.obj("osc~", of)
    out(p, o)
    return [sound("jumping", [W(100), REC(2000)], sounding=True, pitch_changes=True)]


@fewshot("record-numbers-table", "arrays-tables", "Create a Pure Data patch that writes each incoming number into the next slot of an 8-point table and prints the table when a button is pressed.")
def _(p):
    n = p.num()
    b = p.bng()
    p.obj("array define log 8")
    t = p.obj("t f b", n)
    f = p.obj("f", (t, 1))
    pl = p.obj("+ 1", f)
    mo = p.obj("mod 8", pl)
    p.connect(mo, 0, f, 1)
    w = p.obj("tabwrite log", (t, 0), (f, 0, 1))
    p.comment(f, "next slot: the index is set before the value arrives")
    g = p.obj("array get log", b)
    p.obj("print", g)
    return [chk("three numbers", [S(1, 5), S(1, 6), S(1, 7), B(1), OBS], {"outputs": ["5 6 7 0 0 0 0 0"]})]


@fewshot("accent-metronome", "timing", "Create a Pure Data metronome that clicks every 500 ms with a higher click on the first beat of each bar of four, switched by a toggle.")
def _(p):
    run = p.tgl()
    m = p.obj("metro 500", run)
    f = p.obj("f", m)
    pl = p.obj("+ 1", f)
    mo = p.obj("mod 4", pl)
    p.connect(mo, 0, f, 1)
    s = p.obj("sel 0", f)
    hi = p.msg("1600", (s, 0))
    lo = p.msg("800", (s, 1))
    t = p.obj("t f b", hi)
    p.connect(lo, 0, t, 0)
    e = p.msg("1 \\, 0 30", (t, 1))
    v = p.obj("vline~", e)
    o = p.obj("osc~", (t, 0))
    x = p.obj("*~", o, (v, 0, 1))
    out(p, x, "0.3")
    return [sound("clicks", [T(1, 1), REC(2000)], sounding=True, pitch_changes=True)]
