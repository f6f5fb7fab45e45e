#!/usr/bin/env bash
# Serves the portal on http://127.0.0.1:8000 with a django-q2 worker beside it; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

# qcluster hangs if its whole process group is signalled (Ctrl-C signals the terminal's group):
# it runs in a session of its own and is stopped through its parent process only.
setsid $PY manage.py qcluster &
qcluster_pid=$!
stop() { kill -TERM "$qcluster_pid" 2>/dev/null || true; wait "$qcluster_pid" 2>/dev/null || true; }
trap stop EXIT INT TERM

$PY manage.py runserver 127.0.0.1:8000
