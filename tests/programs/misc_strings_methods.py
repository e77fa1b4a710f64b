"""String processing with methods: split/join/strip, formatting tables, str.format with objects and attributes/items, textwrap."""
import textwrap
import string
text = """The quick brown fox
jumps over the lazy dog.
  Indented line here.
Last line without newline"""
lines = text.splitlines()
print(len(lines), [l.strip() for l in lines])
words = text.split()
print(len(words), max(words, key=len), sorted(set(w.strip(".").lower() for w in words))[:6])
print(text.count("o"), text.upper().count("THE"), text.find("fox"), text.rindex("line"))
class P:
    def __init__(self):
        self.name = "Pat"
        self.scores = [90, 85]
        self.info = {"city": "Oslo"}
p = P()
print("{0.name} scored {0.scores[1]} in {0.info[city]}".format(p))
print("{p.name!r:>8}|{p.scores[0]:^6}|".format(p=p))
print("{:{fill}{align}{width}}".format("mid", fill="~", align="^", width=11))
print(string.Template("$who likes $what, ${who}!").substitute(who="tim", what="kung pao"))
print(string.Template("$a $b").safe_substitute(a=1), string.ascii_lowercase[:5], string.digits, string.punctuation[:5])
print(textwrap.fill("lorem ipsum dolor sit amet " * 5, width=30))
print(textwrap.dedent("""\
    a
      b
    c"""), textwrap.shorten("Hello  world, this is long", width=15), textwrap.indent("x\ny", "> "))
rows = [("apple", 3, 1.5), ("banana", 12, 0.25), ("kiwi", 100, 12.125)]
print(f"{'name':<8}{'qty':>5}{'price':>9}")
for n, q, pr in rows:
    print(f"{n:<8}{q:>5}{pr:>9.2f}")
print("-" * 22)
print(f"{'total':<8}{sum(r[1] for r in rows):>5}{sum(r[1] * r[2] for r in rows):>9.2f}")
s = "Mississippi"
print(s.lower().count("ss"), s.replace("ss", "SS"), s.split("s"), s.rsplit("s", 2), s.partition("ss"), "".join(sorted(s)))
print("a-b_c d".translate(str.maketrans("-_", "  ")).split(), "x".join(map(str, range(4))), "abc" * 0 == "")
print(" ".join(w.capitalize() for w in "hello big world".split()), "hello big world".title())
caesar = lambda t, k: "".join(chr((ord(c) - 97 + k) % 26 + 97) if c.islower() else c for c in t)
enc = caesar("attack at dawn", 3)
print(enc, caesar(enc, -3))
def is_pal(t):
    t = "".join(c.lower() for c in t if c.isalnum())
    return t == t[::-1]
print([is_pal(x) for x in ["A man, a plan, a canal: Panama", "hello", "Was it a car or a cat I saw"]])
buf = []
for i in range(3000):
    buf.append(str(i))
joined = ",".join(buf)
print(len(joined), joined[:20], joined.count("99"), joined.rsplit(",", 1)[-1])
print("ǅungla".casefold(), "Straße".casefold() == "strasse", "ﬁ".upper(), len("👍🏽"), "e\u0301" == "é")
print("%-10s|%+.3e|%#x|%5.1f%%" % ("left", 12345.6789, 255, 99.44))
print("{:=+10.2f}|{:x<6}|{:#010b}|{:.3s}".format(-3.14159, 7, 5, "truncate"))
