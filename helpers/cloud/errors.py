"""The cloud layer's errors: each says what went wrong and what to do about it.

Every error is a :class:`CloudError` with two parts, ``problem`` and ``fix``; ``str(error)`` shows
both, so a learner who sees only the message still knows the next step::

    >>> print(KeyPairNotFound("key pair 'mls' is not in eu-west-1", "import it there"))
    key pair 'mls' is not in eu-west-1
      What to do: import it there
"""

from __future__ import annotations


class CloudError(Exception):
    """A problem the learner can fix: ``problem`` says what is wrong, ``fix`` what to do."""

    def __init__(self, problem: str, fix: str):
        super().__init__(f"{problem}\n  What to do: {fix}")
        self.problem = problem
        self.fix = fix


class PlanError(CloudError, ValueError):
    """A cluster plan that cannot work (a bad name, an unsupported Python or Java, ...)."""


class MissingCredentials(CloudError):
    """No AWS credentials were found, or AWS rejected them."""


class KeyPairNotFound(CloudError):
    """The EC2 key pair named in the plan does not exist in the plan's region."""


class IdentityFileProblem(CloudError):
    """The SSH private key (identity file) is missing or readable by other users."""


class UnknownInstanceType(CloudError):
    """EC2 does not know the instance type (a typo, or not offered in the region)."""


class AmiNotResolvable(CloudError):
    """The Amazon Linux 2023 AMI could not be found through the public SSM parameter."""


class BucketError(CloudError):
    """The S3 bucket is missing, someone else's, in another region, or an upload failed."""


class PriceUnknown(CloudError):
    """The pinned price table has no price for this instance type in this region."""


class RealAwsRefused(CloudError):
    """A step would spend money on real AWS without the explicit opt-in and confirmation."""


class EmrStepFailed(CloudError):
    """The EMR step (or its cluster) ended in a failed state."""


class EmrStepTimeout(CloudError):
    """The EMR step did not finish within the time the caller was willing to wait."""


class FlintrockSourceError(CloudError):
    """flintrock's pinned source could not be fetched, verified or patched."""
