"""audio-analysis, midi-notes, gui-instruments, lists-symbols, arrays-tables items."""
from items_audio import db_volume_out
from authoring import core, fewshot, make, S, T, B, C, SEND, W, OBS, REC, chk, sound, chain, stereo_out

AN = "audio-analysis"
MI = "midi-notes"
GU = "gui-instruments"
LS = "lists-symbols"
AR = "arrays-tables"

LISTEN = [W(100), REC(500)]


def out(p, sig, gain="0.1"):
    m = p.obj(f"*~ {gain}", sig)
    return p.obj("dac~", m, (m, 0, 1))


def near(tol, compare="last"):
    return {"outputs": "from-reference", "compare": compare, "tolerance": tol}


# ================================================================ audio-analysis: core
@core("sine-level-db", AN, "What level in dB does env~ report for a 440 Hz sine at amplitude 0.5? Make a patch that prints it.")
def _(p):
    o = p.obj("osc~ 440")
    a = p.obj("*~ 0.5", o)
    e = p.obj("env~ 4096", a)
    p.comment(e, "100 dB = amplitude 1")
    p.obj("print level", e)
    return [chk("settled level", [W(500), OBS], near(0.01))]


@core("pitch-tracker", AN, "Create a Pure Data patch that tracks the pitch of a 330 Hz tone with sigmund~ and prints it as a MIDI note number.")
def _(p):
    o = p.obj("osc~ 330")
    s = p.obj("sigmund~ pitch", o)
    p.obj("print pitch", s)
    return [chk("about note 64", [W(500), OBS], {"outputs": {"last": 64}, "tolerance": 0.01})]


@core("snapshot-phasor", AN, "Create a Pure Data patch that prints the current value of a 1 Hz phasor~ whenever a button is pressed.")
def _(p):
    ph = p.obj("phasor~ 1")
    b = p.bng()
    s = p.obj("snapshot~", ph, b)
    p.obj("print phase", s)
    return [chk("a quarter second in", [W(250), B(1), OBS], near(0.05))]


@core("loudness-alarm", AN, "Create a Pure Data patch that prints loud! when the level of a noise source, scaled by a slider, goes above 80 dB (Pd's scale).")
def _(p):
    v = p.hsl(0, 1)
    n = p.obj("noise~")
    m = p.obj("*~", n, (v, 0, 1))
    e = p.obj("env~", m)
    g = p.obj("> 80", e)
    c = p.obj("change", g)
    s = p.obj("sel 1", c)
    p.comment(s, "only when it crosses the threshold")
    ms = p.msg("loud!", s)
    p.obj("print", ms)
    return [chk("loud", [S(1, 1), W(300), OBS], {"outputs": ["loud!"]}),
            chk("quiet", [S(1, 0.01), W(300), OBS], {"outputs": []})]


@core("threshold-crossings", AN, "Create a Pure Data patch that uses threshold~ to print up and down as a 2 Hz sine crosses +0.5 and -0.5.")
def _(p):
    o = p.obj("osc~ 2")
    t = p.obj("threshold~ 0.5 10 -0.5 10", o)
    u = p.msg("up", (t, 0))
    d = p.msg("down", (t, 1))
    pr = p.obj("print", u)
    p.connect(d, 0, pr, 0)
    return [chk("one second", [W(1000), OBS], {"outputs": {"min-count": 3, "max-count": 5, "distinct": 2}})]


@core("rms-amplitude", AN, "Create a Pure Data patch that prints the RMS amplitude (not dB) of a sine with peak 0.25.")
def _(p):
    o = p.obj("osc~ 300")
    a = p.obj("*~ 0.25", o)
    e = p.obj("env~ 4096", a)
    r = p.obj("dbtorms", e)
    p.comment(r, "back from dB to linear")
    p.obj("print rms", r)
    return [chk("about 0.177", [W(500), OBS], {"outputs": {"last": 0.1768}, "tolerance": 0.02})]


@core("attack-detector", AN, "Create a Pure Data patch that detects the attacks of noise bursts played every 500 ms with bonk~ and prints hit for each one.")
def _(p):
    lb = p.obj("loadbang")
    m = p.obj("metro 500", lb)
    e = p.msg("1 \\, 0 50", m)
    v = p.obj("vline~", e)
    n = p.obj("noise~")
    x = p.obj("*~", n, (v, 0, 1))
    bk = p.obj("bonk~", x)
    t = p.obj("t b", bk)
    h = p.msg("hit", t)
    p.obj("print", h)
    return [chk("two seconds", [W(2000), OBS], {"outputs": {"min-count": 3, "max-count": 5}})]


@core("dbfs-meter", AN, "level of a 1 kHz sine at amplitude 0.1, in dBFS (0 = full scale), in a number box")
def _(p):
    o = p.obj("osc~ 1000")
    a = p.obj("*~ 0.1", o)
    e = p.obj("env~", a)
    d = p.obj("- 100", e)
    p.comment(d, "Pd's 100 dB is 0 dBFS")
    p.num(d)
    return [chk("about -23 dBFS", [W(500), OBS], near(0.05))]


@core("louder-of-two", AN, "Which of two oscillators is louder? Compare their levels and print left or right.")
def _(p):
    a = p.obj("osc~ 200")
    b = p.obj("osc~ 300")
    ga = p.obj("*~ 0.3", a)
    gb = p.obj("*~ 0.6", b)
    ea = p.obj("env~ 2048", ga)
    eb = p.obj("env~ 2048", gb)
    c = p.obj(">", ea, (eb, 0, 1))
    ch = p.obj("change -1", c)
    s = p.obj("sel 1 0", ch)
    l = p.msg("left", (s, 0))
    r = p.msg("right", (s, 1))
    pr = p.obj("print louder", l)
    p.connect(r, 0, pr, 0)
    return [chk("right is louder", [W(500), OBS], {"outputs": ["right"], "compare": "last"})]


@core("pitched-or-noise", AN, "Create a Pure Data patch that switches between a tone and noise with a toggle and prints 1 when sigmund~ finds a pitch and 0 when it does not.")
def _(p):
    t = p.tgl()
    inv = p.obj("== 0", t)
    o = p.obj("osc~ 440")
    n = p.obj("noise~")
    a = p.obj("*~", o, (inv, 0, 1))
    b = p.obj("*~", n, (t, 0, 1))
    s = p.obj("+~", a, (b, 0, 1))
    sg = p.obj("sigmund~ pitch", s)
    m = p.obj("> 0", sg)
    p.comment(m, "sigmund~ reports -1500 when it finds no pitch")
    c = p.obj("change -1", m)
    p.obj("print pitched", c)
    return [chk("tone", [T(1, 0), W(500), OBS], {"outputs": [1], "compare": "last"}),
            chk("noise", [T(1, 1), W(500), OBS], {"outputs": [0], "compare": "last"})]


@core("fiddle-pitch", AN, "Create a Pure Data patch that estimates the pitch of a 262 Hz sawtooth with fiddle~ and prints it.")
def _(p):
    o = p.obj("phasor~ 262")
    c = p.obj("-~ 0.5", o)
    f = p.obj("fiddle~", c)
    p.obj("print pitch", (f, 0))
    return [chk("near middle C", [W(1000), OBS], {"outputs": {"min-count": 1, "min": 59, "max": 61}})]


# ================================================================ audio-analysis: fewshot
@fewshot("noise-level", AN, "print the level of white noise in dB")
def _(p):
    n = p.obj("noise~")
    e = p.obj("env~", n)
    p.obj("print", e)
    return [chk("level", [W(300), OBS], near(0.02))]


@fewshot("sigmund-440", AN, "Create a Pure Data patch that prints the MIDI pitch of a 440 Hz sine using sigmund~.")
def _(p):
    o = p.obj("osc~ 440")
    s = p.obj("sigmund~ pitch", o)
    p.num(s)
    return [chk("note 69", [W(500), OBS], {"outputs": {"last": 69}, "tolerance": 0.01})]


@fewshot("snapshot-constant", AN, "Create a Pure Data patch that reads the value of a sig~ 0.3 signal into a number box when a button is pressed.")
def _(p):
    s = p.obj("sig~ 0.3")
    b = p.bng()
    sn = p.obj("snapshot~", s, b)
    p.num(sn)
    return [chk("0.3", [W(50), B(1), OBS], {"outputs": [0.3]})]


@fewshot("level-number-box", AN, "Create a Pure Data patch that shows the level of a 0.5 amplitude sine in a number box, updated continuously.")
def _(p):
    o = p.obj("osc~ 500")
    a = p.obj("*~ 0.5", o)
    e = p.obj("env~", a)
    p.num(e)
    return [chk("level", [W(300), OBS], near(0.01))]


@fewshot("lfo-crossing-count", AN, "Create a Pure Data patch that prints a bang each time a 1 Hz sine rises above 0.9.")
def _(p):
    o = p.obj("osc~ 1")
    t = p.obj("threshold~ 0.9 10 0 10", o)
    p.obj("print peak", (t, 0))
    return [chk("three seconds", [W(3000), OBS], {"outputs": {"min-count": 2, "max-count": 4}})]


@fewshot("quiet-detector", AN, "Create a Pure Data patch that prints quiet when the level of an oscillator set by a number box is under 60 dB.")
def _(p):
    g = p.num()
    o = p.obj("osc~ 300")
    m = p.obj("*~", o, (g, 0, 1))
    e = p.obj("env~", m)
    c = p.obj("< 60", e)
    ch = p.obj("change", c)
    s = p.obj("sel 1", ch)
    q = p.msg("quiet", s)
    p.obj("print", q)
    return [chk("quiet", [S(1, 0.0001), W(300), OBS], {"outputs": ["quiet"]})]


@fewshot("signal-peak-hold", AN, "Create a Pure Data patch that prints the highest level seen so far of a noise signal.")
def _(p):
    n = p.obj("noise~")
    e = p.obj("env~", n)
    m = p.obj("max", e)
    t = p.obj("t f f", m)
    p.connect(t, 1, m, 1)
    p.obj("print peak", (t, 0))
    return [chk("rising", [W(300), OBS], {"outputs": {"min-count": 1}})]


# ================================================================ midi-notes: core
@core("mtof-note", MI, "MIDI note number to Hz, shown in a number box")
def _(p):
    n = p.num()
    m = p.obj("mtof", n)
    p.num(m, width=8)
    return [chk("A4", [S(1, 69), OBS], {"outputs": [440]}), chk("middle C", [S(1, 60), OBS], {"outputs": [261.626]})]


@core("ftom-frequency", MI, "Create a Pure Data patch that converts a frequency in Hz to the nearest MIDI note number and prints it.")
def _(p):
    n = p.num()
    f = p.obj("ftom", n)
    r = p.obj("expr floor($f1 + 0.5)", f)
    p.comment(r, "round to the nearest note")
    p.obj("print note", r)
    return [chk("262 Hz", [S(1, 262), OBS], {"outputs": [60]}), chk("880 Hz", [S(1, 880), OBS], {"outputs": [81]})]


@core("transpose-octave", MI, "transpose incoming MIDI notes up an octave")
def _(p):
    n = p.num()
    a = p.obj("+ 12", n)
    p.num(a)
    return [chk("60", [S(1, 60), OBS], {"outputs": [72]})]


@core("makenote-duration", MI, "I'm building a MIDI sequencer. For each note number I type, I need a note-on with velocity 100 and the matching note-off 500 ms later; print both as pitch-velocity pairs.")
def _(p):
    n = p.num()
    mk = p.obj("makenote 100 500", n)
    pk = p.obj("pack f f", (mk, 0), (mk, 1, 1))
    p.comment(pk, "velocity arrives first on the right")
    p.obj("print note", pk)
    return [chk("on then off", [S(1, 60), W(600), OBS], {"outputs": ["60 100", "60 0"]}),
            chk("only on before 500 ms", [S(1, 60), W(300), OBS], {"outputs": ["60 100"]})]


@core("strip-note-offs", MI, "Create a Pure Data patch that takes note and velocity from two number boxes and passes only note-ons.")
def _(p):
    n = p.num()
    v = p.num()
    s = p.obj("stripnote", n, (v, 0, 1))
    pk = p.obj("pack f f", (s, 0), (s, 1, 1))
    p.obj("print noteon", pk)
    return [chk("note on", [S(2, 90), S(1, 64), OBS], {"outputs": ["64 90"]}),
            chk("note off dropped", [S(2, 0), S(1, 64), OBS], {"outputs": []})]


@core("velocity-to-amp", MI, "velocity (0-127) to amplitude (0-1), printed")
def _(p):
    n = p.num()
    d = p.obj("/ 127", n)
    p.obj("print amp", d)
    return [chk("127", [S(1, 127), OBS], {"outputs": [1]}), chk("64", [S(1, 64), OBS], {"outputs": [0.503937]})]


@core("major-triad-notes", MI, "Create a Pure Data patch that outputs the three notes of a major triad built on the incoming root note.")
def _(p):
    n = p.num()
    t = p.obj("t f f f", n)
    a = p.obj("+ 7", (t, 0))
    b = p.obj("+ 4", (t, 1))
    pr = p.obj("print chord", (t, 2))
    p.connect(b, 0, pr, 0)
    p.connect(a, 0, pr, 0)
    p.comment(t, "root, third, fifth")
    return [chk("C major", [S(1, 60), OBS], {"outputs": [60, 64, 67]})]


@core("note-synth", MI, "Create a Pure Data patch that plays MIDI notes from notein on a sine synth; a number box can play notes too.")
def _(p):
    n = p.num()
    ni = p.obj("notein")
    st = p.obj("stripnote", (ni, 0), (ni, 1, 1))
    m = p.obj("mtof", n)
    p.connect(st, 0, m, 0)
    o = p.obj("osc~", m)
    out(p, o)
    return [sound("note 57", [S(1, 57), W(100), REC(500)], sounding=True, pitch=220)]


@core("pitch-class-octave", MI, "Split a MIDI note number into octave and pitch class (0-11), printing each separately.")
def _(p):
    n = p.num()
    t = p.obj("t f f", n)
    d = p.obj("div 12", (t, 0))
    m = p.obj("mod 12", (t, 1))
    p.obj("print octave", d)
    p.obj("print class", m)
    return [chk("note 62", [S(1, 62), OBS], {"outputs": [2, 5], "compare": "by-output"})]


@core("cents-to-ratio", MI, "Create a Pure Data patch that converts a detune amount in cents into a frequency ratio.")
def _(p):
    n = p.num()
    e = p.obj("expr pow(2, $f1 / 1200)", n)
    p.obj("print ratio", e)
    return [chk("1200 cents", [S(1, 1200), OBS], {"outputs": [2]}), chk("700 cents", [S(1, 700), OBS], {"outputs": [1.49831]})]


@core("arpeggiator", MI, "Make me a little arpeggiator! Root note from a number box, toggle to run, and it cycles root, major third, fifth every 150 ms, printing each note.")
def _(p):
    root = p.num()
    t = p.tgl()
    m = p.obj("metro 150", t)
    f = p.obj("f", m)
    pl = p.obj("+ 1", f)
    mo = p.obj("mod 3", pl)
    p.connect(mo, 0, f, 1)
    s = p.obj("sel 0 1 2", f)
    ms = [p.msg(str(i), (s, k)) for k, i in enumerate([0, 4, 7])]
    a = p.obj("+", ms[0], (root, 0, 1))
    for x in ms[1:]:
        p.connect(x, 0, a, 0)
    p.obj("print arp", a)
    return [chk("C arpeggio", [S(1, 60), T(1, 1), W(500), OBS], {"outputs": [60, 64, 67, 60]})]


@core("note-name", MI, "Create a Pure Data patch that prints the note name (C, C#, D ...) of a MIDI note number.")
def _(p):
    n = p.num()
    m = p.obj("mod 12", n)
    s = p.obj("sel 0 1 2 3 4 5 6 7 8 9 10 11", m)
    names = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
    ms = [p.msg(f"symbol {nm}", (s, i)) for i, nm in enumerate(names)]
    pr = p.obj("print name", ms[0])
    for x in ms[1:]:
        p.connect(x, 0, pr, 0)
    return [chk("69 is A", [S(1, 69), OBS], {"outputs": ["symbol A"]}), chk("61 is C#", [S(1, 61), OBS], {"outputs": ["symbol C#"]})]


@core("cc-to-cutoff", MI, "Create a Pure Data patch that maps a MIDI controller value 0-127 to a filter cutoff between 100 and 5000 Hz.")
def _(p):
    n = p.num()
    d = p.obj("/ 127", n)
    m = p.obj("* 4900", d)
    a = p.obj("+ 100", m)
    p.obj("print cutoff", a)
    return [chk("0", [S(1, 0), OBS], {"outputs": [100]}), chk("127", [S(1, 127), OBS], {"outputs": [5000]})]


# ================================================================ midi-notes: fewshot
@fewshot("middle-c-frequency", MI, "Create a Pure Data patch that prints the frequency of middle C when clicked.")
def _(p):
    m = p.msg("60")
    f = p.obj("mtof", m)
    p.obj("print", f)
    return [chk("click", [C(1), OBS], {"outputs": [261.626]})]


@fewshot("transpose-down-fifth", MI, "Create a Pure Data patch that transposes notes down a perfect fifth.")
def _(p):
    n = p.num()
    a = p.obj("- 7", n)
    p.obj("print", a)
    return [chk("67", [S(1, 67), OBS], {"outputs": [60]})]


@fewshot("makenote-short", MI, "Create a Pure Data patch that makes 250 ms notes with velocity 80 from a number box and prints the pitch and velocity outlets.")
def _(p):
    n = p.num()
    mk = p.obj("makenote 80 250", n)
    p.obj("print pitch", (mk, 0))
    p.obj("print velocity", (mk, 1))
    return [chk("note 50", [S(1, 50), W(300), OBS], {"outputs": [80, 50, 0, 50]})]


@fewshot("frequency-to-note", MI, "Create a Pure Data patch that prints the MIDI note number of a frequency.")
def _(p):
    n = p.num()
    f = p.obj("ftom", n)
    p.obj("print", f)
    return [chk("440", [S(1, 440), OBS], {"outputs": [69]})]


@fewshot("velocity-slider", MI, "Create a Pure Data patch that shows a MIDI velocity as a 0 to 1 value on a slider.")
def _(p):
    n = p.num()
    d = p.obj("/ 127", n)
    p.hsl(0, 1, d)
    return [chk("127", [S(1, 127), OBS], {"outputs": [1]})]


@fewshot("interval-fifth-pair", MI, "Create a Pure Data patch that prints a note and the note a fifth above as a list.")
def _(p):
    n = p.num()
    t = p.obj("t f f", n)
    a = p.obj("+ 7", (t, 1))
    pk = p.obj("pack f f", (t, 0))
    p.connect(a, 0, pk, 1)
    p.comment(a, "the fifth is stored first (trigger fires right to left)")
    p.obj("print", pk)
    return [chk("60", [S(1, 60), OBS], {"outputs": ["60 67"]})]


@fewshot("mtof-sig-synth", MI, "play the MIDI note from a number box as a sawtooth")
def _(p):
    n = p.num()
    m = p.obj("mtof", n)
    ph = p.obj("phasor~", m)
    out(p, ph)
    return [sound("note 45", [S(1, 45), W(100), REC(500)], sounding=True, pitch=110)]


@fewshot("chromatic-run", MI, "Create a Pure Data patch that prints a chromatic run of MIDI notes from 60 to 72, one every 100 ms, when a button is pressed.")
def _(p):
    b = p.bng()
    z = p.msg("60", b)
    m = p.obj("metro 100", b)
    f = p.obj("f", m)
    pl = p.obj("+ 1", f)
    p.connect(pl, 0, f, 1)
    p.connect(z, 0, f, 1)
    mo = p.obj("moses 73", f)
    p.obj("print note", (mo, 0))
    st = p.msg("stop", (mo, 1))
    p.connect(st, 0, m, 0)
    return [chk("run", [B(1), W(2000), OBS], {"outputs": list(range(60, 73))})]


# ================================================================ gui-instruments: core
@core("slider-theremin", GU, "theremin-ish: horizontal slider = pitch 200-1000 Hz, vertical slider = volume")
def _(p):
    f = p.hsl(200, 1000)
    v = p.vsl(0, 1)
    pk = p.obj("pack f 30", f)
    l = p.obj("line~", pk)
    p.comment(l, "glide between pitches")
    o = p.obj("osc~", l)
    stereo_out(p, o, v)
    return [sound("600 Hz", [S(1, 600), S(2, 0.5), W(200), REC(500)], sounding=True, pitch=600)]


@core("radio-scale-keyboard", GU, "Create a Pure Data patch with an 8-button radio that plays the notes of a C major scale on a sine with a short envelope.")
def _(p):
    r = p.hradio(8)
    s = p.obj("sel 0 1 2 3 4 5 6 7", r)
    notes = [60, 62, 64, 65, 67, 69, 71, 72]
    ms = [p.msg(str(n), (s, i)) for i, n in enumerate(notes)]
    t = p.obj("t f b", ms[0])
    for x in ms[1:]:
        p.connect(x, 0, t, 0)
    mf = p.obj("mtof", (t, 0))
    e = p.msg("1 5 \\, 0 600 5", (t, 1))
    v = p.obj("vline~", e)
    o = p.obj("osc~", mf)
    x = p.obj("*~", o, (v, 0, 1))
    out(p, x, "0.2")
    return [sound("fifth button is G", [S(1, 4), REC(200)], sounding=True, pitch=392)]


@core("drum-pads", GU, "Three drum pads as buttons: kick (a sine falling in pitch), snare (a noise burst) and hi-hat (short high-passed noise). Go!")
def _(p):
    k = p.bng()
    s = p.bng()
    h = p.bng()
    kp = p.msg("120 \\, 40 80", k)
    ka = p.msg("1 \\, 0 250", k)
    kpv = p.obj("vline~", kp)
    kav = p.obj("vline~", ka)
    ko = p.obj("osc~", kpv)
    kx = p.obj("*~", ko, (kav, 0, 1))
    sa = p.msg("1 \\, 0 150", s)
    sav = p.obj("vline~", sa)
    n = p.obj("noise~")
    sx = p.obj("*~", n, (sav, 0, 1))
    ha = p.msg("1 \\, 0 40", h)
    hav = p.obj("vline~", ha)
    hp = p.obj("hip~ 6000", n)
    hx = p.obj("*~", hp, (hav, 0, 1))
    m1 = p.obj("+~", kx, (sx, 0, 1))
    m2 = p.obj("+~", m1, (hx, 0, 1))
    out(p, m2, "0.4")
    return [sound("kick", [B(1), REC(100)], sounding=True), sound("snare", [B(2), REC(100)], sounding=True, broadband=True),
            sound("hat", [B(3), REC(30)], sounding=True)]


@core("toggle-drone-nbx", GU, "Create a Pure Data patch with a toggle that starts a drone and an nbx number box that sets its MIDI pitch.")
def _(p):
    t = p.tgl()
    n = p.nbx()
    m = p.obj("mtof", n)
    o = p.obj("phasor~", m)
    l = p.obj("lop~ 1200", o)
    x = p.obj("*~", l, (t, 0, 1))
    out(p, x)
    return [sound("drone on note 45", [S(1, 45), T(1, 1), W(100), REC(500)], sounding=True, pitch=110),
            sound("off", [S(1, 45), T(1, 0), W(100), REC(500)], sounding=False)]


@core("waveform-selector", GU, "Create a Pure Data patch with a 3-button radio choosing between a sine, a sawtooth and a square wave at 220 Hz.")
def _(p):
    r = p.hradio(3)
    a = p.obj("== 0", r)
    b = p.obj("== 1", r)
    c = p.obj("== 2", r)
    p.comment(c, "only the chosen wave gets gain 1")
    o = p.obj("osc~ 220")
    ph = p.obj("phasor~ 220")
    saw = p.obj("-~ 0.5", ph)
    sq = p.obj("expr~ ($v1 > 0.5) - 0.5", ph)
    ga = p.obj("*~", o, (a, 0, 1))
    gb = p.obj("*~", saw, (b, 0, 1))
    gc = p.obj("*~", sq, (c, 0, 1))
    m1 = p.obj("+~", ga, (gb, 0, 1))
    m2 = p.obj("+~", m1, (gc, 0, 1))
    out(p, m2, "0.1")
    return [sound("sine", [S(1, 0), W(100), REC(300)], sounding=True, pitch=220),
            sound("saw", [S(1, 1), W(100), REC(300)], sounding=True, like_reference="spectrum"),
            sound("square", [S(1, 2), W(100), REC(300)], sounding=True, like_reference="spectrum")]


@core("pitch-slider-blip", GU, "Create a Pure Data patch where a button plays a blip whose pitch (MIDI 48-84) is set by a slider.")
def _(p):
    b = p.bng()
    v = p.hsl(48, 84)
    m = p.obj("mtof", v)
    e = p.msg("1 \\, 0 200", b)
    l = p.obj("vline~", e)
    o = p.obj("osc~", m)
    x = p.obj("*~", o, (l, 0, 1))
    out(p, x, "0.2")
    return [sound("blip at 69", [S(1, 69), B(1), REC(100)], sounding=True, pitch=440)]


@core("fm-instrument-sliders", GU, "Create a Pure Data patch for an FM instrument with sliders for modulator frequency (0-500 Hz) and index (0-1000), a 300 Hz carrier, and a toggle to switch it on.")
def _(p):
    t = p.tgl()
    mf = p.hsl(0, 500)
    ix = p.hsl(0, 1000)
    mo = p.obj("osc~", mf)
    d = p.obj("*~", mo, (ix, 0, 1))
    c = p.obj("+~ 300", d)
    o = p.obj("osc~", c)
    x = p.obj("*~", o, (t, 0, 1))
    out(p, x)
    return [sound("bright", [T(1, 1), S(1, 150), S(2, 400), W(100), REC(500)], sounding=True, like_reference="spectrum")]


@core("step-sequencer-toggles", GU, "Create a Pure Data step sequencer: four toggles choose which of four steps (one every 200 ms) play a click, with a toggle to run it.")
def _(p):
    run = p.tgl()
    st = [p.tgl() for _ in range(4)]
    m = p.obj("metro 200", run)
    f = p.obj("f", m)
    pl = p.obj("+ 1", f)
    mo = p.obj("mod 4", pl)
    p.connect(mo, 0, f, 1)
    s = p.obj("sel 0 1 2 3", f)
    gates = [p.obj("spigot", (s, i), (st[i], 0, 1)) for i in range(4)]
    e = p.msg("1 \\, 0 30", gates[0])
    for g in gates[1:]:
        p.connect(g, 0, e, 0)
    p.comment(e, "a step plays only if its toggle is on")
    v = p.obj("vline~", e)
    n = p.obj("osc~ 1000")
    x = p.obj("*~", n, (v, 0, 1))
    out(p, x, "0.3")
    return [sound("all steps", [T(2, 1), T(3, 1), T(4, 1), T(5, 1), T(1, 1), W(100), REC(800)], sounding=True),
            sound("no steps", [T(1, 1), W(100), REC(800)], sounding=False)]


@core("chord-button", GU, "Create a Pure Data patch with a button that plays an A minor chord (A3, C4, E4) that fades out over two seconds.")
def _(p):
    b = p.bng()
    e = p.msg("1 \\, 0 2000", b)
    v = p.obj("vline~", e)
    oo = [p.obj(f"osc~ {f}") for f in (220, 261.63, 329.63)]
    m1 = p.obj("+~", oo[0], (oo[1], 0, 1))
    m2 = p.obj("+~", m1, (oo[2], 0, 1))
    x = p.obj("*~", m2, (v, 0, 1))
    out(p, x, "0.1")
    return [sound("chord", [B(1), W(100), REC(500)], sounding=True, like_reference="spectrum")]


@core("siren", GU, "make a siren: toggle on/off, and a slider for how fast it wails (0.1 to 5 Hz)")
def _(p):
    t = p.tgl()
    r = p.hsl(0.1, 5)
    lfo = p.obj("osc~", r)
    d = p.obj("*~ 300", lfo)
    f = p.obj("+~ 700", d)
    o = p.obj("osc~", f)
    x = p.obj("*~", o, (t, 0, 1))
    out(p, x)
    return [sound("wailing", [T(1, 1), S(1, 2), W(100), REC(1000)], sounding=True, pitch_changes=True)]


@core("click-metronome", GU, "Create a Pure Data metronome instrument: toggle to start, number box for BPM, and an audible click on every beat.")
def _(p):
    t = p.tgl()
    bpm = p.num()
    sw = p.obj("swap 60000", bpm)
    d = p.obj("/", (sw, 0, 0), (sw, 1, 1))
    m = p.obj("metro 500", t, (d, 0, 1))
    e = p.msg("1 \\, 0 20", m)
    v = p.obj("vline~", e)
    o = p.obj("osc~ 1500")
    x = p.obj("*~", o, (v, 0, 1))
    out(p, x, "0.3")
    return [sound("clicks at 120", [S(1, 120), T(1, 1), W(10), REC(1000)], sounding=True)]


@core("detune-pad", GU, "Create a Pure Data patch for a pad sound: two sawtooths at 110 Hz, one detuned by a slider from 0 to 5 Hz, through a lowpass.")
def _(p):
    v = p.hsl(0, 5)
    a = p.obj("phasor~ 110")
    f = p.obj("+ 110", v)
    b = p.obj("phasor~", f)
    m = p.obj("+~", a, (b, 0, 1))
    l = p.obj("lop~ 800", m)
    h = p.obj("hip~ 20", l)
    out(p, h)
    return [sound("pad", [S(1, 2), W(100), REC(1000)], sounding=True, like_reference="spectrum")]


# ================================================================ gui-instruments: fewshot
@fewshot("volume-slider-sine", GU, "Create a Pure Data patch with a slider (in decibels) that controls the volume of a 440 Hz tone.")
def _(p):
    v = p.hsl(0, 100)
    o = p.obj("osc~ 440")
    db_volume_out(p, o, v)
    return [sound("on", [S(1, 80), W(200), REC(300)], sounding=True, pitch=440),
            sound("off at 0 dB", [S(1, 0), W(200), REC(300)], sounding=False)]


@fewshot("octave-radio", GU, "4-button radio picks the octave of a sine: 110, 220, 440 or 880 Hz.")
def _(p):
    r = p.hradio(4)
    e = p.obj("expr 110 * pow(2, $f1)", r)
    o = p.obj("osc~", e)
    out(p, o)
    return [sound("440", [S(1, 2), W(100), REC(300)], sounding=True, pitch=440)]


@fewshot("noise-hit-button", GU, "Create a Pure Data patch where a button plays a short, clap-like noise hit.")
def _(p):
    b = p.bng()
    e = p.msg("1 \\, 0 100", b)
    l = p.obj("line~", e)
    n = p.obj("noise~")
    bp = p.obj("bp~ 1500 2", n)
    p.comment(bp, "a band of noise sounds like a clap")
    x = p.obj("*~", bp, (l, 0, 1))
    out(p, x, "0.8")
    return [sound("hit", [B(1), REC(50)], sounding=True)]


@fewshot("vslider-cutoff", GU, "Create a Pure Data patch where a vertical slider sets the cutoff of a lowpass on noise.")
def _(p):
    v = p.vsl(100, 5000)
    n = p.obj("noise~")
    l = p.obj("lop~", n, (v, 0, 1))
    out(p, l, "0.3")
    return [sound("filtered", [S(1, 1000), W(100), REC(300)], sounding=True)]


@fewshot("nbx-frequency", GU, "Create a Pure Data patch where an nbx number box sets the frequency of a sine.")
def _(p):
    n = p.nbx()
    o = p.obj("osc~", n)
    out(p, o)
    return [sound("300", [S(1, 300), W(100), REC(300)], sounding=True, pitch=300)]


@fewshot("two-pitch-buttons", GU, "Create a Pure Data patch with two buttons that play a low (200 Hz) and a high (800 Hz) beep.")
def _(p):
    lo = p.bng()
    hi = p.bng()
    ea = p.msg("1 \\, 0 300", lo)
    eb = p.msg("1 \\, 0 300", hi)
    va = p.obj("vline~", ea)
    vb = p.obj("vline~", eb)
    oa = p.obj("osc~ 200")
    ob = p.obj("osc~ 800")
    xa = p.obj("*~", oa, (va, 0, 1))
    xb = p.obj("*~", ob, (vb, 0, 1))
    m = p.obj("+~", xa, (xb, 0, 1))
    out(p, m, "0.2")
    return [sound("low", [B(1), REC(100)], sounding=True, pitch=200), sound("high", [B(2), REC(100)], sounding=True, pitch=800)]


@fewshot("toggle-beeper", GU, "Create a Pure Data patch where a toggle starts a beep every second.")
def _(p):
    t = p.tgl()
    m = p.obj("metro 1000", t)
    e = p.msg("1 \\, 0 100", m)
    v = p.obj("vline~", e)
    o = p.obj("osc~ 880")
    x = p.obj("*~", o, (v, 0, 1))
    out(p, x, "0.2")
    return [sound("beeps", [T(1, 1), REC(100)], sounding=True)]


@fewshot("radio-four-notes", GU, "Create a Pure Data patch with a radio of four buttons that selects one of the MIDI notes 57 60 64 67 for a sine.")
def _(p):
    r = p.hradio(4)
    s = p.obj("sel 0 1 2 3", r)
    ms = [p.msg(str(n), (s, i)) for i, n in enumerate([57, 60, 64, 67])]
    m = p.obj("mtof", ms[0])
    for x in ms[1:]:
        p.connect(x, 0, m, 0)
    o = p.obj("osc~", m)
    out(p, o)
    return [sound("A3", [S(1, 0), W(100), REC(300)], sounding=True, pitch=220)]


# ================================================================ lists-symbols: core
@core("list-length", LS, "How many elements are in 4 8 15 16 23 42? Print it.")
def _(p):
    m = p.msg("4 8 15 16 23 42")
    l = p.obj("list length", m)
    p.obj("print length", l)
    return [chk("click", [C(1), OBS], {"outputs": [6]})]


@core("prefix-message", LS, "Create a Pure Data patch that turns each incoming number into a message 'note N' and prints it.")
def _(p):
    n = p.num()
    l = p.obj("list prepend note", n)
    t = p.obj("list trim", l)
    p.comment(t, "drop the list selector so note becomes the selector")
    p.obj("print", t)
    return [chk("60", [S(1, 60), OBS], {"outputs": ["note 60"]})]


@core("numbered-filename", LS, "number -> file name like sample3.wav, shown in a symbol box and printed")
def _(p):
    n = p.num()
    m = p.obj("makefilename sample%d.wav", n)
    p.sym(m, width=14)
    p.obj("print file", m)
    return [chk("3", [S(1, 3), OBS], {"outputs": ["symbol sample3.wav"]})]


@core("list-element-at", LS, "Stored list 10 20 30 40 50; given an index (0-based) from a number box, print that element.")
def _(p):
    n = p.num()
    m = p.msg("get $1 1", n)
    p.comment(m, "get one element starting at the index")
    s = p.obj("list store 10 20 30 40 50", m)
    p.obj("print element", s)
    return [chk("index 2", [S(1, 2), OBS], {"outputs": [30]}), chk("index 4", [S(1, 4), OBS], {"outputs": [50]})]


@core("list-sum", LS, "Create a Pure Data patch that adds up all the numbers of a list and prints the total.")
def _(p):
    m = p.msg("3 5 7 9")
    t = p.obj("t b l b", m)
    z = p.msg("0", (t, 2))
    sp = p.obj("list split 1", (t, 1))
    p.connect(sp, 1, sp, 0)
    p.comment(sp, "the rest goes round again: one element at a time")
    a = p.obj("+", (sp, 0))
    tt = p.obj("t f f", a)
    p.connect(tt, 0, a, 1)
    p.connect(z, 0, a, 1)
    f = p.obj("f", (t, 0), (tt, 1, 1))
    p.comment(f, "printed after the whole list went through")
    p.obj("print sum", f)
    return [chk("3+5+7+9", [C(1), OBS], {"outputs": [24]}), chk("twice gives the same", [C(1), C(1), OBS], {"outputs": [24, 24]})]


@core("symbol-match", LS, "symbol box; print match if the word is apple")
def _(p):
    s = p.sym()
    sel = p.obj("sel apple", s)
    m = p.msg("match", (sel, 0))
    p.obj("print", m)
    return [chk("apple", [SEND(1, "symbol apple"), OBS], {"outputs": ["match"]}),
            chk("pear", [SEND(1, "symbol pear"), OBS], {"outputs": []})]


@core("symbol-to-codes", LS, "Create a Pure Data patch that converts a symbol into the list of its character codes.")
def _(p):
    s = p.sym()
    l = p.obj("list fromsymbol", s)
    p.obj("print codes", l)
    return [chk("abc", [SEND(1, "symbol abc"), OBS], {"outputs": ["97 98 99"]})]


@core("join-two-lists", LS, "Concatenate the lists 1 2 and 3 4 and print the result.")
def _(p):
    a = p.msg("1 2")
    b = p.msg("3 4")
    j = p.obj("list append", a, (b, 0, 1))
    p.comment(j, "click the right list first")
    p.obj("print joined", j)
    return [chk("right then left", [C(2), C(1), OBS], {"outputs": ["1 2 3 4"]})]


@core("pack-symbol-float", LS, "Create a Pure Data patch that combines a parameter name from a symbol box and a value from a number box into one message.")
def _(p):
    s = p.sym()
    n = p.num()
    pk = p.obj("pack s f", s, (n, 0, 1))
    t = p.obj("list trim", pk)
    p.obj("print", t)
    return [chk("cutoff 800", [S(1, 800), SEND(1, "symbol cutoff"), OBS], {"outputs": ["cutoff 800"]})]


@core("listbox-length", LS, "Create a Pure Data patch that shows the number of elements of whatever list is typed into a list box.")
def _(p):
    l = p.lst()
    n = p.obj("list length", l)
    p.num(n)
    return [chk("three numbers", [SEND(1, "list 4 5 6"), OBS], {"outputs": [3]})]


@core("first-and-rest", LS, "Create a Pure Data patch that prints the first element of a list and the rest separately.")
def _(p):
    m = p.msg("7 8 9")
    s = p.obj("list split 1", m)
    p.obj("print first", (s, 0))
    p.obj("print rest", (s, 1))
    return [chk("click", [C(1), OBS], {"outputs": ["8 9", 7]})]


@core("tagged-values", LS, "Create a Pure Data patch that strips the 'pitch' tag off messages like 'pitch 60' and shows the number.")
def _(p):
    a = p.msg("pitch 60")
    b = p.msg("list pitch 72")
    t = p.obj("list trim", a, b)
    r = p.obj("route pitch", t)
    p.num(r)
    return [chk("plain", [C(1), OBS], {"outputs": [60]}), chk("list form", [C(2), OBS], {"outputs": [72]})]


@core("list-reverse", LS, "Create a Pure Data patch that reverses the order of a list of numbers.")
def _(p):
    m = p.msg("1 2 3 4 5")
    t = p.obj("t b l b", m)
    sp = p.obj("list split 1", (t, 1))
    p.connect(sp, 1, sp, 0)
    p.comment(sp, "recursion hands out the elements last first")
    lp = p.obj("list prepend", (sp, 0))
    p.connect(t, 2, lp, 1)
    tt = p.obj("t l l", lp)
    p.connect(tt, 1, lp, 1)
    st = p.obj("list append", (t, 0), (tt, 0, 1))
    p.connect(t, 2, st, 1)
    p.comment(st, "holds the reversed list until the end")
    p.obj("print reversed", st)
    return [chk("1 to 5", [C(1), OBS], {"outputs": ["5 4 3 2 1"]})]


# ================================================================ lists-symbols: fewshot
@fewshot("word-count", LS, "How many words in 'the quick brown fox'? Print the count.")
def _(p):
    m = p.msg("list the quick brown fox")
    l = p.obj("list length", m)
    p.obj("print words", l)
    return [chk("4", [C(1), OBS], {"outputs": [4]})]


@fewshot("track-name", LS, "Make names like track07 from numbers (always two digits).")
def _(p):
    n = p.num()
    m = p.obj("makefilename track%02d", n)
    p.obj("print", m)
    return [chk("7", [S(1, 7), OBS], {"outputs": ["symbol track07"]})]


@fewshot("append-constant", LS, "Create a Pure Data patch that appends 100 to any list it receives.")
def _(p):
    l = p.lst()
    a = p.obj("list append 100", l)
    p.obj("print", a)
    return [chk("1 2", [SEND(1, "list 1 2"), OBS], {"outputs": ["1 2 100"]})]


@fewshot("unpack-symbol-number", LS, "Create a Pure Data patch that unpacks the message 'list volume 0.8' into a symbol box and a number box.")
def _(p):
    m = p.msg("list volume 0.8")
    u = p.obj("unpack s f", m)
    p.sym((u, 0))
    p.num((u, 1))
    return [chk("click", [C(1), OBS], {"outputs": [0.8, "symbol volume"]})]


@fewshot("codes-to-symbol", LS, "Create a Pure Data patch that turns the character codes 72 105 into the symbol Hi.")
def _(p):
    m = p.msg("72 105")
    s = p.obj("list tosymbol", m)
    p.obj("print", s)
    return [chk("click", [C(1), OBS], {"outputs": ["symbol Hi"]})]


@fewshot("on-off-words", LS, "Create a Pure Data patch that sets a toggle from the words on and off.")
def _(p):
    a = p.msg("on")
    b = p.msg("off")
    r = p.obj("route on off", a, b)
    one = p.msg("1", (r, 0))
    zero = p.msg("0", (r, 1))
    t = p.tgl(one)
    p.connect(zero, 0, t, 0)
    return [chk("on", [C(1), OBS], {"outputs": [1]}), chk("off", [C(1), C(2), OBS], {"outputs": [1, 0]})]


@fewshot("list-tail-three", LS, "Create a Pure Data patch that drops the first three elements of a list.")
def _(p):
    m = p.msg("1 2 3 4 5 6")
    s = p.obj("list split 3", m)
    p.obj("print tail", (s, 1))
    return [chk("click", [C(1), OBS], {"outputs": ["4 5 6"]})]


@fewshot("pack-three-values", LS, "Create a Pure Data patch that packs three numbers into one list when the first one changes.")
def _(p):
    a = p.num()
    b = p.num()
    c = p.num()
    pk = p.obj("pack f f f", a, (b, 0, 1), (c, 0, 2))
    p.obj("print", pk)
    return [chk("1 2 3", [S(3, 3), S(2, 2), S(1, 1), OBS], {"outputs": ["1 2 3"]})]


# ================================================================ arrays-tables: core
@core("table-write-read", AR, "I'd like to learn arrays: write a number into an 8-element array at an index, then read back the value at that index when I press a button.")
def _(p):
    val = p.num()
    idx = p.num()
    b = p.bng()
    p.obj("array define store 8")
    w = p.obj("tabwrite store", val, (idx, 0, 1))
    p.comment(w, "the index goes in the right inlet first")
    f = p.obj("f", b, (idx, 0, 1))
    r = p.obj("tabread store", f)
    p.obj("print read", r)
    return [chk("write 42 at 3, read it", [S(2, 3), S(1, 42), B(1), OBS], {"outputs": [42]})]


@core("fill-squares", AR, "Create a Pure Data patch that fills a 10-element table with the squares of the indices on load, and prints the entry for an index typed into a number box.")
def _(p):
    idx = p.num()
    lb = p.obj("loadbang")
    m = p.msg("10", lb)
    u = p.obj("until", m)
    f = p.obj("f", u)
    pl = p.obj("+ 1", f)
    p.connect(pl, 0, f, 1)
    t = p.obj("t f f f", f)
    sq = p.obj("*", (t, 0), (t, 1, 1))
    w = p.obj("tabwrite squares", sq, (t, 2, 1))
    p.comment(sq, "index times index")
    p.obj("table squares 10")
    r = p.obj("tabread squares", idx)
    p.obj("print square", r)
    return [chk("index 7", [S(1, 7), OBS], {"outputs": [49]})]


@core("array-sum", AR, "Create a Pure Data patch that stores 1 2 3 4 5 in an array and prints their sum when a button is pressed.")
def _(p):
    lb = p.obj("loadbang")
    m = p.msg("\\; nums 0 1 2 3 4 5", lb)
    p.comment(m, "writes the values from index 0")
    b = p.bng()
    p.obj("array define nums 5")
    s = p.obj("array sum nums", b)
    p.obj("print sum", s)
    return [chk("sum", [B(1), OBS], {"outputs": [15]})]


@core("array-max", AR, "Create a Pure Data patch that finds the largest value in an array of 6 numbers and prints it and its index.")
def _(p):
    lb = p.obj("loadbang")
    m = p.msg("\\; data 0 3 9 2 7 1 5", lb)
    b = p.bng()
    p.obj("array define data 6")
    mx = p.obj("array max data", b)
    p.obj("print index", (mx, 1))
    p.obj("print value", (mx, 0))
    return [chk("max", [B(1), OBS], {"outputs": [1, 9], "compare": "by-output"})]


@core("wavetable-osc", AR, "Create a Pure Data patch that builds a wavetable with three harmonics using sinesum and plays it at 220 Hz with tabosc4~.")
def _(p):
    lb = p.obj("loadbang")
    m = p.msg("\\; wave sinesum 512 1 0.5 0.33", lb)
    p.comment(m, "512 points plus guard points")
    p.obj("array define wave 515")
    o = p.obj("tabosc4~ wave")
    o.pin = 2
    s = p.msg("220", lb)
    p.connect(s, 0, o, 0)
    out(p, o)
    return [sound("wavetable tone", [W(100), REC(500)], sounding=True, pitch=220)]


@core("record-and-play", AR, "Create a Pure Data patch that records one second of a 440 Hz sine into an array with one button and plays it back with another.")
def _(p):
    rec = p.bng()
    play = p.bng()
    p.obj("array define take 44100")
    o = p.obj("osc~ 440")
    w = p.obj("tabwrite~ take", o, (rec, 0, 0))
    pl = p.obj("tabplay~ take", play)
    out(p, pl, "0.2")
    return [sound("playback", [B(1), W(1100), B(2), W(50), REC(300)], sounding=True, pitch=440),
            sound("nothing recorded", [B(2), W(50), REC(300)], sounding=False)]


@core("scale-lookup-table", AR, "Create a Pure Data patch that stores a major scale as semitone offsets in a table and turns scale degrees 0-6 into MIDI notes above 60.")
def _(p):
    d = p.num()
    lb = p.obj("loadbang")
    m = p.msg("\\; major 0 0 2 4 5 7 9 11", lb)
    p.obj("array define major 7")
    r = p.obj("tabread major", d)
    a = p.obj("+ 60", r)
    p.obj("print note", a)
    return [chk("degree 4", [S(1, 4), OBS], {"outputs": [67]}), chk("degree 6", [S(1, 6), OBS], {"outputs": [71]})]


@core("array-size-print", AR, "print the size of a 64-point array called buffer")
def _(p):
    b = p.bng()
    p.obj("array define buffer 64")
    s = p.obj("array size buffer", b)
    p.obj("print size", s)
    return [chk("64", [B(1), OBS], {"outputs": [64]})]


@core("histogram", AR, "Build a histogram: a table counts how often each number 0-9 arrives, and a button prints all the counts.")
def _(p):
    n = p.num()
    b = p.bng()
    p.obj("array define hist 10")
    t = p.obj("t f f", n)
    r = p.obj("tabread hist", (t, 0))
    a = p.obj("+ 1", r)
    w = p.obj("tabwrite hist", a, (t, 1, 1))
    p.comment(w, "index first, then the incremented count")
    g = p.obj("array get hist", b)
    p.obj("print counts", g)
    return [chk("3 3 5", [S(1, 3), S(1, 3), S(1, 5), B(1), OBS], {"outputs": ["0 0 0 2 0 1 0 0 0 0"]})]


@core("table-sequencer", AR, "8-step melody in a table, played one step every 125 ms while a toggle is on; print each note")
def _(p):
    t = p.tgl()
    lb = p.obj("loadbang")
    m = p.msg("\\; melody 0 60 63 67 70 72 70 67 63", lb)
    p.obj("array define melody 8")
    mt = p.obj("metro 125", t)
    f = p.obj("f", mt)
    pl = p.obj("+ 1", f)
    mo = p.obj("mod 8", pl)
    p.connect(mo, 0, f, 1)
    r = p.obj("tabread melody", f)
    p.obj("print note", r)
    return [chk("first five steps", [T(1, 1), W(600), OBS], {"outputs": [60, 63, 67, 70, 72]})]


@core("random-table-fill", AR, "Create a Pure Data patch that fills a 16-point table with random values from 0 to 99 when clicked and prints its contents.")
def _(p):
    m = p.msg("16")
    t = p.obj("t b f", m)
    z = p.msg("0", (t, 1))
    u = p.obj("until", (t, 1))
    f = p.obj("f", u)
    pl = p.obj("+ 1", f)
    p.connect(pl, 0, f, 1)
    p.connect(z, 0, f, 1)
    tt = p.obj("t f b", f)
    r = p.obj("random 100", (tt, 1))
    w = p.obj("tabwrite rnd", r, (tt, 0, 1))
    p.obj("array define rnd 16")
    g = p.obj("array get rnd", (t, 0))
    p.obj("print table", g)
    return [chk("click", [C(1), OBS], {"outputs": {"count": 1}})]


@core("envelope-table", AR, "Create a Pure Data patch that draws an envelope shape in a table and uses it, read by line~ and tabread4~, to shape a 440 Hz tone when a button is pressed.")
def _(p):
    b = p.bng()
    lb = p.obj("loadbang")
    m = p.msg("\\; shape 0 0 0 1 0.8 0.6 0.4 0.2 0 0", lb)
    p.obj("array define shape 9")
    e = p.msg("1 \\, 7 500", b)
    p.comment(e, "sweep the read index through the table")
    l = p.obj("line~", e)
    r = p.obj("tabread4~ shape", l)
    o = p.obj("osc~ 440")
    x = p.obj("*~", o, (r, 0, 1))
    out(p, x, "0.2")
    return [sound("shaped", [B(1), W(100), REC(200)], sounding=True, pitch=440)]


# ================================================================ arrays-tables: fewshot
@fewshot("array-get-values", AR, "Create a Pure Data patch that writes 5 values into an array and prints them as a list.")
def _(p):
    lb = p.obj("loadbang")
    m = p.msg("\\; five 0 10 20 30 40 50", lb)
    b = p.bng()
    p.obj("array define five 5")
    g = p.obj("array get five", b)
    p.obj("print", g)
    return [chk("list", [B(1), OBS], {"outputs": ["10 20 30 40 50"]})]


@fewshot("tabread-index", AR, "Create a Pure Data patch that reads an entry of a table filled with 5 10 15 20 at the index typed in a number box.")
def _(p):
    n = p.num()
    lb = p.obj("loadbang")
    p.msg("\\; tab4 0 5 10 15 20", lb)
    p.obj("table tab4 4")
    r = p.obj("tabread tab4", n)
    p.obj("print", r)
    return [chk("index 2", [S(1, 2), OBS], {"outputs": [15]})]


@fewshot("array-min", AR, "smallest value in an array, printed")
def _(p):
    lb = p.obj("loadbang")
    p.msg("\\; vals 0 4 -2 8 1", lb)
    b = p.bng()
    p.obj("array define vals 4")
    m = p.obj("array min vals", b)
    p.obj("print min", (m, 0))
    return [chk("min", [B(1), OBS], {"outputs": [-2]})]


@fewshot("sinesum-sine", AR, "Create a Pure Data patch that plays a pure sine at 330 Hz by reading a sinesum table with phasor~ and tabread4~.")
def _(p):
    lb = p.obj("loadbang")
    p.msg("\\; sine sinesum 256 1", lb)
    p.obj("array define sine 259")
    ph = p.obj("phasor~ 330")
    s = p.obj("*~ 256", ph)
    o = p.obj("+~ 1", s)
    p.comment(o, "skip the first guard point")
    r = p.obj("tabread4~ sine", o)
    out(p, r)
    return [sound("sine", [W(100), REC(300)], sounding=True, pitch=330)]


@fewshot("record-noise-play", AR, "Create a Pure Data patch that records half a second of noise into a table and plays it back.")
def _(p):
    rec = p.bng()
    play = p.bng()
    p.obj("array define snip 22050")
    n = p.obj("noise~")
    p.obj("tabwrite~ snip", n, (rec, 0, 0))
    pl = p.obj("tabplay~ snip", play)
    out(p, pl, "0.2")
    return [sound("replay", [B(1), W(600), B(2), REC(200)], sounding=True)]


@fewshot("ramp-table", AR, "Fill an 8-point table with 0 1 2 ... 7 when clicked and print it.")
def _(p):
    m = p.msg("8")
    t = p.obj("t b f", m)
    u = p.obj("until", (t, 1))
    f = p.obj("f", u)
    pl = p.obj("+ 1", f)
    p.connect(pl, 0, f, 1)
    tt = p.obj("t f f", f)
    p.obj("tabwrite ramp", (tt, 0), (tt, 1, 1))
    p.obj("array define ramp 8")
    g = p.obj("array get ramp", (t, 0))
    p.obj("print", g)
    return [chk("ramp", [C(1), OBS], {"outputs": ["0 1 2 3 4 5 6 7"]})]


@fewshot("minor-scale-table", AR, "Create a Pure Data patch that maps degrees of a natural minor scale stored in a table to notes above 57.")
def _(p):
    d = p.num()
    lb = p.obj("loadbang")
    p.msg("\\; minor 0 0 2 3 5 7 8 10", lb)
    p.obj("array define minor 7")
    r = p.obj("tabread minor", d)
    a = p.obj("+ 57", r)
    p.num(a)
    return [chk("degree 2", [S(1, 2), OBS], {"outputs": [60]})]


@fewshot("set-array-constant", AR, "Create a Pure Data patch that sets every point of a 4-point array to 0.5 and prints the array.")
def _(p):
    m = p.msg("\\; half const 0.5")
    b = p.bng()
    p.obj("array define half 4")
    g = p.obj("array get half", b)
    p.obj("print", g)
    return [chk("after const", [C(1), B(1), OBS], {"outputs": ["0.5 0.5 0.5 0.5"]})]
