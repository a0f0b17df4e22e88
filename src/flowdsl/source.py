"""What every command works on: a definition, where its states came from, and its handlers.

A `Source` is produced by compiling a DSL `Workflow` or by loading an `.asl.json` file; the
validator, renderer, engine and deployer consume it and never see the DSL itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from flowdsl.diagnostics import Diagnostic
from flowdsl.locations import FilePointer, Location, Pointer, as_location

if TYPE_CHECKING:  # only named in annotations: `import flowdsl` need not load pydantic
    from flowdsl.model import StateMachine

if TYPE_CHECKING:
    from flowdsl.typeflow.facts import TypeFacts

# A Lambda-style handler: `handler(event, context) -> JSON`.
Handler = Callable[[Any, Any], Any]


@dataclass(frozen=True)
class Source:
    """A definition ready for checking, rendering, running or deploying.

    - `name`: the workflow's name (the state machine name on deploy).
    - `origin`: the file it came from (`examples/callcenter.py`, `x.asl.json`), or "".
    - `locations`: JSON Pointer of a state or field -> user-facing place (`file.py:14`, or
      `x.asl.json:12`); `locate()` finds the nearest enclosing entry.
    - `handlers`: Lambda function name -> Python handler, for Tasks that wrap a function.
    - `diagnostics`: problems found while building it (e.g. duplicate names in the DSL),
      already located at the user's places.
    - `types`: the models the workflow declares (docs/types.md); None for ASL files.
    - `policy`: extra IAM statements the workflow declares for its role (`Workflow(policy=...)`).
    - `children`: the workflows it starts (`start_execution` given a `Workflow`), by the
      placeholder stem its definition names them with (`${ChildArn}` -> "Child").
    """

    name: str
    definition: StateMachine
    origin: str = ""
    locations: Mapping[str, str] = field(default_factory=dict)
    handlers: Mapping[str, Handler] = field(default_factory=dict)
    diagnostics: tuple[Diagnostic, ...] = ()
    types: TypeFacts | None = None
    policy: tuple[dict[str, Any], ...] = ()
    children: Mapping[str, Source] = field(default_factory=dict)

    def nested(self) -> dict[str, Source]:
        """Every workflow this one starts, transitively, each before any workflow starting it
        (the order deploy creates them in)."""
        found: dict[str, Source] = {}
        for key, child in self.children.items():
            found.update((k, s) for k, s in child.nested().items() if k not in found)
            found.setdefault(key, child)
        return found

    def with_children(self, arns: Mapping[str, str]) -> Source:
        """This source with its nested workflows' `${<Key>Arn}` placeholders replaced by their
        ARNs (`arns` by key): what deploy creates, a local run serves, and a role's policy names."""
        if not self.children:
            return self
        import json  # noqa: PLC0415 - `import flowdsl` need not load the model

        from flowdsl.model import dumps, parse_machine, to_asl  # noqa: PLC0415 - as above

        text = self.placed(dumps(to_asl(self.definition)), arns)
        return replace(self, definition=parse_machine(json.loads(text)))

    def placed(self, text: str, arns: Mapping[str, str]) -> str:
        """`text`, this definition's ASL JSON, with its nested workflows' placeholders replaced
        by their ARNs (`arns` by key)."""
        from flowdsl.model.resources import placeholder  # noqa: PLC0415 - as in with_children

        for key in self.children:
            text = text.replace(placeholder(key), arns[key])
        return text

    def locate(self, pointer: str) -> Location:
        """The user-facing place for a JSON Pointer: the closest enclosing mapped pointer.

        Falls back to `origin:pointer` (or the bare pointer) when nothing encloses it.
        """
        probe = pointer
        while True:
            if probe in self.locations:
                return as_location(self.locations[probe])
            if not probe:
                break
            probe = probe.rpartition("/")[0]
        return FilePointer(self.origin, pointer) if self.origin else Pointer(pointer)

    def localise(self, diagnostics: list[Diagnostic]) -> list[Diagnostic]:
        """Rewrite diagnostics located by JSON Pointer (all of them) to the user's places.

        Only pass diagnostics located by `Pointer` (as every check reports them).
        """
        return [d.relocated(self.locate(d.location)) for d in diagnostics]
