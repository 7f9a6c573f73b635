#!/usr/bin/env bash
# verify-units.sh: checks the systemd units with `systemd-analyze verify`, without installing them.
#
# Usage:  scripts/verify-units.sh [UNIT_FILE...]     # default: contrib/systemd/*.service
#
# Each unit is copied into a temporary folder, its Exec*= lines that run roles-anywhere
# (/usr/local/bin/roles-anywhere, which need not be installed here) are pointed at an executable
# stub in that folder, and `systemd-analyze verify` runs on the copies. Fails (exit 1) when
# systemd-analyze fails or prints any line naming one of the units (unknown keys, bad values, missing
# programs: systemd only warns about these and still exits 0). Also prints each unit's exposure score
# (`systemd-analyze security --offline=yes`), for information. systemd is installed when
# systemd-analyze is missing (scripts/lib/dependencies.sh's ensure_apt). Needs no running systemd.
# Prints "units verified: NAME..." on success.
set -euo pipefail
# shellcheck source=lib/dependencies.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/dependencies.sh"

die() { printf 'verify-units: %s\n' "$*" >&2; exit 1; }

command -v systemd-analyze >/dev/null || ensure_apt systemd
command -v systemd-analyze >/dev/null || die "systemd-analyze is missing after installing systemd"

units=("$@")
if [ ${#units[@]} -eq 0 ]; then
    units=("$ROLES_ANYWHERE_ROOT"/contrib/systemd/*.service)
    [ -e "${units[0]}" ] || die "no unit files in $ROLES_ANYWHERE_ROOT/contrib/systemd"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
stub="$work/roles-anywhere-stub"
printf '#!/bin/sh\nexit 0\n' >"$stub"
chmod 0755 "$stub"

# copy_unit SRC DEST: SRC with the program of Exec*= lines naming roles-anywhere replaced by the stub
# (prefixes such as -, +, ! kept). Other programs are left alone, so a missing one is still reported.
copy_unit() {
    local line path re='^([[:space:]]*Exec[A-Za-z]+=[[:space:]]*)([-@:+!]*)(/[^[:space:]]*/roles-anywhere[^[:space:]/]*)(.*)$'
    while IFS= read -r line || [ -n "$line" ]; do
        if [[ $line =~ $re ]]; then
            path="${BASH_REMATCH[3]}"
            [ -x "$path" ] || line="${BASH_REMATCH[1]}${BASH_REMATCH[2]}$stub${BASH_REMATCH[4]}"
        fi
        printf '%s\n' "$line"
    done <"$1" >"$2"
}

copies=() names=()
for unit in "${units[@]}"; do
    [ -f "$unit" ] || die "no such unit file: $unit"
    name="$(basename "$unit")"
    copy_unit "$unit" "$work/$name"
    copies+=("$work/$name")
    names+=("$name")
done

status=0
output="$(SYSTEMD_LOG_COLOR=0 SYSTEMD_PAGER= systemd-analyze verify "${copies[@]}" 2>&1)" || status=$?
complaints=""
for name in "${names[@]}"; do
    complaints+="$(printf '%s\n' "$output" | grep -F -- "$name" || true)"
done
if [ "$status" -ne 0 ] || [ -n "$complaints" ]; then
    printf '%s\n' "${output//$work\//}" >&2
    die "systemd-analyze verify failed (exit $status) for: ${names[*]}"
fi

for copy in "${copies[@]}"; do
    SYSTEMD_LOG_COLOR=0 SYSTEMD_PAGER= systemd-analyze security --offline=yes --no-pager "$copy" 2>/dev/null \
        | grep -o 'Overall exposure level for .*' || true
done
printf 'units verified: %s\n' "${names[*]}"
