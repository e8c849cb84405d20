"""One service per record kind, each a small class the unit of work makes and dispatches to
through the registry (server/curation/registry.py)."""
