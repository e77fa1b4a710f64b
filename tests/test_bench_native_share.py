"""``pyjit bench``'s report: the native share column (tier jit's statistics process)."""

import pyperf

from pyjit.bench import report


def _suite(name, value=0.01, checksum="1"):
    run = pyperf.Run([value], warmups=[(1, value)], metadata={"name": name,
                                                               "checksum": checksum})
    return pyperf.BenchmarkSuite([pyperf.Benchmark([run])])


def test_native_share_table():
    ns = {"share": 0.925, "instructions": 1000, "native_instructions": 925,
          "interpreted_instructions": 75,
          "top_interpreted": [{"code": "solve", "file": "/x/bm.py", "line": 3,
                               "interpreted": 50, "why": "loop at line 9 not compiled: "
                                                         "recursive call | x"},
                              {"code": "run", "file": "/x/bm.py", "line": 20,
                               "interpreted": 25, "why": "its compiled loop's entries"}]}
    impls = [report.ImplData("cpython", suite=_suite("a")),
             report.ImplData("pyjit-jit", suite=_suite("a"), tier="jit",
                             stats={"a": {"jit": {"native_share": ns, "loops_compiled": 1}}})]
    a = report.analyze(["a"], impls, "cpython")
    assert a.cells["pyjit-jit"]["a"].native == ns
    md = report.markdown(a)
    section = md.split("## Native share")[1]
    assert "| program | native share | interpreted most (why) |" in section
    assert ("| a | 92.5% | solve 5%: loop at line 9 not compiled: recursive call / x; "
            "run 2%: its compiled loop's entries |") in section
    # the numbers inside it are not summed into the other statistics' columns
    assert "traces 1" in md


def test_no_native_share_no_section():
    impls = [report.ImplData("cpython", suite=_suite("a")),
             report.ImplData("pyjit-interp", suite=_suite("a"), tier="interp")]
    assert "## Native share" not in report.markdown(report.analyze(["a"], impls, "cpython"))
