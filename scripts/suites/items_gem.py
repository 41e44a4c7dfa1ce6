"""gem-graphics items: they need the Gem library, so only loading them is checked headless."""
from authoring import core, fewshot, SEED

G = "gem-graphics"
GEM = ["Gem"]


def window(p):
    """The usual Gem window controls: create and start rendering, or stop and destroy."""
    on = p.msg("create \\, 1")
    off = p.msg("0 \\, destroy")
    w = p.obj("gemwin", on, off)
    p.comment(w, "open the window first")
    return w


@core("gem-teapot", G, "Create a Pure Data patch that renders a 3D teapot with adjustable size and detail level.", source=SEED, requires=GEM)
def _(p):
    window(p)
    size = p.num()
    detail = p.num()
    g = p.obj("gemhead")
    t = p.obj("teapot 1 8", g, (size, 0, 1), (detail, 0, 2))
    p.comment(t, "size and number of slices")
    return []


@core("gem-square-color", G, "Create a Pure Data patch that renders a square with adjustable size and color, responding to create, destroy, and draw messages.", source=SEED, requires=GEM)
def _(p):
    window(p)
    r = p.hsl(0, 1)
    gg = p.hsl(0, 1)
    b = p.hsl(0, 1)
    size = p.num()
    line = p.msg("draw line")
    fill = p.msg("draw fill")
    g = p.obj("gemhead")
    c = p.obj("colorRGB 1 1 1", g, (r, 0, 1), (gg, 0, 2), (b, 0, 3))
    s = p.obj("square 1", c, (size, 0, 1), line, fill)
    p.comment(s, "draw line or draw fill changes how it is drawn")
    return []


@core("gem-particle-scale", G, "Create a Pure Data patch that scales the size of particles by a specified factor every frame.", source=SEED, requires=GEM)
def _(p):
    window(p)
    factor = p.num()
    g = p.obj("gemhead")
    t = p.obj("t a b", g)
    f = p.obj("f 0.1", (t, 1))
    m = p.obj("*", f, (factor, 0, 1))
    c = p.obj("clip 0.01 10", m)
    p.connect(c, 0, f, 1)
    p.comment(m, "each frame: size = size * factor")
    ph = p.obj("part_head", (t, 0))
    ps = p.obj("part_source 20", ph)
    pv = p.obj("part_velocity sphere 0 0 0 0.1", ps)
    sz = p.obj("part_size", pv, (c, 0, 1))
    p.obj("part_draw", sz)
    return []


@core("gem-rotating-cube", G, "Create a Pure Data patch that shows a cube spinning around the Y axis, one degree per frame, with a toggle to start the spin.", requires=GEM)
def _(p):
    window(p)
    t = p.tgl()
    m = p.obj("metro 20", t)
    f = p.obj("f", m)
    pl = p.obj("+ 1", f)
    mo = p.obj("mod 360", pl)
    p.connect(mo, 0, f, 1)
    g = p.obj("gemhead")
    r = p.obj("rotateXYZ 0 0 0", g, (f, 0, 2))
    p.obj("cube 1", r)
    return []


@core("gem-colored-sphere", G, "Create a Pure Data patch that draws a sphere whose red, green and blue color components come from three sliders.", requires=GEM)
def _(p):
    window(p)
    r = p.hsl(0, 1)
    gg = p.hsl(0, 1)
    b = p.hsl(0, 1)
    g = p.obj("gemhead")
    c = p.obj("colorRGB", g, (r, 0, 1), (gg, 0, 2), (b, 0, 3))
    p.obj("sphere 1 20", c)
    return []


@core("gem-moving-circle", G, "Create a Pure Data patch where a slider moves a circle left and right across the Gem window.", requires=GEM)
def _(p):
    window(p)
    x = p.hsl(-4, 4)
    g = p.obj("gemhead")
    t = p.obj("translateXYZ 0 0 0", g, (x, 0, 1))
    p.obj("circle 0.5", t)
    return []


@fewshot("gem-static-cube", G, "Create a Pure Data patch that renders a cube in a Gem window.", requires=GEM)
def _(p):
    window(p)
    g = p.obj("gemhead")
    p.obj("cube 1", g)
    return []


@fewshot("gem-rectangle-size", G, "Create a Pure Data patch that draws a rectangle whose width and height come from number boxes.", requires=GEM)
def _(p):
    window(p)
    w = p.num()
    h = p.num()
    g = p.obj("gemhead")
    p.obj("rectangle 1 1", g, (w, 0, 1), (h, 0, 2))
    return []


@fewshot("gem-cylinder-rotate", G, "Create a Pure Data patch that shows a cylinder tilted by an angle set from a slider.", requires=GEM)
def _(p):
    window(p)
    a = p.hsl(0, 360)
    g = p.obj("gemhead")
    r = p.obj("rotateXYZ 0 0 0", g, (a, 0, 1))
    p.obj("cylinder 1", r)
    return []


@fewshot("gem-red-cone", G, "Create a Pure Data patch that draws a red cone.", requires=GEM)
def _(p):
    window(p)
    g = p.obj("gemhead")
    c = p.obj("color 1 0 0", g)
    p.obj("cone 1", c)
    return []


@fewshot("gem-disk-scale", G, "Create a Pure Data patch that draws a disk scaled by a number box.", requires=GEM)
def _(p):
    window(p)
    s = p.num()
    g = p.obj("gemhead")
    sc = p.obj("scaleXYZ 1 1 1", g, (s, 0, 1), (s, 0, 2))
    p.obj("disk 1", sc)
    return []
