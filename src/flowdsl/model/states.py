"""The eight ASL state types (ASL spec "State Types"), with their JSONPath and JSONata fields.

Each class lists exactly the fields AWS allows on that state type, so a field on the wrong
state (a `Parameters` on a Wait) is an unknown-field error when parsing. Which fields are
allowed in which query language is a validation rule, not a model one, because one state
may legally mix (`Assign` works in both).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import Field, SerializerFunctionWrapHandler, model_serializer

from flowdsl.model.base import AslModel, Json
from flowdsl.model.choice import ChoiceRule

QueryLanguage = Literal["JSONPath", "JSONata"]


@dataclass(frozen=True)
class Link:
    """One transition out of a state: its target and where it is written.

    `pointer` is relative to the state (`/Next`, `/Choices/0/Next`, `/Default`, `/Catch/1/Next`);
    `rule` or `catcher` is what takes the transition, when it is not the plain `Next`.
    """

    target: str
    pointer: str
    kind: Literal["next", "rule", "default", "catch"] = "next"
    rule: ChoiceRule | None = None
    catcher: Catcher | None = None


# Canonical key order for state objects, so output is stable and reads top to bottom:
# what it is, what it does, how data flows, how it fails, where it goes.
KEY_ORDER = [
    "Type", "Comment", "QueryLanguage", "Resource", "Credentials",
    "Seconds", "SecondsPath", "Timestamp", "TimestampPath",
    "Choices", "Default", "Branches",
    "Items", "ItemsPath", "ItemReader", "ItemSelector", "ItemBatcher",
    "ItemProcessor", "Iterator", "ResultWriter", "MaxConcurrency", "MaxConcurrencyPath",
    "ToleratedFailurePercentage", "ToleratedFailurePercentagePath",
    "ToleratedFailureCount", "ToleratedFailureCountPath", "Label",
    "InputPath", "Parameters", "Arguments", "Result", "ResultSelector", "ResultPath",
    "OutputPath", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds",
    "HeartbeatSecondsPath", "Error", "ErrorPath", "Cause", "CausePath",
    "Retry", "Catch", "Assign", "Output", "Next", "End",
]  # fmt: skip
_RANK = {key: rank for rank, key in enumerate(KEY_ORDER)}

# Fields whose explicit null means something (ASL spec "Filters": a null InputPath or OutputPath
# means {}, a null ResultPath discards the result); any other explicit null is a mistake.
NULLABLE = frozenset({"input_path", "output_path", "result_path"})
# Fields that hold any JSON value, so a null given for them is the value null, not "left out".
JSON_VALUED = frozenset({"result", "output", "items"})


def field_rank(name: str) -> int:
    """Where an ASL field goes in a state object: its place in `KEY_ORDER` (unknown ones last)."""
    return _RANK.get(name, len(_RANK))


class Retrier(AslModel):
    """One entry of `Retry` (ASL spec "Retrying after error")."""

    error_equals: list[str]
    comment: str | None = None
    interval_seconds: int = 1
    max_attempts: int = 3
    backoff_rate: int | float = 2.0
    max_delay_seconds: int | None = None
    jitter_strategy: Literal["FULL", "NONE"] = "NONE"


class Catcher(AslModel):
    """One entry of `Catch` (ASL spec "Fallback states")."""

    error_equals: list[str]
    next: str
    comment: str | None = None
    result_path: str | None = "$"
    assign: dict[str, Json] | None = None
    output: Json = None


class StateBase(AslModel):
    """Fields every state has."""

    type: str
    comment: str | None = None
    query_language: QueryLanguage | None = None

    def transitions(self) -> list[Link]:
        """Every transition out of the state, in document order (ASL spec "Transitions")."""
        links: list[Link] = self.next_links() if isinstance(self, Transition) else []
        return links + (self.catch_links() if isinstance(self, ResultHandling) else [])

    @property
    def is_terminal(self) -> bool:
        """Whether the state ends its scope: Succeed, Fail, or `"End": true`."""
        return isinstance(self, Transition) and self.end is True

    @model_serializer(mode="wrap")
    def _ordered(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        return {key: data[key] for key in sorted(data, key=field_rank)}


class Transition(AslModel):
    """`Next` or `End`, for every state type except Choice, Succeed and Fail."""

    next: str | None = None
    end: bool | None = None

    def next_links(self) -> list[Link]:
        """`Next`, when set."""
        return [Link(self.next, "/Next")] if self.next is not None else []


class JsonPathIO(AslModel):
    """InputPath and OutputPath: absent means `$`, explicit null means `{}`."""

    input_path: str | None = "$"
    output_path: str | None = "$"


class JsonataIO(AslModel):
    """The JSONata-era fields shared by most states."""

    assign: dict[str, Json] | None = None
    output: Json = None


class ResultHandling(AslModel):
    """What Task, Parallel and Map do with their result."""

    result_selector: Json = None
    result_path: str | None = "$"
    retry: list[Retrier] | None = None
    catch: list[Catcher] | None = None

    def catch_links(self) -> list[Link]:
        """Each catcher's `Next`."""
        return [Link(c.next, f"/Catch/{i}/Next", "catch", catcher=c) for i, c in enumerate(self.catch or [])]


class Branch(AslModel):
    """A self-contained state machine body: a Parallel branch or a legacy Map `Iterator`."""

    start_at: str
    states: dict[str, State]
    comment: str | None = None


class ProcessorConfig(AslModel):
    """How a Map runs its items: inline, or as a Distributed Map of child executions."""

    mode: Literal["INLINE", "DISTRIBUTED"] = "INLINE"
    execution_type: Literal["STANDARD", "EXPRESS"] | None = None


class ItemProcessor(Branch):
    """A Map's `ItemProcessor`: a branch plus its processor configuration."""

    processor_config: ProcessorConfig | None = None


class ReaderConfig(AslModel):
    """`ItemReader.ReaderConfig` of a Distributed Map."""

    input_type: str | None = None
    csv_header_location: str | None = None
    csv_headers: list[str] | None = None
    csv_delimiter: str | None = None
    max_items: int | str | None = None
    max_items_path: str | None = None
    manifest_type: str | None = None
    transformation: str | None = None
    # A JSON Pointer to the array inside a JSON file (AWS "ItemReader (Map)", InputType JSON).
    items_pointer: str | None = None


class ItemReader(AslModel):
    """Where a Distributed Map reads its items from (S3 objects, CSV, JSON, manifests)."""

    resource: str
    reader_config: ReaderConfig | None = None
    parameters: Json = None
    arguments: Json = None


class ItemBatcher(AslModel):
    """How a Distributed Map groups items into batches."""

    max_items_per_batch: int | str | None = None
    max_items_per_batch_path: str | None = None
    max_input_bytes_per_batch: int | str | None = None
    max_input_bytes_per_batch_path: str | None = None
    batch_input: Json = None


class WriterConfig(AslModel):
    """`ResultWriter.WriterConfig`: the shape of exported Distributed Map results."""

    output_type: str | None = None
    transformation: str | None = None


class ResultWriter(AslModel):
    """Where a Distributed Map writes its results."""

    resource: str | None = None
    parameters: Json = None
    arguments: Json = None
    writer_config: WriterConfig | None = None


class TaskState(StateBase, Transition, JsonPathIO, JsonataIO, ResultHandling):
    """Runs work: a Lambda function, a service integration, an activity."""

    type: Literal["Task"] = "Task"
    # A string ARN, or a CloudFormation intrinsic (`{"Fn::GetAtt": [...]}`) when the
    # definition is embedded in a template.
    resource: str | dict[str, Json]
    parameters: Json = None
    arguments: Json = None
    # A payload template naming the role to assume (`RoleArn` or `RoleArn.$`).
    credentials: dict[str, Json] | None = None
    timeout_seconds: int | str | None = None
    timeout_seconds_path: str | None = None
    heartbeat_seconds: int | str | None = None
    heartbeat_seconds_path: str | None = None


class PassState(StateBase, Transition, JsonPathIO, JsonataIO):
    """Passes its input to its output, optionally injecting `Result` (JSONPath) or `Output`."""

    type: Literal["Pass"] = "Pass"
    parameters: Json = None
    result: Json = None
    result_path: str | None = "$"


class ChoiceState(StateBase, JsonPathIO, JsonataIO):
    """Branches on the first matching rule, else `Default`."""

    type: Literal["Choice"] = "Choice"
    choices: list[ChoiceRule]
    default: str | None = None

    def transitions(self) -> list[Link]:
        rules = enumerate(self.choices)
        links = [Link(r.next, f"/Choices/{i}/Next", "rule", rule=r) for i, r in rules if r.next is not None]
        return links + ([Link(self.default, "/Default", "default")] if self.default is not None else [])


class WaitState(StateBase, Transition, JsonPathIO, JsonataIO):
    """Delays for a time span or until a timestamp."""

    type: Literal["Wait"] = "Wait"
    seconds: int | str | None = None
    seconds_path: str | None = None
    timestamp: str | None = None
    timestamp_path: str | None = None


class SucceedState(StateBase, JsonPathIO):
    """Ends the execution (or branch) successfully."""

    type: Literal["Succeed"] = "Succeed"
    output: Json = None

    @property
    def is_terminal(self) -> bool:
        return True


class FailState(StateBase):
    """Ends the execution with an error name and cause."""

    type: Literal["Fail"] = "Fail"
    error: str | None = None
    error_path: str | None = None
    cause: str | None = None
    cause_path: str | None = None

    @property
    def is_terminal(self) -> bool:
        return True


class ParallelState(StateBase, Transition, JsonPathIO, JsonataIO, ResultHandling):
    """Runs each branch on the same input; its result is the list of branch outputs."""

    type: Literal["Parallel"] = "Parallel"
    branches: list[Branch]
    parameters: Json = None
    arguments: Json = None


class MapState(StateBase, Transition, JsonPathIO, JsonataIO, ResultHandling):
    """Runs its processor once per item: inline, or distributed over child executions."""

    type: Literal["Map"] = "Map"
    items: Json = None
    items_path: str | None = "$"
    item_reader: ItemReader | None = None
    item_selector: Json = None
    parameters: Json = None
    item_batcher: ItemBatcher | None = None
    item_processor: ItemProcessor | None = None
    # The legacy spelling of ItemProcessor; AWS accepts a ProcessorConfig inside it too.
    iterator: ItemProcessor | None = None
    result_writer: ResultWriter | None = None
    max_concurrency: int | str | None = None
    max_concurrency_path: str | None = None
    tolerated_failure_percentage: int | float | str | None = None
    tolerated_failure_percentage_path: str | None = None
    tolerated_failure_count: int | str | None = None
    tolerated_failure_count_path: str | None = None
    label: str | None = None

    @property
    def processor(self) -> Branch:
        """The processor body, whether written as `ItemProcessor` or the legacy `Iterator`."""
        body = self.item_processor or self.iterator
        if body is None:
            raise ValueError("Map state has neither ItemProcessor nor Iterator")
        return body


State = Annotated[
    TaskState | PassState | ChoiceState | WaitState | SucceedState | FailState | ParallelState | MapState,
    Field(discriminator="type"),
]
# Every state type by its `Type`: the one registry consumers dispatch on.
STATE_CLASSES: dict[str, type[StateBase]] = {
    cls.model_fields["type"].default: cls
    for cls in (
        TaskState,
        PassState,
        ChoiceState,
        WaitState,
        SucceedState,
        FailState,
        ParallelState,
        MapState,
    )
}
STATE_TYPES = tuple(STATE_CLASSES)

Branch.model_rebuild()
ItemProcessor.model_rebuild()
