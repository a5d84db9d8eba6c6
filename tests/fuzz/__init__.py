"""Fuzzing Satchel: mutators, seeds and the judge (tests/unit/test_fuzz.py, tests/bench/fuzz.py)."""
