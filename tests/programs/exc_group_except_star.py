# Uncaught ExceptionGroup left over after except* handles part of it.
def run_all():
    errors = []
    for i, exc in enumerate([ValueError("v1"), KeyError("k1"), ValueError("v2"), ZeroDivisionError("z")]):
        try:
            raise exc
        except Exception as e:
            e.add_note(f"task {i}")
            errors.append(e)
    raise ExceptionGroup("batch failed", errors)


try:
    run_all()
except* ValueError as eg:
    print("handled ValueErrors:", [str(e) for e in eg.exceptions])
except* KeyError as eg:
    print("handled KeyErrors:", [str(e) for e in eg.exceptions])
except* ZeroDivisionError:
    print("handled zero")
print("first batch done")
try:
    run_all()
except* ValueError as eg:
    print("handled again:", len(eg.exceptions))
except* KeyError:
    raise RuntimeError("handler failed")
