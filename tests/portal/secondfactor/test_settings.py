"""Which mode each settings module starts in: production requires the second factor, the demo offers it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PRINT_MODE = "from django.conf import settings; print(settings.STAFF_SECOND_FACTOR)"


def _mode(settings_module: str, **overrides) -> subprocess.CompletedProcess:
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DEBUG", "EMAIL_", "STAFF_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        SECRET_KEY="k" * 20 + "-production-like-secret-0123456789",
        FIELD_ENCRYPTION_KEY="x",
        EMAIL_DISABLED="1",
    )
    env.update(overrides)
    return subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", PRINT_MODE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("settings_module", "expected"),
    [("config.settings.production", "required"), ("config.settings.dev", "offered")],
)
def test_each_settings_module_starts_in_its_mode(settings_module, expected):
    assert _mode(settings_module).stdout.strip() == expected


def test_an_unknown_mode_refuses_to_start():
    refused = _mode("config.settings.dev", STAFF_SECOND_FACTOR="oui")
    assert refused.returncode != 0
    assert "STAFF_SECOND_FACTOR" in refused.stderr
