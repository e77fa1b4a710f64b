# Uncaught SystemExit with a string: the message goes to stderr and the exit status is 1.
import sys


def main(argv):
    if len(argv) < 5:
        sys.exit(f"usage: prog a b c d (got {len(argv) - 1} args)")
    return 0


print("checking args")
main(["prog"])
