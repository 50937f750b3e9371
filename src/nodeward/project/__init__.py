"""Discovery and parsing of the audited project; importing this package registers the fact collectors."""

import importlib

# Each module registers its @collector kinds on import.
for _module in ("discover", "javascript", "manifests", "appmodel", "containers", "process_managers"):
    importlib.import_module(f"{__name__}.{_module}")
