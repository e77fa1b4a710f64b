import sys

def fact(n):
    if n <= 1:
        return 1
    return n * fact(n - 1)

def main():
    total = 0
    for i in range(3):
        total += fact(i + 2)
    print("total", total)
    return total

main()
