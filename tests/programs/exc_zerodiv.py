# Uncaught ZeroDivisionError (int and float) with 3.11 ^^^ markers; caught ones print first.
def ratio(total, count):
    return total / count


for num, den in [(10, 2), (7.5, 2.5), (1, 0), (1.0, 0.0)]:
    try:
        print(num, den, ratio(num, den))
    except ZeroDivisionError as e:
        print("caught:", type(e).__name__, e)
try:
    print(5 % 0)
except ZeroDivisionError as e:
    print("mod:", e)
try:
    print(divmod(5.0, 0))
except ZeroDivisionError as e:
    print("divmod:", e)

values = [3, 2, 1, 0]
acc = 0
for v in values:
    acc += 100 // v
    print("acc", acc)
