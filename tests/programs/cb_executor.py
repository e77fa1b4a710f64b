# concurrent.futures.ThreadPoolExecutor running VM functions: map, submit/result, exceptions via future.exception, callbacks.
import concurrent.futures as cf


def slow_square(x):
    total = 0
    for _ in range(200):
        total += x
    return total * x // 200


def fail(x):
    if x == 3:
        raise KeyError(x)
    return x


with cf.ThreadPoolExecutor(max_workers=3) as ex:
    print(list(ex.map(slow_square, range(8))))
    futs = [ex.submit(fail, i) for i in range(5)]
    for f in futs:
        err = f.exception()
        print("future:", repr(err) if err else f.result())
    done = []
    fut = ex.submit(slow_square, 12)
    fut.add_done_callback(lambda f: done.append(f.result()))
    fut.result()
    print(sorted(f.result() for f in cf.as_completed([ex.submit(slow_square, i) for i in (4, 5)])))
print("callback saw:", done)
try:
    with cf.ThreadPoolExecutor(2) as ex:
        list(ex.map(fail, range(5)))
except KeyError as e:
    print("map raised:", repr(e))
