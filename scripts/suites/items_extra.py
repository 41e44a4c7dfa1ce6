"""More items across categories, to round out both suites."""
from authoring import core, fewshot, make, unary, S, T, B, C, SEND, W, OBS, REC, chk, sound, stereo_out

# ---------------------------------------------------------------- core
@core("period-to-frequency", "control-math", "Create a Pure Data patch that converts a period in milliseconds into a frequency in Hz.")
def _(p):
    n = p.num()
    sw = p.obj("swap 1000", n)
    d = p.obj("/", (sw, 0, 0), (sw, 1, 1))
    p.comment(d, "1000 / period")
    p.obj("print hz", d)
    return [chk("4 ms", [S(1, 4), OBS], {"outputs": [250]})]


@core("percentage-of", "control-math", "two number boxes: print what percent the first is of the second")
def _(p):
    a = p.num()
    b = p.num()
    d = p.obj("/", a, (b, 0, 1))
    m = p.obj("* 100", d)
    p.obj("print percent", m)
    return [chk("30 of 120", [S(2, 120), S(1, 30), OBS], {"outputs": [25], "compare": "last"})]


@core("both-toggles-on", "logic-comparison", "Create a Pure Data patch with two toggles that turns on a third toggle only while both are on.")
def _(p):
    t1 = p.tgl()
    t2 = p.tgl()
    tb = p.obj("t b f", t2)
    a = p.obj("&&", t1, (tb, 1, 1))
    p.connect(tb, 0, a, 0)
    p.tgl(a)
    return [chk("both on", [T(1, 1), T(2, 1), OBS], {"outputs": [1], "compare": "last"}),
            chk("one off", [T(1, 1), T(2, 1), T(1, 0), OBS], {"outputs": [0], "compare": "last"})]


@core("blink-toggle", "timing", "Create a Pure Data patch that makes a toggle blink on and off twice per second once started with a message.")
def _(p):
    st = p.msg("1")
    sp = p.msg("0")
    m = p.obj("metro 250", st, sp)
    f = p.obj("f", m)
    e = p.obj("== 0", f)
    p.connect(e, 0, f, 1)
    p.tgl(e)
    return [chk("one second", [C(1), W(900), OBS], {"outputs": [1, 0, 1, 0]})]


@core("sign-router", "message-routing", "Create a Pure Data patch that sends negative numbers to one print and zero or positive numbers to another.")
def _(p):
    n = p.num()
    m = p.obj("moses 0", n)
    p.obj("print negative", (m, 0))
    p.obj("print positive", (m, 1))
    return [chk("-3", [S(1, -3), OBS], {"outputs": [-3], "compare": "by-output"}),
            chk("0", [S(1, 0), OBS], {"outputs": [0], "compare": "by-output"})]


@core("symbol-suffix", "lists-symbols", "Create a Pure Data patch that adds the suffix _out to any word typed into a symbol box.")
def _(p):
    s = p.sym()
    m = p.obj("makefilename %s_out", s)
    p.obj("print", m)
    return [chk("kick", [SEND(1, "symbol kick"), OBS], {"outputs": ["symbol kick_out"]})]


@core("random-chord", "random-sequencing", "Create a Pure Data patch that picks a random root note between 48 and 59 on each bang and prints a major triad on it.")
def _(p):
    b = p.bng()
    r = p.obj("random 12", b)
    a = p.obj("+ 48", r)
    t = p.obj("t f f f", a)
    fi = p.obj("+ 7", (t, 0))
    th = p.obj("+ 4", (t, 1))
    pr = p.obj("print chord", (t, 2))
    p.connect(th, 0, pr, 0)
    p.connect(fi, 0, pr, 0)
    return [chk("one chord", [B(1), OBS], {"outputs": {"count": 3, "min": 48, "max": 66, "integers": True}})]


@core("countdown-stops-at-zero", "counters-state", "Create a Pure Data patch that counts down from 5 on each bang and prints liftoff when it reaches zero.")
def _(p):
    b = p.bng()
    f = p.obj("f 5", b)
    mi = p.obj("- 1", f)
    mx = p.obj("max 0", mi)
    p.connect(mx, 0, f, 1)
    s = p.obj("sel 0", f)
    l = p.msg("liftoff", (s, 0))
    pr = p.obj("print", (s, 1))
    p.connect(l, 0, pr, 0)
    return [chk("six bangs", [B(1)] * 6 + [OBS], {"outputs": [5, 4, 3, 2, 1, "liftoff"]})]


# ---------------------------------------------------------------- fewshot: small one-object conversions
unary("fewshot", "add-five", "control-math", "Create a Pure Data patch that adds 5 to any number.", ["+ 5"], [(10, 15)], out="print")
unary("fewshot", "halve-number", "control-math", "Create a Pure Data patch that divides the incoming number by two.", ["/ 2"], [(9, 4.5)])
unary("fewshot", "exp-of-number", "control-math", "Create a Pure Data patch that outputs e raised to the input.", ["exp"], [(1, 2.71828)], out="print exp")
unary("fewshot", "rms-to-db", "control-math", "Create a Pure Data patch that converts a linear amplitude to Pd decibels.", ["rmstodb"], [(1, 100), (0.5, None)])
unary("fewshot", "integer-divide-3", "control-math", "Create a Pure Data patch that integer-divides a number by 3.", ["div 3"], [(10, 3)], out="print")
unary("fewshot", "negate-number", "control-math", "Create a Pure Data patch that flips the sign of a number.", ["* -1"], [(4, -4)])
unary("fewshot", "ms-to-seconds", "control-math", "convert milliseconds to seconds", ["/ 1000"], [(2500, 2.5)], out="print seconds")
unary("fewshot", "cosine-of-radians", "control-math", "Create a Pure Data patch that prints the cosine of an angle in radians.", ["cos"], [(0, 1)], out="print cos")
unary("fewshot", "equal-to-10", "logic-comparison", "Create a Pure Data patch that outputs 1 when the input equals 10.", ["== 10"], [(10, 1), (3, 0)])
unary("fewshot", "at-least-100", "logic-comparison", "Create a Pure Data patch that prints 1 if a number is at least 100.", [">= 100"], [(100, 1), (99, 0)], out="print")
unary("fewshot", "octave-down", "midi-notes", "Create a Pure Data patch that moves notes down one octave.", ["- 12"], [(60, 48)])
unary("fewshot", "note-to-period", "midi-notes", "Create a Pure Data patch that prints the frequency of a MIDI note rounded down to whole Hz.", ["mtof", "int"], [(69, 440), (60, 261)], out="print")


@fewshot("angle-of-point", "control-math", "Create a Pure Data patch that prints the angle in radians of the point (x, y) from two number boxes.")
def _(p):
    y = p.num()
    x = p.num()
    a = p.obj("atan2", y, (x, 0, 1))
    p.obj("print angle", a)
    return [chk("(0, 1)", [S(2, 0), S(1, 1), OBS], {"outputs": [1.5708], "compare": "last"})]


@fewshot("toggles-and", "logic-comparison", "Create a Pure Data patch that prints 1 only when both of two toggles are on, checked with a button.")
def _(p):
    t1 = p.tgl()
    t2 = p.tgl()
    b = p.bng()
    f1 = p.obj("f", b, (t1, 0, 1))
    a = p.obj("&&", f1, (t2, 0, 1))
    p.obj("print", a)
    return [chk("both on", [T(1, 1), T(2, 1), B(1), OBS], {"outputs": [1]}),
            chk("one on", [T(1, 1), B(1), OBS], {"outputs": [0]})]


@fewshot("route-play-stop", "message-routing", "Create a Pure Data patch that routes play and stop commands from message boxes to a toggle.")
def _(p):
    a = p.msg("play")
    b = p.msg("stop")
    r = p.obj("route play stop", a, b)
    one = p.msg("1", (r, 0))
    zero = p.msg("0", (r, 1))
    t = p.tgl(one)
    p.connect(zero, 0, t, 0)
    p.obj("print state", t)
    return [chk("play", [C(1), OBS], {"outputs": [1]}), chk("play then stop", [C(1), C(2), OBS], {"outputs": [1, 0]})]


@fewshot("fanout-receivers", "message-routing", "Create a Pure Data patch where one send reaches two receives, one adding 1 and one subtracting 1.")
def _(p):
    n = p.num()
    p.obj("s shared-number", n)
    r1 = p.obj("r shared-number")
    r2 = p.obj("r shared-number")
    a = p.obj("+ 1", r1)
    b = p.obj("- 1", r2)
    p.obj("print plus", a)
    p.obj("print minus", b)
    return [chk("10", [S(1, 10), OBS], {"outputs": "from-reference", "compare": "set"})]


@fewshot("line-to-zero", "timing", "Create a Pure Data patch that counts a number down smoothly from 10 to 0 over one second when a button is pressed.")
def _(p):
    b = p.bng()
    m = p.msg("10 \\, 0 1000", b)
    l = p.obj("line 0 100", m)
    p.obj("print", l)
    return [chk("ends at 0", [B(1), W(1100), OBS], {"outputs": {"last": 0, "min-count": 5}})]


@fewshot("delayed-list", "timing", "Create a Pure Data patch that delays a pair of numbers by 300 ms and prints them.")
def _(p):
    m = p.msg("5 7")
    pp = p.obj("pipe 0 0 300", m)
    pk = p.obj("pack f f", (pp, 0), (pp, 1, 1))
    p.obj("print", pk)
    return [chk("after 350 ms", [C(1), W(350), OBS], {"outputs": ["5 7"]})]


@fewshot("random-bipolar", "random-sequencing", "Create a Pure Data patch that outputs random numbers between -1 and 1 on every bang.")
def _(p):
    b = p.bng()
    r = p.obj("random 2001", b)
    s = p.obj("- 1000", r)
    d = p.obj("/ 1000", s)
    p.obj("print", d)
    return [chk("ten", [B(1)] * 10 + [OBS], {"outputs": {"count": 10, "min": -1, "max": 1}})]


@fewshot("remember-symbol", "counters-state", "Create a Pure Data patch that remembers the last word typed and prints it again when a button is pressed.")
def _(p):
    s = p.sym()
    b = p.bng()
    st = p.obj("symbol", b, (s, 0, 1))
    p.obj("print word", st)
    return [chk("hello", [SEND(1, "symbol hello"), B(1), OBS], {"outputs": ["symbol hello"]})]


@fewshot("two-freq-messages", "oscillators-synthesis", "Create a Pure Data patch with message boxes that switch a sine between 100 and 200 Hz.")
def _(p):
    a = p.msg("100")
    b = p.msg("200")
    o = p.obj("osc~", a, b)
    m = p.obj("*~ 0.1", o)
    p.obj("dac~", m, (m, 0, 1))
    return [sound("200 Hz", [C(2), W(100), REC(300)], sounding=True, pitch=200)]


@fewshot("lfo-values-print", "audio-analysis", "Create a Pure Data patch that prints the value of a 0.5 Hz sine LFO every 250 ms.")
def _(p):
    o = p.obj("osc~ 0.5")
    lb = p.obj("loadbang")
    m = p.obj("metro 250", lb)
    s = p.obj("snapshot~", o, m)
    p.obj("print lfo", s)
    return [chk("one second", [W(1000), OBS], {"outputs": {"min-count": 4, "min": -1, "max": 1}})]


@fewshot("mute-toggle-noise", "gui-instruments", "Create a Pure Data patch with a mute toggle for a pink-ish noise made with a lowpass.")
def _(p):
    t = p.tgl()
    inv = p.obj("== 0", t)
    n = p.obj("noise~")
    l = p.obj("lop~ 1500", n)
    x = p.obj("*~", l, (inv, 0, 1))
    m = p.obj("*~ 0.2", x)
    p.obj("dac~", m, (m, 0, 1))
    return [sound("unmuted", [T(1, 0), W(100), REC(300)], sounding=True), sound("muted", [T(1, 1), W(100), REC(300)], sounding=False)]


@fewshot("second-harmonic-env", "envelopes", "Create a Pure Data patch where a button plays 300 Hz and 600 Hz together with a 400 ms decay.")
def _(p):
    b = p.bng()
    e = p.msg("1 \\, 0 400", b)
    v = p.obj("vline~", e)
    a = p.obj("osc~ 300")
    c = p.obj("osc~ 600")
    s = p.obj("+~", a, (c, 0, 1))
    x = p.obj("*~", s, (v, 0, 1))
    m = p.obj("*~ 0.1", x)
    p.obj("dac~", m, (m, 0, 1))
    return [sound("note", [B(1), REC(200)], sounding=True, pitch=300)]
