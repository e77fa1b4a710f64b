# args: --count 3 --name=demo -v -v input.txt output.txt
# argparse over sys.argv: parsed namespace, prog name taken from argv[0], help text rendering.
import argparse

parser = argparse.ArgumentParser(description="Demo command line.")
parser.add_argument("--count", type=int, default=1, help="how many")
parser.add_argument("--name", default="x")
parser.add_argument("-v", "--verbose", action="count", default=0)
parser.add_argument("files", nargs="+")
args = parser.parse_args()
print(parser.prog)
print(sorted(vars(args).items()))
for _ in range(args.count):
    print(args.name, args.verbose, ",".join(args.files))
print(parser.format_usage(), end="")
