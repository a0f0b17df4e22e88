"""What a registry entry is made of: an optimized integration (`Integration`), the resource its
parameters name (`Target`), the result it returns (`Result`), and the shapes of parameters Step
Functions defines itself. The entries are in `registry.py` and the per-service modules it
gathers (`analytics`, `builds`, `containers`, `ml`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flowdsl.model.integrations.call import Pattern
from flowdsl.model.integrations.jobs import SyncJob
from flowdsl.model.integrations.shapes import Shape

RR: tuple[Pattern, ...] = ("",)
RR_CALLBACK: tuple[Pattern, ...] = ("", ".waitForTaskToken")
RR_SYNC: tuple[Pattern, ...] = ("", ".sync")
ALL: tuple[Pattern, ...] = ("", ".sync", ".waitForTaskToken")


Condition = tuple[tuple[str, str, str], ...]  # (operator, key, value) of an IAM Condition


@dataclass(frozen=True)
class Target:
    """Where the resource a call acts on comes from: a parameter, turned into an ARN by `form`
    (see iam.RESOURCE_FORMS), and the narrowest ARN when it is only known at run time.

    `parameter` may name several parameters joined by `/` (an EKS node group is its cluster's
    name and its own). With `actions`, the target gets those actions alone (`iam:PassRole` on
    a role the call passes), under `condition`; `optional`: an absent parameter needs nothing."""

    parameter: str
    form: str
    narrowest: str
    actions: tuple[str, ...] = ()
    condition: Condition = ()
    optional: bool = False


def passed_role(parameter: str, service: str | None = None, *, optional: bool = False) -> Target:
    """The IAM role a call's `parameter` names, which the call passes: `iam:PassRole` on it, only
    to the `service` principal (`sagemaker.amazonaws.com`) where AWS's policy says so."""
    condition: Condition = (("StringEquals", "iam:PassedToService", service),) if service else ()
    return Target(
        parameter, "role", "arn:{partition}:iam::{account}:role/*", ("iam:PassRole",), condition, optional
    )


@dataclass(frozen=True)
class Result:
    """What a call hands the Task as its result (before ResultSelector), as AWS shapes it: an
    AWS SDK operation's response, or the `part` of it a `.sync` job ends with (`int`: a list
    item). `metadata`: Step Functions adds `SdkHttpMetadata`/`SdkResponseMetadata`; `closed`:
    nothing else appears (else other keys may); `json`: members that hold any JSON (Lambda's
    decoded `Payload`); `added`: string members Step Functions copies in from the request."""

    operation: tuple[str, str]
    part: tuple[str | int, ...] = ()
    metadata: bool = False
    closed: bool = False
    json: frozenset[str] = frozenset()
    added: tuple[str, ...] = ()


@dataclass(frozen=True)
class Integration:
    """One optimized integration: what AWS supports for it and what it needs."""

    service: str
    action: str
    patterns: tuple[Pattern, ...]
    iam_actions: tuple[str, ...]
    targets: tuple[Target, ...]
    constructor: str | None
    operation: tuple[str, str] | None = None  # (aws-sdk service, action) whose shape it takes
    parameters: Shape | None = None  # declared here when the API model has none
    json_fields: frozenset[str] = frozenset()  # parameters Step Functions accepts as any JSON
    # Members the API model requires but the SDK fills in (idempotency tokens), which Step
    # Functions' examples leave out.
    filled: frozenset[str] = frozenset()
    # The API's own large request (SageMaker jobs, EMR and EKS clusters): AWS's samples trim
    # it and Step Functions accepts the definition, so a missing required member is a warning
    # (`missing-sdk-parameter`), as for aws-sdk calls; an unknown one is still an error.
    loose: bool = False
    # A Condition on iam_actions; a value `{Param}` is that parameter's literal value.
    condition: Condition = ()
    sync_actions: tuple[str, ...] = ()  # extra actions for `.sync`/`.sync:2`, on sync_resource
    # "*", "target" (the call's resources, + sync_suffix), "execution", or an ARN template
    sync_resource: str = "*"
    sync_suffix: str = ""
    # The EventBridge managed rule `.sync` learns of the job's end through, named as the
    # service's IAM page names it (AWS is not uniform: `StepFunctionsGetEventsFor...` for most,
    # `StepFunctionsGetEventFor...` for CodeBuild and EMR).
    sync_rule: str | None = None
    # (actions, resources) allowed for every call, whatever its parameters.
    extra: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = field(default=())
    # (service principal, role name): the service-linked role the call may create, so
    # iam:CreateServiceLinkedRole on it, only for that service (iam:AWSServiceName).
    linked_role: tuple[str, str] | None = None
    # Who allows the call when IAM does not (EKS's Kubernetes API: the cluster's RBAC): deploy
    # and template grant nothing for it and say so, naming the state.
    authorized_by: str | None = None
    # Run locally (flowdsl serve): the name before the service's errors, as each service's
    # integration page writes them ("DynamoDB.ConditionalCheckFailedException"; None: the
    # service's name capitalised), and how `.sync` follows the job it starts.
    error_prefix: str | None = None
    sync_job: SyncJob | None = None
    results: tuple[tuple[Pattern, Result], ...] = ()  # per pattern; a pattern not listed: unknown

    @property
    def key(self) -> str:
        return f"{self.service}:{self.action}"

    @property
    def errors(self) -> str:
        """The prefix of the errors this integration fails with (`DynamoDB`, `Lambda`)."""
        return self.error_prefix or self.service[:1].upper() + self.service[1:]


def struct_shape(required: tuple[str, ...], *optional: str) -> Shape:
    members = {name: Shape("structure") for name in (*required, *optional)}
    return Shape("structure", members, required)


def scalar_shape(required: dict[str, str], optional: dict[str, str] | None = None) -> Shape:
    """A parameter shape Step Functions defines itself: member -> scalar kind, or "any"."""
    kinds = {**required, **(optional or {})}
    members = {name: Shape("structure" if kind == "any" else kind) for name, kind in kinds.items()}
    return Shape("structure", members, tuple(required))
