"""Tests of helpers.runtime. A package, so that the local cluster and Connect server that these tests share
(``conftest.py``, package scope) are stopped as soon as these tests end, not after the notebooks."""
