"""Developer tools run from a checkout (`python -m tools....`); not part of the flowdsl package."""
