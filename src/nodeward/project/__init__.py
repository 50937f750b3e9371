"""Discovery and parsing of the audited project; importing this package registers the fact collectors."""

import importlib

# Each module registers its @collector kinds on import.
_MODULES = (
    "discover",
    "javascript",
    "manifests",
    "appmodel",
    "runtime_config",
    "cookies",
    "containers",
    "process_managers",
    "taint",
)
for _module in _MODULES:
    importlib.import_module(f"{__name__}.{_module}")
