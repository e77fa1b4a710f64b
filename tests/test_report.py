"""The HTML report (``pyjit report``, ``--jit-report``): a static page that loads in a
real browser (headless Chromium, skipped where it is not installed) without
console errors and shows what it should -- for the sample program and for a
benchmark program, whose event log must validate too."""

import html.parser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pyjit.jit import events

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def pyjit(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "pyjit", *args], capture_output=True,
                          text=True, timeout=300, cwd=cwd)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    p = pyjit("report", "-o", str(out), str(ROOT / "examples" / "explain_me.py"))
    assert p.returncode == 0, p.stderr
    assert p.stdout == "24980000 51810 972 4507500\n"
    return out / "index.html"


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    """A benchmark program (its quick workload) with the event log and the report."""
    out = tmp_path_factory.mktemp("bench")
    log = out / "events.jsonl"
    p = pyjit("run", "--jit-events", str(log), "--jit-report", str(out), "-c",
              "import bm_deltablue as m; print(m.run(m.QUICK_WORKLOAD))",
              cwd=ROOT / "benchmarks")
    assert p.returncode == 0, p.stderr
    return out / "index.html", log


class _Elements(html.parser.HTMLParser):
    """Tags by class and id, and the body's attributes."""

    def __init__(self):
        super().__init__()
        self.classes: dict[str, int] = {}
        self.ids: set[str] = set()
        self.body: dict = {}
        self.srcs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for c in (a.get("class") or "").split():
            self.classes[f"{tag}.{c}"] = self.classes.get(f"{tag}.{c}", 0) + 1
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "body":
            self.body = a
        for k in ("src", "href"):
            if a.get(k):
                self.srcs.append(a[k])


def parse(text):
    p = _Elements()
    p.feed(text)
    return p


def check_page(els):
    assert {"aborts", "guards", "compile", "source", "traces", "native-share"} <= els.ids
    assert els.classes.get("div.trace", 0) >= 1
    assert els.classes.get("div.src-line", 0) > 10
    assert els.classes.get("svg.shape", 0) >= 1


def test_sample_page_has_everything(sample):
    text = sample.read_text()
    els = parse(text)
    check_page(els)
    # the two loops that are not compiled (the recursive call's loop compiles since
    # function traces are on by default: halvings() is a native call), the compiled
    # one's bridge drawn from its guard
    assert els.classes.get("tr.loop-row") == 2
    assert els.classes.get("path.bridge", 0) >= 1
    assert els.classes.get("div.has-bridge", 0) >= 1
    assert "YIELD_VALUE" in text and "locals()" in text
    assert els.classes.get("div.hot-guard", 0) >= 1     # the compiled loop's other branch


def test_page_needs_no_network(sample):
    text = sample.read_text()
    assert parse(text).srcs == []                       # no external script, style, image
    assert "http://" not in text and "https://" not in text


def test_bench_event_log_validates(bench):
    _, log = bench
    evs = events.read(str(log))
    assert [err for e in evs for err in events.validate(e)] == []
    kinds = {e["event"] for e in evs}
    assert {"start", "loop_hot", "trace_compiled", "end"} <= kinds
    assert evs[-1]["native_share"] is not None


def chromium_dom(page: Path, profile: Path):
    """Load ``page`` in headless Chromium: the DOM after its script ran, and the
    console messages Chromium logged."""
    p = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
                        "--dump-dom", page.as_uri()],
                       capture_output=True, text=True, timeout=120)
    console = [ln for ln in p.stderr.splitlines() if ":CONSOLE" in ln]
    return p.stdout, console


needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed "
                                    "(apt-get install chromium)")


@needs_chromium
@pytest.mark.parametrize("which", ["sample", "bench"])
def test_page_loads_in_chromium(which, sample, bench, tmp_path):
    page = sample if which == "sample" else bench[0]
    dom, console = chromium_dom(page, tmp_path / "profile")
    els = parse(dom)
    assert console == []
    assert els.body.get("data-ready") == "yes" and "data-errors" not in els.body
    check_page(els)


@needs_chromium
def test_a_script_error_would_show(sample, tmp_path):
    # the check above can fail: the same page with a script that throws
    broken = tmp_path / "broken.html"
    broken.write_text(sample.read_text().replace('document.body.dataset.ready = "yes";',
                                                 'undefinedFunction();'))
    dom, console = chromium_dom(broken, tmp_path / "profile")
    els = parse(dom)
    assert console and "undefinedFunction" in console[0]
    assert "data-ready" not in els.body and "undefinedFunction" in els.body["data-errors"]


def test_report_needs_tier_jit(tmp_path):
    p = pyjit("report", "--tier", "interp", "-o", str(tmp_path), "-c", "pass")
    assert p.returncode == 2 and "runs tier jit" in p.stderr
    assert not os.path.exists(tmp_path / "index.html")
