"""Shipping a workflow to AWS: packaging, deploy/destroy, remote runs and SAM/CloudFormation templates.

boto3 is imported lazily inside this package only (see `aws.py`); importing `flowdsl.deploy`
works without the `aws` extra.
"""

from flowdsl.deploy.apply import deploy, destroy
from flowdsl.deploy.package import Package, package_handler, package_handlers
from flowdsl.deploy.remote import run_remote
from flowdsl.deploy.report import Action, DeployReport

__all__ = [
    "Action",
    "DeployReport",
    "Package",
    "deploy",
    "destroy",
    "package_handler",
    "package_handlers",
    "run_remote",
]
