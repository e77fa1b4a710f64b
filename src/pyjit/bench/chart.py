"""The speed-up chart: CPython time / implementation time, per program and tier.

matplotlib is the optional ``report`` extra and is imported here only, when a
chart is asked for; without it ``speedup_chart`` returns False and the
report simply has no picture.
"""

from __future__ import annotations

from .report import Analysis


def speedup_chart(a: Analysis, path: str) -> bool:
    """Write a grouped bar chart (log scale, 1 = as fast as the reference) to ``path``."""
    impls = [i for i in a.other_impls()
             if any(a.cells[i.name][p].ratio for p in a.programs)]
    if not impls:
        return False
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import matplotlib.ticker
    except ImportError:
        return False

    labels = list(a.programs) + ["geomean"]
    fig, ax = plt.subplots(figsize=(max(7.0, 2.0 + 0.3 * len(labels) * (1 + len(impls)) ** 0.5),
                                    5.0))
    width = 0.8 / len(impls)
    for k, impl in enumerate(impls):
        ys, xs = [], []
        for j, p in enumerate(a.programs):
            r = a.cells[impl.name][p].ratio
            if r:
                xs.append(j + (k - (len(impls) - 1) / 2) * width)
                ys.append(1.0 / r)
        g = a.geomean.get(impl.name)
        if g:
            xs.append(len(a.programs) + (k - (len(impls) - 1) / 2) * width)
            ys.append(1.0 / g)
        ax.bar(xs, ys, width=width, label=impl.name)
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda y, _pos: f"{y:g}×"))
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, rotation=45, ha="right")
    ax.set_ylabel(f"speed-up vs {a.reference} (higher is better, log scale)")
    ax.set_title(f"pyjit: speed-up relative to {a.reference}, same run")
    ax.legend(fontsize="small")
    ax.grid(axis="y", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True
