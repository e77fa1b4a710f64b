# Uncaught OverflowError converting a huge int to float; caught ones from math and float ops.
import math

try:
    math.exp(1000)
except OverflowError as e:
    print("exp:", e)
try:
    print(2.0 ** 5000)
except OverflowError as e:
    print("pow:", e)
try:
    print(range(2 ** 64)[2 ** 63:].__len__())
except OverflowError as e:
    print("len:", e)
try:
    [0] * (2 ** 62)
except (OverflowError, MemoryError) as e:
    print("repeat:", type(e).__name__)
big = 10 ** 400
print(len(str(big)))
print(big // 3 % 1000)
print(float(big))
