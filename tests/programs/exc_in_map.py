# Uncaught exception raised in a function called by map() while list() consumes it; filter caught.
def parse(token):
    return int(token) * 10


tokens = "1 2 3 x 5".split()
print(list(map(parse, tokens[:3])))
try:
    list(filter(lambda t: int(t) > 1, tokens))
except ValueError as e:
    print("filter:", e)
print(list(zip(tokens, map(len, tokens))))
result = list(map(parse, tokens))
print(result)
