# args: --count notanumber file
# argparse rejects a bad option value: usage and error on stderr, exit status 2.
import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--count", type=int)
parser.add_argument("file")
print("parsing")
args = parser.parse_args()
print("not reached", args)
