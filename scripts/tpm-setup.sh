#!/usr/bin/env bash
# tpm-setup.sh DIR: a private software TPM 2.0 (swtpm) on loopback with one tpm2-pkcs11 token, for tests.
#
# Usage:  scripts/tpm-setup.sh DIR          # (re)start the TPM, make the token, write DIR/env
#         source DIR/env                    # the variables below, for the module and the tests
#         scripts/tpm-setup.sh --stop DIR   # stop that TPM (only the process in DIR/swtpm.pid)
#
# TEST VALUES, NOT SECRETS: token "tpmtok", user PIN 1234, SO PIN 5678.
#
# What it makes (re-running on the same DIR stops its swtpm first, then recreates all of it):
#   DIR/state/      swtpm's TPM state (a fresh TPM every run)
#   DIR/store/      the tpm2-pkcs11 token store (TPM2_PKCS11_STORE)
#   DIR/swtpm.pid   the daemonised swtpm's pid
#   DIR/pin         the user PIN (mode 0600)
#   DIR/env         exports: TPM2_PKCS11_TCTI, TPM2TOOLS_TCTI, TPM2_PKCS11_STORE, ROLES_ANYWHERE_TPM_MODULE,
#                   ROLES_ANYWHERE_TPM_TOKEN, ROLES_ANYWHERE_TPM_PIN_FILE, ROLES_ANYWHERE_TPM_PID
#   DIR/setup.log   output of the tools (read it when the script fails); DIR/swtpm.log is swtpm's own
#
# The swtpm listens on 127.0.0.1 ports P (TPM commands) and P+1 (control), both chosen free.
# The dictionary-attack lockout is relaxed (1000 tries, no recovery time) because tests type wrong
# PINs on purpose; a real TPM locks after a few (see DESIGN.md section 11).
# Missing Debian packages are installed with scripts/lib/dependencies.sh's ensure_apt.
# Prints one line on success: "tpm ready: DIR/env".
set -euo pipefail

readonly TPM_MODULE=/usr/lib/x86_64-linux-gnu/pkcs11/libtpm2_pkcs11.so
readonly TOKEN_LABEL=tpmtok
# Throwaway test PINs. They appear on pkcs11-tool's command line during token creation only (it has no
# other non-interactive way to take them); never do this with a real PIN.
readonly USER_PIN=1234
readonly SO_PIN=5678
readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

die() { printf 'tpm-setup: %s\n' "$*" >&2; exit 1; }
usage() { printf 'usage: %s DIR | --stop DIR\n' "$0" >&2; exit 2; }

# stop_swtpm DIR: stops the swtpm whose pid is in DIR/swtpm.pid, if it is still that swtpm, and waits.
stop_swtpm() {
    local pidfile="$1/swtpm.pid" pid
    [ -f "$pidfile" ] || return 0
    pid="$(tr -dc '0-9' <"$pidfile")"
    rm -f "$pidfile"
    [ -n "$pid" ] || return 0
    # Only signal the pid if it is still a swtpm (the pid may have been reused since).
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = swtpm ] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    # Exited once it is gone or a zombie (its parent is init, which may reap it only seconds later).
    local tries=0
    while kill -0 "$pid" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ]; do
        tries=$((tries + 1))
        if [ "$tries" -eq 250 ]; then kill -KILL "$pid" 2>/dev/null || true; fi   # after ~5 s
        [ "$tries" -lt 500 ] || die "swtpm (pid $pid) did not exit"
        sleep 0.02
    done
}

if [ "${1:-}" = "--stop" ]; then
    [ "$#" -eq 2 ] && [ -n "$2" ] || usage
    [ -d "$2" ] || die "no directory $2"
    stop_swtpm "$2"
    exit 0
fi
[ "$#" -eq 1 ] && [ -n "$1" ] && [ "${1#-}" = "$1" ] || usage

# shellcheck source=lib/dependencies.sh
source "$SCRIPT_DIR/lib/dependencies.sh"
ensure_tpm_dependencies
[ -e "$TPM_MODULE" ] || die "the tpm2-pkcs11 module is not at $TPM_MODULE"

mkdir -p "$1"
readonly DIR="$(cd "$1" && pwd)"
readonly LOG="$DIR/setup.log"
stop_swtpm "$DIR"
rm -rf "$DIR/state" "$DIR/store" "$DIR/env" "$DIR/pin"
mkdir -p "$DIR/state" "$DIR/store"
: >"$LOG"

started_pid=""
# On any failure: the tools' last lines, and the swtpm this run started is stopped again.
on_exit() {
    local status=$?
    [ "$status" -ne 0 ] || return 0
    echo "tpm-setup: failed; last lines of $LOG:" >&2
    tail -n 15 "$LOG" >&2
    if [ -n "$started_pid" ]; then stop_swtpm "$DIR" || true; fi
    rm -f "$DIR/env.tmp"
    exit "$status"
}
trap on_exit EXIT

run() { "$@" >>"$LOG" 2>&1; }

# free_port_pair: prints a port P such that P and P+1 are both free on 127.0.0.1 right now.
free_port_pair() {
    python3 -I -S - <<'EOF'
import socket
for _ in range(200):
    a = socket.socket(); a.bind(("127.0.0.1", 0)); port = a.getsockname()[1]
    b = socket.socket()
    try:
        if port < 65535:
            b.bind(("127.0.0.1", port + 1)); print(port); break
    except OSError:
        pass
    finally:
        a.close(); b.close()
else:
    raise SystemExit("no free pair of ports")
EOF
}

# without_inherited_descriptors CMD...: runs CMD with only descriptors 0-2. The daemon outlives
# this script, and any other descriptor it inherits (a caller's pipe, or the socket Foundation's
# Process watches to see its child end) would keep the caller waiting for it.
without_inherited_descriptors() {
    (
        for fd in /proc/$BASHPID/fd/*; do
            fd="${fd##*/}"
            [ "$fd" -gt 2 ] 2>/dev/null && eval "exec $fd>&-" 2>/dev/null
        done
        exec "$@"
    )
}

# start_swtpm: starts swtpm daemonised on a free port pair (retrying if a port was taken meanwhile).
start_swtpm() {
    local attempt
    for attempt in 1 2 3 4 5; do
        PORT="$(free_port_pair)"
        rm -f "$DIR/swtpm.pid"
        if run without_inherited_descriptors swtpm socket --tpm2 --tpmstate dir="$DIR/state" \
            --server type=tcp,port="$PORT",bindaddr=127.0.0.1 \
            --ctrl type=tcp,port="$((PORT + 1))",bindaddr=127.0.0.1 \
            --flags not-need-init,startup-clear --pid file="$DIR/swtpm.pid" \
            --log file="$DIR/swtpm.log" --daemon; then
            started_pid="$(tr -dc '0-9' <"$DIR/swtpm.pid")"
            [ -n "$started_pid" ] && return 0
        fi
        echo "swtpm did not start on ports $PORT/$((PORT + 1)) (attempt $attempt)" >>"$LOG"
    done
    die "swtpm did not start (see $LOG and $DIR/swtpm.log)"
}

start_swtpm
export TPM2TOOLS_TCTI="swtpm:host=127.0.0.1,port=$PORT"
export TPM2_PKCS11_TCTI="$TPM2TOOLS_TCTI"
export TPM2_PKCS11_STORE="$DIR/store"

# Wait until the TPM answers a command (up to ~5 s).
tries=0
until tpm2_getrandom --hex 8 >/dev/null 2>>"$LOG"; do
    kill -0 "$started_pid" 2>/dev/null || die "swtpm (pid $started_pid) exited (see $DIR/swtpm.log)"
    tries=$((tries + 1))
    [ "$tries" -lt 250 ] || die "swtpm (pid $started_pid, port $PORT) does not answer (see $LOG)"
    sleep 0.02
done

# Tests only: wrong PINs must not lock the TPM (the lockout auth of a fresh TPM is empty).
run tpm2_dictionarylockout --setup-parameters --max-tries=1000 --recovery-time=0 --lockout-recovery-time=0

# The token, made through PKCS#11 itself (C_InitToken, then SO login and C_InitPIN): tpm2_ptool addtoken needs
# a resource manager, which a bare swtpm does not have.
p11() { run pkcs11-tool --module "$TPM_MODULE" "$@"; }
p11 --init-token --label "$TOKEN_LABEL" --so-pin "$SO_PIN"
p11 --token-label "$TOKEN_LABEL" --login --login-type so --so-pin "$SO_PIN" --init-pin --new-pin "$USER_PIN"
# C_InitToken leaves its primary key loaded (transient handle 0x80000000) on a TPM without a resource manager;
# the TPM has room for 3 loaded objects, so give them all back to the tests (the module does not need it).
run tpm2_flushcontext -t

(umask 077 && printf '%s\n' "$USER_PIN" >"$DIR/pin")
# export NAME=VALUE, quoted only when the value needs it.
env_line() {
    if [[ "$2" =~ ^[A-Za-z0-9_./:,=+@%-]+$ ]]; then printf 'export %s=%s\n' "$1" "$2"; else printf 'export %s=%q\n' "$1" "$2"; fi
}
{
    echo "# Written by scripts/tpm-setup.sh: the private swtpm and its tpm2-pkcs11 token (test values)."
    env_line TPM2_PKCS11_TCTI "$TPM2_PKCS11_TCTI"
    env_line TPM2TOOLS_TCTI "$TPM2TOOLS_TCTI"
    env_line TPM2_PKCS11_STORE "$TPM2_PKCS11_STORE"
    env_line ROLES_ANYWHERE_TPM_MODULE "$TPM_MODULE"
    env_line ROLES_ANYWHERE_TPM_TOKEN "$TOKEN_LABEL"
    env_line ROLES_ANYWHERE_TPM_PIN_FILE "$DIR/pin"
    env_line ROLES_ANYWHERE_TPM_PID "$started_pid"
} >"$DIR/env.tmp"
mv "$DIR/env.tmp" "$DIR/env"
echo "tpm ready: $DIR/env"
