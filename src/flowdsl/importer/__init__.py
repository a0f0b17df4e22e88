"""ASL -> DSL: `import_asl(definition)` writes the Python module a person would write for it.

Layering: the importer reads the model and writes DSL source; it runs the DSL and the
compiler only to check that the code it writes compiles back to the definition it was given.
"""

from flowdsl.importer.generate import IMPORT_CODES, first_difference, import_asl

__all__ = ["IMPORT_CODES", "first_difference", "import_asl"]
