"""Amazon SageMaker: its registry entries (gathered by `registry.py`; the AWS sources are named
below)."""

from __future__ import annotations

from flowdsl.model.integrations.entries import (
    RR,
    RR_SYNC,
    Condition,
    Integration,
    Target,
    passed_role,
)

# Amazon SageMaker training and transform jobs ("IAM policies for calling Amazon SageMaker"):
# the job, ListTags, the role passed only to SageMaker, and for `.sync` Describe/Stop and the
# managed rule. A transform job passes no role of its own, so none is granted for it.
_TO_SAGEMAKER: Condition = (("StringEquals", "iam:PassedToService", "sagemaker.amazonaws.com"),)


def _sagemaker(kind: str, targets: tuple[Target, ...], rule: str | None = "") -> Integration:
    """A SageMaker `Create<kind>Job`; `rule`: the managed rule's name (None: named nowhere)."""
    name = f"{kind}Job"
    return Integration(
        "sagemaker",
        f"create{kind}Job",
        RR_SYNC,
        (f"sagemaker:Create{name}",),
        targets,
        None,
        operation=("sagemaker", f"create{kind}Job"),
        loose=True,
        extra=((("sagemaker:ListTags",), ("*",)),),
        sync_actions=(f"sagemaker:Describe{name}", f"sagemaker:Stop{name}"),
        sync_resource="target",
        sync_rule=f"StepFunctionsGetEventsForSageMaker{kind}JobsRule" if rule == "" else rule,
    )


def _passed_to_sagemaker(parameter: str, *, optional: bool = False) -> Target:
    return passed_role(parameter, "sagemaker.amazonaws.com", optional=optional)


def _sagemaker_resource(kind: str, form: str, parameter: str) -> Target:
    return Target(parameter, form, f"arn:{{partition}}:sagemaker:{{region}}:{{account}}:{kind}/*")


def _sagemaker_call(action: str, targets: tuple[Target, ...]) -> Integration:
    """A SageMaker model or endpoint API (request-response) on the resources it names."""
    return Integration(
        "sagemaker",
        action,
        RR,
        (f"sagemaker:{action[:1].upper()}{action[1:]}",),
        targets,
        None,
        operation=("sagemaker", action),
        extra=((("sagemaker:ListTags",), ("*",)),),
    )


SAGEMAKER = (
    _sagemaker(
        "Training",
        (
            Target(
                "TrainingJobName",
                "training-job",
                "arn:{partition}:sagemaker:{region}:{account}:training-job/*",
            ),
            _passed_to_sagemaker("RoleArn"),
        ),
    ),
    _sagemaker(
        "Transform",
        (
            Target(
                "TransformJobName",
                "transform-job",
                "arn:{partition}:sagemaker:{region}:{account}:transform-job/*",
            ),
        ),
    ),
)


# SageMaker's other optimized APIs (connect-sagemaker). sagemaker-iam documents policies for
# training and transform jobs only, so these follow them (the resource the call names, as the
# Service Authorization Reference's resource types for SageMaker write it; ListTags; the role
# passed only to SageMaker; for `.sync` Describe/Stop and the managed rule). The rule's name is
# AWS's where AWS's own policies name it (tuning and processing jobs); a labeling job's `.sync`
# rule is named nowhere, so none is granted for it.
_ENDPOINT = _sagemaker_resource("endpoint", "endpoint", "EndpointName")
_ENDPOINT_CONFIG = _sagemaker_resource("endpoint-config", "endpoint-config", "EndpointConfigName")
SAGEMAKER_MORE = (
    _sagemaker_call(
        "createModel",
        (
            _sagemaker_resource("model", "sagemaker-model", "ModelName"),
            _passed_to_sagemaker("ExecutionRoleArn", optional=True),
        ),
    ),
    _sagemaker_call("createEndpointConfig", (_ENDPOINT_CONFIG,)),
    _sagemaker_call("createEndpoint", (_ENDPOINT, _ENDPOINT_CONFIG)),
    _sagemaker_call("updateEndpoint", (_ENDPOINT, _ENDPOINT_CONFIG)),
    _sagemaker(
        "Processing",
        (
            _sagemaker_resource("processing-job", "processing-job", "ProcessingJobName"),
            _passed_to_sagemaker("RoleArn"),
        ),
    ),
    _sagemaker(
        "HyperParameterTuning",
        (
            _sagemaker_resource("hyper-parameter-tuning-job", "tuning-job", "HyperParameterTuningJobName"),
            _passed_to_sagemaker("TrainingJobDefinition.RoleArn", optional=True),
        ),
        rule="StepFunctionsGetEventsForSageMakerTuningJobsRule",
    ),
    _sagemaker(
        "Labeling",
        (
            _sagemaker_resource("labeling-job", "labeling-job", "LabelingJobName"),
            _passed_to_sagemaker("RoleArn"),
        ),
        rule=None,
    ),
)
