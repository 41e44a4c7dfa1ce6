"""Tiny builder for tidy Pd 0.53 patches: boxes and connections in, a laid-out .pd file out.

Layout is what a teacher draws: rows follow the signal flow top to bottom (longest path from
the sources), sources sit just above the first box they feed, boxes in a row are packed left to
right near the boxes that feed them, comments sit to the right of the row they explain.
"""

CHAR_W = 7      # width of one character at font size 12
ROW_H = 40      # vertical pitch of rows
LEFT = 30
TOP = 50

# objects where control enters a patch on its own: their chains are laid out from the top
ENTRY_POINTS = {"loadbang", "notein", "ctlin", "inlet", "gemhead"}

IEM = {
    "bng": "bng 19 250 50 0 empty empty empty 0 -10 0 12 #fcfcfc #000000 #000000",
    "tgl": "tgl 19 0 empty empty empty 0 -10 0 12 #fcfcfc #000000 #000000 0 1",
}


class Box:
    def __init__(self, patch, kind, text, width=None, height=22):
        self.patch, self.kind, self.text = patch, kind, text
        self.index = len(patch.boxes)
        self.width = width if width is not None else max(len(text.replace("\\", "")), 2) * CHAR_W + 10
        self.height = height
        self.x = self.y = 0
        self.row = 0
        self.note = None
        self.pin = None  # optional (row) override
        self.gui = False  # an input a person touches: kept in the top row


class Patch:
    def __init__(self):
        self.boxes, self.conns, self.title = [], [], None

    # ---- boxes -------------------------------------------------------------------------
    def _add(self, kind, text, ins, gui=False, **kw):
        b = Box(self, kind, text, **kw)
        b.gui = gui
        self.boxes.append(b)
        for spec in ins:
            self._wire(spec, b)
        return b

    def _wire(self, spec, dst):
        if isinstance(spec, Box):
            self.conns.append((spec, 0, dst, 0))
        elif len(spec) == 2:
            self.conns.append((spec[0], spec[1], dst, 0))
        else:
            self.conns.append((spec[0], spec[1], dst, spec[2]))

    def connect(self, a, o, b, i):
        self.conns.append((a, o, b, i))

    def obj(self, text, *ins):
        return self._add("obj", text, ins)

    def msg(self, text, *ins):
        return self._add("msg", text, ins, width=max(len(text.replace("\\", "")), 2) * CHAR_W + 16)

    def num(self, *ins, width=5):
        return self._add("floatatom", f"{width} 0 0 0 - - - 0", ins, gui=True, width=width * CHAR_W + 6)

    def sym(self, *ins, width=10):
        return self._add("symbolatom", f"{width} 0 0 0 - - - 0", ins, gui=True, width=width * CHAR_W + 6)

    def lst(self, *ins, width=20):
        return self._add("listbox", f"{width} 0 0 0 - - - 0", ins, gui=True, width=width * CHAR_W + 6)

    def bng(self, *ins):
        return self._add("obj", IEM["bng"], ins, gui=True, width=19, height=19)

    def tgl(self, *ins):
        return self._add("obj", IEM["tgl"], ins, gui=True, width=19, height=19)

    def hsl(self, lo, hi, *ins):
        return self._add("obj", f"hsl 128 15 {lo} {hi} 0 0 empty empty empty -2 -8 0 10 #fcfcfc #000000 #000000 0 1", ins, gui=True, width=128, height=15)

    def vsl(self, lo, hi, *ins):
        return self._add("obj", f"vsl 15 128 {lo} {hi} 0 0 empty empty empty 0 -9 0 10 #fcfcfc #000000 #000000 0 1", ins, gui=True, width=15, height=128)

    def nbx(self, *ins):
        return self._add("obj", "nbx 5 14 -1e+37 1e+37 0 0 empty empty empty 0 -8 0 10 #fcfcfc #000000 #000000 0 256", ins, gui=True, width=50, height=16)

    def hradio(self, n, *ins):
        return self._add("obj", f"hradio 19 1 0 {n} empty empty empty 0 -8 0 10 #fcfcfc #000000 #000000 0", ins, gui=True, width=19 * n, height=19)

    def comment(self, box, text):
        box.note = text
        return box

    # ---- layout ------------------------------------------------------------------------
    def _layout(self):
        parents = {b: [] for b in self.boxes}
        children = {b: [] for b in self.boxes}
        for a, o, b, i in self.conns:
            parents[b].append((a, i))
            children[a].append(b)
        # longest path from sources, ignoring edges that close a cycle
        depth = {}
        state = {}

        def visit(b, d):
            if state.get(b) == "active":
                return
            if depth.get(b, -1) >= d:
                return
            depth[b] = d
            state[b] = "active"
            for c in children[b]:
                visit(c, d + 1)
            state[b] = "done"

        for b in self.boxes:
            if not any(p for p, _ in parents[b] if p is not b):
                visit(b, 0)
        for b in self.boxes:
            if b not in depth:
                visit(b, 0)
        # pinned boxes start lower and push what they feed down with them
        for b in self.boxes:
            if b.pin is not None and b.pin > depth[b]:
                state.clear()
                visit(b, b.pin)
        # sources drop to just above their first consumer
        changed = True
        while changed:
            changed = False
            for b in self.boxes:
                if not parents[b] and children[b] and not b.gui and b.pin is None:
                    want = min(depth[c] for c in children[b]) - 1
                    if want > depth[b]:
                        depth[b] = want
                        changed = True
        # chains that nothing a person touches starts (osc~, noise~, delread~, r ...) sit as low
        # as they can, next to where they are used, instead of at the top of the patch
        anchors = [b for b in self.boxes if b.gui or (not parents[b] and (b.kind == "msg" or b.text.split()[0] in ENTRY_POINTS))]
        anchored, todo = set(anchors), list(anchors)
        while todo:
            for c in children[todo.pop()]:
                if c not in anchored:
                    anchored.add(c)
                    todo.append(c)
        for _ in range(100):
            changed = False
            for b in reversed(self.boxes):
                if b not in anchored and children[b] and b.pin is None:
                    want = min(depth[c] for c in children[b]) - 1
                    if want > depth[b]:
                        depth[b] = want
                        changed = True
            if not changed:
                break
        rows = {}
        for b in self.boxes:
            rows.setdefault(depth[b], []).append(b)
        ys, y = {}, (TOP if self.title else 25)
        for r in sorted(rows):
            ys[r] = y
            y += max(ROW_H, max(b.height for b in rows[r]) + 22)
        self.height = y

        # x: pack each row left to right, boxes ordered by where their feeders (rows above) are;
        # then sweep again so that sources can line up over the boxes they feed (known from the
        # previous sweep). Inputs in the top row keep their creation order: it is the reading order
        # the checks rely on.
        prev = {}
        for sweep in range(4):
            placed = {}
            notes_out = []
            for r in sorted(rows):
                row = rows[r]

                def desired(b):
                    ps = [(q, i) for q, i in parents[b] if q in placed and depth[q] < r]
                    if ps:
                        # the leftmost feeder's column; a right-inlet feeder pulls less
                        return min(placed[q] - (0 if i == 0 else 10 * i) for q, i in ps)
                    cs = [prev[c] for c in children[b] if c in prev]
                    return min(cs) if cs else None

                def key(b):
                    if r == 0 and b.gui:
                        return (-1, b.index)
                    d = desired(b)
                    return (d if d is not None else 10 ** 6, b.index)

                cursor = LEFT
                order = sorted(row, key=key)
                for b in order:
                    d = desired(b) if not (r == 0 and b.gui) else None
                    b.x = max(cursor, d if d is not None else LEFT)
                    b.y = ys[r]
                    cursor = b.x + b.width + 25
                    placed[b] = b.x
                notes = [b.note for b in order if b.note]
                if notes:
                    notes_out.append((cursor + 5, ys[r], " ".join(notes)))
            prev = placed
        self._row_notes = notes_out


    def write(self):
        self._row_notes = []
        self._layout()
        width = max([b.x + b.width for b in self.boxes] + [x + 7 * min(len(t), 60) for x, _, t in self._row_notes] + [400]) + 40
        lines = [f"#N canvas 0 50 {min(width, 1200)} {max(self.height + 40, 300)} 12;"]
        out = []
        for b in self.boxes:
            if b.kind == "obj":
                out.append(f"#X obj {b.x} {b.y} {commas(dollars(b.text))};")
            elif b.kind == "msg":
                out.append(f"#X msg {b.x} {b.y} {dollars(b.text)};")
            else:
                out.append(f"#X {b.kind} {b.x} {b.y} {b.text};")
        extra = []
        if self.title:
            extra.append(f"#X text {LEFT} 12 {esc(self.title)};")
        for x, y, t in self._row_notes:
            extra.append(f"#X text {x} {y} {esc(t)};")
        n = len(out)
        lines += out + extra
        for a, o, b, i in self.conns:
            lines.append(f"#X connect {a.index} {o} {b.index} {i};")
        return "\n".join(lines) + "\n"


def esc(text):
    """Pd comment text: commas and semicolons escaped, dollar signs avoided."""
    return text.replace(",", " \\,").replace(";", " \\;").replace("$", "")


def dollars(text):
    """Pd files escape dollar signs; unescaped ones would be expanded while loading."""
    return text.replace("\\$", "$").replace("$", "\\$")


def commas(text):
    """A comma inside an object box (expr arguments) is escaped in the file."""
    import re
    return re.sub(r"\s*(?<!\\),", " \\,", text)
