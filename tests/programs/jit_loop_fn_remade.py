# A function with a loop whose trace calls the loop's code (call_loop) while
# its function object is made anew: a comprehension, a lambda, a closure and a
# top-level def run again in a loop -- each old function dies after its calls
# while the trace (keyed by the code) is entered with the next one.


def comprehensions(n):
    t = 0
    for i in range(n):
        t += len([j for j in range(40 + i % 3) if j % 2])
        t += sum({j: j for j in range(30 + i % 5)}.values())
    return t


print("comprehensions", comprehensions(80))


def closures(n):
    t = 0
    for i in range(n):
        def walk(k, i=i):
            s = 0
            for j in range(k):
                s += j * i
            return s
        t += walk(30 + i % 4)
    return t


print("closures", closures(80))

t = 0
for i in range(60):
    def remade(k):
        s = 0
        for j in range(k):
            s += j ^ i
        return s
    t += remade(25 + i % 3)
print("remade", t)

f = lambda k: sum([x * x for x in range(k)])   # noqa: E731
print("lambda", sum(f(i % 7 + 20) for i in range(70)))
