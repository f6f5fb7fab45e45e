#!/usr/bin/env bash
# Serves the portal on http://127.0.0.1:8000 with a django-q2 worker beside it; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

$PY manage.py qcluster &
qcluster_pid=$!
# qcluster hangs if its whole process group is signalled: stop it through its parent process only.
stop() { kill -TERM "$qcluster_pid" 2>/dev/null || true; wait "$qcluster_pid" 2>/dev/null || true; }
trap stop EXIT INT TERM

$PY manage.py runserver 127.0.0.1:8000
