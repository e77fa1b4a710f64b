# A method with a loop, hot from interpreted code first (its function trace ends in
# call_loop and waits for native callers), then called from loops traced later:
# native calls of it with guard failures inside its loop (the items' type changes,
# a polymorphic item, an exception on a later call, a short and a long plan).


class Step:
    def __init__(self, k):
        self.k = k

    def run(self):
        return self.k * 3 + 1


class Half(Step):
    def run(self):
        return self.k / 2


class Boom(Step):
    def run(self):
        raise ValueError(f"boom {self.k}")


class Plan:
    def __init__(self, steps):
        self.steps = steps

    def execute(self):
        t = 0
        for s in self.steps:
            t += s.run()
        return t


def early(plan, n):
    t = 0
    for i in range(n):
        t += plan.execute() + len(locals()) - 2
    return t


def late(plans, n):
    t = 0
    for i in range(n):
        t += plans[i % len(plans)].execute()
    return t


long_plan = Plan([Step(k) for k in range(150)])
short_plan = Plan([Step(1), Step(2)])
print(early(long_plan, 1050))
print(late([long_plan, short_plan], 1200))
# guard failures inside the natively called loop
long_plan.steps[100] = Half(7)
print(late([long_plan, short_plan], 40))
long_plan.steps[10] = Step(2 ** 70)
print(late([short_plan, long_plan], 40))
short_plan.steps.append(Step("x"))
try:
    print(late([long_plan, short_plan], 40))
except TypeError as e:
    print("TypeError", e)
short_plan.steps[-1] = Boom(5)
try:
    print(late([long_plan, long_plan, short_plan], 30))
except ValueError as e:
    print("ValueError", e, e.__traceback__.tb_lineno)
short_plan.steps.pop()
long_plan.steps = long_plan.steps[:3]
print(late([long_plan, short_plan], 500))
