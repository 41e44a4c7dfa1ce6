"""control-math and logic-comparison items."""
from authoring import core, fewshot, make, S, T, B, C, SEND, W, OBS, REC, chk, SEED

M = "control-math"
L = "logic-comparison"

# ------------------------------------------------------------------ core: control-math
@core("abs-of-negative", M, "Create a Pure Data patch that calculates the absolute value of a given negative number.", source=SEED)
def _(p):
    n = p.num()
    a = p.obj("abs", n)
    p.num(a)
    p.obj("print absolute", a)
    return [chk("absolute value of -12", [S(1, -12), OBS], {"outputs": [12]}),
            chk("absolute value of -3.5", [S(1, -3.5), OBS])]


@core("abs-mod-7", M, "Create a Pure Data patch that takes a floating-point number as input, calculates its absolute value modulo 7, and displays the result.", source=SEED)
def _(p):
    n = p.num()
    a = p.obj("abs", n)
    m = p.obj("mod 7", a)
    p.comment(m, "remainder after dividing by 7")
    p.num(m)
    return [chk("-17 gives 3", [S(1, -17), OBS], {"outputs": [3]}),
            chk("23 gives 2", [S(1, 23), OBS], {"outputs": [2]})]


@core("add-10-20-on-bang", M, "Create a Pure Data patch that adds 10 and 20 when a bang is triggered and prints the result.", source=SEED)
def _(p):
    b = p.bng()
    m = p.msg("10", b)
    a = p.obj("+ 20", m)
    p.obj("print sum", a)
    return [chk("press the bang", [B(1), OBS], {"outputs": [30]})]


@core("arcsine-with-button", M, "Create a Pure Data patch that takes a floating-point input and outputs the arc sine of that value, with a button to trigger the calculation.", source=SEED)
def _(p):
    n = p.num()
    b = p.bng()
    f = p.obj("f", b, (n, 0, 1))
    p.comment(f, "the number waits here until the button is pressed")
    e = p.obj("expr asin($f1)", f)
    p.num(e)
    p.obj("print asin", e)
    return [chk("asin of 0.5 on button", [S(1, 0.5), B(1), OBS], {"outputs": [0.523599]}),
            chk("asin of -1 on button", [S(1, -1), B(1), OBS])]


@core("square-plus-root", M, "Create a Pure Data patch that takes two input numbers, squares the first number and adds the square root of the second number, then outputs the result.", source=SEED)
def _(p):
    n1 = p.num()
    n2 = p.num()
    t = p.obj("t f f", n1)
    sq = p.obj("*", (t, 0, 0), (t, 1, 1))
    p.comment(sq, "x times x")
    r = p.obj("sqrt", n2)
    a = p.obj("+", sq, (r, 0, 1))
    p.num(a)
    p.obj("outlet", a)
    p.obj("print result", a)
    return [chk("3 and 16", [S(2, 16), S(1, 3), OBS], {"outputs": [13], "compare": "last"}),
            chk("1.5 and 2", [S(2, 2), S(1, 1.5), OBS], {"outputs": "from-reference", "compare": "last"})]


@core("fahrenheit-to-celsius", M, "F to C converter with a number box for the result")
def _(p):
    n = p.num()
    a = p.obj("- 32", n)
    b = p.obj("* 5", a)
    c = p.obj("/ 9", b)
    p.comment(c, "C = (F - 32) * 5 / 9")
    p.num(c)
    return [chk("212 F", [S(1, 212), OBS], {"outputs": [100]}),
            chk("-40 F", [S(1, -40), OBS], {"outputs": [-40]})]


@core("average-of-two", M, "make a patch that averages two numbers. either number box should update the result")
def _(p):
    n1 = p.num()
    n2 = p.num()
    t = p.obj("t b f", n2)
    p.comment(t, "right number: store it then recalculate")
    a = p.obj("+", n1, (t, 1, 1))
    p.connect(t, 0, a, 0)
    d = p.obj("/ 2", a)
    p.obj("print average", d)
    return [chk("4 and 10", [S(1, 4), S(2, 10), OBS], {"outputs": [7], "compare": "last"}),
            chk("change the right number only", [S(1, 1), S(2, 2), S(2, -5), OBS], {"outputs": [-2], "compare": "last"})]


@core("round-to-nearest", M, "How do I round a number to the nearest integer in Pd? Make a patch that shows the rounded value.")
def _(p):
    n = p.num()
    e = p.obj("expr floor($f1 + 0.5)", n)
    p.num(e)
    return [chk("2.4 rounds down", [S(1, 2.4), OBS], {"outputs": [2]}),
            chk("2.6 rounds up", [S(1, 2.6), OBS], {"outputs": [3]}),
            chk("-1.7 rounds to -2", [S(1, -1.7), OBS], {"outputs": [-2]})]


@core("hypotenuse", M, "Create a Pure Data patch that takes the two short sides of a right triangle and prints the length of the hypotenuse.")
def _(p):
    a = p.num()
    b = p.num()
    ta = p.obj("t f f", a)
    tb = p.obj("t f f", b)
    sa = p.obj("*", (ta, 0, 0), (ta, 1, 1))
    sb = p.obj("*", (tb, 0, 0), (tb, 1, 1))
    tt = p.obj("t b f", sb)
    s = p.obj("+", sa, (tt, 1, 1))
    p.connect(tt, 0, s, 0)
    p.comment(tt, "the right side also triggers the sum")
    r = p.obj("sqrt", s)
    p.obj("print hypotenuse", r)
    return [chk("3-4-5 triangle", [S(1, 3), S(2, 4), OBS], {"outputs": [5], "compare": "last"}),
            chk("5-12-13 triangle", [S(1, 5), S(2, 12), OBS], {"outputs": [13], "compare": "last"})]


@core("power-of-two", M, "2 to the power of x, where x comes from a number box")
def _(p):
    n = p.num()
    t = p.obj("t b f", n)
    two = p.msg("2", (t, 0))
    pw = p.obj("pow", two, (t, 1, 1))
    p.comment(pw, "the exponent arrives first on the right")
    p.num(pw)
    p.obj("print power", pw)
    return [chk("2^10", [S(1, 10), OBS], {"outputs": [1024]}),
            chk("2^0.5", [S(1, 0.5), OBS])]


@core("clip-0-100", M, "keep any number between 0 and 100 and print it")
def _(p):
    n = p.num()
    c = p.obj("clip 0 100", n)
    p.obj("print clipped", c)
    return [chk("too high", [S(1, 150), OBS], {"outputs": [100]}),
            chk("too low", [S(1, -5), OBS], {"outputs": [0]}),
            chk("inside", [S(1, 42.5), OBS], {"outputs": [42.5]})]


@core("reciprocal", M, "Create a Pure Data patch that outputs one divided by the input number.")
def _(p):
    n = p.num()
    sw = p.obj("swap 1", n)
    p.comment(sw, "puts the input on the right and 1 on the left")
    r = p.obj("/", (sw, 0, 0), (sw, 1, 1))
    p.num(r)
    return [chk("1/4", [S(1, 4), OBS], {"outputs": [0.25]}),
            chk("1/-0.5", [S(1, -0.5), OBS], {"outputs": [-2]})]


@core("db-to-amplitude", M, "Hi! I'd like a little patch where I type a level in Pd's decibels (100 is full scale) and it prints the matching linear amplitude.")
def _(p):
    n = p.num()
    d = p.obj("dbtorms", n)
    p.obj("print amplitude", d)
    return [chk("100 dB is 1", [S(1, 100), OBS], {"outputs": [1]}),
            chk("94 dB", [S(1, 94), OBS])]


@core("seconds-to-samples", M, "Create a Pure Data patch that converts a duration in seconds into a number of samples at 44100 Hz.")
def _(p):
    n = p.num()
    m = p.obj("* 44100", n)
    p.num(m, width=8)
    return [chk("half a second", [S(1, 0.5), OBS], {"outputs": [22050]})]


@core("quadratic-expr", M, "Create a Pure Data patch that computes y = 3x^2 - 2x + 1 for the incoming x and prints y.")
def _(p):
    n = p.num()
    e = p.obj("expr 3*$f1*$f1 - 2*$f1 + 1", n)
    p.obj("print y", e)
    return [chk("x = 2", [S(1, 2), OBS], {"outputs": [9]}),
            chk("x = -1", [S(1, -1), OBS], {"outputs": [6]})]


# ------------------------------------------------------------------ fewshot: control-math
@fewshot("multiply-by-bang", M, "multiply 6 by 7 on a button click and print it")
def _(p):
    b = p.bng()
    m = p.msg("6", b)
    a = p.obj("* 7", m)
    p.obj("print product", a)
    return [chk("press the button", [B(1), OBS], {"outputs": [42]})]


@fewshot("subtract-two-inputs", M, "Create a Pure Data patch that subtracts the second input number from the first and shows the difference.")
def _(p):
    n1 = p.num()
    n2 = p.num()
    s = p.obj("-", n1, (n2, 0, 1))
    p.comment(s, "right inlet is cold: set it first")
    p.num(s)
    return [chk("10 minus 3", [S(2, 3), S(1, 10), OBS], {"outputs": [7], "compare": "last"})]


@fewshot("celsius-to-fahrenheit", M, "Celsius in, Fahrenheit out, in a number box")
def _(p):
    n = p.num()
    e = p.obj("expr $f1*9/5 + 32", n)
    p.num(e)
    return [chk("100 C", [S(1, 100), OBS], {"outputs": [212]}),
            chk("-40 C", [S(1, -40), OBS], {"outputs": [-40]})]


@fewshot("square-root", M, "square root of a number, printed")
def _(p):
    n = p.num()
    r = p.obj("sqrt", n)
    p.obj("print root", r)
    return [chk("root of 81", [S(1, 81), OBS], {"outputs": [9]})]


@fewshot("cube-of-number", M, "Could you make a patch that cubes a number?")
def _(p):
    n = p.num()
    t = p.obj("t f f f", n)
    a = p.obj("*", (t, 0, 0), (t, 1, 1))
    b = p.obj("*", a, (t, 2, 1))
    p.comment(b, "trigger fires right to left: both cold inlets are set first")
    p.num(b)
    return [chk("cube of 3", [S(1, 3), OBS], {"outputs": [27], "compare": "last"}),
            chk("cube of -2", [S(1, -2), OBS], {"outputs": [-8], "compare": "last"})]


@fewshot("integer-part", M, "Create a Pure Data patch that drops the fractional part of a number and prints the integer.")
def _(p):
    n = p.num()
    i = p.obj("int", n)
    p.obj("print integer", i)
    return [chk("7.9", [S(1, 7.9), OBS], {"outputs": [7]})]


@fewshot("sine-of-degrees", M, "Could you build a patch that takes an angle in degrees and prints its sine?")
def _(p):
    n = p.num()
    r = p.obj("* 0.0174533", n)
    p.comment(r, "degrees to radians: pi / 180")
    s = p.obj("sin", r)
    p.obj("print sine", s)
    return [chk("30 degrees", [S(1, 30), OBS], {"outputs": [0.5]}),
            chk("90 degrees", [S(1, 90), OBS], {"outputs": [1]})]


@fewshot("natural-log", M, "ln(x) of a number box")
def _(p):
    n = p.num()
    l = p.obj("log", n)
    p.num(l)
    return [chk("ln e", [S(1, 2.71828), OBS], {"outputs": [1]})]


@fewshot("scale-0-1-to-range", M, "map 0..1 onto 200..800")
def _(p):
    n = p.num()
    m = p.obj("* 600", n)
    a = p.obj("+ 200", m)
    p.comment(a, "out = in * (800 - 200) + 200")
    p.num(a)
    return [chk("0.5 maps to 500", [S(1, 0.5), OBS], {"outputs": [500]}),
            chk("1 maps to 800", [S(1, 1), OBS], {"outputs": [800]})]


@fewshot("wrap-phase", M, "Create a Pure Data patch that keeps only the fractional part of a number using wrap.")
def _(p):
    n = p.num()
    w = p.obj("wrap", n)
    p.num(w)
    return [chk("3.25", [S(1, 3.25), OBS], {"outputs": [0.25]})]


# ------------------------------------------------------------------ core: logic-comparison
@core("bitwise-and", L, "Create a Pure Data patch that performs a bitwise AND operation on two input values and prints the result.", source=SEED)
def _(p):
    n1 = p.num()
    n2 = p.num()
    a = p.obj("&", n1, (n2, 0, 1))
    p.comment(a, "set the right value first")
    p.obj("print and", a)
    return [chk("12 & 10", [S(2, 10), S(1, 12), OBS], {"outputs": [8], "compare": "last"}),
            chk("7 & 5", [S(2, 5), S(1, 7), OBS], {"outputs": [5], "compare": "last"})]


@core("greater-than-50", L, "Is the number bigger than 50? Output 1 if yes and 0 if no.")
def _(p):
    n = p.num()
    g = p.obj("> 50", n)
    p.num(g)
    return [chk("75", [S(1, 75), OBS], {"outputs": [1]}),
            chk("50", [S(1, 50), OBS], {"outputs": [0]})]


@core("even-or-odd", L, "Create a Pure Data patch that prints 'even' or 'odd' for each incoming integer.")
def _(p):
    n = p.num()
    m = p.obj("mod 2", n)
    s = p.obj("sel 0 1", m)
    e = p.msg("symbol even", (s, 0))
    o = p.msg("symbol odd", (s, 1))
    pr = p.obj("print parity", e)
    p.connect(o, 0, pr, 0)
    return [chk("4 is even", [S(1, 4), OBS], {"outputs": ["symbol even"]}),
            chk("7 is odd", [S(1, 7), OBS], {"outputs": ["symbol odd"]})]


@core("in-range-check", L, "print 1 if the number is between 10 and 20 (inclusive), else 0")
def _(p):
    n = p.num()
    t = p.obj("t f f", n)
    lo = p.obj(">= 10", (t, 1))
    hi = p.obj("<= 20", (t, 0))
    a = p.obj("&&", hi, (lo, 0, 1))
    p.comment(a, "both conditions must hold")
    p.obj("print inside", a)
    return [chk("15 inside", [S(1, 15), OBS], {"outputs": [1], "compare": "last"}),
            chk("25 outside", [S(1, 25), OBS], {"outputs": [0], "compare": "last"}),
            chk("10 on the edge", [S(1, 10), OBS], {"outputs": [1], "compare": "last"})]


@core("max-of-two", L, "Show the larger of two numbers; either number box should update it.")
def _(p):
    n1 = p.num()
    n2 = p.num()
    t = p.obj("t b f", n2)
    m = p.obj("max", n1, (t, 1, 1))
    p.connect(t, 0, m, 0)
    p.num(m)
    return [chk("3 and 9", [S(1, 3), S(2, 9), OBS], {"outputs": [9], "compare": "last"}),
            chk("-2 and -8", [S(1, -2), S(2, -8), OBS], {"outputs": [-2], "compare": "last"})]


@core("threshold-gate", L, "Create a Pure Data patch that only lets numbers above a threshold through. The threshold comes from a second number box.")
def _(p):
    n = p.num()
    th = p.num()
    t = p.obj("t f f", n)
    g = p.obj(">", (t, 1), (th, 0, 1))
    sp = p.obj("spigot", (t, 0))
    p.connect(g, 0, sp, 1)
    p.comment(sp, "opened by the comparison before the value arrives")
    p.obj("print passed", sp)
    return [chk("above threshold passes", [S(2, 5), S(1, 8), OBS], {"outputs": [8]}),
            chk("below threshold blocked then above passes", [S(2, 5), S(1, 3), S(1, 6), OBS], {"outputs": [6]})]


@core("sign-of-number", L, "Create a Pure Data patch that outputs -1, 0 or 1 according to the sign of the input.")
def _(p):
    n = p.num()
    t = p.obj("t f f", n)
    pos = p.obj("> 0", (t, 0))
    neg = p.obj("< 0", (t, 1))
    s = p.obj("-", pos, (neg, 0, 1))
    p.comment(s, "(x > 0) - (x < 0)")
    p.num(s)
    return [chk("-7", [S(1, -7), OBS], {"outputs": [-1], "compare": "last"}),
            chk("0", [S(1, 0), OBS], {"outputs": [0], "compare": "last"}),
            chk("3.2", [S(1, 3.2), OBS], {"outputs": [1], "compare": "last"})]


@core("equals-42", L, "print yes when the number box says 42")
def _(p):
    n = p.num()
    s = p.obj("sel 42", n)
    m = p.msg("yes", s)
    p.obj("print", m)
    return [chk("42", [S(1, 42), OBS], {"outputs": ["yes"]}),
            chk("41 says nothing, 42 says yes", [S(1, 41), S(1, 42), OBS], {"outputs": ["yes"]})]


@core("bitwise-or-shift", L, "Shift the input 4 bits to the left, OR it with 3, and show and print the result.")
def _(p):
    n = p.num()
    sh = p.obj("<< 4", n)
    o = p.obj("| 3", sh)
    p.num(o)
    p.obj("print bits", o)
    return [chk("1 becomes 19", [S(1, 1), OBS], {"outputs": [19]}),
            chk("5 becomes 83", [S(1, 5), OBS], {"outputs": [83]})]


@core("logical-not-toggle", L, "Create a Pure Data patch with a toggle whose inverted state is shown in a second toggle.")
def _(p):
    t = p.tgl()
    e = p.obj("== 0", t)
    p.comment(e, "logical not")
    p.tgl(e)
    return [chk("on gives off", [T(1, 1), OBS], {"outputs": [0]}),
            chk("off gives on", [T(1, 1), T(1, 0), OBS])]


@core("compare-two-numbers", L, "Hey, can you make me a patch that compares two numbers and prints 'bigger', 'smaller' or 'same' depending on whether the first is bigger than the second?")
def _(p):
    n1 = p.num()
    n2 = p.num()
    d = p.obj("-", n1, (n2, 0, 1))
    m = p.obj("moses 0", d)
    p.comment(m, "negative left, zero or positive right")
    sm = p.msg("smaller", (m, 0))
    s0 = p.obj("sel 0", (m, 1))
    same = p.msg("same", (s0, 0))
    big = p.msg("bigger", (s0, 1))
    pr = p.obj("print", sm)
    p.connect(same, 0, pr, 0)
    p.connect(big, 0, pr, 0)
    return [chk("9 vs 2", [S(2, 2), S(1, 9), OBS], {"outputs": ["bigger"], "compare": "last"}),
            chk("1 vs 2", [S(2, 2), S(1, 1), OBS], {"outputs": ["smaller"], "compare": "last"}),
            chk("4 vs 4", [S(2, 4), S(1, 4), OBS], {"outputs": ["same"], "compare": "last"})]


@core("xor-bits", L, "Create a Pure Data patch that computes the bitwise XOR of two integers.")
def _(p):
    n1 = p.num()
    n2 = p.num()
    x = p.obj("expr $f1 ^ $f2", n1, (n2, 0, 1))
    p.num(x)
    return [chk("6 xor 3", [S(2, 3), S(1, 6), OBS], {"outputs": [5], "compare": "last"})]


# ------------------------------------------------------------------ fewshot: logic-comparison
@fewshot("less-than-zero", L, "Create a Pure Data patch that outputs 1 for negative numbers and 0 otherwise.")
def _(p):
    n = p.num()
    c = p.obj("< 0", n)
    p.obj("print negative", c)
    return [chk("-3", [S(1, -3), OBS], {"outputs": [1]}), chk("2", [S(1, 2), OBS], {"outputs": [0]})]


@fewshot("min-of-two", L, "smaller of two numbers, printed")
def _(p):
    n1 = p.num()
    n2 = p.num()
    m = p.obj("min", n1, (n2, 0, 1))
    p.obj("print min", m)
    return [chk("8 and 3", [S(2, 3), S(1, 8), OBS], {"outputs": [3], "compare": "last"})]


@fewshot("bitwise-or", L, "Create a Pure Data patch that performs a bitwise OR on two numbers and displays the result.")
def _(p):
    n1 = p.num()
    n2 = p.num()
    o = p.obj("|", n1, (n2, 0, 1))
    p.num(o)
    return [chk("8 | 3", [S(2, 3), S(1, 8), OBS], {"outputs": [11], "compare": "last"})]


@fewshot("not-equal-check", L, "Create a Pure Data patch that outputs 1 when the input is not equal to 5.")
def _(p):
    n = p.num()
    c = p.obj("!= 5", n)
    p.num(c)
    return [chk("5", [S(1, 5), OBS], {"outputs": [0]}), chk("6", [S(1, 6), OBS], {"outputs": [1]})]


@fewshot("split-at-60", L, "Numbers under 60 go to one print, everything else to another.")
def _(p):
    n = p.num()
    m = p.obj("moses 60", n)
    p.obj("print low", (m, 0))
    p.obj("print high", (m, 1))
    return [chk("40 is low", [S(1, 40), OBS], {"outputs": [40]}), chk("72 is high", [S(1, 72), OBS], {"outputs": [72]})]


@fewshot("either-toggle-on", L, "Create a Pure Data patch with two toggles that lights a third toggle when either of them is on.")
def _(p):
    t1 = p.tgl()
    t2 = p.tgl()
    tt = p.obj("t b f", t2)
    o = p.obj("||", t1, (tt, 1, 1))
    p.connect(tt, 0, o, 0)
    p.tgl(o)
    return [chk("second on", [T(2, 1), OBS], {"outputs": [1], "compare": "last"}),
            chk("both off", [T(1, 1), T(1, 0), OBS], {"outputs": [0], "compare": "last"})]


@fewshot("divisible-by-three", L, "Create a Pure Data patch that bangs when the incoming number is divisible by 3.")
def _(p):
    n = p.num()
    m = p.obj("mod 3", n)
    s = p.obj("sel 0", m)
    p.comment(s, "remainder 0 means divisible")
    p.obj("print divisible", s)
    return [chk("9", [S(1, 9), OBS], {"outputs": ["bang"]}), chk("10 then 12", [S(1, 10), S(1, 12), OBS], {"outputs": ["bang"]})]


@fewshot("right-shift", L, "Create a Pure Data patch that divides an integer by 8 using a bit shift.")
def _(p):
    n = p.num()
    s = p.obj(">> 3", n)
    p.num(s)
    return [chk("64 >> 3", [S(1, 64), OBS], {"outputs": [8]})]


@fewshot("is-zero", L, "Create a Pure Data patch that prints 'zero' when the number box is 0 and 'nonzero' otherwise.")
def _(p):
    n = p.num()
    s = p.obj("sel 0", n)
    z = p.msg("zero", (s, 0))
    nz = p.msg("nonzero", (s, 1))
    pr = p.obj("print", z)
    p.connect(nz, 0, pr, 0)
    return [chk("0", [S(1, 0), OBS], {"outputs": ["zero"]}), chk("3", [S(1, 3), OBS], {"outputs": ["nonzero"]})]
