"""Every program in tests/programs gives byte-identical stdout, stderr and exit
code under CPython and under each pyjit tier."""

import pytest

from difftest import TIERS, assert_same, programs

PROGRAMS = programs()


@pytest.mark.parametrize("tier", TIERS)
@pytest.mark.parametrize("path", PROGRAMS, ids=[p.stem for p in PROGRAMS])
def test_program(path, tier):
    assert_same(path, tier)


def test_corpus_is_large():
    # The issue asks for at least 150 programs covering every construct.
    assert len(PROGRAMS) >= 150
