# Both entry points create .venv and install what they need on a fresh machine.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python

.PHONY: demo test test-full bench faults tracediff conformance venv clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "pyjit needs Python 3.11 (set PYTHON=python3.11)")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test,report]'
	# (bytecode for the editable sources even where PYTHONDONTWRITEBYTECODE is set:
	# without it every run compiles the JIT's modules from source at its first compile)
	$(PY) -m compileall -q src jit >/dev/null
	touch $@

venv: $(VENV)/.installed

demo: venv
	$(PY) -m pyjit demo

test: venv
	$(PY) -m pytest -q -n 2 -p no:cacheprovider

# every differential program under every configuration (`make test` runs four of
# them on parts of the corpus: tests/test_differential.py, PARTS)
test-full: venv
	PYJIT_TEST_FULL=1 $(PY) -m pytest -q -n 2 -p no:cacheprovider

bench: venv
	$(PY) -m pyjit bench

# the exhaustive fault-injection sweep (issue #11; `make test` runs a sample):
# the whole corpus with every mode and backend, then Hypothesis batches
faults: venv
	$(PY) tests/fault_sweep.py
	PYJIT_HYPOTHESIS_EXAMPLES=100 $(PY) -m pytest -q -n 2 -p no:cacheprovider \
		tests/test_hypothesis_programs.py -k jit-faults

# the differential trace mode over the whole corpus (issue #17; `make test` runs a
# sample): each program's sys.settrace/sys.setprofile events under CPython and each tier
tracediff: venv
	$(PY) tests/tracediff.py

# CPython's Lib/test modules of the language core under CPython and each tier
# (issue #17; not part of `make test`): pass counts per module
conformance: venv
	$(PY) tests/conformance.py

clean:
	rm -rf $(VENV) build *.egg-info
