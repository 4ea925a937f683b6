# Shared shell code for localstack/up, localstack/down and scripts/setup. Source it; do not run it.
# shellcheck shell=bash
# shellcheck disable=SC2034  # the variables are used by the scripts that source this file

LAKECTL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE_DIR=$LAKECTL_ROOT/localstack/.state   # git-ignored: venvs, pid files, logs, emulator data
LOG_DIR=$STATE_DIR/logs
LOCALSTACK_VENV=$STATE_DIR/venv-localstack
MOTO_VENV=$STATE_DIR/venv-moto
LOCALSTACK_REQS=$LAKECTL_ROOT/localstack/requirements-localstack.txt
MOTO_REQS=$LAKECTL_ROOT/localstack/requirements-moto.txt
TOOLS_DIR=$LAKECTL_ROOT/.tools                # git-ignored: developer tools such as cfn-lint
CFN_LINT_VENV=$TOOLS_DIR/venv-cfn-lint
CFN_LINT_REQS=$LAKECTL_ROOT/scripts/requirements-cfn-lint.txt

LOCALSTACK_PORT=${LAKECTL_LOCALSTACK_PORT:-4566}
# 4599: outside LocalStack's own range (4510-4559 for service ports) and moto's default 5000,
# which macOS AirPlay occupies.
MOTO_PORT=${LAKECTL_MOTO_PORT:-4599}
# A second moto, without a fixed account: it keeps one state per account, chosen by the
# credentials of each request (AssumeRole into an account returns keys of that account), which is
# what audits of several accounts are tested on.
MOTO_ACCOUNTS_PORT=${LAKECTL_MOTO_ACCOUNTS_PORT:-4598}

log() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# The interpreter for the venvs. The LocalStack lock is verified on CPython 3.11 (4.9.2 is the
# newest LocalStack that imports on 3.11); LAKECTL_PYTHON overrides the choice.
find_python() {
  local py
  [[ -n ${_LAKECTL_PYTHON:-} ]] && { printf '%s\n' "$_LAKECTL_PYTHON"; return 0; }
  for py in "${LAKECTL_PYTHON:-}" python3.11 python3; do
    if [[ -n $py ]] && command -v "$py" >/dev/null 2>&1 &&
      "$py" -c 'import sys, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      printf '%s\n' "$py"
      return 0
    fi
  done
  die "no Python >= 3.11 with the venv module found (tried \$LAKECTL_PYTHON, python3.11, python3);" \
    "install python3.11 and python3.11-venv, or point LAKECTL_PYTHON at one"
}

# ensure_venv DIR REQUIREMENTS: create DIR as a venv holding exactly the pinned REQUIREMENTS.
# Idempotent and safe to run concurrently: a stamp records the hash of the lock file and the
# interpreter, so an edited lock reinstalls, and a per-venv flock makes parallel callers wait
# for one install instead of corrupting it.
ensure_venv() {
  local dir=$1 reqs=$2 py want stamp lockfd started
  [[ -f $reqs ]] || die "missing requirements file $reqs (is this a complete checkout?)"
  mkdir -p "$(dirname "$dir")/logs"
  stamp=$dir/.lakectl-stamp
  exec {lockfd}>"$dir.lock"
  flock -w 900 "$lockfd" || die "timed out after 900 s waiting for another install of $dir ($dir.lock)"
  py=$(find_python)
  _LAKECTL_PYTHON=$py # remembered: pyenv shims take ~0.2 s a call
  want="$(sha256sum <"$reqs" | cut -d' ' -f1) $("$py" -c 'import sys; print(sys.version.split()[0])')"
  if [[ -f $stamp && $(<"$stamp") == "$want" ]]; then
    exec {lockfd}>&-
    return 0
  fi
  local name install_log
  name=$(basename "$dir")
  install_log=$(dirname "$dir")/logs/install-$name.log
  log "installing $name from $(basename "$reqs") (one-time, about 30 s; log: $install_log)"
  started=$SECONDS
  rm -rf "$dir"
  if ! { "$py" -m venv "$dir" &&
    "$dir/bin/pip" install --disable-pip-version-check --no-input -r "$reqs"; } >"$install_log" 2>&1; then
    tail -n 20 "$install_log" >&2
    rm -rf "$dir"
    die "installing $name failed (full log: $install_log); check network access to PyPI"
  fi
  printf '%s\n' "$want" >"$stamp"
  log "installed $name in $((SECONDS - started)) s"
  exec {lockfd}>&-
}

ensure_emulator_venvs() {
  ensure_venv "$LOCALSTACK_VENV" "$LOCALSTACK_REQS"
  ensure_venv "$MOTO_VENV" "$MOTO_REQS"
}

ensure_cfn_lint() {
  ensure_venv "$CFN_LINT_VENV" "$CFN_LINT_REQS"
}

# http_ok URL [NEEDLE]: true if URL answers 2xx within 2 s (and its body contains NEEDLE).
http_ok() {
  local body
  body=$(curl -fsS --max-time 2 "$1" 2>/dev/null) || return 1
  [[ -z ${2:-} || $body == *"$2"* ]]
}

# pid_alive PIDFILE: true if PIDFILE names a live process that leads its own process group, as
# every emulator started by `up` does (guards against a stale file naming a recycled pid).
pid_alive() {
  local pid pgid
  [[ -f $1 ]] || return 1
  pid=$(<"$1")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  pgid=$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ') || return 1
  [[ $pgid == "$pid" ]]
}
