"""oscillators-synthesis, noise-filters, envelopes and effects items."""
from authoring import core, fewshot, make, S, T, B, C, SEND, W, OBS, REC, chk, sound, chain, stereo_out, SEED

O = "oscillators-synthesis"
N = "noise-filters"
E = "envelopes"
FX = "effects"

LISTEN = [W(100), REC(500)]


def out(p, sig, gain="0.1"):
    m = p.obj(f"*~ {gain}", sig)
    return p.obj("dac~", m, (m, 0, 1))


def db_volume_out(p, sig, vol):
    """Volume from a slider in Pd decibels (0-100), smoothed by a lowpass on the control signal."""
    db = p.obj("dbtorms", vol)
    s = p.obj("sig~", db)
    sm = p.obj("lop~ 20", s)
    p.comment(sm, "smooths slider steps")
    m = p.obj("*~", sig, (sm, 0, 1))
    return p.obj("dac~", m, (m, 0, 1))


def like(name="sounds like the reference", steps=None, **kw):
    return sound(name, steps or LISTEN, like_reference="spectrum", **kw)


# ================================================================ oscillators: core
@core("sine-440", O, "sine wave, 440 Hz, out of both speakers at a safe level")
def _(p):
    o = p.obj("osc~ 440")
    out(p, o)
    return [sound("A440", LISTEN, sounding=True, pitch=440), like()]


@core("sine-freq-and-volume", O, "Create a Pure Data patch with a sine oscillator whose frequency comes from a number box and whose volume comes from a slider.")
def _(p):
    n = p.num()
    v = p.hsl(0, 1)
    o = p.obj("osc~", n)
    stereo_out(p, o, v)
    return [sound("330 Hz at half volume", [S(1, 330), S(2, 0.5), W(200), REC(500)], sounding=True, pitch=330),
            sound("silent at zero volume", [S(1, 330), S(2, 0), W(200), REC(500)], sounding=False)]


@core("centered-sawtooth", O, "I need a 220 Hz sawtooth for a bass patch, but phasor~ only goes from 0 to 1. Can you make one that swings around zero and play it?")
def _(p):
    ph = p.obj("phasor~ 220")
    c = p.obj("-~ 0.5", ph)
    p.comment(c, "phasor~ runs 0..1: shift it to -0.5..0.5")
    out(p, c)
    return [sound("saw", LISTEN, sounding=True, pitch=220), like()]


@core("square-wave", O, "How do I get a 110 Hz square wave in vanilla Pd from a phasor~?")
def _(p):
    ph = p.obj("phasor~ 110")
    sq = p.obj("expr~ ($v1 > 0.5) * 2 - 1", ph)
    p.comment(sq, "high for half the cycle, low for the other half")
    out(p, sq, "0.05")
    return [sound("square", LISTEN, sounding=True, pitch=110), like()]


@core("tremolo-sine", O, "Make a patch where a 440 Hz tone has tremolo: its amplitude should wobble 5 times per second.")
def _(p):
    lfo = p.obj("osc~ 5")
    sc = p.obj("*~ 0.5", lfo)
    of = p.obj("+~ 0.5", sc)
    p.comment(of, "LFO scaled to 0..1")
    o = p.obj("osc~ 440")
    m = p.obj("*~", o, (of, 0, 1))
    out(p, m)
    return [sound("tremolo", [W(100), REC(1000)], sounding=True, pitch=440), like(steps=[W(100), REC(1000)])]


@core("fm-synth-basic", O, "Create a Pure Data patch for simple FM synthesis: a 200 Hz carrier modulated by a 50 Hz modulator with an index controlled by a number box.")
def _(p):
    idx = p.num()
    mod = p.obj("osc~ 50")
    dev = p.obj("*~", mod, (idx, 0, 1))
    p.comment(dev, "modulation depth in Hz")
    car = p.obj("+~ 200", dev)
    o = p.obj("osc~", car)
    out(p, o)
    return [sound("index 100", [S(1, 100), W(100), REC(500)], sounding=True, like_reference="spectrum"),
            sound("index 0 is a plain sine", [S(1, 0), W(100), REC(500)], sounding=True, pitch=200)]


@core("additive-three-harmonics", O, "Create a Pure Data patch that adds the first three harmonics of 200 Hz with amplitudes 1, 1/2 and 1/3.")
def _(p):
    a = p.obj("osc~ 200")
    b = p.obj("osc~ 400")
    c = p.obj("osc~ 600")
    b2 = p.obj("*~ 0.5", b)
    c2 = p.obj("*~ 0.333", c)
    s1 = p.obj("+~", a, (b2, 0, 1))
    s2 = p.obj("+~", s1, (c2, 0, 1))
    out(p, s2, "0.05")
    return [sound("harmonic tone", LISTEN, sounding=True, pitch=200), like()]


@core("detuned-pair", O, "two sines, 220 and 221 Hz, mixed, so they beat once a second")
def _(p):
    a = p.obj("osc~ 220")
    b = p.obj("osc~ 221")
    s = p.obj("+~", a, (b, 0, 1))
    p.comment(s, "1 Hz apart: one beat per second")
    out(p, s, "0.05")
    return [sound("beating", [W(100), REC(2000)], sounding=True), like(steps=[W(100), REC(2000)])]


@core("triangle-wave", O, "Build a 330 Hz triangle-wave oscillator out of a phasor~ and play it.")
def _(p):
    ph = p.obj("phasor~ 330")
    t = p.obj("expr~ abs($v1 - 0.5) * 4 - 1", ph)
    p.comment(t, "fold the ramp into a triangle")
    out(p, t)
    return [sound("triangle", LISTEN, sounding=True, pitch=330), like()]


@core("ring-modulator", O, "I want a ring modulator: multiply a 300 Hz sine by a 70 Hz sine and play it.")
def _(p):
    a = p.obj("osc~ 300")
    b = p.obj("osc~ 70")
    m = p.obj("*~", a, (b, 0, 1))
    p.comment(m, "sidebands at 230 and 370 Hz")
    out(p, m)
    return [sound("ring mod", LISTEN, sounding=True), like()]


@core("major-chord-sines", O, "Create a Pure Data patch that plays a C major chord (MIDI notes 60, 64 and 67) with three sine oscillators.")
def _(p):
    lb = p.obj("loadbang")
    outs = [p.obj("osc~", p.obj("mtof", p.msg(str(n), lb))) for n in (60, 64, 67)]
    p.comment(lb, "sets the three notes when the patch opens")
    s1 = p.obj("+~", outs[0], (outs[1], 0, 1))
    s2 = p.obj("+~", s1, (outs[2], 0, 1))
    out(p, s2, "0.05")
    return [sound("chord", LISTEN, sounding=True), like()]


@core("vibrato-sine", O, "Could you make a 440 Hz tone with a gentle vibrato? Something like 6 Hz wide by plus or minus 10 Hz.")
def _(p):
    lfo = p.obj("osc~ 6")
    d = p.obj("*~ 10", lfo)
    f = p.obj("+~ 440", d)
    o = p.obj("osc~", f)
    out(p, o)
    return [sound("vibrato", [W(100), REC(1000)], sounding=True, pitch=440), like(steps=[W(100), REC(1000)])]


@core("pulse-width", O, "Create a Pure Data patch that plays a 100 Hz pulse wave whose pulse width is set by a slider from 0 to 1.")
def _(p):
    v = p.hsl(0.05, 0.95)
    ph = p.obj("phasor~ 100")
    sg = p.obj("sig~ 0.5", v)
    pw = p.obj("expr~ ($v1 < $v2) * 2 - 1", ph, (sg, 0, 1))
    p.comment(pw, "high while the ramp is below the width")
    out(p, pw, "0.05")
    return [sound("narrow pulse", [S(1, 0.2), W(100), REC(500)], sounding=True, pitch=100, like_reference="spectrum")]


@core("sub-octave-bass", O, "make a bass tone: a 55 Hz saw plus a sine one octave lower, not too loud")
def _(p):
    ph = p.obj("phasor~ 55")
    c = p.obj("-~ 0.5", ph)
    s = p.obj("osc~ 27.5")
    a = p.obj("+~", c, (s, 0, 1))
    out(p, a, "0.1")
    return [sound("bass", LISTEN, sounding=True), like()]


# ================================================================ oscillators: fewshot
@fewshot("sine-220", O, "220 Hz sine to both speakers")
def _(p):
    o = p.obj("osc~ 220")
    out(p, o, "0.2")
    return [sound("tone", LISTEN, sounding=True, pitch=220)]


@fewshot("saw-110", O, "Create a Pure Data patch that plays a raw 110 Hz phasor.")
def _(p):
    o = p.obj("phasor~ 110")
    out(p, o, "0.1")
    return [sound("saw", LISTEN, sounding=True, pitch=110)]


@fewshot("slider-frequency", O, "A slider from 100 to 1000 Hz sets the frequency of a sine wave.")
def _(p):
    v = p.hsl(100, 1000)
    o = p.obj("osc~", v)
    out(p, o)
    return [sound("500 Hz", [S(1, 500), W(100), REC(500)], sounding=True, pitch=500)]


@fewshot("slow-am", O, "Create a Pure Data patch that amplitude modulates a 500 Hz tone with a 2 Hz sine.")
def _(p):
    c = p.obj("osc~ 500")
    m = p.obj("osc~ 2")
    x = p.obj("*~", c, (m, 0, 1))
    out(p, x)
    return [sound("am", [W(100), REC(1000)], sounding=True)]


@fewshot("fm-bell", O, "Create a Pure Data patch for FM with a 280 Hz carrier and a 390 Hz modulator of depth 300 Hz.")
def _(p):
    m = p.obj("osc~ 390")
    d = p.obj("*~ 300", m)
    c = p.obj("+~ 280", d)
    o = p.obj("osc~", c)
    out(p, o)
    return [sound("fm", LISTEN, sounding=True)]


@fewshot("two-partials", O, "Create a Pure Data patch that mixes a 300 Hz and a 900 Hz sine.")
def _(p):
    a = p.obj("osc~ 300")
    b = p.obj("osc~ 900")
    s = p.obj("+~", a, (b, 0, 1))
    out(p, s, "0.05")
    return [sound("mix", LISTEN, sounding=True, pitch=300)]


@fewshot("cosine-table-osc", O, "Create a Pure Data patch that builds a 250 Hz oscillator from phasor~ and cos~.")
def _(p):
    ph = p.obj("phasor~ 250")
    c = p.obj("cos~", ph)
    out(p, c)
    return [sound("tone", LISTEN, sounding=True, pitch=250)]


@fewshot("octave-stack", O, "Create a Pure Data patch that plays 100, 200 and 400 Hz together.")
def _(p):
    a = p.obj("osc~ 100")
    b = p.obj("osc~ 200")
    c = p.obj("osc~ 400")
    s = p.obj("+~", a, (b, 0, 1))
    s2 = p.obj("+~", s, (c, 0, 1))
    out(p, s2, "0.05")
    return [sound("stack", LISTEN, sounding=True, pitch=100)]


@fewshot("stereo-two-tones", O, "Create a Pure Data patch that plays 300 Hz on the left channel and 450 Hz on the right.")
def _(p):
    a = p.obj("osc~ 300")
    b = p.obj("osc~ 450")
    a2 = p.obj("*~ 0.1", a)
    b2 = p.obj("*~ 0.1", b)
    p.obj("dac~", a2, (b2, 0, 1))
    return [sound("stereo", LISTEN, sounding=True)]


@fewshot("toggle-drone", O, "toggle on/off for a 150 Hz drone")
def _(p):
    t = p.tgl()
    o = p.obj("osc~ 150")
    m = p.obj("*~", o, (t, 0, 1))
    out(p, m)
    return [sound("on", [T(1, 1), W(100), REC(500)], sounding=True, pitch=150),
            sound("off", [T(1, 0), W(100), REC(500)], sounding=False)]


# ================================================================ noise-filters: core
@core("white-noise-highpass", N, "Create a Pure Data patch that generates white noise, applies a high-pass filter with an adjustable frequency threshold, and allows for volume adjustment before outputting the audio signal.", source=SEED)
def _(p):
    f = p.num()
    v = p.hsl(0, 1)
    n = p.obj("noise~")
    h = p.obj("hip~ 1000", n, (f, 0, 1))
    p.comment(h, "cutoff in Hz from the number box")
    stereo_out(p, h, v)
    return [sound("filtered noise", [S(1, 2000), S(2, 0.5), W(200), REC(500)], sounding=True, broadband=True, like_reference="spectrum"),
            sound("muted", [S(1, 2000), S(2, 0), W(200), REC(500)], sounding=False)]


@core("pink-noise-volume", N, "Create a Pure Data patch that generates pink noise and allows for volume control before sending the audio signal to the digital-to-analog converter.", source=SEED)
def _(p):
    v = p.hsl(0, 1)
    n = p.obj("noise~")
    a = p.obj("lop~ 80", n)
    b = p.obj("lop~ 800", n)
    c = p.obj("lop~ 8000", n)
    p.comment(c, "three one-pole lowpasses approximate the -3 dB per octave pink slope")
    a2 = p.obj("*~ 4", a)
    c2 = p.obj("*~ 0.3", c)
    p.comment(a2, "more weight on the low bands")
    s1 = p.obj("+~", a2, (b, 0, 1))
    s2 = p.obj("+~", s1, (c2, 0, 1))
    stereo_out(p, s2, v)
    return [sound("pink noise", [S(1, 0.5), W(1000), REC(1000)], sounding=True, broadband=True, like_reference="spectrum")]


@core("bandpass-noise", N, "Create a Pure Data patch that generates a band-pass filtered noise signal with adjustable center frequency, Q, and volume.", source=SEED)
def _(p):
    f = p.num()
    q = p.num()
    v = p.hsl(0, 1)
    n = p.obj("noise~")
    bp = p.obj("bp~ 1000 5", n, (f, 0, 1), (q, 0, 2))
    p.comment(bp, "center frequency and Q")
    g = p.obj("*~ 4", bp)
    p.comment(g, "make up for the narrow band")
    stereo_out(p, g, v)
    return [sound("band around 800 Hz", [S(1, 800), S(2, 10), S(3, 0.5), W(200), REC(500)], sounding=True, like_reference="spectrum")]


@core("lowpass-noise-fixed", N, "white noise -> 500 Hz lowpass -> speakers")
def _(p):
    n = p.obj("noise~")
    l = p.obj("lop~ 500", n)
    out(p, l, "0.3")
    return [sound("dull noise", LISTEN, sounding=True, like_reference="spectrum")]


@core("vcf-sweep", N, "I'd love a classic filter sweep: a 110 Hz sawtooth through a resonant vcf~ whose center is swept by a slow sine LFO between 300 and 2300 Hz.")
def _(p):
    saw = p.obj("phasor~ 110")
    lfo = p.obj("osc~ 0.25")
    d = p.obj("*~ 1000", lfo)
    c = p.obj("+~ 1300", d)
    p.comment(c, "center swings 300..2300 Hz")
    f = p.obj("vcf~ 8", saw, (c, 0, 1))
    out(p, f, "0.2")
    return [sound("sweep", [W(100), REC(2000)], sounding=True, like_reference="spectrum")]


@core("wind-noise", N, "Create a Pure Data patch that sounds like wind: noise through a band-pass filter whose centre drifts randomly every half second.")
def _(p):
    lb = p.obj("loadbang")
    m = p.obj("metro 500", lb)
    r = p.obj("random 800", m)
    a = p.obj("+ 300", r)
    pk = p.obj("pack f 500", a)
    l = p.obj("line~", pk)
    p.comment(l, "glide to each new centre")
    n = p.obj("noise~")
    f = p.obj("vcf~ 3", n, (l, 0, 1))
    out(p, f, "0.5")
    return [sound("wind", [W(500), REC(2000)], sounding=True, broadband=True)]


@core("dc-blocker", N, "My phasor~ has a DC offset that makes the speakers thump. Show me a patch that removes it with a high-pass before the dac~ (200 Hz phasor).")
def _(p):
    ph = p.obj("phasor~ 200")
    h = p.obj("hip~ 5", ph)
    p.comment(h, "5 Hz high-pass removes the 0.5 offset")
    out(p, h)
    return [sound("saw without offset", [W(500), REC(500)], sounding=True, pitch=200)]


@core("moog-filter-saw", N, "Create a Pure Data patch that runs a 80 Hz sawtooth through the bob~ Moog ladder filter with cutoff and resonance number boxes.")
def _(p):
    cf = p.num()
    rs = p.num()
    saw = p.obj("phasor~ 80")
    c = p.obj("-~ 0.5", saw)
    b = p.obj("bob~", c, (cf, 0, 1), (rs, 0, 2))
    out(p, b, "0.3")
    return [sound("filtered", [S(1, 800), S(2, 2), W(200), REC(500)], sounding=True, like_reference="spectrum")]


@core("biquad-lowpass", N, "Create a Pure Data patch that filters noise with a biquad~ lowpass (about 1 kHz, Q 0.7) set by coefficients on load.")
def _(p):
    lb = p.obj("loadbang")
    m = p.msg("1.8521 -0.8696 0.0044 0.0088 0.0044", lb)
    p.comment(m, "fb1 fb2 ff1 ff2 ff3 for 1 kHz at 44.1 kHz")
    n = p.obj("noise~")
    bq = p.obj("biquad~", n, (m, 0, 0))
    out(p, bq, "0.5")
    return [sound("lowpassed", [W(200), REC(500)], sounding=True, like_reference="spectrum")]


@core("resonant-whistle", N, "noise into a very narrow band-pass at 1200 Hz so it whistles")
def _(p):
    n = p.obj("noise~")
    b = p.obj("bp~ 1200 50", n)
    g = p.obj("*~ 10", b)
    out(p, g)
    return [sound("whistle", [W(200), REC(500)], sounding=True, pitch=1200)]


@core("filter-slider-lowpass", N, "Create a Pure Data patch where a slider from 100 to 5000 sets the cutoff of a lowpass on a sawtooth.")
def _(p):
    v = p.hsl(100, 5000)
    saw = p.obj("phasor~ 110")
    l = p.obj("lop~", saw, (v, 0, 1))
    h = p.obj("hip~ 10", l)
    out(p, h)
    return [sound("dark", [S(1, 300), W(200), REC(500)], sounding=True, pitch=110, like_reference="spectrum")]


@core("noise-toggle-volume", N, "simple noise generator: toggle to turn it on, vertical slider for level")
def _(p):
    t = p.tgl()
    v = p.vsl(0, 1)
    n = p.obj("noise~")
    a = p.obj("*~", n, (t, 0, 1))
    stereo_out(p, a, v)
    return [sound("on", [T(1, 1), S(1, 0.5), W(200), REC(500)], sounding=True, broadband=True),
            sound("off", [T(1, 0), S(1, 0.5), W(200), REC(500)], sounding=False)]


# ================================================================ noise-filters: fewshot
@fewshot("white-noise-volume", N, "Create a Pure Data patch that plays white noise with a volume slider in decibels.")
def _(p):
    v = p.hsl(0, 100)
    n = p.obj("noise~")
    db_volume_out(p, n, v)
    return [sound("noise", [S(1, 80), W(200), REC(500)], sounding=True, broadband=True)]


@fewshot("rumble", N, "low rumble: noise filtered below 200 Hz")
def _(p):
    n = p.obj("noise~")
    l = p.obj("lop~ 200", n)
    l2 = p.obj("lop~ 200", l)
    out(p, l2, "0.8")
    return [sound("rumble", LISTEN, sounding=True)]


@fewshot("hiss", N, "I want a hiss sound: noise through a 3 kHz high-pass.")
def _(p):
    n = p.obj("noise~")
    h = p.obj("hip~ 3000", n)
    out(p, h, "0.2")
    return [sound("hiss", LISTEN, sounding=True, broadband=True)]


@fewshot("vcf-on-noise-slider", N, "Create a Pure Data patch where a slider sets the centre frequency of a vcf~ on noise.")
def _(p):
    v = p.hsl(200, 4000)
    n = p.obj("noise~")
    s = p.obj("sig~", v)
    f = p.obj("vcf~ 10", n, (s, 0, 1))
    out(p, f, "0.5")
    return [sound("filtered", [S(1, 1000), W(200), REC(500)], sounding=True)]


@fewshot("sine-through-lowpass", N, "Create a Pure Data patch that passes a 2 kHz sine through a 200 Hz lowpass to make it quieter.")
def _(p):
    o = p.obj("osc~ 2000")
    l = p.obj("lop~ 200", o)
    out(p, l, "0.5")
    return [sound("quiet tone", LISTEN, sounding=True, pitch=2000)]


@fewshot("narrow-band-noise", N, "Create a Pure Data patch with noise through bp~ at 600 Hz and Q 20.")
def _(p):
    n = p.obj("noise~")
    b = p.obj("bp~ 600 20", n)
    out(p, b)
    return [sound("band", LISTEN, sounding=True)]


@fewshot("rpole-smoothing", N, "Create a Pure Data patch that darkens noise with a one-pole rpole~ filter.")
def _(p):
    n = p.obj("noise~")
    s = p.obj("rpole~ 0.95", n)
    p.comment(s, "y = x + 0.95 y[n-1]: a steep lowpass with gain")
    out(p, s, "0.02")
    return [sound("smooth", LISTEN, sounding=True)]


@fewshot("highpass-saw-number", N, "Create a Pure Data patch that high-passes a 100 Hz sawtooth at a cutoff typed in a number box.")
def _(p):
    f = p.num()
    saw = p.obj("phasor~ 100")
    h = p.obj("hip~", saw, (f, 0, 1))
    out(p, h)
    return [sound("thin saw", [S(1, 1000), W(200), REC(500)], sounding=True)]


# ================================================================ envelopes: core
@core("bang-ad-envelope", E, "When I hit a button I want a short 600 Hz beep: 10 ms attack, 300 ms decay.")
def _(p):
    b = p.bng()
    m = p.msg("1 10 \\, 0 300 10", b)
    p.comment(m, "up in 10 ms, then down in 300 ms starting at 10 ms")
    v = p.obj("vline~", m)
    o = p.obj("osc~ 600")
    x = p.obj("*~", o, (v, 0, 1))
    out(p, x, "0.2")
    return [sound("beep", [B(1), REC(200)], sounding=True, pitch=600),
            sound("gone after a second", [B(1), W(1000), REC(300)], sounding=False)]


@core("adsr-toggle-gate", E, "Create a Pure Data patch with an ADSR envelope on a 220 Hz tone: turning a toggle on plays attack 50 ms, decay 200 ms to sustain 0.5; turning it off releases over 500 ms.")
def _(p):
    t = p.tgl()
    s = p.obj("sel 1 0", t)
    on = p.msg("1 50 \\, 0.5 200 50", (s, 0))
    off = p.msg("0 500", (s, 1))
    v = p.obj("vline~", on, off)
    o = p.obj("osc~ 220")
    x = p.obj("*~", o, (v, 0, 1))
    out(p, x, "0.2")
    return [sound("sustaining", [T(1, 1), W(500), REC(500)], sounding=True, pitch=220),
            sound("released", [T(1, 1), W(300), T(1, 0), W(800), REC(300)], sounding=False)]


@core("fade-in-out-toggle", E, "toggle that fades a 330 Hz tone in and out, two seconds each way")
def _(p):
    t = p.tgl()
    pk = p.obj("pack f 2000", t)
    l = p.obj("line~", pk)
    o = p.obj("osc~ 330")
    x = p.obj("*~", o, (l, 0, 1))
    out(p, x, "0.2")
    return [sound("faded in", [T(1, 1), W(2100), REC(500)], sounding=True, pitch=330),
            sound("faded out", [T(1, 1), W(2100), T(1, 0), W(2100), REC(300)], sounding=False)]


@core("noise-burst-hit", E, "Create a Pure Data patch that plays a percussive noise burst (like a snare) when a button is hit.")
def _(p):
    b = p.bng()
    m = p.msg("1 \\, 0 150", b)
    v = p.obj("vline~", m)
    sq = p.obj("*~", v, (v, 0, 1))
    p.comment(sq, "squaring makes the decay sharper")
    n = p.obj("noise~")
    x = p.obj("*~", n, (sq, 0, 1))
    out(p, x, "0.5")
    return [sound("hit", [B(1), REC(100)], sounding=True, broadband=True),
            sound("decayed", [B(1), W(500), REC(300)], sounding=False)]


@core("pulsing-envelope", E, "Create a Pure Data patch that repeats a plucked 440 Hz note every 500 ms while a toggle is on.")
def _(p):
    t = p.tgl()
    m = p.obj("metro 500", t)
    e = p.msg("1 5 \\, 0 400 5", m)
    v = p.obj("vline~", e)
    o = p.obj("osc~ 440")
    x = p.obj("*~", o, (v, 0, 1))
    out(p, x, "0.2")
    return [sound("plucks", [T(1, 1), W(100), REC(1500)], sounding=True, pitch=440)]


@core("attack-time-slider", E, "Create a Pure Data patch where a number box sets the attack time in ms of a note that starts on a button and decays over one second.")
def _(p):
    b = p.bng()
    a = p.num()
    pk = p.obj("pack 0 0", b, (a, 0, 1))
    p.comment(pk, "bang outputs 0 and the attack time")
    m = p.msg("1 $2 \\, 0 1000 $2", pk)
    v = p.obj("vline~", m)
    o = p.obj("osc~ 500")
    x = p.obj("*~", o, (v, 0, 1))
    out(p, x, "0.2")
    return [sound("slow attack", [S(1, 300), B(1), W(300), REC(300)], sounding=True, pitch=500),
            sound("over after 2 s", [S(1, 300), B(1), W(2000), REC(200)], sounding=False)]


@core("long-fade-out", E, "As soon as the patch opens, play a 200 Hz tone that starts loud and fades to nothing over 5 seconds.")
def _(p):
    lb = p.obj("loadbang")
    m = p.msg("1 \\, 0 5000", lb)
    l = p.obj("line~", m)
    o = p.obj("osc~ 200")
    x = p.obj("*~", o, (l, 0, 1))
    out(p, x, "0.2")
    return [sound("still sounding at 1 s", [W(1000), REC(300)], sounding=True, pitch=200),
            sound("silent after 5 s", [W(5200), REC(300)], sounding=False)]


@core("exponential-decay", E, "Give me a bell-ish 880 Hz ping on a button press, with a decay that sounds exponential rather than linear.")
def _(p):
    b = p.bng()
    m = p.msg("1 \\, 0 2000", b)
    v = p.obj("vline~", m)
    e = p.obj("expr~ $v1 * $v1 * $v1 * $v1", v)
    p.comment(e, "fourth power of a linear ramp decays like an exponential")
    o = p.obj("osc~ 880")
    x = p.obj("*~", o, (e, 0, 1))
    out(p, x, "0.2")
    return [sound("ring", [B(1), REC(300)], sounding=True, pitch=880)]


@core("env-on-fm-index", E, "Create a Pure Data patch where a button plays an FM note whose brightness (modulation index) decays with the amplitude.")
def _(p):
    b = p.bng()
    m = p.msg("1 \\, 0 800", b)
    v = p.obj("vline~", m)
    mod = p.obj("osc~ 300")
    i = p.obj("*~", mod, (v, 0, 1))
    d = p.obj("*~ 600", i)
    c = p.obj("+~ 300", d)
    o = p.obj("osc~", c)
    x = p.obj("*~", o, (v, 0, 1))
    out(p, x, "0.2")
    return [sound("fm pluck", [B(1), REC(300)], sounding=True, like_reference="spectrum")]


@core("declicked-gate", E, "switch a 250 Hz tone on and off with a toggle but without clicks (5 ms ramps)")
def _(p):
    t = p.tgl()
    pk = p.obj("pack f 5", t)
    l = p.obj("line~", pk)
    o = p.obj("osc~ 250")
    x = p.obj("*~", o, (l, 0, 1))
    out(p, x, "0.2")
    return [sound("on", [T(1, 1), W(50), REC(300)], sounding=True, pitch=250),
            sound("off", [T(1, 1), W(50), T(1, 0), W(50), REC(300)], sounding=False)]


@core("ar-envelope-two-numbers", E, "Create a Pure Data patch with number boxes for attack and release times; a button plays a noise note with that attack-release shape.")
def _(p):
    b = p.bng()
    a = p.num()
    r = p.num()
    pk = p.obj("pack 0 0 0", b, (a, 0, 1), (r, 0, 2))
    m = p.msg("1 $2 \\, 0 $3 $2", pk)
    v = p.obj("vline~", m)
    n = p.obj("noise~")
    x = p.obj("*~", n, (v, 0, 1))
    out(p, x, "0.3")
    return [sound("shaped noise", [S(1, 20), S(2, 400), B(1), W(50), REC(200)], sounding=True),
            sound("finished", [S(1, 20), S(2, 400), B(1), W(1000), REC(200)], sounding=False)]


# ================================================================ envelopes: fewshot
@fewshot("click-beep", E, "Create a Pure Data patch where a message box click plays a 1000 Hz beep lasting 100 ms.")
def _(p):
    m = p.msg("bang")
    t = p.obj("t b b", m)
    on = p.msg("1 5", (t, 1))
    d = p.obj("delay 100", (t, 0))
    off = p.msg("0 5", d)
    l = p.obj("line~", on, off)
    p.comment(d, "switch off after 100 ms")
    ph = p.obj("phasor~ 1000")
    c = p.obj("cos~", ph)
    x = p.obj("*~", c, (l, 0, 1))
    out(p, x, "0.2")
    return [sound("beep", [C(1), REC(80)], sounding=True, pitch=1000),
            sound("ended", [C(1), W(300), REC(200)], sounding=False)]


@fewshot("fade-in-on-load", E, "Create a Pure Data patch that fades a 300 Hz sawtooth in over three seconds when it opens, with a curved (squared) fade.")
def _(p):
    lb = p.obj("loadbang")
    m = p.msg("0 \\, 1 3000", lb)
    l = p.obj("line~", m)
    sq = p.obj("*~", l, (l, 0, 1))
    p.comment(sq, "squaring makes the fade start gently")
    ph = p.obj("phasor~ 300")
    c = p.obj("-~ 0.5", ph)
    x = p.obj("*~", c, (sq, 0, 1))
    p.obj("dac~", x, (x, 0, 1))
    return [sound("after fade", [W(3100), REC(300)], sounding=True, pitch=300)]


@fewshot("kick-drum", E, "Could you make a simple kick drum? A button should trigger a sine that drops from 150 to 40 Hz while it fades out.")
def _(p):
    b = p.bng()
    pm = p.msg("150 \\, 40 100", b)
    am = p.msg("1 \\, 0 300", b)
    pv = p.obj("vline~", pm)
    av = p.obj("vline~", am)
    o = p.obj("osc~", pv)
    x = p.obj("*~", o, (av, 0, 1))
    out(p, x, "0.5")
    return [sound("thump", [B(1), REC(150)], sounding=True)]


@fewshot("toggle-fade-noise", E, "Create a Pure Data patch where a toggle fades noise in and out over one second.")
def _(p):
    t = p.tgl()
    pk = p.obj("pack f 1000", t)
    l = p.obj("line~", pk)
    n = p.obj("noise~")
    x = p.obj("*~", n, (l, 0, 1))
    out(p, x, "0.2")
    return [sound("in", [T(1, 1), W(1100), REC(300)], sounding=True)]


@fewshot("metro-blips", E, "short 700 Hz blips, four per second, starting when the patch opens")
def _(p):
    lb = p.obj("loadbang")
    m = p.obj("metro 250", lb)
    e = p.msg("1 2 \\, 0 50 2", m)
    v = p.obj("vline~", e)
    o = p.obj("osc~ 700")
    x = p.obj("*~", o, (v, 0, 1))
    out(p, x, "0.2")
    return [sound("blips", [W(100), REC(1000)], sounding=True)]


@fewshot("swell-and-fall", E, "Create a Pure Data patch where a button makes a 400 Hz tone swell for one second and fall for one second.")
def _(p):
    b = p.bng()
    t = p.obj("t b b", b)
    up = p.msg("1 1000", (t, 1))
    d = p.obj("delay 1000", (t, 0))
    down = p.msg("0 1000", d)
    l = p.obj("line~", up, down)
    p.comment(d, "start falling when the swell is done")
    o = p.obj("osc~ 400")
    x = p.obj("*~", o, (l, 0, 1))
    out(p, x, "0.2")
    return [sound("peak", [B(1), W(900), REC(200)], sounding=True, pitch=400),
            sound("over", [B(1), W(2200), REC(200)], sounding=False)]


@fewshot("hold-note-bang", E, "Create a Pure Data patch where a bang holds a 500 Hz tone at full level for half a second, then stops.")
def _(p):
    b = p.bng()
    t = p.obj("t b b", b)
    one = p.msg("1", (t, 1))
    d = p.obj("delay 500", (t, 0))
    zero = p.msg("0", d)
    pk = p.obj("pack f 5", one, zero)
    p.comment(pk, "5 ms ramps avoid clicks")
    l = p.obj("line~", pk)
    o = p.obj("osc~ 500")
    x = p.obj("*~", l, (o, 0, 1))
    out(p, x, "0.2")
    return [sound("held", [B(1), W(100), REC(300)], sounding=True, pitch=500),
            sound("stopped", [B(1), W(700), REC(300)], sounding=False)]


# ================================================================ effects: core
def source_loop(p, note=440):
    """A repeating plucked note used as the dry signal of effect patches."""
    lb = p.obj("loadbang")
    m = p.obj("metro 1000", lb)
    e = p.msg("1 \\, 0 200", m)
    v = p.obj("vline~", e)
    o = p.obj(f"osc~ {note}")
    return p.obj("*~", o, (v, 0, 1))


@core("echo-delay-line", FX, "Create a Pure Data patch that adds a single 300 ms echo to a repeating plucked note using delwrite~ and delread~.")
def _(p):
    src = source_loop(p)
    dw = p.obj("delwrite~ echo 1000", src)
    dr = p.obj("delread~ echo 300")
    g = p.obj("*~ 0.5", dr)
    mix = p.obj("+~", src, (g, 0, 1))
    p.comment(mix, "dry plus half-level echo")
    out(p, mix, "0.2")
    return [sound("echo", [W(100), REC(1500)], sounding=True, like_reference="spectrum")]


@core("feedback-echo", FX, "Create a Pure Data patch with a feedback delay: 250 ms echoes that repeat and fade, with the feedback amount set by a slider.")
def _(p):
    fb = p.hsl(0, 0.9)
    src = source_loop(p)
    dr = p.obj("delread~ loop 250")
    g = p.obj("*~", dr, (fb, 0, 1))
    mix = p.obj("+~", src, (g, 0, 1))
    p.obj("delwrite~ loop 2000", mix)
    p.comment(mix, "the echo is written back into the delay")
    out(p, mix, "0.2")
    return [sound("echoes", [S(1, 0.6), W(100), REC(1500)], sounding=True, like_reference="spectrum")]


@core("hard-clip-distortion", FX, "distortion: 220 Hz sine, gain x10, hard clip to -1..1")
def _(p):
    o = p.obj("osc~ 220")
    g = p.obj("*~ 10", o)
    c = p.obj("clip~ -1 1", g)
    p.comment(c, "flattened peaks add harmonics")
    out(p, c)
    return [sound("distorted", LISTEN, sounding=True, pitch=220, like_reference="spectrum")]


@core("tanh-drive", FX, "Create a Pure Data patch with a drive number box feeding a tanh soft-clipper on a 110 Hz sawtooth.")
def _(p):
    d = p.num()
    saw = p.obj("phasor~ 110")
    c = p.obj("-~ 0.5", saw)
    g = p.obj("*~", c, (d, 0, 1))
    t = p.obj("expr~ tanh($v1)", g)
    out(p, t)
    return [sound("driven", [S(1, 8), W(100), REC(500)], sounding=True, like_reference="spectrum")]


@core("bitcrusher", FX, "Can you show me a bitcrusher? Quantize a 300 Hz sine to 8 steps per side.")
def _(p):
    o = p.obj("osc~ 300")
    q = p.obj("expr~ floor($v1 * 8 + 0.5) / 8", o)
    p.comment(q, "round to steps of 1/8")
    out(p, q)
    return [sound("crushed", LISTEN, sounding=True, pitch=300, like_reference="spectrum")]


@core("vibrato-delay", FX, "Create a Pure Data patch that applies vibrato to a tone by modulating a short delay time with a 5 Hz LFO (vd~).")
def _(p):
    o = p.obj("osc~ 440")
    p.obj("delwrite~ vib 100", o)
    lfo = p.obj("osc~ 5")
    d = p.obj("*~ 2", lfo)
    a = p.obj("+~ 5", d)
    p.comment(a, "delay swings 3..7 ms")
    v = p.obj("vd~ vib", a)
    out(p, v)
    return [sound("vibrato", [W(100), REC(1000)], sounding=True, pitch=440)]


@core("simple-chorus", FX, "Hi, I want to thicken a 220 Hz sawtooth with a chorus effect. Mix the dry saw with a copy whose delay wobbles slowly around 20 ms.")
def _(p):
    saw = p.obj("phasor~ 220")
    c = p.obj("-~ 0.5", saw)
    p.obj("delwrite~ chorus 100", c)
    lfo = p.obj("osc~ 0.8")
    d = p.obj("*~ 3", lfo)
    a = p.obj("+~ 20", d)
    v = p.obj("delread4~ chorus", a)
    mix = p.obj("+~", c, (v, 0, 1))
    out(p, mix)
    return [sound("chorused", [W(100), REC(1000)], sounding=True, like_reference="spectrum")]


@core("tremolo-effect-depth", FX, "Create a Pure Data patch with a tremolo effect on a 330 Hz tone, with rate and depth number boxes.")
def _(p):
    rate = p.num()
    depth = p.num()
    lfo = p.obj("osc~", rate)
    sc = p.obj("*~", lfo, (depth, 0, 1))
    one = p.obj("+~ 1", sc)
    h = p.obj("*~ 0.5", one)
    o = p.obj("osc~ 330")
    x = p.obj("*~", o, (h, 0, 1))
    out(p, x)
    return [sound("tremolo", [S(1, 4), S(2, 1), W(100), REC(1000)], sounding=True, pitch=330)]


@core("reverb-ish-delays", FX, "Create a Pure Data patch with a crude reverb: three feedback delays of 37, 41 and 53 ms summed after a plucked note.")
def _(p):
    src = source_loop(p, 523)
    taps = []
    for name, ms in (("r1", 37), ("r2", 41), ("r3", 53)):
        dr = p.obj(f"delread~ {name} {ms}")
        g = p.obj("*~ 0.7", dr)
        s = p.obj("+~", src, (g, 0, 1))
        p.obj(f"delwrite~ {name} 100", s)
        taps.append(g)
    m1 = p.obj("+~", taps[0], (taps[1], 0, 1))
    m2 = p.obj("+~", m1, (taps[2], 0, 1))
    mix = p.obj("+~", src, (m2, 0, 1))
    p.comment(mix, "dry note plus the three tails")
    out(p, mix, "0.1")
    return [sound("reverberant", [W(100), REC(1500)], sounding=True, like_reference="spectrum")]


@core("wavefolder", FX, "wavefolder on a 150 Hz sine: sin() of the signal times a gain from a number box")
def _(p):
    g = p.num()
    o = p.obj("osc~ 150")
    m = p.obj("*~", o, (g, 0, 1))
    f = p.obj("expr~ sin($v1)", m)
    p.comment(f, "large gains fold the wave back on itself")
    out(p, f)
    return [sound("folded", [S(1, 6), W(100), REC(500)], sounding=True, like_reference="spectrum")]


@core("ping-pong-delay", FX, "Create a Pure Data patch for a ping-pong delay: echoes of a plucked note alternate between the left and right channels every 200 ms.")
def _(p):
    src = source_loop(p)
    dl = p.obj("delread~ ppR 200")
    gl = p.obj("*~ 0.6", dl)
    l = p.obj("+~", src, (gl, 0, 1))
    p.obj("delwrite~ ppL 1000", l)
    dr = p.obj("delread~ ppL 200")
    gr = p.obj("*~ 0.6", dr)
    p.obj("delwrite~ ppR 1000", gr)
    p.comment(gr, "left feeds right, right feeds left")
    ol = p.obj("*~ 0.2", l)
    orr = p.obj("*~ 0.2", dr)
    p.obj("dac~", ol, (orr, 0, 1))
    return [sound("bouncing", [W(100), REC(1500)], sounding=True, like_reference="spectrum")]


@core("auto-wah", FX, "Make an auto-wah: a 2 Hz LFO sweeping a band-pass filter over a 110 Hz sawtooth.")
def _(p):
    saw = p.obj("phasor~ 110")
    lfo = p.obj("osc~ 2")
    d = p.obj("*~ 600", lfo)
    c = p.obj("+~ 900", d)
    f = p.obj("vcf~ 5", saw, (c, 0, 1))
    out(p, f, "0.3")
    return [sound("wah", [W(100), REC(1000)], sounding=True, like_reference="spectrum")]


# ================================================================ effects: fewshot
@fewshot("slapback-echo", FX, "Create a Pure Data patch that adds an 80 ms slapback echo to a sawtooth pluck repeated every 700 ms.")
def _(p):
    lb = p.obj("loadbang")
    m = p.obj("metro 700", lb)
    e = p.msg("1 \\, 0 300", m)
    v = p.obj("vline~", e)
    ph = p.obj("phasor~ 220")
    c = p.obj("-~ 0.5", ph)
    src = p.obj("*~", c, (v, 0, 1))
    p.obj("delwrite~ slap 500", src)
    dr = p.obj("delread~ slap 80")
    g = p.obj("*~ 0.7", dr)
    mix = p.obj("+~", src, (g, 0, 1))
    out(p, mix, "0.2")
    return [sound("slap", [W(100), REC(1000)], sounding=True)]


@fewshot("soft-clip-sine", FX, "soft clip a loud 200 Hz sine with tanh")
def _(p):
    o = p.obj("osc~ 200")
    g = p.obj("*~ 5", o)
    t = p.obj("expr~ tanh($v1)", g)
    out(p, t)
    return [sound("saturated", LISTEN, sounding=True, pitch=200)]


@fewshot("clip-gain-number", FX, "Create a Pure Data patch that boosts noise by a gain from a number box and clips it to plus or minus 0.5.")
def _(p):
    g = p.num()
    n = p.obj("noise~")
    m = p.obj("*~", n, (g, 0, 1))
    c = p.obj("clip~ -0.5 0.5", m)
    out(p, c)
    return [sound("clipped", [S(1, 4), W(100), REC(500)], sounding=True)]


@fewshot("flanger", FX, "flanger on noise: mix it with a copy delayed 1-5 ms by a slow LFO")
def _(p):
    n = p.obj("noise~")
    p.obj("delwrite~ flange 50", n)
    lfo = p.obj("osc~ 0.3")
    d = p.obj("*~ 2", lfo)
    a = p.obj("+~ 3", d)
    v = p.obj("vd~ flange", a)
    mix = p.obj("+~", n, (v, 0, 1))
    out(p, mix, "0.1")
    return [sound("flanged", [W(100), REC(1000)], sounding=True)]


@fewshot("decimator", FX, "Create a Pure Data patch that reduces the sample rate of a sine using samphold~ and a phasor.")
def _(p):
    o = p.obj("osc~ 440")
    ph = p.obj("phasor~ 2000")
    s = p.obj("samphold~", o, (ph, 0, 1))
    out(p, s)
    return [sound("aliased", LISTEN, sounding=True)]


@fewshot("fixed-tremolo", FX, "Create a Pure Data patch that chops a 600 Hz tone on and off 8 times a second, like a hard tremolo.")
def _(p):
    ph = p.obj("phasor~ 8")
    g = p.obj("expr~ $v1 < 0.5", ph)
    p.comment(g, "1 for the first half of each cycle, else 0")
    s = p.obj("lop~ 200", g)
    o = p.obj("osc~ 600")
    x = p.obj("*~", o, (s, 0, 1))
    out(p, x)
    return [sound("chopped", [W(100), REC(1000)], sounding=True, pitch=600)]


@fewshot("rectifier", FX, "Create a Pure Data patch that full-wave rectifies a 100 Hz sine with abs~ and removes the offset.")
def _(p):
    o = p.obj("osc~ 100")
    a = p.obj("abs~", o)
    h = p.obj("hip~ 5", a)
    out(p, h)
    return [sound("rectified", [W(300), REC(500)], sounding=True)]


@fewshot("stereo-widener-delay", FX, "Create a Pure Data patch that plays a sawtooth dry on the left and 15 ms delayed on the right.")
def _(p):
    saw = p.obj("phasor~ 165")
    c = p.obj("-~ 0.5", saw)
    p.obj("delwrite~ wide 100", c)
    d = p.obj("delread~ wide 15")
    l = p.obj("*~ 0.1", c)
    r = p.obj("*~ 0.1", d)
    p.obj("dac~", l, (r, 0, 1))
    return [sound("wide", LISTEN, sounding=True)]
