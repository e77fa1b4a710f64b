"""DeltaBlue: an incremental one-way constraint solver (Maloney/Freeman-Benson).

After the Smalltalk/JavaScript DeltaBlue that pyperformance's bm_deltablue also
follows: variables, unary/binary/scale constraints with strengths, a planner
that adds and removes constraints incrementally, and the chain and projection
tests (which check their own results). ``n`` is the chain/projection length.
"""

WORKLOAD = 200
QUICK_WORKLOAD = 50


# ---------------------------------------------------------------------------
# strengths

class Strength:
    def __init__(self, strength, name):
        self.strength = strength
        self.name = name

    def next_weaker(self):
        return STRENGTHS[self.strength + 1]


def stronger(s1, s2):
    return s1.strength < s2.strength


def weaker(s1, s2):
    return s1.strength > s2.strength


def weakest_of(s1, s2):
    return s1 if weaker(s1, s2) else s2


REQUIRED = Strength(0, "required")
STRONG_PREFERRED = Strength(1, "strongPreferred")
PREFERRED = Strength(2, "preferred")
STRONG_DEFAULT = Strength(3, "strongDefault")
NORMAL = Strength(4, "normal")
WEAK_DEFAULT = Strength(5, "weakDefault")
WEAKEST = Strength(6, "weakest")
STRENGTHS = [REQUIRED, STRONG_PREFERRED, PREFERRED, STRONG_DEFAULT, NORMAL, WEAK_DEFAULT,
             WEAKEST]

NONE = 0
FORWARD = 1
BACKWARD = -1


# ---------------------------------------------------------------------------
# constraints

class Constraint:
    def __init__(self, planner, strength):
        self.planner = planner
        self.strength = strength

    def add_constraint(self):
        self.add_to_graph()
        self.planner.incremental_add(self)

    def satisfy(self, mark):
        self.choose_method(mark)
        if not self.is_satisfied():
            if self.strength is REQUIRED:
                raise RuntimeError("could not satisfy a required constraint")
            return None
        self.mark_inputs(mark)
        out = self.output()
        overridden = out.determined_by
        if overridden is not None:
            overridden.mark_unsatisfied()
        out.determined_by = self
        if not self.planner.add_propagate(self, mark):
            raise RuntimeError("cycle encountered")
        out.mark = mark
        return overridden

    def destroy_constraint(self):
        if self.is_satisfied():
            self.planner.incremental_remove(self)
        else:
            self.remove_from_graph()

    def is_input(self):
        return False


class UnaryConstraint(Constraint):
    def __init__(self, planner, v, strength):
        super().__init__(planner, strength)
        self.my_output = v
        self.satisfied = False
        self.add_constraint()

    def add_to_graph(self):
        self.my_output.add_constraint(self)
        self.satisfied = False

    def choose_method(self, mark):
        out = self.my_output
        self.satisfied = out.mark != mark and stronger(self.strength, out.walk_strength)

    def is_satisfied(self):
        return self.satisfied

    def mark_inputs(self, mark):
        pass

    def output(self):
        return self.my_output

    def recalculate(self):
        out = self.my_output
        out.walk_strength = self.strength
        out.stay = not self.is_input()
        if out.stay:
            self.execute()

    def mark_unsatisfied(self):
        self.satisfied = False

    def inputs_known(self, mark):
        return True

    def remove_from_graph(self):
        if self.my_output is not None:
            self.my_output.remove_constraint(self)
        self.satisfied = False


class StayConstraint(UnaryConstraint):
    def execute(self):
        pass


class EditConstraint(UnaryConstraint):
    def is_input(self):
        return True

    def execute(self):
        pass


class BinaryConstraint(Constraint):
    def __init__(self, planner, v1, v2, strength):
        super().__init__(planner, strength)
        self.v1 = v1
        self.v2 = v2
        self.direction = NONE
        self.add_constraint()

    def choose_method(self, mark):
        v1, v2, s = self.v1, self.v2, self.strength
        if v1.mark == mark:
            ok = v2.mark != mark and stronger(s, v2.walk_strength)
            self.direction = FORWARD if ok else NONE
        elif v2.mark == mark:
            ok = v1.mark != mark and stronger(s, v1.walk_strength)
            self.direction = BACKWARD if ok else NONE
        elif weaker(v1.walk_strength, v2.walk_strength):
            self.direction = BACKWARD if stronger(s, v1.walk_strength) else NONE
        else:
            self.direction = FORWARD if stronger(s, v2.walk_strength) else NONE

    def add_to_graph(self):
        self.v1.add_constraint(self)
        self.v2.add_constraint(self)
        self.direction = NONE

    def is_satisfied(self):
        return self.direction != NONE

    def mark_inputs(self, mark):
        self.input().mark = mark

    def input(self):
        return self.v1 if self.direction == FORWARD else self.v2

    def output(self):
        return self.v2 if self.direction == FORWARD else self.v1

    def recalculate(self):
        ihn = self.input()
        out = self.output()
        out.walk_strength = weakest_of(self.strength, ihn.walk_strength)
        out.stay = ihn.stay
        if out.stay:
            self.execute()

    def mark_unsatisfied(self):
        self.direction = NONE

    def inputs_known(self, mark):
        i = self.input()
        return i.mark == mark or i.stay or i.determined_by is None

    def remove_from_graph(self):
        if self.v1 is not None:
            self.v1.remove_constraint(self)
        if self.v2 is not None:
            self.v2.remove_constraint(self)
        self.direction = NONE


class ScaleConstraint(BinaryConstraint):
    def __init__(self, planner, src, scale, offset, dest, strength):
        self.scale = scale
        self.offset = offset
        super().__init__(planner, src, dest, strength)

    def add_to_graph(self):
        super().add_to_graph()
        self.scale.add_constraint(self)
        self.offset.add_constraint(self)

    def remove_from_graph(self):
        super().remove_from_graph()
        if self.scale is not None:
            self.scale.remove_constraint(self)
        if self.offset is not None:
            self.offset.remove_constraint(self)

    def mark_inputs(self, mark):
        super().mark_inputs(mark)
        self.scale.mark = self.offset.mark = mark

    def execute(self):
        if self.direction == FORWARD:
            self.v2.value = self.v1.value * self.scale.value + self.offset.value
        else:
            self.v1.value = (self.v2.value - self.offset.value) // self.scale.value

    def recalculate(self):
        ihn = self.input()
        out = self.output()
        out.walk_strength = weakest_of(self.strength, ihn.walk_strength)
        out.stay = ihn.stay and self.scale.stay and self.offset.stay
        if out.stay:
            self.execute()


class EqualityConstraint(BinaryConstraint):
    def execute(self):
        self.output().value = self.input().value


# ---------------------------------------------------------------------------
# variables, plans, the planner

class Variable:
    def __init__(self, name, initial_value=0):
        self.name = name
        self.value = initial_value
        self.constraints = []
        self.determined_by = None
        self.mark = 0
        self.walk_strength = WEAKEST
        self.stay = True

    def add_constraint(self, c):
        self.constraints.append(c)

    def remove_constraint(self, c):
        self.constraints.remove(c)
        if self.determined_by is c:
            self.determined_by = None


class Plan:
    def __init__(self):
        self.constraints = []

    def add_constraint(self, c):
        self.constraints.append(c)

    def execute(self):
        for c in self.constraints:
            c.execute()


class Planner:
    def __init__(self):
        self.current_mark = 0

    def new_mark(self):
        self.current_mark += 1
        return self.current_mark

    def incremental_add(self, c):
        mark = self.new_mark()
        overridden = c.satisfy(mark)
        while overridden is not None:
            overridden = overridden.satisfy(mark)

    def incremental_remove(self, c):
        out = c.output()
        c.mark_unsatisfied()
        c.remove_from_graph()
        unsatisfied = self.remove_propagate_from(out)
        strength = REQUIRED
        while True:
            for u in unsatisfied:
                if u.strength is strength:
                    self.incremental_add(u)
            strength = strength.next_weaker()
            if strength is WEAKEST:
                break

    def make_plan(self, sources):
        mark = self.new_mark()
        plan = Plan()
        todo = sources
        while todo:
            c = todo.pop(0)
            out = c.output()
            if out.mark != mark and c.inputs_known(mark):
                plan.add_constraint(c)
                out.mark = mark
                self.add_constraints_consuming_to(out, todo)
        return plan

    def extract_plan_from_constraints(self, constraints):
        sources = [c for c in constraints if c.is_input() and c.is_satisfied()]
        return self.make_plan(sources)

    def add_propagate(self, c, mark):
        todo = [c]
        while todo:
            d = todo.pop(0)
            if d.output().mark == mark:
                self.incremental_remove(c)
                return False
            d.recalculate()
            self.add_constraints_consuming_to(d.output(), todo)
        return True

    def remove_propagate_from(self, out):
        out.determined_by = None
        out.walk_strength = WEAKEST
        out.stay = True
        unsatisfied = []
        todo = [out]
        while todo:
            v = todo.pop(0)
            for c in v.constraints:
                if not c.is_satisfied():
                    unsatisfied.append(c)
            determining = v.determined_by
            for nxt in v.constraints:
                if nxt is not determining and nxt.is_satisfied():
                    nxt.recalculate()
                    todo.append(nxt.output())
        return unsatisfied

    def add_constraints_consuming_to(self, v, coll):
        determining = v.determined_by
        for c in v.constraints:
            if c is not determining and c.is_satisfied():
                coll.append(c)


# ---------------------------------------------------------------------------
# the two classic tests

def chain_test(n):
    """A chain of equality constraints; editing the first variable moves the last."""
    planner = Planner()
    prev = first = last = None
    for i in range(n + 1):
        v = Variable(f"v{i}")
        if prev is not None:
            EqualityConstraint(planner, prev, v, REQUIRED)
        if i == 0:
            first = v
        if i == n:
            last = v
        prev = v
    StayConstraint(planner, last, STRONG_DEFAULT)
    edit = EditConstraint(planner, first, PREFERRED)
    plan = planner.extract_plan_from_constraints([edit])
    total = 0
    for i in range(100):
        first.value = i
        plan.execute()
        if last.value != i:
            raise AssertionError("chain test failed")
        total += last.value
    return total


def change(planner, v, new_value):
    edit = EditConstraint(planner, v, PREFERRED)
    plan = planner.extract_plan_from_constraints([edit])
    for _ in range(10):
        v.value = new_value
        plan.execute()
    edit.destroy_constraint()


def projection_test(n):
    """Scale constraints dst = src * scale + offset, solved in both directions."""
    planner = Planner()
    scale = Variable("scale", 10)
    offset = Variable("offset", 1000)
    src = dst = None
    dests = []
    for i in range(n):
        src = Variable(f"src{i}", i)
        dst = Variable(f"dst{i}", i)
        dests.append(dst)
        StayConstraint(planner, src, NORMAL)
        ScaleConstraint(planner, src, scale, offset, dst, REQUIRED)
    change(planner, src, 17)
    if dst.value != 1170:
        raise AssertionError("projection test 1 failed")
    change(planner, dst, 1050)
    if src.value != 5:
        raise AssertionError("projection test 2 failed")
    change(planner, scale, 5)
    for i in range(n - 1):
        if dests[i].value != i * 5 + 1000:
            raise AssertionError("projection test 3 failed")
    change(planner, offset, 2000)
    for i in range(n - 1):
        if dests[i].value != i * 5 + 2000:
            raise AssertionError("projection test 4 failed")
    return sum(d.value for d in dests) + planner.current_mark


def run(n):
    total = 0
    for _ in range(5):
        total += chain_test(n) + projection_test(n)
    return total


if __name__ == "__main__":
    print(f"checksum: {run(WORKLOAD)}")
