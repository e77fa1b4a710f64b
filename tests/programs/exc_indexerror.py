# Uncaught IndexError from a list index in a nested subscript expression; caught ones for str/tuple/pop.
for seq in ([1, 2, 3], "abc", (1,), range(2)):
    try:
        print(seq[5])
    except IndexError as e:
        print(type(seq).__name__, "->", e)
try:
    [].pop()
except IndexError as e:
    print("pop:", e)
try:
    [1].insert(0, 0) or [][0]
except IndexError as e:
    print("empty:", e)
grid = [[1, 2], [3, 4]]
print(grid[1][1])
print(grid[0][1] + grid[1][2])
