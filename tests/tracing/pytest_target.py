# Run by tests/test_tracing.py with `pyjit run -m pytest` (not collected: no test_ prefix).
import sys


def helper(x):
    return x * 2


def test_passes():
    assert helper(2) == 4


def test_fails():
    value = helper(3)
    assert value == 7


def test_in_vm():
    assert type(sys._getframe()).__qualname__ == "VMFrameView"
