"""Distributed Map configuration: the ItemReader, ItemBatcher and ResultWriter settings.

The model keeps these settings as plain strings and numbers; the values AWS accepts come from
the Developer Guide pages "ItemReader (Map)", "ItemBatcher (Map)" and "ResultWriter (Map)".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flowdsl.checks.catalogue import report
from flowdsl.checks.context import Context, asl_name, is_set, set_fields
from flowdsl.diagnostics import Diagnostic, did_you_mean
from flowdsl.model import MapState
from flowdsl.model.fields import FIELDS

# field name -> the values AWS accepts, by the model class that holds the field.
CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "ReaderConfig": {
        "input_type": ("CSV", "JSON", "JSONL", "PARQUET", "MANIFEST"),
        "csv_header_location": ("FIRST_ROW", "GIVEN"),
        "csv_delimiter": ("COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"),
        "transformation": ("NONE", "LOAD_AND_FLATTEN"),
        "manifest_type": ("ATHENA_DATA", "S3_INVENTORY"),
    },
    "WriterConfig": {
        "output_type": ("JSON", "JSONL"),
        "transformation": ("NONE", "COMPACT", "FLATTEN"),
    },
}
BATCH_LIMITS = (
    "max_items_per_batch",
    "max_items_per_batch_path",
    "max_input_bytes_per_batch",
    "max_input_bytes_per_batch_path",
)


def distributed_settings(ctx: Context) -> Iterator[Diagnostic]:
    """Reader and writer settings hold accepted values; a batcher sets a batch size."""
    for ref in ctx.states:
        state = ref.state
        if not isinstance(state, MapState):
            continue
        reader = state.item_reader
        if reader is not None and reader.reader_config is not None:
            config_pointer = f"{ref.pointer}/ItemReader/ReaderConfig"
            yield from _enumerated(reader.reader_config, config_pointer)
            yield from _headers(reader.reader_config, config_pointer)
        writer = state.result_writer
        if writer is not None:
            yield from _writer(writer, f"{ref.pointer}/ResultWriter")
        if state.item_batcher is not None:
            yield from _batch_size(state.item_batcher, f"{ref.pointer}/ItemBatcher")


def _enumerated(model: Any, pointer: str) -> Iterator[Diagnostic]:
    for name, accepted in CHOICES[type(model).__name__].items():
        value = getattr(model, name)
        # A JSONata state may compute a setting; only literal strings are checked.
        if isinstance(value, str) and not value.startswith("{%") and value not in accepted:
            field = asl_name(model, name)
            listed = ", ".join(accepted)
            yield report(
                "invalid-value",
                f"'{field}' is '{value}'; it must be one of {listed}{did_you_mean(value, list(accepted))}",
                f"{pointer}/{field}",
            )


def _headers(config: Any, pointer: str) -> Iterator[Diagnostic]:
    # "ItemReader (Map)": with CSVHeaderLocation GIVEN the column names come from CSVHeaders,
    # and "InputType is required when Transformation is LOAD_AND_FLATTEN".
    if config.csv_header_location == "GIVEN" and not config.csv_headers:
        yield report(
            "missing-field", "'CSVHeaderLocation' is GIVEN but 'CSVHeaders' lists no column names", pointer
        )
    if config.transformation == "LOAD_AND_FLATTEN" and config.input_type is None:
        yield report(
            "missing-field",
            "'Transformation' LOAD_AND_FLATTEN needs an 'InputType' for the listed objects",
            pointer,
        )
    yield from _manifest(config, pointer)


def _manifest(config: Any, pointer: str) -> Iterator[Diagnostic]:
    # An Athena manifest lists files of the InputType given; an S3 inventory is always CSV;
    # ItemsPointer selects inside a JSON file ("ItemReader (Map)").
    if config.manifest_type == "ATHENA_DATA" and config.input_type is None:
        yield report(
            "missing-field", "'ManifestType' ATHENA_DATA needs the 'InputType' of the data files", pointer
        )
    if config.manifest_type == "S3_INVENTORY" and config.input_type is not None:
        yield report(
            "mutually-exclusive-fields",
            "'ManifestType' S3_INVENTORY takes no 'InputType': an S3 inventory is always CSV",
            f"{pointer}/InputType",
        )
    if config.items_pointer is not None and config.input_type not in (None, "JSON"):
        yield report(
            "mutually-exclusive-fields",
            f"'ItemsPointer' selects inside a JSON file, not a {config.input_type} one",
            f"{pointer}/ItemsPointer",
        )


def _writer(writer: Any, pointer: str) -> Iterator[Diagnostic]:
    # "ResultWriter (Map)": WriterConfig alone transforms the results in place; exporting them
    # takes the s3:putObject Resource together with its Parameters (Arguments in JSONata).
    if writer.writer_config is not None:
        yield from _enumerated(writer.writer_config, f"{pointer}/WriterConfig")
    has_target = writer.parameters is not None or writer.arguments is not None
    if writer.resource is not None and not has_target and writer.writer_config is None:
        yield report(
            "missing-field", "'ResultWriter' names a 'Resource' but no 'Parameters' with the bucket", pointer
        )
    if writer.resource is None and has_target:
        yield report(
            "missing-field", "'ResultWriter' has 'Parameters' but no 'Resource' (s3:putObject)", pointer
        )


def _batch_size(batcher: Any, pointer: str) -> Iterator[Diagnostic]:
    # "ItemBatcher (Map)": batching needs a maximum number of items, a maximum size, or both.
    if not any(is_set(batcher, name) for name in BATCH_LIMITS):
        yield report(
            "missing-field",
            "'ItemBatcher' needs 'MaxItemsPerBatch', 'MaxInputBytesPerBatch' or one of their '...Path' forms",
            pointer,
        )


def inline_map_fields(ctx: Context) -> Iterator[Diagnostic]:
    """An inline Map sets none of the Distributed Map's fields (an inline Map would ignore them
    or, as flowdsl did, honour them where AWS refuses the definition)."""
    for ref in ctx.states:
        state = ref.state
        if not isinstance(state, MapState) or _mode(state) == "DISTRIBUTED":
            continue
        # The Distributed Map's own fields (`FieldFacts.distributed`), in the state's order.
        for name in set_fields(state):
            if FIELDS[name].distributed:
                field = asl_name(state, name)
                yield report(
                    "distributed-only-field",
                    f"'{field}' is a Distributed Map field; Map '{ref.name}' runs INLINE (set "
                    "'ProcessorConfig': {'Mode': 'DISTRIBUTED'} or remove it)",
                    f"{ref.pointer}/{field}",
                )


def _mode(state: MapState) -> str:
    config = state.item_processor.processor_config if state.item_processor is not None else None
    return config.mode if config is not None else "INLINE"


RULES = (distributed_settings, inline_map_fields)
