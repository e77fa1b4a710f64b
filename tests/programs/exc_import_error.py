# Uncaught ImportError: "cannot import name" from a stdlib module (message includes its path).
import json
from collections import OrderedDict
print(OrderedDict(a=1), json.dumps([1]))
from json import dumps, no_such_function
