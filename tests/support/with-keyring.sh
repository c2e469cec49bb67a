#!/usr/bin/env bash
# Runs a command against a real, unlocked Secret Service (gnome-keyring) in a private D-Bus session,
# so keychain tests touch a real OS keychain without touching the user's.
#   bash tests/support/with-keyring.sh npx vitest run tests/unit/secrets
# Exits with the command's own exit code.
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: with-keyring.sh <command> [args…]" >&2
  exit 2
fi

# Inside the private session (re-entered through dbus-run-session below).
if [[ "${HANGAR_WITH_KEYRING_INNER:-}" == "1" ]]; then
  unset HANGAR_WITH_KEYRING_INNER
  keyring_dir="$(mktemp -d "${TMPDIR:-/tmp}/hangar-keyring.XXXXXX")"
  mkdir -p "$keyring_dir/data" "$keyring_dir/run"
  chmod 700 "$keyring_dir/run"
  export XDG_DATA_HOME="$keyring_dir/data"
  export XDG_RUNTIME_DIR="$keyring_dir/run"

  # --foreground: the daemon stays our child, so it can be killed by pid (the forking form leaves orphans).
  printf 'hangar-test-keyring' | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>"$keyring_dir/daemon.log" &
  daemon_pid=$!

  cleanup() {
    kill "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
    rm -rf "$keyring_dir"
  }
  trap cleanup EXIT

  ready=0
  for _ in $(seq 1 100); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
      ready=1
      break
    fi
    if ! kill -0 "$daemon_pid" 2>/dev/null; then break; fi
    sleep 0.05
  done
  if [[ "$ready" != "1" ]]; then
    echo "with-keyring: the Secret Service did not come up:" >&2
    cat "$keyring_dir/daemon.log" >&2 || true
    exit 1
  fi

  set +e
  "$@"
  code=$?
  set -e
  exit "$code"
fi

export HANGAR_WITH_KEYRING_INNER=1
exec dbus-run-session -- bash "${BASH_SOURCE[0]}" "$@"
