# Native calls (tier jit, issue #14): recursion through dunder methods (a tree's
# __len__, __eq__, __add__, __getitem__ recursing into the children), and
# re-entrant calls of a function whose trace is being recorded (the recursion
# runs while the recorder is inside its first call; host builtins calling back).


class Node:
    def __init__(self, value, left=None, right=None):
        self.value = value
        self.left = left
        self.right = right

    def __len__(self):
        return 1 + (len(self.left) if self.left else 0) + (len(self.right) if self.right else 0)

    def __eq__(self, other):
        return type(other) is Node and self.value == other.value and \
            self.left == other.left and self.right == other.right

    def __add__(self, k):
        return Node(self.value + k, self.left + k if self.left else None,
                    self.right + k if self.right else None)

    def __getitem__(self, depth):
        if depth == 0 or self.left is None:
            return self.value
        return self.left[depth - 1]


def build(n):
    if n == 0:
        return None
    return Node(n, build(n - 1), build(n // 2))


def total(t):
    return 0 if t is None else t.value + total(t.left) + total(t.right)


def collatz(n):
    if n == 1:
        return 0
    return 1 + collatz(n // 2 if n % 2 == 0 else 3 * n + 1)


def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


def main():
    t = build(9)
    for k in range(4):
        u = t + k
        print(len(u), total(u), u[3], u == t + k, u == t)
    # re-entrant: each is recorded while its own recursion runs
    print([collatz(n) for n in range(1, 40)])
    print(ackermann(2, 3), ackermann(2, 5))
    print(sorted(range(1, 30), key=collatz)[:10])
    print(list(map(total, [build(k) for k in range(8)])))


main()
