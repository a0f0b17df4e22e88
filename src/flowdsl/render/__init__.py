"""Mermaid diagrams of state machines; reads the model only, never the DSL."""

from flowdsl.render.graph import HIGHLIGHTS
from flowdsl.render.mermaid import mermaid

__all__ = ["HIGHLIGHTS", "mermaid"]
