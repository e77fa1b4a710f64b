"""``--jit-events FILE``: every event kind is produced and obeys the schema, and the
schema in notes/observability.md is the one in ``pyjit.jit.events``."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pyjit.jit import events

ROOT = Path(__file__).resolve().parent.parent

# one program that makes every kind of event at --jit-threshold 100
ALL_EVENTS = '''
def f(a, b=2, *, c=3):
    return a + b + c

def kw(n):                      # aborted three times (locals()): blacklisted
    t = 0
    for i in range(n):
        t += f(i, c=4) + len(locals()) - 3
    return t

def big(n):                     # t is past 64 bits when recorded: generic ops, compiled
    t = 1
    for i in range(n):
        t = t * 3 + i
    return t % 1000

def fstring(n):                 # the other branch's bridge aborts (locals())
    t = 0
    for i in range(n):
        if i % 3 == 0:
            s = f"{i}" + str(locals())[:0]
            t += len(s)
        else:
            t += 1
    return t

def branch(n):                  # the other branch gets a bridge
    t = 0
    for i in range(n):
        if i % 3 == 0:
            t += 2
        else:
            t -= 1
    return t

def g(x):
    return x + 1

def inv(n):
    t = 0
    for i in range(n):
        t += g(i)
    return t

def osc(n):                     # x leaves 64 bits and comes back: generalized
    x = 1
    t = 0
    for i in range(n):
        if x < 1 << 70:
            x = x * 7 + 1
        else:
            x = x % 1000
        t += x & 1
    return t

def one(k):
    t = 0
    for j in range(k):
        t += j
    return t

def short(n):                   # interpreted (locals()): one()'s loop runs 3 iterations
                                # an entry from the interpreter: sent back
    s = 0
    for i in range(n):
        s += one(3) + len(locals()) - 3  # (locals(): this loop is interpreted)
    return s

print(kw(3000), big(3000), fstring(3000), branch(3000), inv(2000), osc(3000), short(3000))
g.__defaults__ = ()            # invalidates every trace
print(inv(2000))
'''


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "pyjit", *args], capture_output=True,
                          text=True, timeout=300, cwd=cwd)


@pytest.fixture(scope="module")
def log(tmp_path_factory):
    d = tmp_path_factory.mktemp("events")
    prog = d / "prog.py"
    prog.write_text(ALL_EVENTS)
    out = d / "events.jsonl"
    p = run("run", "--jit-threshold", "100", "--jit-tier-up", "2000", "--jit-events", str(out),
            str(prog))
    assert p.returncode == 0, p.stderr
    assert p.stdout == "4516500 501 5628 0 2001000 1491 9000\n2001000\n"
    return events.read(str(out)), str(prog)


def test_every_event_validates(log):
    evs, _ = log
    errors = [err for e in evs for err in events.validate(e)]
    assert errors == []


def test_every_kind_is_produced(log):
    evs, _ = log
    assert {e["event"] for e in evs} == set(events.KINDS)
    assert evs[0]["event"] == "start" and evs[0]["schema_version"] == events.SCHEMA_VERSION
    assert evs[-1]["event"] == "end"


def test_events_link_loops_traces_and_lines(log):
    evs, prog = log
    by_kind = {}
    for e in evs:
        by_kind.setdefault(e["event"], []).append(e)
    hot = {e["loop"]: e for e in by_kind["loop_hot"]}
    for e in evs:
        if "loop" in e:
            assert e["loop"] in hot and e["file"] == prog
            assert e["line"] == hot[e["loop"]]["line"]
    traces = {e["trace"] for e in by_kind["trace_recorded"]}
    assert {e["trace"] for e in by_kind["trace_compiled"]} <= traces
    kw = [e for e in by_kind["trace_aborted"] if e["code"] == "kw"]
    assert len(kw) == 3 and kw[0]["at_line"] == 8 and kw[0]["at_instruction"] == "CALL"
    assert kw[0]["reason_kind"] == "frame access" and "locals()" in kw[0]["hint"]
    fs = by_kind["bridge_aborted"][0]
    assert fs["at_line"] == 21 and fs["reason_kind"] == "frame access"
    osc = [e for e in by_kind["guard_failure"] if e["code"] == "osc" and e["op"] == "unbox_int"]
    assert osc and osc[0]["guard_line"] == 50
    assert osc[0]["assumed"] == "int (64 bits)" and osc[0]["seen"].startswith("int (")
    gen = by_kind["generalized"]
    assert [e["code"] for e in gen] == ["osc"] and "loop variable x is now an int" in gen[0]["reason"]
    # (f: a function trace that makes no native call, sent back -- function traces
    # are on by default; one's function trace (to its loop's header) ends in
    # call_loop: kept for native callers for CALL_LOOP_PATIENCE judgements -- longer
    # than this program -- and meanwhile its loop is not judged by its entries)
    assert sorted((e["code"], e["function"]) for e in by_kind["sent_back"]) == \
        [("f", True)]
    assert {e["code"] for e in by_kind["tier_up"]} >= {"branch", "osc"}
    assert all(e["pipeline"] == "fast" for e in by_kind["compile_queued"] if e["code"] == "inv")
    assert by_kind["invalidated"][0]["what"] == "g.__defaults__ was assigned"
    assert {e["code"] for e in by_kind["blacklisted"]} >= {"kw", "fstring"}   # (one: see sent_back above)
    assert "big" not in {e["code"] for e in by_kind["blacklisted"]}


def test_guard_failures_are_sampled(log):
    evs, _ = log
    counts = {}
    for e in evs:
        if e["event"] == "guard_failure":
            counts.setdefault(e["guard"], []).append(e["count"])
    for seen in counts.values():
        assert seen == sorted(seen)
        for n in seen:
            assert n <= 10 or n & (n - 1) == 0   # every one up to 10, then powers of two
    assert max(max(s) for s in counts.values()) > 10   # (some guard went past the rate)


def test_validate_rejects_what_the_schema_does_not_say():
    ok = {"event": "invalidated", "t": 0.5, "what": "x", "traces": 2}
    assert events.validate(ok) == []
    assert events.validate({**ok, "traces": "2"})
    assert events.validate({**ok, "traces": True})
    assert events.validate({**ok, "extra": 1})
    assert events.validate({k: v for k, v in ok.items() if k != "what"})
    assert events.validate({"event": "nope", "t": 0})


def test_notes_document_the_schema():
    text = (ROOT / "notes" / "observability.md").read_text()
    assert events.schema_markdown() in text
    assert re.search(rf"schema_version.*\b{events.SCHEMA_VERSION}\b", text)


def test_jit_events_needs_tier_jit(tmp_path):
    p = run("run", "--tier", "specialize", "--jit-events", str(tmp_path / "x"), "-c", "pass")
    assert p.returncode == 2 and "--tier jit" in p.stderr
