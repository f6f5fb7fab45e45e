"""Fault drills: run only by ``make fault-drills`` (pytest -m fault_drill), on PostgreSQL + Redis.

Every module here starts with ``pytestmark = pytest.mark.fault_drill`` so that ``make test`` leaves it out.
"""

import os

import pytest


@pytest.fixture(autouse=True)
def _needs_real_parts():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        pytest.skip("fault drills run on PostgreSQL + Redis (DATABASE_URL, REDIS_URL), as .ci/run does")
