"""`flowdsl serve`: a local Step Functions endpoint for boto3, the AWS CLI and any SDK.

A development server: loopback by default, no authentication, everything in memory. Runs
until Ctrl-C (exit 0); a port already in use is a one-line error (exit 1).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from flowdsl.api import refuse_invalid
from flowdsl.cli.options import handler_texts, handlers_option, mock_option
from flowdsl.diagnostics import FlowdslError, error
from flowdsl.engine.mockconfig import load_mock_config
from flowdsl.handlers import bind_handlers, parse_bindings
from flowdsl.loader import load_source
from flowdsl.model import to_asl
from flowdsl.service.core import Service
from flowdsl.service.local import ROLE, serve_children
from flowdsl.service.wire import StepFunctionsServer

DEFAULT_PORT = 8083  # Step Functions Local's, so existing endpoint_url settings keep working


@click.command("serve")
@click.argument("definitions", nargs=-1, type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback).")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=int, help="Port (0 picks a free one).")
@click.option(
    "--aws-endpoint", metavar="URL", help="Call service integrations here (default AWS_ENDPOINT_URL)."
)
@handlers_option
@mock_option
@click.option("--real-time", is_flag=True, help="Really wait in Wait states and retry back-off.")
@click.option("--region", default="us-east-1", show_default=True, help="Region in the ARNs served.")
@click.option("--verbose", is_flag=True, help="Log every request.")
def serve_cmd(
    *,
    definitions: tuple[Path, ...],
    host: str,
    port: int,
    aws_endpoint: str | None,
    handlers: tuple[str, ...],
    mock_file: Path | None,
    real_time: bool,
    region: str,
    verbose: bool,
) -> None:
    """Serve the Step Functions API (AWS JSON 1.0) locally.

    DEFINITIONS (.py workflows or ASL files) are created as state machines at start.
    """
    texts = handler_texts(handlers)
    service = Service(
        handlers=parse_bindings(texts),
        mock_config=load_mock_config(mock_file) if mock_file else None,
        endpoint=aws_endpoint,
        real_time=real_time,
        region=region,
    )
    for path in definitions:
        _create(service, path)
    try:
        server = StepFunctionsServer((host, port), service, verbose=verbose)
    except OSError as exc:
        message = f"cannot listen on {host}:{port}: {exc.strerror}"
        raise FlowdslError([error("serve-address-unavailable", message)]) from None
    click.echo(f"flowdsl serve: Step Functions API on {server.url} (a development server: no authentication)")
    if service.endpoint:
        click.echo(f"flowdsl serve: service integrations call {service.endpoint}")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _create(service: Service, path: Path) -> None:
    """Create a state machine from a workflow file, named after the workflow (or the file:
    `order.asl.json` -> `order`); its handlers (the DSL's own, or `lambdas/`) are bound too.

    The nested workflows a Workflow starts (`start_execution` given a `Workflow`) are created
    first, each named by its placeholder's key (`${ChildArn}` -> `Child`), and the workflow
    starts them by their served ARNs."""
    source = load_source(path)
    refuse_invalid(source)
    for child in source.nested().values():
        refuse_invalid(child)
        service.handlers = {**bind_handlers(child, None, mocked=set()), **service.handlers}
    served = source.with_children(serve_children(service, source))
    name = source.name or path.name.split(".")[0]
    definition = json.dumps(to_asl(served.definition), ensure_ascii=False)
    service.create_state_machine(name=name, definition=definition, roleArn=ROLE)
    service.handlers = {**bind_handlers(source, None, mocked=set()), **service.handlers}
