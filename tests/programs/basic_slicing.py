"""Slicing: lists, tuples, strings, slice objects, negative steps, slice assignment and deletion."""
L = list(range(10))
print(L[2:5], L[:3], L[7:], L[-3:], L[::3], L[::-2], L[8:2:-2], L[100:], L[-100:2], L[5:2])
s = slice(1, 8, 3)
print(L[s], s.start, s.stop, s.step, s.indices(5), slice(None).indices(4), slice(-1, None, -1).indices(6))
t = tuple(L)
print(t[1:4], t[::-1], "abcdef"[1::2], "abcdef"[-2::-2])
M = L[:]
M[2:5] = ["a", "b"]
print(M)
M[::2] = range(len(M[::2]))
print(M)
M[1:1] = [99, 98]
print(M)
del M[::3]
print(M)
M[-2:] = []
print(M)
try:
    M[::2] = [1, 2, 3, 4, 5, 6, 7, 8]
except ValueError as e:
    print("ValueError:", e)
class Sliceable:
    def __getitem__(self, key):
        return key
    def __setitem__(self, key, value):
        print("set", key, value)
    def __delitem__(self, key):
        print("del", key)
o = Sliceable()
print(o[1:2], o[::], o[1:2, 3], o[..., 1], o[:, None], o[::-1])
o[1:3] = "v"
del o[::2]
acc = 0
data = list(range(3000))
for i in range(0, 3000, 7):
    chunk = data[i:i + 5]
    acc += sum(chunk[::2]) - len(chunk[1::2])
print(acc)
ba = bytearray(b"0123456789")
ba[::3] = b"abcd"
print(ba)
print(list(range(20))[slice(3, 15, 4)], range(20)[3:15:4], range(10)[::-1][2])
