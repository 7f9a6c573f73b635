#!/usr/bin/env bash
# Benchmarks of roles-anywhere, measured in one run on this machine (medians), printed as a
# Markdown table. Everything runs on loopback against the local emulator.
# Usage: scripts/bench.sh [runs]   (runs: samples per wall-time median, default 20)
set -euo pipefail
source "$(dirname "$0")/lib/dependencies.sh"
cd "$ROLES_ANYWHERE_ROOT"
RUNS="${1:-20}"

ensure_build_dependencies
ensure_token_dependencies
ensure_python_tools

log "building (release)..."
swift build -c release --static-swift-stdlib --product roles-anywhere >/dev/null
swift build -c release --static-swift-stdlib --product roles-anywhere-bench >/dev/null
BIN_DIR="$(swift build -c release --static-swift-stdlib --show-bin-path)"
BIN="$BIN_DIR/roles-anywhere"
BENCH="$BIN_DIR/roles-anywhere-bench"
PY="$ROLES_ANYWHERE_PYTHON"

WORK="$ROLES_ANYWHERE_ROOT/.build-bench/$(date +%Y%m%d-%H%M%S)-$$"
mkdir -p "$WORK"
EMULATOR_PID=""
cleanup() { [ -n "$EMULATOR_PID" ] && kill "$EMULATOR_PID" 2>/dev/null && wait "$EMULATOR_PID" 2>/dev/null; true; }
trap cleanup EXIT

# A CA and one client certificate per key type.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/ca.key" -out "$WORK/ca.pem" \
    -subj "/CN=bench CA" -days 2 -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
printf 'basicConstraints=CA:false\nkeyUsage=critical,digitalSignature\n' > "$WORK/leaf.ext"
make_leaf() {  # name, openssl -newkey arguments...
    local name=$1; shift
    openssl req -newkey "$@" -nodes -keyout "$WORK/$name.key" -out "$WORK/$name.csr" -subj "/CN=bench-$name" 2>/dev/null
    openssl x509 -req -in "$WORK/$name.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial \
        -out "$WORK/$name.pem" -days 1 -extfile "$WORK/leaf.ext" 2>/dev/null
}
make_leaf rsa2048 rsa:2048
make_leaf p256 ec -pkeyopt ec_paramgen_curve:P-256
make_leaf p384 ec -pkeyopt ec_paramgen_curve:P-384

mkfifo "$WORK/ready"
"$BIN" emulator --trust-anchor-ca "$WORK/ca.pem" --state-dir "$WORK/emulator" > "$WORK/ready" 2>"$WORK/emulator.log" &
EMULATOR_PID=$!
read -r -t 20 READY < "$WORK/ready"
field() { "$PY" -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$READY" "$1"; }
EP=$(field endpoint); CA=$(field caBundle); TA=$(field trustAnchorArn); PR=$(field profileArn); RO=$(field roleArn)
json() { "$PY" -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }

echo "| benchmark | result | notes |"
echo "| --- | --- | --- |"
for key in rsa2048 p256 p384; do
    out=$("$BENCH" sign --certificate "$WORK/$key.pem" --private-key "$WORK/$key.key" --seconds 2)
    echo "| file-key signing, $key | $(json "$out" signaturesPerSecond) signatures/s | FileKeyBackend, one thread |"
done

SESSION=(--trust-anchor-arn "$TA" --profile-arn "$PR" --role-arn "$RO" --endpoint "$EP")
ours=$("$PY" scripts/lib/median_time.py "$RUNS" -- "$BIN" credential-process --certificate "$WORK/rsa2048.pem" \
    --private-key "$WORK/rsa2048.key" "${SESSION[@]}" --ca-bundle "$CA")
python=$("$PY" scripts/lib/median_time.py "$RUNS" -- "$PY" scripts/lib/python_session_fetch.py --certificate "$WORK/rsa2048.pem" \
    --private-key "$WORK/rsa2048.key" "${SESSION[@]}" --ca-bundle "$CA")
ratio=$("$PY" -c "print(f'{$python / $ours:.1f}')")
echo "| cold credential-process, RSA-2048 file key | $ours ms | median of $RUNS, new process each |"
echo "| Python iam-rolesanywhere-session, same fetch | $python ms | median of $RUNS, new process each |"
echo "| speed-up, cold credential-process vs Python | ${ratio}x | target: at least 15x |"

out=$("$BENCH" emulator-load --endpoint "$EP" --ca-bundle "$CA" --certificate "$WORK/p256.pem" --private-key "$WORK/p256.key" \
    --trust-anchor-arn "$TA" --profile-arn "$PR" --role-arn "$RO" --requests 4000 --concurrency 32)
echo "| emulator, verified CreateSession (P-256 client) | $(json "$out" requestsPerSecond) requests/s | $(json "$out" requests) requests, 32 in flight, $(json "$out" failures) failures |"
