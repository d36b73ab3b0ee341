"""The built-in sheet kinds. Importing a module registers its spec with the engine;
the order here is the order of the import page."""
from __future__ import annotations

from thidua.imports.sheets import units  # noqa: F401, I001
from thidua.imports.sheets import people  # noqa: F401
from thidua.imports.sheets import awards  # noqa: F401
from thidua.imports.sheets import results  # noqa: F401
from thidua.imports.sheets import initiatives  # noqa: F401
from thidua.imports.sheets import discipline  # noqa: F401
from thidua.imports.sheets import interruptions  # noqa: F401
