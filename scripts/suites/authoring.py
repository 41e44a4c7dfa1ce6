"""Item registry and YAML writer used by the suite authoring scripts (core_items.py, fewshot_items.py).

The files this writes (suites/<suite>/items/<id>.yaml and <id>.pd) are the suite's source of
truth; these scripts are how they were first written, kept so the layout rules can be re-applied.
"""
import os
import re
import yaml

from pdgen import Patch

CATEGORIES = [
    "control-math", "logic-comparison", "message-routing", "timing", "counters-state",
    "random-sequencing", "lists-symbols", "arrays-tables", "oscillators-synthesis",
    "noise-filters", "envelopes", "effects", "audio-analysis", "midi-notes",
    "gui-instruments", "gem-graphics",
]

SEED = "PatchGen README example prompt"
REGISTRY = {"core": [], "fewshot": []}
GUI_INPUT_PREFIXES = ("bng ", "tgl ", "hsl ", "vsl ", "nbx ", "hradio ", "vradio ")


class Item:
    def __init__(self, suite, id, category, prompt, build, source=None, requires=None):
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", id), id
        assert category in CATEGORIES, category
        self.suite, self.id, self.category, self.prompt = suite, id, category, prompt
        self.build, self.source, self.requires = build, source, requires
        self.patch = Patch()
        self.checks = build(self.patch) or []
        self.pd_text = self.patch.write()

    @property
    def object_count(self):
        return len(self.patch.boxes)

    @property
    def difficulty(self):
        n = self.object_count
        return 1 if n <= 3 else 2 if n <= 6 else 3 if n <= 10 else 4 if n <= 15 else 5


def register(suite):
    def deco_factory(id, category, prompt, source=None, requires=None):
        def deco(fn):
            REGISTRY[suite].append(Item(suite, id, category, prompt, fn, source, requires))
            return fn
        return deco
    return deco_factory


core = register("core")
fewshot = register("fewshot")


def make(suite, id, category, prompt, fn, source=None, requires=None):
    REGISTRY[suite].append(Item(suite, id, category, prompt, fn, source, requires))


# ---- check vocabulary ------------------------------------------------------------------
def S(i, v):
    return {"set": {"input": i, "value": v}}


def T(i, v):
    return {"toggle": {"input": i, "value": v}}


def B(i=1):
    return {"bang": i}


def C(i=1):
    return {"click": i}


def SEND(i, message, kind=None):
    d = {"input": i, "message": message}
    if kind:
        d["kind"] = kind
    return {"send": d}


def W(ms):
    return {"wait": ms}


OBS = {"observe": "outputs"}


def REC(ms):
    return {"record-audio": ms}


def chk(name, steps, expect="from-reference"):
    return {"name": name, "steps": steps, "expect": expect}


def sound(name, steps, **audio):
    """An audio check; the audio keys use Python names with '_' for '-'."""
    audio = {k.replace("_", "-"): v for k, v in audio.items()} or {"sounding": True}
    return {"name": name, "steps": steps, "expect": {"audio": audio}}


# ---- writing ---------------------------------------------------------------------------
def flow(v):
    s = yaml.safe_dump(v, default_flow_style=True, width=10000, allow_unicode=True).strip()
    return s[:-4].rstrip() if s.endswith("\n...") else s


def scalar(v):
    s = yaml.safe_dump(v, width=10000, allow_unicode=True).strip()
    return s[:-4].rstrip() if s.endswith("\n...") else s


def item_yaml(it):
    out = [f"id: {it.id}", f"prompt: {scalar(it.prompt)}", f"category: {it.category}",
           f"difficulty: {it.difficulty}", f"reference: {it.id}.pd"]
    if it.requires:
        out.append(f"requires: {flow(it.requires)}")
    if it.source:
        out.append(f"source: {scalar(it.source)}")
    if not it.checks:
        out.append("checks: []")
    else:
        out.append("checks:")
        for c in it.checks:
            out.append(f"  - name: {scalar(c['name'])}")
            out.append("    steps:")
            for s in c["steps"]:
                (k, v), = s.items()
                out.append(f"      - {k}: {flow(v)}")
            e = c["expect"]
            if isinstance(e, str):
                out.append(f"    expect: {e}")
            else:
                out.append("    expect:")
                for k, v in e.items():
                    out.append(f"      {k}: {flow(v)}")
    return "\n".join(out) + "\n"


def write_suite(suite, root, manifest):
    items = REGISTRY[suite]
    ids = [i.id for i in items]
    dup = {x for x in ids if ids.count(x) > 1}
    assert not dup, dup
    d = os.path.join(root, "suites", suite)
    idir = os.path.join(d, "items")
    os.makedirs(idir, exist_ok=True)
    for f in os.listdir(idir):
        os.remove(os.path.join(idir, f))
    with open(os.path.join(d, "suite.yaml"), "w") as f:
        f.write(manifest)
    for it in items:
        with open(os.path.join(idir, it.id + ".yaml"), "w") as f:
            f.write(item_yaml(it))
        with open(os.path.join(idir, it.id + ".pd"), "w") as f:
            f.write(it.pd_text)
    return items


# ---- shapes used by many items ---------------------------------------------------------
def chain(p, src, *texts):
    """Objects in a line, each fed from the previous one's left outlet."""
    b = src
    for t in texts:
        b = p.obj(t, b) if b is not None else p.obj(t)
    return b


def stereo_out(p, sig, vol=None):
    """Signal -> [*~] volume (from a slider smoothed by line~) -> both dac~ channels."""
    if vol is None:
        return p.obj("dac~", sig, (sig, 0, 1))
    pk = p.obj("pack f 50", vol)
    ln = p.obj("line~", pk)
    m = p.obj("*~", sig, (ln, 0, 1))
    p.comment(m, "volume, smoothed to avoid clicks")
    return p.obj("dac~", m, (m, 0, 1))


def unary(suite, id, cat, prompt, texts, tests, out="num", source=None):
    """number box -> objects -> number box or [print]; tests are (input, expected-or-None)."""
    def fn(p):
        n = p.num()
        last = chain(p, n, *texts)
        if out == "num":
            p.num(last)
        else:
            p.obj(out, last)
        return [chk(f"input {v}", [S(1, v), OBS], {"outputs": [e]} if e is not None else "from-reference") for v, e in tests]
    make(suite, id, cat, prompt, fn, source)
