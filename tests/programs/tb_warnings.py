# warnings.warn printed to stderr with filename:lineno (stacklevel 1 and 2), categories and filters.
import warnings


def old_api(x):
    warnings.warn("old_api is deprecated", DeprecationWarning, stacklevel=2)
    return x * 2


def noisy():
    warnings.warn("something odd")
    warnings.warn("odd in caller", UserWarning, stacklevel=2)


def caller():
    noisy()


warnings.simplefilter("always")
print(old_api(3))
caller()
warnings.warn(RuntimeWarning("instance warning"))
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    old_api(1)
    noisy()
    for w in caught:
        print(w.category.__name__, str(w.message), w.lineno, w.filename == __file__)
warnings.filterwarnings("error", category=FutureWarning)
try:
    warnings.warn("now an error", FutureWarning)
except FutureWarning as e:
    print("raised:", e)
warnings.simplefilter("ignore")
warnings.warn("ignored")
print("done")
