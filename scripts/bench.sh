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
ensure_apt wrk curl

WORK="$ROLES_ANYWHERE_ROOT/.build-bench/$(date +%Y%m%d-%H%M%S)-$$"
mkdir -p "$WORK"
WORK_TOKENS="$WORK/tokens"

log "building (release)..."
swift build -c release --static-swift-stdlib --product roles-anywhere >/dev/null
swift build -c release --static-swift-stdlib --product roles-anywhere-bench >/dev/null
scripts/softhsm-setup.sh "$WORK_TOKENS" >/dev/null
BIN_DIR="$(swift build -c release --static-swift-stdlib --show-bin-path)"
BIN="$BIN_DIR/roles-anywhere"
BENCH="$BIN_DIR/roles-anywhere-bench"
PY="$ROLES_ANYWHERE_PYTHON"


EMULATOR_PID=""
SERVE_PID=""
cleanup() {
    for pid in $SERVE_PID $EMULATOR_PID; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
    true
}
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
cat "$WORK/ca.pem" "$WORK_TOKENS/ca/ca.pem" > "$WORK/anchors.pem"
export SOFTHSM2_CONF="$WORK_TOKENS/softhsm2.conf"
"$BIN" emulator --trust-anchor-ca "$WORK/anchors.pem" --state-dir "$WORK/emulator" > "$WORK/ready" 2>"$WORK/emulator.log" &
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
ours=$("$PY" scripts/lib/median_time.py "$RUNS" -- "$BIN" credential-process --no-cache --certificate "$WORK/rsa2048.pem" \
    --private-key "$WORK/rsa2048.key" "${SESSION[@]}" --ca-bundle "$CA")
python=$("$PY" scripts/lib/median_time.py "$RUNS" -- "$PY" scripts/lib/python_session_fetch.py --certificate "$WORK/rsa2048.pem" \
    --private-key "$WORK/rsa2048.key" "${SESSION[@]}" --ca-bundle "$CA")
ratio=$("$PY" -c "print(f'{$python / $ours:.1f}')")
echo "| cold credential-process, RSA-2048 file key | $ours ms | median of $RUNS, new process each, --no-cache (a CreateSession each) |"
echo "| Python iam-rolesanywhere-session, same fetch | $python ms | median of $RUNS, new process each |"
echo "| speed-up, cold credential-process vs Python | ${ratio}x | target: at least 15x |"

out=$("$BENCH" emulator-load --endpoint "$EP" --ca-bundle "$CA" --certificate "$WORK/p256.pem" --private-key "$WORK/p256.key" \
    --trust-anchor-arn "$TA" --profile-arn "$PR" --role-arn "$RO" --requests 4000 --concurrency 32)
echo "| emulator, verified CreateSession (P-256 client) | $(json "$out" requestsPerSecond) requests/s | $(json "$out" requests) requests, 32 in flight, $(json "$out" failures) failures |"

# PKCS#11: the layer against a bare C_Sign loop (same module, token and key), and two threads.
export BENCH_PIN=1234   # the SoftHSM test token's fixed PIN (scripts/softhsm-setup.sh)
for spec in "rsa2048 rsa" "ecp256 ec"; do
    set -- $spec
    out=$("$BENCH" token-sign --module /usr/lib/softhsm/libsofthsm2.so --token ra-test --pin-env BENCH_PIN --label "$1" --key-type "$2" --round-seconds 0.5)
    echo "| SoftHSM $1, bare C_Sign loop | $(json "$out" bareSignaturesPerSecond) signatures/s | median of 15 alternating 0.5 s rounds, same session and key |"
    echo "| SoftHSM $1, through the PKCS11 layer | $(json "$out" layerSignaturesPerSecond) signatures/s | overhead $(json "$out" overheadPercent)% (target: within 5%) |"
    echo "| SoftHSM $1, PKCS11 layer, two threads on two sessions | $(json "$out" twoThreadsSignaturesPerSecond) signatures/s | |"
done
PIN_FILE="$WORK/pin"; printf '%s' "$BENCH_PIN" > "$PIN_FILE"; chmod 600 "$PIN_FILE"
token=$("$PY" scripts/lib/median_time.py "$RUNS" -- "$BIN" credential-process --no-cache --pkcs11-lib /usr/lib/softhsm/libsofthsm2.so \
    --certificate "pkcs11:token=ra-test;object=ecp256;type=cert" \
    --private-key "pkcs11:token=ra-test;object=ecp256;type=private?pin-source=file:$PIN_FILE" "${SESSION[@]}" --ca-bundle "$CA")
echo "| cold credential-process, SoftHSM EC P-256 key | $token ms | median of $RUNS; one C_Login and one C_Sign per run |"

# The cache: a warm credential-process answers from its file.
CACHE_DIR="$WORK/cache"
"$BIN" credential-process --cache-dir "$CACHE_DIR" --certificate "$WORK/p256.pem" --private-key "$WORK/p256.key" "${SESSION[@]}" --ca-bundle "$CA" >/dev/null
cached=$("$PY" scripts/lib/median_time.py "$RUNS" -- "$BIN" credential-process --cache-dir "$CACHE_DIR" --certificate "$WORK/p256.pem" \
    --private-key "$WORK/p256.key" "${SESSION[@]}" --ca-bundle "$CA")
echo "| cached credential-process | $cached ms | median of $RUNS, warm cache, no CreateSession |"

# serve: IMDS credential route under load (wrk on loopback, bounded to 5 s).
mkfifo "$WORK/serve-ready"
"$BIN" serve --port 0 --certificate "$WORK/p256.pem" --private-key "$WORK/p256.key" "${SESSION[@]}" --ca-bundle "$CA" \
    > "$WORK/serve-ready" 2>"$WORK/serve.log" &
SERVE_PID=$!
read -r -t 20 EXPORT_LINE < "$WORK/serve-ready"
SERVE_URL="${EXPORT_LINE#*=}"
TOKEN=$(curl -s -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 600" "${SERVE_URL}latest/api/token")
ROLE=$(curl -s -H "X-aws-ec2-metadata-token: $TOKEN" "${SERVE_URL}latest/meta-data/iam/security-credentials/")
wrk -t 1 -c 32 -d 5s --latency -H "X-aws-ec2-metadata-token: $TOKEN" \
    "${SERVE_URL}latest/meta-data/iam/security-credentials/$ROLE" > "$WORK/wrk.txt"
rps=$(awk '/Requests\/sec/ {print int($2)}' "$WORK/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")
echo "| serve, IMDS credential document | $rps requests/s | p99 $p99; wrk 1 thread, 32 connections, 5 s (target: 20k requests/s) |"
