"""IAM for `aws-sdk:<service>:<action>` calls: the action's IAM name and the narrowest resource.

The IAM action is the service's IAM prefix (botocore's signing name: `sfn` -> `states`,
`eventbridge` -> `events`) and the API operation, except where the service authorizes an
operation under another action; those are listed in SDK_IAM_ACTIONS (each from the service's
"Actions, resources, and condition keys" page in the Service Authorization Reference).
"""

from __future__ import annotations

from typing import Any

from flowdsl.model.integrations.call import Call
from flowdsl.model.integrations.grants import Grant, Needs, Where
from flowdsl.model.integrations.payload import DYNAMIC
from flowdsl.model.integrations.shapes import sdk_service

Json = Any

SDK_IAM_ACTIONS: dict[str, tuple[str, ...]] = {
    "s3:listObjectsV2": ("s3:ListBucket",),
    "s3:listObjects": ("s3:ListBucket",),
    "s3:listObjectVersions": ("s3:ListBucketVersions",),
    "s3:listBuckets": ("s3:ListAllMyBuckets",),
    "s3:headBucket": ("s3:ListBucket",),
    "s3:headObject": ("s3:GetObject",),
    "s3:deleteObjects": ("s3:DeleteObject",),
    "s3:copyObject": ("s3:GetObject", "s3:PutObject"),
    "s3:createMultipartUpload": ("s3:PutObject",),
    "s3:uploadPart": ("s3:PutObject",),
    "s3:completeMultipartUpload": ("s3:PutObject",),
    "s3:listParts": ("s3:ListMultipartUploadParts",),
    "lambda:invoke": ("lambda:InvokeFunction",),
    "lambda:invokeAsync": ("lambda:InvokeFunction",),
    "dynamodb:query": ("dynamodb:Query",),
}
# S3 operations authorized on the bucket ARN; the others act on objects (bucket/key).
_S3_BUCKET_ACTIONS = {"s3:ListBucket", "s3:ListBucketVersions", "s3:ListBucketMultipartUploads"}


def iam_actions(call: Call) -> tuple[str, ...]:
    """The IAM actions an aws-sdk call is authorized by."""
    if call.key.removeprefix("aws-sdk:") in SDK_IAM_ACTIONS:
        return SDK_IAM_ACTIONS[call.key.removeprefix("aws-sdk:")]
    service = sdk_service(call.service)
    prefix = service.iam if service is not None else call.service
    return (f"{prefix}:{call.action[:1].upper()}{call.action[1:]}",)


def sdk_grants(name: str, call: Call, params: dict[str, Json] | None, where: Where) -> Needs:
    needs = Needs([], [])
    actions = iam_actions(call)
    for action in actions:
        resource = _resource(call.service, action, params or {}, where)
        if resource is None:
            resource = "*"
            needs.warnings.append(
                f"state '{name}' calls 'aws-sdk:{call.service}:{call.action}' on a resource flowdsl cannot "
                f"name before run time, so the role allows '{action}' on '*'"
            )
        needs.grants.append(Grant((action,), (resource,)))
    return needs


def _literal(params: dict[str, Json], key: str) -> str | None:
    # Step Functions writes parameters PascalCase even where the API model is camelCase.
    value = params.get(key[:1].upper() + key[1:], params.get(key))
    return value if isinstance(value, str) and value is not DYNAMIC and "${" not in value else None


def _resource(service: str, action: str, params: dict[str, Json], where: Where) -> str | None:
    if service == "s3":
        return _s3(action, params, where)
    forms = {
        "dynamodb": ("TableName", "arn:{partition}:dynamodb:{region}:{account}:table/{}"),
        "sns": ("TopicArn", "{}"),
        "sfn": ("stateMachineArn", "{}"),
        "lambda": ("FunctionName", "arn:{partition}:lambda:{region}:{account}:function:{}"),
        "secretsmanager": ("SecretId", "arn:{partition}:secretsmanager:{region}:{account}:secret:{}-*"),
    }
    if service not in forms:
        return None
    key, template = forms[service]
    value = _literal(params, key)
    if value is None:
        return None
    return value if value.startswith("arn:") else where.fill(template, value)


def _s3(action: str, params: dict[str, Json], where: Where) -> str | None:
    bucket = _literal(params, "Bucket")
    if action == "s3:ListAllMyBuckets":
        return "*"
    if bucket is None:
        return None
    if action in _S3_BUCKET_ACTIONS:
        return f"arn:{where.partition}:s3:::{bucket}"
    key = _literal(params, "Key")
    return f"arn:{where.partition}:s3:::{bucket}/{key if key is not None else '*'}"
