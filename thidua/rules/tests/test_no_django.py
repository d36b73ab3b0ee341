"""The engine is plain Python: importing and running it must not load Django."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import pkgutil, sys
import thidua.rules
for mod in pkgutil.walk_packages(thidua.rules.__path__, "thidua.rules."):
    if ".tests" not in mod.name:
        __import__(mod.name)
from datetime import date
from thidua.rules.engine import evaluate, seniority_proposals
from thidua.rules.facts import History, PersonFacts, UnitFacts
history = History([PersonFacts("P", "An", service_start=date(2010, 1, 1), unit_code="U",
                               appraisals={2024: "tot"})], [UnitFacts("U", "Đội", path="/U/")])
assert evaluate(history, 2024) and seniority_proposals(history, 2024)
print("django" in sys.modules)
"""


def test_the_engine_runs_without_django():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
