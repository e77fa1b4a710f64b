# stdin: alice\n42\n  spaced line  \nlast
# input() reading lines from stdin (prompts go to stdout), then EOFError at end of input (caught).
name = input("name? ")
age = int(input("age? "))
print()
print(f"hello {name}, next year you are {age + 1}")
print(repr(input()))
print(repr(input("> ")))
try:
    input("more? ")
except EOFError as e:
    print()
    print("EOF:", repr(e), e)
