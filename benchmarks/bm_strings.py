"""String building and dict counting: make words from a generator, join,
split, slice, format with f-strings, count with dicts and sort the counts.

``n`` is the number of words.
"""

WORKLOAD = 40_000
QUICK_WORKLOAD = 8_000

SYLLABLES = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vu", "ze", "po", "qi", "ba"]


def make_words(n):
    words = []
    x = 7
    for _ in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        k = 1 + x % 3
        w = ""
        y = x >> 8
        for _ in range(k):
            w += SYLLABLES[y % len(SYLLABLES)]
            y //= len(SYLLABLES)
        words.append(w)
    return words


def run(n):
    words = make_words(n)
    text = " ".join(words)
    counts = {}
    for w in text.split():
        counts[w] = counts.get(w, 0) + 1
    by_first = {}
    for w, c in counts.items():
        key = w[:2].upper()
        by_first[key] = by_first.get(key, 0) + c
    lines = []
    for w, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:50]:
        lines.append(f"{w:>8}: {c:5d} {w[::-1]}|{w.replace('a', 'A')}")
    report = "\n".join(lines)
    total = 0
    for ch in report:
        total = (total * 31 + ord(ch)) % 1000000007
    return f"{len(counts)} {len(text)} {by_first['KA']} {total}"


if __name__ == "__main__":
    print(f"checksum: {run(WORKLOAD)}")
