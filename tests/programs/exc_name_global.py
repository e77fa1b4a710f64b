# Uncaught NameError for a misspelled global: CPython 3.11 adds "Did you mean: ...?".
import traceback

total_count = 10
max_value = 99


def show():
    # caught first: format_exception computes the same suggestion
    try:
        print(max_valeu)
    except NameError as e:
        print("".join(traceback.format_exception_only(type(e), e)), end="")
        print("name attr:", e.name)
    try:
        print(lenn([1, 2]))
    except NameError as e:
        print("".join(traceback.format_exception(e)).splitlines()[-1])


show()
print("now uncaught")
print(total_cuont + 1)
