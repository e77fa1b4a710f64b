"""CPython's own tests of the language core, under CPython and each tier (issue #17).

``make conformance`` (not part of ``make test``): each module of :data:`MODULES`
from the host's Lib/test is copied into a temporary directory -- so that it is
one of the program's files, which pyjit runs in the VM (Lib/test itself is the
standard library, which runs natively) -- and run by a small driver with
unittest under host CPython and under each tier; the pass counts per module go
to notes/conformance.md.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIERS = ("interp", "specialize", "jit")
MODULES = ["test_grammar", "test_opcodes", "test_scope", "test_raise", "test_with",
           "test_augassign", "test_unpack", "test_unpack_ex", "test_keywordonlyarg",
           "test_positional_only_arg", "test_genexps", "test_listcomps", "test_setcomps",
           "test_dictcomps", "test_string_literals", "test_fstring", "test_class",
           "test_exception_variations", "test_patma", "test_generators", "test_coroutines",
           "test_exceptions", "test_sys_settrace",
           # added for issue #17's second round: types, operators, descriptors, calls
           "test_types", "test_bool", "test_int", "test_long", "test_float", "test_dict",
           "test_dictviews", "test_list", "test_tuple", "test_set", "test_unary", "test_binop",
           "test_compare", "test_richcmp", "test_contains", "test_index", "test_pow",
           "test_int_literal", "test_slice", "test_range", "test_enumerate", "test_iter",
           "test_sort", "test_isinstance", "test_typechecks", "test_descr", "test_super",
           "test_property", "test_funcattrs", "test_dynamic", "test_decorators",
           "test_subclassinit", "test_metaclass", "test_extcall", "test_global", "test_print",
           "test_named_expressions", "test_syntax", "test_compile", "test_builtin",
           "test_baseexception", "test_exception_group", "test_except_star", "test_asyncgen",
           "test_frame"]
TIMEOUT = int(os.environ.get("CONFORMANCE_TIMEOUT", "240"))

# Tests left out under every interpreter (CPython too), each with why.
SKIP = {
    "test_sys_settrace.SkipLineEventsTraceTestCase.test_no_line_event_after_creating_generator":
        "_testcapi.settrace_to_record sets a C trace function directly (PyEval_SetTrace), "
        "which sees pyjit's own frames; its recorder crashes (PyTuple_Pack of a NULL "
        "argument) on the first host frame that a StopIteration leaves",
    "test_sys_settrace.TraceTestCase.test_no_line_event_after_creating_generator":
        "the same",
    "test_sys_settrace.TraceOpcodesTestCase.test_no_line_event_after_creating_generator":
        "the same",
}

DRIVER = r'''
import json, sys, unittest
sys.argv[1:] = []
import %(module)s as mod
SKIP = %(skip)r


def leave_out(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            leave_out(t)
        elif t.id() in SKIP:
            setattr(t, t._testMethodName, unittest.skip(SKIP[t.id()])(getattr(t, t._testMethodName)))


suite = unittest.defaultTestLoader.loadTestsFromModule(mod)
leave_out(suite)
result = unittest.TestResult()
suite.run(result)
print("CONFORMANCE " + json.dumps({"run": result.testsRun, "failures": len(result.failures),
      "errors": len(result.errors), "skipped": len(result.skipped),
      "xfail": len(result.expectedFailures), "xpass": len(result.unexpectedSuccesses),
      "failed": sorted(t.id() for t, _ in result.failures + result.errors),
      "not_run": sorted(t.id() for t, _ in result.skipped)}))
'''


def _run(cmd, cwd):
    t = time.time()
    try:
        p = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=TIMEOUT,
                           env={**os.environ, "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"})
    except subprocess.TimeoutExpired:
        return None, time.time() - t
    for line in p.stdout.decode(errors="replace").splitlines():
        if line.startswith("CONFORMANCE "):
            return json.loads(line[len("CONFORMANCE "):]), time.time() - t
    return {"crash": p.returncode, "stderr": p.stderr.decode(errors="replace")[-300:]}, time.time() - t


def run_module(name, workdir):
    import test
    src = Path(test.__file__).parent / f"{name}.py"
    shutil.copy(src, workdir / f"{name}.py")
    driver = workdir / f"run_{name}.py"
    driver.write_text(DRIVER % {"module": name, "skip": {k: v for k, v in SKIP.items()
                                                          if k.startswith(name + ".")}})
    results = {"cpython": _run([sys.executable, str(driver)], workdir)}
    for tier in TIERS:
        results[tier] = _run([sys.executable, "-m", "pyjit", "run", "--tier", tier, str(driver)],
                             workdir)
    return results


def _cell(r):
    res, secs = r
    if res is None:
        return f"timeout ({secs:.0f} s)"
    if "crash" in res:
        return f"crashed (exit {res['crash']})"
    passed = res["run"] - res["failures"] - res["errors"] - res["skipped"]
    return f"{passed}/{res['run']} ({secs:.0f} s)"


def _ids(ids):
    """Test ids as comparable across runs: a subtest's parameters may show an
    object's address (``<function f at 0x7f...>``)."""
    return {re.sub(r" at 0x[0-9a-f]+", "", t) for t in ids}


def regressions(r, tier):
    """Tests that pass under CPython but not under ``tier`` (None: no result)."""
    base, res = r["cpython"][0], r[tier][0]
    if not base or "crash" in base or not res or "crash" in res:
        return None
    bad = _ids(base["failed"]) | _ids(base["not_run"])
    return sorted(_ids(res["failed"]) - bad)


MARK = "<!-- written by hand below: kept by make conformance -->"


def render(rows):
    """The table of ``rows`` ((module, results) pairs) and the totals."""
    lines = ["| module | CPython | interp | specialize | jit | CPython's passes failing (interp/specialize/jit) |",
             "| --- | --- | --- | --- | --- | --- |"]
    totals = {t: [0, 0] for t in TIERS}
    for name, r in rows:
        lost = []
        for t in TIERS:
            reg = regressions(r, t)
            base = r["cpython"][0]
            lost.append("-" if reg is None else str(len(reg)))
            if reg is not None:
                passed = base["run"] - base["failures"] - base["errors"] - base["skipped"]
                totals[t][0] += passed - len(reg)
                totals[t][1] += passed
        lines.append(f"| {name} | " + " | ".join(_cell(r[k]) for k in ("cpython",) + TIERS)
                     + " | " + "/".join(lost) + " |")
    return "\n".join(lines) + "\n\nOf the tests CPython passes (modules with a result): " + ", ".join(
        f"{t} {a}/{b} ({100 * a / max(b, 1):.1f}%)" for t, (a, b) in totals.items())


def write_notes(table):
    """notes/conformance.md: the table, then what was written by hand below MARK."""
    path = ROOT / "notes" / "conformance.md"
    kept = ""
    if path.exists():
        old = path.read_text()
        if MARK in old:
            kept = old[old.index(MARK):]
    path.write_text(
        "# CPython's Lib/test (language core) under pyjit\n\n"
        f"`make conformance` ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, host "
        f"CPython {sys.version.split()[0]}): tests passed / run per module (skips "
        "not counted as passed), the wall time of each run, and how many of the tests "
        "CPython passes fail under each tier.\n\n" + table + "\n\n" + (kept or MARK + "\n"))


def main(argv):
    """``conformance.py [MODULE...]``: run the modules (all: and write the notes);
    ``conformance.py --from-json FILE...``: the notes from saved results
    (``CONFORMANCE_JSON=FILE`` saves them), later files winning."""
    if argv[:1] == ["--from-json"]:
        merged = {}
        for path in argv[1:]:
            with open(path) as fh:
                merged.update(json.load(fh))
        rows = [(m, merged[m]) for m in MODULES if m in merged]
        table = render(rows)
        print(table)
        write_notes(table)
        return table
    modules = argv or MODULES
    rows = []
    dump = os.environ.get("CONFORMANCE_JSON")  # every result, for a closer look
    with tempfile.TemporaryDirectory() as d:
        for name in modules:
            r = run_module(name, Path(d))
            rows.append((name, r))
            print(name, " | ".join(f"{k}: {_cell(v)}" for k, v in r.items()), flush=True)
            if dump:
                with open(dump, "w") as fh:
                    json.dump(dict(rows), fh, indent=1)
    table = render(rows)
    print(table)
    if not argv:  # the whole list: the record in notes/
        write_notes(table)
    return table


if __name__ == "__main__":
    main(sys.argv[1:])
