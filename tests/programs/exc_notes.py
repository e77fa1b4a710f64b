# Uncaught exception with notes from add_note; notes added at several levels and a non-str note error.
def parse_row(row, lineno):
    try:
        return [int(x) for x in row.split(",")]
    except ValueError as e:
        e.add_note(f"while parsing line {lineno}: {row!r}")
        raise


rows = ["1,2,3", "4,5,6", "7,x,9"]
try:
    e = ValueError("demo")
    e.add_note("first note")
    e.add_note("second note")
    raise e
except ValueError as err:
    print("notes:", err.__notes__)
try:
    ValueError().add_note(42)
except TypeError as err:
    print("bad note:", err)
out = []
try:
    for i, row in enumerate(rows, 1):
        out.append(parse_row(row, i))
except ValueError as e:
    e.add_note(f"parsed {len(out)} rows before failing")
    e.add_note("multi-line note\n  second line of note")
    raise
