"""`make bench`: the benchmarks, run from the repository root as `python -m bench.<name>`.

Not part of the installed package (pyproject.toml installs `thidua*` only): pages.py (list and
profile pages), awards_import.py (the 100,000-row awards import), eligibility.py (the
eligibility sweep, with its generated force in eligibility_data.py and the naive baseline in
eligibility_naive.py); common.py holds what they share.
"""
