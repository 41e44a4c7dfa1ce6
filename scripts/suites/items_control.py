"""message-routing, timing, counters-state and random-sequencing items."""
from authoring import core, fewshot, make, S, T, B, C, SEND, W, OBS, REC, chk, sound, chain, stereo_out, SEED

R = "message-routing"
TM = "timing"
CS = "counters-state"
RS = "random-sequencing"

BYOUT = {"outputs": "from-reference", "compare": "by-output"}

# ================================================================ message-routing: core
@core("route-by-keyword", R, "Three message boxes (freq 440, amp 0.5, pan 0.2): send freq and amp messages to their own prints and anything else to a third print.")
def _(p):
    a = p.msg("freq 440")
    b = p.msg("amp 0.5")
    c = p.msg("pan 0.2")
    r = p.obj("route freq amp", a, b, c)
    p.obj("print freq", (r, 0))
    p.obj("print amp", (r, 1))
    p.obj("print other", (r, 2))
    return [chk("freq message", [C(1), OBS], {"outputs": [440]}),
            chk("amp message", [C(2), OBS], {"outputs": [0.5]}),
            chk("other message", [C(3), OBS], BYOUT)]


@core("select-number-words", R, "number box; print one / two / three for 1 / 2 / 3, nothing for other numbers")
def _(p):
    n = p.num()
    s = p.obj("sel 1 2 3", n)
    m = [p.msg(w, (s, i)) for i, w in enumerate(["one", "two", "three"])]
    pr = p.obj("print word", m[0])
    for x in m[1:]:
        p.connect(x, 0, pr, 0)
    return [chk("2", [S(1, 2), OBS], {"outputs": ["two"]}), chk("3", [S(1, 3), OBS], {"outputs": ["three"]}),
            chk("5 prints nothing", [S(1, 5), OBS], {"outputs": []})]


@core("pack-two-numbers", R, "Create a Pure Data patch that packs two numbers into a list and prints it whenever either number changes.")
def _(p):
    n1 = p.num()
    n2 = p.num()
    t = p.obj("t b f", n2)
    pk = p.obj("pack f f", n1, (t, 1, 1))
    p.connect(t, 0, pk, 0)
    p.comment(pk, "a bang on the left outputs the stored pair")
    p.obj("print pair", pk)
    return [chk("3 then 4", [S(1, 3), S(2, 4), OBS], {"outputs": ["3 4"], "compare": "last"})]


@core("unpack-three", R, "Split the list 1 2 3 from a message box into three number boxes.")
def _(p):
    m = p.msg("1 2 3")
    u = p.obj("unpack f f f", m)
    for i in range(3):
        p.num((u, i))
    return [chk("click the list", [C(1), OBS], {"outputs": [3, 2, 1]})]


@core("trigger-print-order", R, "I keep getting my messages in the wrong order. Can you make a patch where pressing a button prints first, second and third, in that order?")
def _(p):
    b = p.bng()
    t = p.obj("t b b b", b)
    p.comment(t, "trigger fires right to left")
    m3 = p.msg("third", (t, 0))
    m2 = p.msg("second", (t, 1))
    m1 = p.msg("first", (t, 2))
    pr = p.obj("print order", m3)
    p.connect(m2, 0, pr, 0)
    p.connect(m1, 0, pr, 0)
    return [chk("press", [B(1), OBS], {"outputs": ["first", "second", "third"]})]


@core("toggle-gate", R, "Numbers from a number box should only reach a print when a toggle is on.")
def _(p):
    n = p.num()
    t = p.tgl()
    s = p.obj("spigot", n, (t, 0, 1))
    p.obj("print passed", s)
    return [chk("closed gate", [S(1, 5), OBS], {"outputs": []}),
            chk("open gate", [T(1, 1), S(1, 5), OBS], {"outputs": [5]})]


@core("send-receive-double", R, "Show me how send and receive work: a number box sends its value without a wire, the receiving side doubles it and prints it.")
def _(p):
    n = p.num()
    p.obj("s number", n)
    r = p.obj("r number")
    r.pin = 2
    d = p.obj("* 2", r)
    p.obj("print doubled", d)
    return [chk("21", [S(1, 21), OBS], {"outputs": [42]})]


@core("swap-two-numbers", R, "two number boxes in, two number boxes out, but swapped (first input goes to the right output)")
def _(p):
    n1 = p.num()
    n2 = p.num()
    sw = p.obj("swap", n1, (n2, 0, 1))
    p.num((sw, 0))
    p.num((sw, 1))
    return [chk("5 and 9", [S(2, 9), S(1, 5), OBS], {"outputs": "from-reference", "compare": "by-output"})]


@core("route-number-by-radio", R, "Create a Pure Data patch where a radio button picks which of three prints receives the numbers you type.")
def _(p):
    n = p.num()
    h = p.hradio(3)
    lp = p.obj("list prepend 0", n, (h, 0, 1))
    p.comment(lp, "tag each number with the chosen output")
    r = p.obj("route 0 1 2", lp)
    for i, nm in enumerate("abc"):
        p.obj(f"print {nm}", (r, i))
    return [chk("to the second output", [S(2, 1), S(1, 7), OBS], BYOUT),
            chk("to the third output", [S(2, 2), S(1, 8), OBS], BYOUT)]


@core("route-by-type", R, "Create a Pure Data patch that separates bangs, numbers and symbols coming from three message boxes into three prints.")
def _(p):
    a = p.msg("bang")
    b = p.msg("5")
    c = p.msg("symbol hello")
    r = p.obj("route bang float symbol", a, b, c)
    p.obj("print bang", (r, 0))
    p.obj("print float", (r, 1))
    p.obj("print symbol", (r, 2))
    return [chk("bang", [C(1), OBS], BYOUT), chk("number", [C(2), OBS], {"outputs": [5]}),
            chk("symbol", [C(3), OBS], BYOUT)]


@core("only-changes", R, "print numbers only when they differ from the previous one")
def _(p):
    n = p.num()
    c = p.obj("change", n)
    p.obj("print changed", c)
    return [chk("repeats are dropped", [S(1, 3), S(1, 3), S(1, 4), OBS], {"outputs": [3, 4]})]


@core("list-split-head", R, "Print the list 10 20 30 40 split after its first two elements: the head to one print and the tail to another.")
def _(p):
    m = p.msg("10 20 30 40")
    s = p.obj("list split 2", m)
    p.obj("print head", (s, 0))
    p.obj("print tail", (s, 1))
    return [chk("click", [C(1), OBS], {"outputs": ["30 40", "10 20"]})]


@core("double-then-original", R, "Create a Pure Data patch that prints twice the incoming number first and then the number itself.")
def _(p):
    n = p.num()
    t = p.obj("t f f", n)
    d = p.obj("* 2", (t, 1))
    pr = p.obj("print", d)
    p.connect(t, 0, pr, 0)
    return [chk("6", [S(1, 6), OBS], {"outputs": [12, 6]})]


# ================================================================ message-routing: fewshot
@fewshot("route-note-cc", R, "Route messages starting with note and cc to two separate prints (test with 'note 60 100' and 'cc 7 127').")
def _(p):
    a = p.msg("note 60 100")
    b = p.msg("cc 7 127")
    r = p.obj("route note cc", a, b)
    p.obj("print note", (r, 0))
    p.obj("print cc", (r, 1))
    return [chk("note", [C(1), OBS], {"outputs": ["60 100"]}), chk("cc", [C(2), OBS], {"outputs": ["7 127"]})]


@fewshot("select-start-stop", R, "Create a Pure Data patch that reacts to the words start and stop typed into a symbol box.")
def _(p):
    s = p.sym()
    sel = p.obj("sel start stop", s)
    a = p.msg("starting", (sel, 0))
    b = p.msg("stopping", (sel, 1))
    pr = p.obj("print", a)
    p.connect(b, 0, pr, 0)
    return [chk("start", [SEND(1, "symbol start"), OBS], {"outputs": ["starting"]}),
            chk("stop", [SEND(1, "symbol stop"), OBS], {"outputs": ["stopping"]})]


@fewshot("pack-with-constant", R, "pair every incoming number with 100 and print the list")
def _(p):
    n = p.num()
    pk = p.obj("pack f 100", n)
    p.obj("print", pk)
    return [chk("5", [S(1, 5), OBS], {"outputs": ["5 100"]})]


@fewshot("unpack-freq-amp", R, "Create a Pure Data patch that splits a 'frequency amplitude' pair into two number boxes.")
def _(p):
    m = p.msg("440 0.5")
    u = p.obj("unpack f f", m)
    p.num((u, 0))
    p.num((u, 1))
    return [chk("click", [C(1), OBS], {"outputs": [0.5, 440]})]


@fewshot("value-then-done", R, "Create a Pure Data patch that prints an incoming number and afterwards prints done.")
def _(p):
    n = p.num()
    t = p.obj("t b f", n)
    pr = p.obj("print", (t, 1))
    d = p.msg("done", (t, 0))
    p.connect(d, 0, pr, 0)
    return [chk("3", [S(1, 3), OBS], {"outputs": [3, "done"]})]


@fewshot("shared-value", R, "How do I share a variable between places? Store a number in a named value and recall it with a bang.")
def _(p):
    n = p.num()
    b = p.bng()
    v1 = p.obj("v shared", n)
    v2 = p.obj("v shared", b)
    p.obj("print recalled", v2)
    return [chk("store 12, recall", [S(1, 12), B(1), OBS], {"outputs": [12], "compare": "last"})]


@fewshot("route-by-number", R, "Create a Pure Data patch that routes lists by their first number, 1 or 2, to two prints.")
def _(p):
    a = p.msg("1 100")
    b = p.msg("2 200")
    r = p.obj("route 1 2", a, b)
    p.obj("print one", (r, 0))
    p.obj("print two", (r, 1))
    return [chk("first", [C(1), OBS], {"outputs": [100]}), chk("second", [C(2), OBS], {"outputs": [200]})]


@fewshot("drop-zeros", R, "Create a Pure Data patch that passes every number except zero.")
def _(p):
    n = p.num()
    s = p.obj("sel 0", n)
    p.obj("print nonzero", (s, 1))
    return [chk("0 then 4", [S(1, 0), S(1, 4), OBS], {"outputs": [4]})]


@fewshot("append-word", R, "Create a Pure Data patch that appends the word hello to every number and prints the list.")
def _(p):
    n = p.num()
    a = p.obj("list append hello", n)
    p.obj("print", a)
    return [chk("7", [S(1, 7), OBS])]


# ================================================================ timing: core
@core("pipe-500ms", TM, "Create a Pure Data patch that takes an input value, pipes it through a 500ms delay, and outputs the delayed value.", source=SEED)
def _(p):
    n = p.num()
    pp = p.obj("pipe 500", n)
    p.num(pp)
    p.obj("outlet", pp)
    return [chk("nothing after 200 ms", [S(1, 7), W(200), OBS], {"outputs": []}),
            chk("value after 600 ms", [S(1, 7), W(600), OBS], {"outputs": [7]})]


@core("metro-toggle-ticks", TM, "metronome every 250 ms, on/off toggle, print the ticks")
def _(p):
    t = p.tgl()
    m = p.obj("metro 250", t)
    p.obj("print tick", m)
    return [chk("one second of ticks", [T(1, 1), W(1000), OBS], {"outputs": {"min-count": 4, "max-count": 5}}),
            chk("stopped", [T(1, 1), T(1, 0), W(1000), OBS], {"outputs": {"max-count": 1}})]


@core("delay-one-second", TM, "Press a button and a bang gets printed one second later.")
def _(p):
    b = p.bng()
    d = p.obj("delay 1000", b)
    p.obj("print later", d)
    return [chk("not yet", [B(1), W(500), OBS], {"outputs": []}),
            chk("after a second", [B(1), W(1100), OBS], {"outputs": ["bang"]})]


@core("line-ramp-print", TM, "Create a Pure Data patch that ramps a number from 0 to 100 over one second when a message box is clicked and prints the values.")
def _(p):
    m = p.msg("0 \\, 100 1000")
    p.comment(m, "jump to 0 then glide to 100 in 1000 ms")
    l = p.obj("line", m)
    p.obj("print ramp", l)
    return [chk("ends at 100", [C(1), W(1100), OBS], {"outputs": {"last": 100, "min-count": 10}})]


@core("time-between-bangs", TM, "How long is it between my two button presses? Make two buttons and print the milliseconds from the first to the second.")
def _(p):
    b1 = p.bng()
    b2 = p.bng()
    t = p.obj("timer", b1, (b2, 0, 1))
    p.obj("print ms", t)
    return [chk("750 ms apart", [B(1), W(750), B(2), OBS], {"outputs": [750]})]


@core("stopwatch-toggle", TM, "Create a Pure Data stopwatch: turning a toggle on starts timing and turning it off prints the elapsed milliseconds.")
def _(p):
    t = p.tgl()
    s = p.obj("sel 1 0", t)
    tm = p.obj("timer", (s, 0), (s, 1, 1))
    p.comment(tm, "left resets, right measures")
    p.obj("print elapsed", tm)
    return [chk("1.5 seconds", [T(1, 1), W(1500), T(1, 0), OBS], {"outputs": [1500]})]


@core("metro-bpm", TM, "Create a Pure Data patch with a metronome whose speed is set in beats per minute from a number box, switched by a toggle, printing each beat.")
def _(p):
    t = p.tgl()
    n = p.num()
    sw = p.obj("swap 60000", n)
    d = p.obj("/", (sw, 0, 0), (sw, 1, 1))
    p.comment(d, "60000 / BPM = ms per beat")
    m = p.obj("metro 500", t, (d, 0, 1))
    p.obj("print beat", m)
    return [chk("240 BPM for one second", [S(1, 240), T(1, 1), W(1000), OBS], {"outputs": {"min-count": 4, "max-count": 5}})]


@core("debounce-300", TM, "Create a Pure Data patch that only prints a number once the input has stayed unchanged for 300 ms.")
def _(p):
    n = p.num()
    t = p.obj("t b f", n)
    d = p.obj("delay 300", (t, 0))
    p.comment(d, "each new number restarts the delay")
    f = p.obj("f", d, (t, 1, 1))
    p.obj("print settled", f)
    return [chk("burst of three", [S(1, 1), W(100), S(1, 2), W(100), S(1, 3), W(400), OBS], {"outputs": [3]})]


@core("glide-to-target", TM, "Whatever number I type, the output should glide there smoothly over 2 seconds.")
def _(p):
    n = p.num()
    pk = p.obj("pack f 2000", n)
    l = p.obj("line 0 50", pk)
    p.num(l)
    return [chk("glide to 10", [S(1, 10), W(2100), OBS], {"outputs": {"last": 10, "min-count": 20}}),
            chk("halfway", [S(1, 10), W(1000), OBS])]


@core("kitchen-timer", TM, "make a three second timer: click start, and after 3 seconds it prints ding")
def _(p):
    m = p.msg("start")
    rt = p.obj("route start", m)
    d = p.obj("delay 3000", rt)
    r = p.msg("ding", d)
    p.obj("print", r)
    return [chk("after 3 s", [C(1), W(3100), OBS], {"outputs": ["ding"]}),
            chk("not after 2 s", [C(1), W(2000), OBS], {"outputs": []})]


@core("delayed-echo-twice", TM, "Create a Pure Data patch that prints hello immediately and again one second later when a button is pressed.")
def _(p):
    b = p.bng()
    t = p.obj("t b b", b)
    d = p.obj("delay 1000", (t, 0))
    h = p.msg("hello", (t, 1))
    p.connect(d, 0, h, 0)
    p.obj("print", h)
    return [chk("immediately once", [B(1), W(10), OBS], {"outputs": ["hello"]}),
            chk("twice after a second", [B(1), W(1100), OBS], {"outputs": ["hello", "hello"]})]


@core("pulse-train-n", TM, "one button press -> exactly 5 bangs, 200 ms apart, then stop")
def _(p):
    b = p.bng()
    t = p.obj("t b b", b)
    z = p.msg("0", (t, 1))
    m = p.obj("metro 200", (t, 0))
    f = p.obj("f", m)
    pl = p.obj("+ 1", f)
    p.connect(pl, 0, f, 1)
    p.connect(z, 0, f, 1)
    s = p.obj("moses 5", f)
    p.comment(s, "counts 0..4 then stops the metro")
    p.obj("print pulse", (s, 0))
    st = p.msg("stop", (s, 1))
    p.connect(st, 0, m, 0)
    return [chk("five pulses", [B(1), W(2000), OBS], {"outputs": [0, 1, 2, 3, 4]})]


@core("speed-limit-100", TM, "I get bursts of numbers and only want at most one every 100 ms to get through. Can you build that?")
def _(p):
    n = p.num()
    sp = p.obj("spigot 1", n)
    t = p.obj("t f b", sp)
    p.obj("print limited", (t, 0))
    t2 = p.obj("t b b", (t, 1))
    c = p.msg("0", (t2, 1))
    d = p.obj("delay 100", (t2, 0))
    o = p.msg("1", d)
    p.connect(c, 0, sp, 1)
    p.connect(o, 0, sp, 1)
    p.comment(t2, "after a number passes: close the gate, reopen in 100 ms")
    return [chk("burst", [S(1, 1), S(1, 2), S(1, 3), W(150), S(1, 4), OBS], {"outputs": [1, 4]})]


# ================================================================ timing: fewshot
@fewshot("delay-after-load", TM, "print ready 500 ms after the patch loads")
def _(p):
    lb = p.obj("loadbang")
    d = p.obj("delay 500", lb)
    m = p.msg("ready", d)
    p.obj("print", m)
    return [chk("after 600 ms", [W(600), OBS], {"outputs": ["ready"]})]


@fewshot("metro-100-toggle", TM, "Bang every 100 ms while a toggle is on.")
def _(p):
    t = p.tgl()
    m = p.obj("metro 100", t)
    p.bng(m)
    p.obj("print", m)
    return [chk("half a second", [T(1, 1), W(500), OBS], {"outputs": {"min-count": 5, "max-count": 6}})]


@fewshot("pipe-variable-delay", TM, "Create a Pure Data patch that delays numbers by a time in ms set from a second number box.")
def _(p):
    n = p.num()
    ms = p.num()
    pp = p.obj("pipe 1000", n, (ms, 0, 1))
    p.obj("print delayed", pp)
    return [chk("200 ms delay", [S(2, 200), S(1, 9), W(250), OBS], {"outputs": [9]})]


@fewshot("fade-in-number", TM, "click -> number goes 0 to 1 over half a second")
def _(p):
    m = p.msg("0 \\, 1 500")
    l = p.obj("line 0 10", m)
    p.num(l)
    return [chk("reaches 1", [C(1), W(600), OBS], {"outputs": {"last": 1}})]


@fewshot("time-since-load", TM, "Create a Pure Data patch that prints how long ago the patch was opened whenever a button is pressed.")
def _(p):
    b = p.bng()
    lb = p.obj("loadbang")
    t = p.obj("timer", lb, (b, 0, 1))
    p.obj("print age", t)
    return [chk("after 2 s", [W(2000), B(1), OBS])]


@fewshot("delay-start-stop", TM, "Create a Pure Data patch with start and stop messages for a two-second delay that prints done.")
def _(p):
    a = p.msg("2000")
    b = p.msg("stop")
    d = p.obj("delay", a, b)
    m = p.msg("done", d)
    p.obj("print", m)
    return [chk("started", [C(1), W(2100), OBS], {"outputs": ["done"]}),
            chk("stopped", [C(1), W(500), C(2), W(2000), OBS], {"outputs": []})]


@fewshot("slow-metro-counter", TM, "Create a Pure Data patch where a toggle runs a one-second metronome that counts up.")
def _(p):
    t = p.tgl()
    m = p.obj("metro 1000", t)
    f = p.obj("f", m)
    pl = p.obj("+ 1", f)
    p.connect(pl, 0, f, 1)
    p.num(f)
    return [chk("three seconds", [T(1, 1), W(2500), OBS], {"outputs": [0, 1, 2]})]


# ================================================================ counters-state: core
@core("bang-counter", CS, "Count button presses starting from 0 and print the count.")
def _(p):
    b = p.bng()
    f = p.obj("f", b)
    pl = p.obj("+ 1", f)
    p.connect(pl, 0, f, 1)
    p.comment(pl, "feeds back into the cold inlet")
    p.obj("print count", f)
    return [chk("three presses", [B(1), B(1), B(1), OBS], {"outputs": [0, 1, 2]})]


@core("counter-with-reset", CS, "Create a Pure Data patch with a counter that increases on each bang and a reset message that sets it back to zero.")
def _(p):
    b = p.bng()
    r = p.msg("0")
    f = p.obj("f", b, (r, 0, 1))
    pl = p.obj("+ 1", f)
    p.connect(pl, 0, f, 1)
    p.num(f)
    p.obj("print", f)
    return [chk("count then reset", [B(1), B(1), B(1), C(1), B(1), OBS], {"outputs": [0, 1, 2, 0]})]


@core("counter-mod-8", CS, "counter that goes 0..7 and wraps around")
def _(p):
    b = p.bng()
    f = p.obj("f", b)
    pl = p.obj("+ 1", f)
    m = p.obj("mod 8", pl)
    p.connect(m, 0, f, 1)
    p.obj("print step", f)
    return [chk("ten presses", [B(1)] * 10 + [OBS], {"outputs": [0, 1, 2, 3, 4, 5, 6, 7, 0, 1]})]


@core("up-down-counter", CS, "Create a Pure Data patch with two buttons, one counting up and one counting down.")
def _(p):
    up = p.bng()
    dn = p.bng()
    a = p.msg("1", up)
    b = p.msg("-1", dn)
    s = p.obj("+", a, b)
    t = p.obj("t f f", s)
    p.connect(t, 1, s, 1)
    p.comment(t, "the count goes back into the cold inlet")
    p.num((t, 0))
    p.obj("print count", (t, 0))
    return [chk("up up down", [B(1), B(1), B(2), OBS], {"outputs": [1, 2, 1]}),
            chk("down from zero", [B(2), B(2), OBS], {"outputs": [-1, -2]})]


@core("running-sum", CS, "Keep a running total of all the numbers I type, with a message box that resets the total to 0.")
def _(p):
    n = p.num()
    r = p.msg("0")
    a = p.obj("+", n, (r, 0, 1))
    t = p.obj("t f f", a)
    p.connect(t, 1, a, 1)
    p.comment(t, "the total goes back into the cold inlet")
    p.obj("print total", (t, 0))
    return [chk("1+2+3", [S(1, 1), S(1, 2), S(1, 3), OBS], {"outputs": [1, 3, 6]}),
            chk("reset", [S(1, 5), C(1), S(1, 2), OBS], {"outputs": [5, 2]})]


@core("flip-flop", CS, "each bang alternates between 1 and 0, shown in a toggle")
def _(p):
    b = p.bng()
    f = p.obj("f", b)
    e = p.obj("== 0", f)
    p.connect(e, 0, f, 1)
    p.tgl(e)
    return [chk("three bangs", [B(1), B(1), B(1), OBS], {"outputs": [1, 0, 1]})]


@core("counter-step-size", CS, "Create a Pure Data patch with a counter whose step size comes from a number box.")
def _(p):
    b = p.bng()
    st = p.num()
    f = p.obj("f", b)
    a = p.obj("+ 1", f, (st, 0, 1))
    p.connect(a, 0, f, 1)
    p.obj("print", f)
    return [chk("steps of 5", [S(1, 5), B(1), B(1), B(1), OBS], {"outputs": [0, 5, 10]})]


@core("store-and-recall", CS, "I want to store a number quietly (without it going anywhere) and only send it out when I press a button.")
def _(p):
    n = p.num()
    b = p.bng()
    f = p.obj("f", b, (n, 0, 1))
    p.obj("print recalled", f)
    return [chk("store 33, then press", [S(1, 33), OBS, B(1), OBS], {"outputs": [33]})]


@core("count-to-ten-stop", CS, "Create a Pure Data patch that counts once per button press up to 10 and then stays at 10.")
def _(p):
    b = p.bng()
    f = p.obj("f 1", b)
    pl = p.obj("+ 1", f)
    c = p.obj("min 10", pl)
    p.connect(c, 0, f, 1)
    p.obj("print", f)
    return [chk("12 presses", [B(1)] * 12 + [OBS], {"outputs": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10]})]


@core("running-maximum", CS, "Create a Pure Data patch that remembers the largest number seen so far and prints it each time.")
def _(p):
    n = p.num()
    m = p.obj("max -1e+30", n)
    t = p.obj("t f f", m)
    p.connect(t, 1, m, 1)
    p.obj("print max", (t, 0))
    return [chk("4 9 2", [S(1, 4), S(1, 9), S(1, 2), OBS], {"outputs": [4, 9, 9]})]


@core("previous-value", CS, "For every new number, output the one that came before it.")
def _(p):
    n = p.num()
    t = p.obj("t f b", n)
    f = p.obj("f", (t, 1), (t, 0, 1))
    p.comment(f, "output the old value, then store the new one")
    p.obj("print previous", f)
    return [chk("5 then 8 then 2", [S(1, 5), S(1, 8), S(1, 2), OBS], {"outputs": [0, 5, 8]})]


@core("cycle-1-to-4", CS, "Create a Pure Data patch that cycles through the numbers 1 2 3 4 on successive bangs.")
def _(p):
    b = p.bng()
    f = p.obj("f", b)
    pl = p.obj("+ 1", f)
    m = p.obj("mod 4", pl)
    p.connect(m, 0, f, 1)
    o = p.obj("+ 1", f)
    p.obj("print", o)
    return [chk("six bangs", [B(1)] * 6 + [OBS], {"outputs": [1, 2, 3, 4, 1, 2]})]


@core("toggle-press-count", CS, "count how many times a toggle gets switched on and show the count")
def _(p):
    t = p.tgl()
    s = p.obj("sel 1", t)
    f = p.obj("f 1", s)
    pl = p.obj("+ 1", f)
    p.connect(pl, 0, f, 1)
    p.num(f)
    return [chk("on off on", [T(1, 1), T(1, 0), T(1, 1), OBS], {"outputs": [1, 2]})]


# ================================================================ counters-state: fewshot
@fewshot("countdown-from-ten", CS, "Each button press counts down from 10: 10, 9, 8...")
def _(p):
    b = p.bng()
    f = p.obj("f 10", b)
    mi = p.obj("- 1", f)
    p.connect(mi, 0, f, 1)
    p.obj("print left", f)
    return [chk("three presses", [B(1), B(1), B(1), OBS], {"outputs": [10, 9, 8]})]


@fewshot("tick-tock", CS, "alternate tick and tock on each bang")
def _(p):
    b = p.bng()
    f = p.obj("f", b)
    e = p.obj("== 0", f)
    p.connect(e, 0, f, 1)
    s = p.obj("sel 0 1", f)
    a = p.msg("tick", (s, 0))
    c = p.msg("tock", (s, 1))
    pr = p.obj("print", a)
    p.connect(c, 0, pr, 0)
    return [chk("three bangs", [B(1), B(1), B(1), OBS], {"outputs": ["tick", "tock", "tick"]})]


@fewshot("count-by-fives", CS, "Create a Pure Data patch whose counter goes up by 5 every bang.")
def _(p):
    b = p.bng()
    f = p.obj("f", b)
    a = p.obj("+ 5", f)
    p.connect(a, 0, f, 1)
    p.num(f)
    return [chk("three bangs", [B(1), B(1), B(1), OBS], {"outputs": [0, 5, 10]})]


@fewshot("running-minimum", CS, "Keep track of the smallest number so far and print it every time.")
def _(p):
    n = p.num()
    m = p.obj("min 1e+30", n)
    t = p.obj("t f f", m)
    p.connect(t, 1, m, 1)
    p.obj("print min", (t, 0))
    return [chk("7 3 5", [S(1, 7), S(1, 3), S(1, 5), OBS], {"outputs": [7, 3, 3]})]


@fewshot("init-value-on-load", CS, "Create a Pure Data patch that sets a number box to 64 when the patch opens.")
def _(p):
    lb = p.obj("loadbang")
    m = p.msg("64", lb)
    p.num(m)
    return [chk("on load", [W(10), OBS], {"outputs": [64]})]


@fewshot("count-changes", CS, "Create a Pure Data patch that counts how many times the incoming number actually changes.")
def _(p):
    n = p.num()
    c = p.obj("change", n)
    t = p.obj("t b", c)
    f = p.obj("f 1", t)
    pl = p.obj("+ 1", f)
    p.connect(pl, 0, f, 1)
    p.obj("print changes", f)
    return [chk("3 3 4 4 5", [S(1, 3), S(1, 3), S(1, 4), S(1, 4), S(1, 5), OBS], {"outputs": [1, 2, 3]})]


@fewshot("three-state-cycle", CS, "Create a Pure Data patch that cycles through the states red, green and blue on each bang.")
def _(p):
    b = p.bng()
    f = p.obj("f", b)
    pl = p.obj("+ 1", f)
    m = p.obj("mod 3", pl)
    p.connect(m, 0, f, 1)
    s = p.obj("sel 0 1 2", f)
    ms = [p.msg(c, (s, i)) for i, c in enumerate(["red", "green", "blue"])]
    pr = p.obj("print state", ms[0])
    for x in ms[1:]:
        p.connect(x, 0, pr, 0)
    return [chk("four bangs", [B(1)] * 4 + [OBS], {"outputs": ["red", "green", "blue", "red"]})]


# ================================================================ random-sequencing: core
@core("random-melody", RS, "Create a Pure Data patch that generates a random melody automatically, with a toggle to start and stop the melody, and a volume control.", source=SEED)
def _(p):
    t = p.tgl()
    v = p.hsl(0, 1)
    m = p.obj("metro 250", t)
    r = p.obj("random 12", m)
    p.comment(r, "one of 12 semitones")
    a = p.obj("+ 60", r)
    mf = p.obj("mtof", a)
    o = p.obj("osc~", mf)
    g = p.obj("pack f 20", t)
    gl = p.obj("line~", g)
    p.comment(gl, "the toggle also mutes the tone")
    x = p.obj("*~", o, (gl, 0, 1))
    stereo_out(p, x, v)
    return [sound("melody plays", [S(1, 0.5), T(1, 1), W(2000), REC(1000)], sounding=True, pitch_changes=True),
            sound("silent when stopped", [S(1, 0.5), T(1, 1), W(500), T(1, 0), W(200), REC(500)], sounding=False)]


@core("sine-pseudo-random", RS, "Create a Pure Data patch that generates pseudo-random numbers using a sine wave function.", source=SEED)
def _(p):
    b = p.bng()
    f = p.obj("f 1", b)
    pl = p.obj("+ 1", f)
    p.connect(pl, 0, f, 1)
    e = p.obj("expr sin($f1 * 12.9898) * 437.585", f)
    p.comment(e, "a fast-changing sine")
    w = p.obj("wrap", e)
    p.comment(w, "keep the fractional part: 0..1")
    p.obj("print random", w)
    return [chk("five numbers", [B(1)] * 5 + [OBS], {"outputs": {"count": 5, "min": 0, "max": 1, "distinct": 4}}),
            chk("same sequence as reference", [B(1)] * 3 + [OBS])]


@core("random-0-99", RS, "Create a Pure Data patch that prints a random integer between 0 and 99 each time a button is pressed.")
def _(p):
    b = p.bng()
    r = p.obj("random 100", b)
    p.obj("print", r)
    return [chk("ten presses", [B(1)] * 10 + [OBS], {"outputs": {"count": 10, "min": 0, "max": 99, "integers": True, "distinct": 5}})]


@core("dice-roll", RS, "roll a die (1-6) when I click a button, show it in a number box")
def _(p):
    b = p.bng()
    r = p.obj("random 6", b)
    a = p.obj("+ 1", r)
    p.num(a)
    return [chk("twenty rolls", [B(1)] * 20 + [OBS], {"outputs": {"count": 20, "min": 1, "max": 6, "integers": True, "distinct": 3}})]


@core("random-float-unit", RS, "Create a Pure Data patch that outputs a random decimal number between 0 and 1 on each bang.")
def _(p):
    b = p.bng()
    r = p.obj("random 10000", b)
    d = p.obj("/ 10000", r)
    p.obj("print", d)
    return [chk("ten values", [B(1)] * 10 + [OBS], {"outputs": {"count": 10, "min": 0, "max": 1, "distinct": 5}})]


@core("seeded-random", RS, "Create a Pure Data patch that produces a repeatable random sequence: a seed message resets the generator, a button draws numbers from 0 to 999.")
def _(p):
    s = p.msg("seed 42")
    b = p.bng()
    r = p.obj("random 1000", s, b)
    p.obj("print", r)
    return [chk("reseed repeats", [C(1), B(1), B(1), C(1), B(1), B(1), OBS], {"outputs": {"count": 4, "min": 0, "max": 999}}),
            chk("same numbers as reference after seeding", [C(1), B(1), B(1), B(1), OBS])]


@core("coin-flip", RS, "Flip a coin! Print heads or tails each time a button is pressed.")
def _(p):
    b = p.bng()
    r = p.obj("random 2", b)
    s = p.obj("sel 0 1", r)
    h = p.msg("heads", (s, 0))
    t = p.msg("tails", (s, 1))
    pr = p.obj("print coin", h)
    p.connect(t, 0, pr, 0)
    return [chk("twenty flips", [B(1)] * 20 + [OBS], {"outputs": {"count": 20, "distinct": 2}})]


@core("random-walk", RS, "Could you make a random walk? Every 100 ms while it's switched on, the value should move up or down by one (or stay), but never leave 0..20.")
def _(p):
    t = p.tgl()
    m = p.obj("metro 100", t)
    r = p.obj("random 3", m)
    s = p.obj("- 1", r)
    p.comment(s, "step: -1, 0 or +1")
    a = p.obj("+ 10", s)
    c = p.obj("clip 0 20", a)
    tt = p.obj("t f f", c)
    p.connect(tt, 1, a, 1)
    p.obj("print position", (tt, 0))
    return [chk("two seconds", [T(1, 1), W(2000), OBS], {"outputs": {"min-count": 10, "min": 0, "max": 20, "integers": True}})]


@core("four-step-sequencer", RS, "Create a Pure Data patch that steps through the notes 60 62 64 67 in a loop, one every 200 ms while a toggle is on, printing each note.")
def _(p):
    t = p.tgl()
    m = p.obj("metro 200", t)
    f = p.obj("f", m)
    pl = p.obj("+ 1", f)
    mo = p.obj("mod 4", pl)
    p.connect(mo, 0, f, 1)
    s = p.obj("sel 0 1 2 3", f)
    ms = [p.msg(str(n), (s, i)) for i, n in enumerate([60, 62, 64, 67])]
    pr = p.obj("print note", ms[0])
    for x in ms[1:]:
        p.connect(x, 0, pr, 0)
    return [chk("just over a second", [T(1, 1), W(1100), OBS], {"outputs": [60, 62, 64, 67, 60, 62]})]


@core("random-word", RS, "Pick one of five words at random on each button press and print it.")
def _(p):
    b = p.bng()
    r = p.obj("random 5", b)
    s = p.obj("sel 0 1 2 3 4", r)
    words = ["apple", "river", "stone", "cloud", "ember"]
    ms = [p.msg(w, (s, i)) for i, w in enumerate(words)]
    pr = p.obj("print word", ms[0])
    for x in ms[1:]:
        p.connect(x, 0, pr, 0)
    return [chk("ten picks", [B(1)] * 10 + [OBS], {"outputs": {"count": 10, "distinct": 2}})]


@core("weighted-choice", RS, "Create a Pure Data patch that prints A about 70% of the time and B otherwise on every bang.")
def _(p):
    b = p.bng()
    r = p.obj("random 100", b)
    m = p.obj("moses 70", r)
    a = p.msg("A", (m, 0))
    c = p.msg("B", (m, 1))
    pr = p.obj("print", a)
    p.connect(c, 0, pr, 0)
    return [chk("forty draws", [B(1)] * 40 + [OBS], {"outputs": {"count": 40, "distinct": 2}})]


@core("random-interval-bangs", RS, "Create a Pure Data patch that prints bangs at random intervals between 100 and 500 ms once started.")
def _(p):
    m = p.msg("bang")
    d = p.obj("delay 100", m)
    t = p.obj("t b b", d)
    r = p.obj("random 401", (t, 1))
    a = p.obj("+ 100", r)
    p.connect(a, 0, d, 1)
    p.comment(a, "next wait: 100..500 ms")
    p.connect(t, 0, d, 0)
    p.obj("print tick", (t, 0))
    return [chk("three seconds", [C(1), W(3000), OBS], {"outputs": {"min-count": 6, "max-count": 30}})]


@core("no-repeat-random", RS, "random numbers 0 to 7 on each bang, never the same number twice in a row")
def _(p):
    b = p.bng()
    u = p.obj("until", b)
    r = p.obj("random 8", u)
    c = p.obj("change -1", r)
    p.comment(c, "until keeps drawing until a new number passes")
    t = p.obj("t f b", c)
    p.connect(t, 1, u, 1)
    p.obj("print", (t, 0))
    return [chk("ten draws", [B(1)] * 10 + [OBS], {"outputs": {"count": 10, "min": 0, "max": 7, "integers": True}})]


# ================================================================ random-sequencing: fewshot
@fewshot("random-0-9", RS, "random digit 0-9 on click, shown in a number box")
def _(p):
    b = p.bng()
    r = p.obj("random 10", b)
    p.num(r)
    return [chk("ten clicks", [B(1)] * 10 + [OBS], {"outputs": {"count": 10, "min": 0, "max": 9, "integers": True}})]


@fewshot("random-50-100", RS, "I need random whole numbers from 50 to 100, printed on each bang.")
def _(p):
    b = p.bng()
    r = p.obj("random 51", b)
    a = p.obj("+ 50", r)
    p.obj("print", a)
    return [chk("ten", [B(1)] * 10 + [OBS], {"outputs": {"count": 10, "min": 50, "max": 100, "integers": True}})]


@fewshot("random-midi-notes-metro", RS, "Create a Pure Data patch that prints a random MIDI note between 48 and 72 every half second while switched on.")
def _(p):
    t = p.tgl()
    m = p.obj("metro 500", t)
    r = p.obj("random 25", m)
    a = p.obj("+ 48", r)
    p.obj("print note", a)
    return [chk("two seconds", [T(1, 1), W(2000), OBS], {"outputs": {"min-count": 4, "max-count": 5, "min": 48, "max": 72}})]


@fewshot("random-toggle-state", RS, "Create a Pure Data patch that sets a toggle randomly on or off when a button is pressed.")
def _(p):
    b = p.bng()
    r = p.obj("random 2", b)
    p.tgl(r)
    return [chk("ten presses", [B(1)] * 10 + [OBS], {"outputs": {"min-count": 2, "min": 0, "max": 1}})]


@fewshot("note-sequence-three", RS, "Create a Pure Data patch that plays back the sequence 48 55 60 one step per bang.")
def _(p):
    b = p.bng()
    f = p.obj("f", b)
    pl = p.obj("+ 1", f)
    m = p.obj("mod 3", pl)
    p.connect(m, 0, f, 1)
    s = p.obj("sel 0 1 2", f)
    ms = [p.msg(str(n), (s, i)) for i, n in enumerate([48, 55, 60])]
    pr = p.obj("print", ms[0])
    for x in ms[1:]:
        p.connect(x, 0, pr, 0)
    return [chk("four bangs", [B(1)] * 4 + [OBS], {"outputs": [48, 55, 60, 48]})]


@fewshot("random-pass", RS, "Create a Pure Data patch that randomly lets about half of the incoming bangs through.")
def _(p):
    b = p.bng()
    t = p.obj("t b b", b)
    r = p.obj("random 2", (t, 1))
    sp = p.obj("spigot", (t, 0), (r, 0, 1))
    p.obj("print passed", sp)
    return [chk("forty bangs", [B(1)] * 40 + [OBS], {"outputs": {"min-count": 5, "max-count": 35}})]


@fewshot("lottery-six", RS, "lottery draw: one button press prints 6 random numbers between 1 and 49")
def _(p):
    b = p.bng()
    m = p.msg("6", b)
    u = p.obj("until", m)
    p.comment(u, "bangs six times in a row")
    r = p.obj("random 49", u)
    a = p.obj("+ 1", r)
    p.obj("print lotto", a)
    return [chk("one draw", [B(1), OBS], {"outputs": {"count": 6, "min": 1, "max": 49, "integers": True}})]
