#!/usr/bin/env python3
"""Runs every reference of a suite in real Pd and plays its functional checks on it.

For each item: the reference is opened headless with a driver patch that turns DSP on, plays
each check's steps (inputs driven through added [r] objects, outputs tapped into [print]s,
dac~ inputs measured with [env~]) and quits. Fails on any Pd error line, on a check whose
observation is empty, and on a literal expectation the reference does not meet.

This is the interim `suite validate` and a reference implementation of how docs/suites.md
says inputs are found and addressed.

usage: check_refs.py SUITE_DIR... [-v] [--only ID]
"""
import math
import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

import yaml

GUI_NUMBER = ("nbx", "hsl", "vsl", "hradio", "vradio", "hslider", "vslider", "knob")
PD = ["pd", "-nogui", "-nosound", "-nomidi", "-noprefs", "-batch", "-stderr"]
SOUNDING_DB = 40.0
# version banners some vanilla extras print when first created: not errors
BENIGN = re.compile(r"^(bonk|fiddle|sigmund~) version [0-9.]+( \w+)?$")  # env~ reports dB with 100 = full scale; 40 dB is -60 dBFS


def records(text):
    parts = re.split(r"(?<!\\);\s*\n?", text)
    return [p.strip() for p in parts if p.strip()]


def parse_root(text):
    """Root-level boxes in Pd's index order: (index, kind, class, atoms, x, y) and connections."""
    boxes, conns, depth = [], [], 0
    for r in records(text):
        a = r.split()
        if a[0] == "#N" and a[1] == "canvas":
            depth += 1
            continue
        if a[0] == "#X" and a[1] == "restore":
            depth -= 1
            if depth == 1:
                boxes.append((len(boxes), "obj", "pd", a[4:], int(float(a[2])), int(float(a[3]))))
            continue
        if depth != 1 or a[0] != "#X":
            continue
        if a[1] in ("obj", "msg", "floatatom", "symbolatom", "listbox", "text"):
            cls = a[4] if a[1] == "obj" and len(a) > 4 else a[1]
            boxes.append((len(boxes), a[1], cls, a[4:], int(float(a[2])), int(float(a[3]))))
        elif a[1] == "connect":
            conns.append(tuple(int(x) for x in a[2:6]))
    return boxes, conns


def reading_order(boxes):
    """Top to bottom; boxes whose tops are within 20 px form a row read left to right."""
    rows, cur = [], []
    for b in sorted(boxes, key=lambda b: (b[5], b[4])):
        if cur and b[5] - cur[0][5] > 20:
            rows.append(cur)
            cur = []
        cur.append(b)
    if cur:
        rows.append(cur)
    return [b for row in rows for b in sorted(row, key=lambda b: b[4])]


def inputs_by_kind(boxes, conns):
    fed = {c[2] for c in conns}
    kinds = {}
    for b in reading_order(boxes):
        idx, kind, cls = b[0], b[1], b[2]
        k = None
        if kind == "floatatom" or (kind == "obj" and cls in GUI_NUMBER):
            k = "number"
        elif kind == "symbolatom":
            k = "symbol"
        elif kind == "listbox":
            k = "list"
        elif kind == "obj" and cls in ("tgl", "toggle"):
            k = "toggle"
        elif kind == "obj" and cls in ("bng", "bang") and cls == "bng":
            k = "bang"
        elif kind == "msg":
            k = "message"
        elif kind == "obj" and cls == "inlet":
            k = "inlet"
        if k and (idx not in fed or k == "inlet"):
            kinds.setdefault(k, []).append(idx)
    return kinds


DEFAULT_KINDS = {
    "set": ["number", "inlet"],
    "toggle": ["toggle", "number", "inlet"],
    "bang": ["bang", "message", "inlet"],
    "click": ["message"],
    "send": ["number", "symbol", "list", "toggle", "bang", "inlet"],
}


def resolve(action, arg, kinds, order):
    """The box a step addresses: the n-th input of the first kind in the action's list that has one."""
    n = arg if isinstance(arg, int) else arg.get("input", 1)
    wanted = [arg["kind"]] if isinstance(arg, dict) and "kind" in arg else DEFAULT_KINDS[action]
    if action == "send" and not (isinstance(arg, dict) and "kind" in arg):
        pool = sorted([i for k in wanted for i in kinds.get(k, [])], key=lambda i: order[i])
        return pool[n - 1] if len(pool) >= n else None
    for k in wanted:
        if len(kinds.get(k, [])) >= n:
            return kinds[k][n - 1]
    return None


def instrument(text, boxes, conns, taps_needed):
    """Adds [r __pbinN] into each input box, [print __pbout] after fed display boxes, env~ taps on dac~."""
    lines = [text.rstrip("\n")]
    n = len(boxes)
    fed = {c[2] for c in conns}
    feeds = {c[0] for c in conns}
    for idx in taps_needed:
        lines.append(f"#X obj 0 0 r __pbin{idx};")
        lines.append(f"#X connect {n} 0 {idx} 0;")
        n += 1
    for b in boxes:
        if b[1] in ("floatatom", "symbolatom", "listbox") or (b[1] == "obj" and b[2] in GUI_NUMBER + ("tgl",)):
            if b[0] in fed:
                lines.append("#X obj 0 0 print __pbout;")
                lines.append(f"#X connect {b[0]} 0 {n} 0;")
                n += 1
    dac = [b[0] for b in boxes if b[1] == "obj" and b[2] == "dac~"]
    if dac:
        lines.append("#X obj 0 0 env~ 1024;")
        env = n
        lines.append("#X obj 0 0 print __pbenv;")
        lines.append(f"#X connect {env} 0 {env + 1} 0;")
        lines.append("#X obj 0 0 sigmund~ pitch;")
        lines.append("#X obj 0 0 print __pbpitch;")
        lines.append(f"#X connect {env + 2} 0 {env + 3} 0;")
        n += 4
        for src in sorted({(c[0], c[1]) for c in conns if c[2] in dac}):
            lines.append(f"#X connect {src[0]} {src[1]} {env} 0;")
            lines.append(f"#X connect {src[0]} {src[1]} {env + 2} 0;")
    return "\n".join(lines) + "\n"


def driver(actions):
    """A patch that plays (send recv msg | wait ms | mark name) actions in logical time, then quits."""
    segs, cur = [], []
    for a in actions:
        if a[0] == "wait":
            segs.append((cur, a[1]))
            cur = []
        else:
            cur.append(a)
    segs.append((cur, 0))
    out = ["#N canvas 0 50 450 300 12;", "#X obj 10 10 loadbang;", "#X msg 10 40 \\; pd dsp 1;",
           "#X obj 10 70 r __pbmark;", "#X obj 10 100 print __pbmark;", "#X obj 10 130 delay 1;"]
    conn = ["#X connect 0 0 1 0;", "#X connect 2 0 3 0;", "#X connect 0 0 4 0;"]
    n, prev = 5, 4  # prev: the delay whose output starts the next segment
    for acts, wait in segs:
        body = []
        for a in acts:
            if a[0] == "send":
                body.append(f"\\; __pbin{a[1]} {a[2]}")
            else:
                body.append(f"\\; __pbmark {a[1]}")
        out.append("#X obj 10 10 t b b;")
        t = n
        n += 1
        conn.append(f"#X connect {prev} 0 {t} 0;")
        if body:
            out.append("#X msg 10 10 " + " ".join(body) + ";")
            conn.append(f"#X connect {t} 1 {n} 0;")
            n += 1
        out.append(f"#X obj 10 10 delay {max(wait, 0)};")
        conn.append(f"#X connect {t} 0 {n} 0;")
        prev = n
        n += 1
    out.append("#X msg 10 10 \\; __pbmark end \\; pd quit;")
    conn.append(f"#X connect {prev} 0 {n} 0;")
    return "\n".join(out + conn) + "\n"


def to_actions(steps, kinds, order):
    acts, errs = [], []
    for s in steps:
        (k, v), = s.items()
        if k == "wait":
            acts.append(("wait", v))
        elif k == "observe":
            acts.append(("mark", "observe"))
        elif k == "record-audio":
            acts += [("mark", "recstart"), ("wait", v), ("mark", "recend")]
        else:
            box = resolve(k, v, kinds, order)
            if box is None:
                errs.append(f"step {s} addresses no input (inputs: {kinds})")
                continue
            if k in ("set", "toggle"):
                acts.append(("send", box, v["value"] if isinstance(v, dict) else v))
            elif k in ("bang", "click"):
                acts.append(("send", box, "bang"))
            elif k == "send":
                acts.append(("send", box, v["message"]))
    return acts, errs


def run_pd(files):
    p = subprocess.run(PD + sum([["-open", f] for f in files], []), capture_output=True, text=True, timeout=60)
    return p.stdout + p.stderr


def num(s):
    try:
        return float(s)
    except ValueError:
        return None


def analyse(output, print_labels):
    """Splits Pd's output into observations, audio windows and error lines."""
    obs, cur, errors, env, recording, windows = [], [], [], [], False, []
    pitches, pitch_windows = [], []
    for line in output.splitlines():
        m = re.match(r"^(\S+): (.*)$", line)
        label = m.group(1) if m else None
        if label == "__pbmark":
            what = m.group(2)
            if what == "observe":
                obs.append(merge_echoes(cur))
                cur = []
            elif what == "recstart":
                recording, env, pitches = True, [], []
            elif what == "recend":
                recording = False
                windows.append(env)
                pitch_windows.append(pitches)
            continue
        if label == "__pbenv":
            if recording:
                env.append(float(m.group(2)))
            continue
        if label == "__pbpitch":
            if recording:
                pitches.append(float(m.group(2)))
            continue
        if label in print_labels or label == "__pbout":
            cur.append((label == "__pbout", m.group(2)))
            continue
        if line.strip() and not BENIGN.match(line):
            errors.append(line)
    return obs, (windows, pitch_windows), errors


def merge_echoes(events):
    """A display box fed by the same source as a print reports each value twice: keep one."""
    out, prev = [], None
    for echo, v in events:
        if prev is not None and echo != prev[0] and same(prev[1], v):
            prev = None
            continue
        out.append(v)
        prev = (echo, v)
    return out


def collapse(values):
    out = []
    for v in values:
        if not out or not same(out[-1], v):
            out.append(v)
    return out


def same(a, b, tol=1e-4):
    fa, fb = num(a), num(b)
    if fa is not None and fb is not None:
        return abs(fa - fb) <= tol * max(1.0, abs(fa), abs(fb))
    return a == b


def judge(check, obs, audio):
    windows, pitch_windows = audio
    e = check["expect"]
    tol = e.get("tolerance", 1e-4) if isinstance(e, dict) else 1e-4
    probs = []
    if e == "from-reference":
        observes = [s for s in check["steps"] if "observe" in s]
        if observes and not any(obs):
            probs.append("reference produces no output in any observation")
        if any("record-audio" in s for s in check["steps"]):
            if not windows or max(windows[-1] or [0]) < SOUNDING_DB:
                probs.append("reference is silent in the recording")
        return probs
    if "outputs" in e:
        last = obs[-1] if obs else []
        lit = e["outputs"]
        vals = [num(v) for v in last]
        if isinstance(lit, list):
            compare = e.get("compare", "sequence")
            if compare == "last":
                if not last or not same(last[-1], str(lit[-1]), tol):
                    probs.append(f"expected last {lit[-1]}, reference gives {last}")
            elif len(last) != len(lit) or not all(same(a, str(b), tol) for a, b in zip(last, lit)):
                probs.append(f"expected {lit}, reference gives {last}")
        elif isinstance(lit, dict):
            if "count" in lit and len(last) != lit["count"]:
                probs.append(f"expected {lit['count']} values, reference gives {len(last)}: {last}")
            if "min-count" in lit and len(last) < lit["min-count"]:
                probs.append(f"expected at least {lit['min-count']} values, got {len(last)}")
            if "max-count" in lit and len(last) > lit["max-count"]:
                probs.append(f"expected at most {lit['max-count']} values, got {len(last)}")
            nums = [v for v in vals if v is not None]
            if "min" in lit and any(v < lit["min"] - 1e-6 for v in nums):
                probs.append(f"value below {lit['min']}: {last}")
            if "max" in lit and any(v > lit["max"] + 1e-6 for v in nums):
                probs.append(f"value above {lit['max']}: {last}")
            if lit.get("integers") and any(v != int(v) for v in nums):
                probs.append(f"non-integer: {last}")
            if "distinct" in lit and len(set(last)) < lit["distinct"]:
                probs.append(f"fewer than {lit['distinct']} distinct values: {last}")
            if "last" in lit and (not last or not same(last[-1], str(lit["last"]), tol)):
                probs.append(f"expected last {lit['last']}, got {last}")
            if not last:
                probs.append("no output observed")
    if "audio" in e:
        a = e["audio"]
        w = windows[-1] if windows else []
        peak = max(w or [0])
        if a.get("sounding") is True and peak < SOUNDING_DB:
            probs.append(f"expected sound, env~ peak {peak:.1f} dB")
        if a.get("sounding") is False and peak >= SOUNDING_DB:
            probs.append(f"expected silence, env~ peak {peak:.1f} dB")
        if a.get("like-reference") and peak < SOUNDING_DB:
            probs.append("reference recording is silent")
        ps = sorted(x for x in (pitch_windows[-1] if pitch_windows else []) if x > 0)
        if "pitch" in a:
            want = 69 + 12 * math.log2(a["pitch"] / 440)
            med = ps[len(ps) // 2] if ps else None
            if med is None or abs(med - want) > 0.5:
                probs.append(f"expected pitch {a['pitch']} Hz (MIDI {want:.2f}), sigmund~ median {med}")
        if a.get("pitch-changes") and len({round(x) for x in ps}) < 2:
            probs.append(f"expected changing pitch, sigmund~ saw {sorted({round(x) for x in ps})}")
    return probs


GEM_BASELINE = None


def gem_baseline():
    global GEM_BASELINE
    if GEM_BASELINE is None:
        with tempfile.TemporaryDirectory() as tmp:
            q = os.path.join(tmp, "quit.pd")
            open(q, "w").write(driver([("wait", 10)]))
            o = subprocess.run(PD + ["-lib", "Gem", "-open", q], capture_output=True, text=True, timeout=60)
            GEM_BASELINE = set(l for l in (o.stdout + o.stderr).splitlines())
    return GEM_BASELINE


def check_item(suite_dir, yml):
    item = yaml.safe_load(open(yml))
    ref = os.path.join(os.path.dirname(yml), item["reference"])
    text = open(ref).read()
    boxes, conns = parse_root(text)
    kinds = inputs_by_kind(boxes, conns)
    order = {b[0]: i for i, b in enumerate(reading_order(boxes))}
    labels = set()
    for b in boxes:
        if b[1] == "obj" and b[2] == "print":
            labels.add(b[3][1] if len(b[3]) > 1 else "print")
    problems = []
    extra = ["-lib", "Gem"] if "Gem" in (item.get("requires") or []) else []
    with tempfile.TemporaryDirectory() as tmp:
        # plain load: the reference on its own must run without a single error line
        plain = os.path.join(tmp, "ref.pd")
        open(plain, "w").write(text)
        q = os.path.join(tmp, "quit.pd")
        open(q, "w").write(driver([("wait", 1000)]))
        out = subprocess.run(PD + extra + ["-open", plain, "-open", q], capture_output=True, text=True, timeout=60)
        _, _, errs = analyse(out.stdout + out.stderr, labels)
        if extra:
            errs = [e for e in errs if e not in gem_baseline()]
        problems += [f"pd: {e}" for e in errs]
        for c in item.get("checks") or []:
            acts, errs = to_actions(c["steps"], kinds, order)
            problems += [f"check '{c['name']}': {e}" for e in errs]
            taps = sorted({a[1] for a in acts if a[0] == "send"})
            inst = os.path.join(tmp, "inst.pd")
            open(inst, "w").write(instrument(text, boxes, conns, taps))
            drv = os.path.join(tmp, "drv.pd")
            open(drv, "w").write(driver(acts))
            o = subprocess.run(PD + extra + ["-open", inst, "-open", drv], capture_output=True, text=True, timeout=60)
            obs, windows, errs = analyse(o.stdout + o.stderr, labels)
            problems += [f"check '{c['name']}': pd: {e}" for e in errs]
            problems += [f"check '{c['name']}': {p}" for p in judge(c, obs, windows)]
            if VERBOSE:
                print(f"  {item['id']} / {c['name']}: obs={obs} audio_peak={[round(max(w or [0]),1) for w in windows[0]]}")
    return item["id"], problems


VERBOSE = False


def main(argv):
    global VERBOSE
    VERBOSE = "-v" in argv
    only = argv[argv.index("--only") + 1] if "--only" in argv else None
    dirs = [a for a in argv if not a.startswith("-") and a != only]
    ymls = []
    for d in dirs:
        idir = os.path.join(d, "items")
        ymls += [os.path.join(idir, f) for f in sorted(os.listdir(idir)) if f.endswith(".yaml") and (not only or f[:-5] == only)]
    bad = 0
    with ThreadPoolExecutor(max_workers=2) as ex:
        for iid, probs in ex.map(lambda y: check_item(None, y), ymls):
            if probs:
                bad += 1
                print(f"FAIL {iid}")
                for p in probs:
                    print(f"   {p}")
    print(f"{len(ymls)} items, {bad} with problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
