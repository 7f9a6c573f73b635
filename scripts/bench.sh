#!/usr/bin/env bash
# Benchmarks of roles-anywhere, measured in one run on this machine (medians), printed as a
# Markdown table with each figure beside its target. Everything runs on loopback against the
# local emulator. Usage: scripts/bench.sh [runs]   (runs: samples per median, default 30)
set -euo pipefail
source "$(dirname "$0")/lib/dependencies.sh"
cd "$ROLES_ANYWHERE_ROOT"
RUNS="${1:-30}"

ensure_build_dependencies
ensure_token_dependencies
ensure_python_tools
ensure_apt wrk curl binutils time

WORK="$ROLES_ANYWHERE_ROOT/.build-bench/$(date +%Y%m%d-%H%M%S)-$$"
mkdir -p "$WORK"
WORK_TOKENS="$WORK/tokens"

log "building (release, static Swift runtime)..."
for product in roles-anywhere roles-anywhere-emulator roles-anywhere-bench; do
    swift build -c release --static-swift-stdlib --product "$product" > "$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log" >&2; exit 1; }
done
BIN_DIR="$(swift build -c release --static-swift-stdlib --show-bin-path)"
BIN="$BIN_DIR/roles-anywhere"
EMULATOR="$BIN_DIR/roles-anywhere-emulator"
BENCH="$BIN_DIR/roles-anywhere-bench"
PY="$ROLES_ANYWHERE_PYTHON"
# The floor of this machine: a static Swift program that reads a file and prints it.
swiftc -O -static-stdlib scripts/lib/floor.swift -o "$WORK/floor" 2>/dev/null
scripts/softhsm-setup.sh "$WORK_TOKENS" >/dev/null

EMULATOR_PID=""
SERVE_PID=""
cleanup() {
    for pid in $SERVE_PID $EMULATOR_PID; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
    [ -f "$WORK/tpm/swtpm.pid" ] && scripts/tpm-setup.sh --stop "$WORK/tpm"
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
"$EMULATOR" --trust-anchor-ca "$WORK/anchors.pem" --state-dir "$WORK/emulator" > "$WORK/ready" 2>"$WORK/emulator.log" &
EMULATOR_PID=$!
read -r -t 20 READY < "$WORK/ready"
json() { "$PY" -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }
EP=$(json "$READY" endpoint); CA=$(json "$READY" caBundle); TA=$(json "$READY" trustAnchorArn)
PR=$(json "$READY" profileArn); RO=$(json "$READY" roleArn)
SESSION=(--trust-anchor-arn "$TA" --profile-arn "$PR" --role-arn "$RO" --endpoint "$EP" --ca-bundle "$CA")
stats() { "$PY" scripts/lib/run_stats.py "$RUNS" -- "$@"; }
row() { echo "| $1 | $2 | $3 | $4 |"; }
mib() { "$PY" -c "print(f'{$1 / 1024:.1f}')"; }

echo "| benchmark | result | target | notes |"
echo "| --- | --- | --- | --- |"
floor=$(stats "$WORK/floor" "$WORK/p256.pem")
row "floor: static Swift program that reads a file and prints it" "$(json "$floor" ms) ms, $(mib "$(json "$floor" rssKiB)") MiB" "" "built in this run; median of $RUNS, same harness as below"
version=$(stats "$BIN" version)
row "\`roles-anywhere version\`" "$(json "$version" ms) ms" "<= 4 ms" "median of $RUNS"

CACHE_DIR="$WORK/cache"
"$BIN" credential-process --cache-dir "$CACHE_DIR" --certificate "$WORK/p256.pem" --private-key "$WORK/p256.key" "${SESSION[@]}" >/dev/null
cached=$(stats "$BIN" credential-process --cache-dir "$CACHE_DIR" --certificate "$WORK/p256.pem" --private-key "$WORK/p256.key" "${SESSION[@]}")
row "cached credential-process (P-256 file key)" "$(json "$cached" ms) ms" "<= 4 ms" "warm cache, no CreateSession"

for spec in "p256 P-256 8" "rsa2048 RSA-2048 11" "p384 P-384 -"; do
    set -- $spec
    cold=$(stats "$BIN" credential-process --no-cache --certificate "$WORK/$1.pem" --private-key "$WORK/$1.key" "${SESSION[@]}")
    target="<= $3 ms"; [ "$3" = "-" ] && target=""
    row "cold credential-process, $2 file key" "$(json "$cold" ms) ms, peak RSS $(mib "$(json "$cold" rssKiB)") MiB" "$target" "--no-cache: TLS handshake and a verified CreateSession each run"
    [ "$1" = p256 ] && COLD_P256="$cold"
done
row "peak RSS, credential-process" "$(mib "$(json "$COLD_P256" rssKiB)") MiB" "<= 14 MiB" "cold P-256 run (the largest of the credential-process paths without a token)"

PIN_FILE="$WORK/pin"; printf '%s' 1234 > "$PIN_FILE"; chmod 600 "$PIN_FILE"   # the SoftHSM test token's PIN
token=$(stats "$BIN" credential-process --no-cache --pkcs11-lib /usr/lib/softhsm/libsofthsm2.so \
    --certificate "pkcs11:token=ra-test;object=ecp256;type=cert" \
    --private-key "pkcs11:token=ra-test;object=ecp256;type=private?pin-source=file:$PIN_FILE" "${SESSION[@]}")
row "cold credential-process, SoftHSM P-256 key" "$(json "$token" ms) ms, peak RSS $(mib "$(json "$token" rssKiB)") MiB" "<= 16 ms" "one C_Login and one C_Sign per run"

# A P-256 key generated inside a software TPM (swtpm on loopback, tpm2-pkcs11), certified by the bench CA.
scripts/tpm-setup.sh "$WORK/tpm" >/dev/null
TPM_ENV=$(grep '^export TPM2' "$WORK/tpm/env" | sed 's/^export //')
tpm() { env $TPM_ENV TPM_PIN=1234 "$@"; }
TPM_LIB=/usr/lib/x86_64-linux-gnu/pkcs11/libtpm2_pkcs11.so
TPM_KEY=$(tpm "$BIN" token keygen --pkcs11-lib "$TPM_LIB" --token tpmtok --label bench --key-type ec-p256 --pin-env TPM_PIN)
tpm "$BIN" token csr --pkcs11-lib "$TPM_LIB" --key "$TPM_KEY" --subject "CN=bench-tpm" --out "$WORK/tpm.csr" --pin-env TPM_PIN
openssl x509 -req -in "$WORK/tpm.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial \
    -out "$WORK/tpm.pem" -days 1 -extfile "$WORK/leaf.ext" 2>/dev/null
tpmcold=$(tpm "$PY" scripts/lib/run_stats.py "$RUNS" -- "$BIN" credential-process --no-cache --pkcs11-lib "$TPM_LIB" \
    --certificate "$WORK/tpm.pem" --private-key "$TPM_KEY" --pin-env TPM_PIN "${SESSION[@]}")
row "cold credential-process, TPM P-256 key (swtpm)" "$(json "$tpmcold" ms) ms, peak RSS $(mib "$(json "$tpmcold" rssKiB)") MiB" "" "one C_Login (TPM unseal) and one C_Sign per run; a software TPM on loopback"
scripts/tpm-setup.sh --stop "$WORK/tpm"

python=$("$PY" scripts/lib/run_stats.py 5 -- "$PY" scripts/lib/python_session_fetch.py --certificate "$WORK/rsa2048.pem" \
    --private-key "$WORK/rsa2048.key" "${SESSION[@]}")
row "Python iam-rolesanywhere-session, RSA-2048 fetch" "$(json "$python" ms) ms" "" "median of 5; for scale"

# serve: the IMDS credential document under load (wrk on loopback, bounded to 5 s).
mkfifo "$WORK/serve-ready"
"$BIN" serve --port 0 --certificate "$WORK/p256.pem" --private-key "$WORK/p256.key" "${SESSION[@]}" \
    > "$WORK/serve-ready" 2>"$WORK/serve.log" &
SERVE_PID=$!
read -r -t 20 EXPORT_LINE < "$WORK/serve-ready"
SERVE_URL="${EXPORT_LINE#*=}"
TOKEN=$(curl -s -X PUT -H "X-aws-ec2-metadata-token-ttl-seconds: 600" "${SERVE_URL}latest/api/token")
ROLE=$(curl -s -H "X-aws-ec2-metadata-token: $TOKEN" "${SERVE_URL}latest/meta-data/iam/security-credentials/")
wrk -t 1 -c 32 -d 5s --latency -H "X-aws-ec2-metadata-token: $TOKEN" \
    "${SERVE_URL}latest/meta-data/iam/security-credentials/$ROLE" > "$WORK/wrk.txt"
rps=$(awk '/Requests\/sec/ {print int($2)}' "$WORK/wrk.txt")
p50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt")
p99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt")
total=$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")
serve_rss=$(awk '/VmRSS/ {print $2}' "/proc/$SERVE_PID/status")
row "serve, IMDS credential document" "$rps requests/s, p50 $p50, p99 $p99" ">= 75k requests/s, p99 <= 2 ms" "wrk 1 thread, 32 connections, 5 s"
row "serve RSS after the load" "$(mib "$serve_rss") MiB" "<= 18 MiB" "after $total requests"
kill "$SERVE_PID"; wait "$SERVE_PID" 2>/dev/null || true; SERVE_PID=""

out=$("$BENCH" emulator-load --endpoint "$EP" --ca-bundle "$CA" --certificate "$WORK/p256.pem" --private-key "$WORK/p256.key" \
    --trust-anchor-arn "$TA" --profile-arn "$PR" --role-arn "$RO" --requests 8000 --concurrency 32)
row "emulator, verified CreateSession (P-256 client)" "$(json "$out" requestsPerSecond) requests/s" ">= 3,000 requests/s" "$(json "$out" requests) requests, 32 in flight, $(json "$out" failures) failures; the load client shares the 2 cores"

strip -o "$WORK/roles-anywhere.stripped" "$BIN"
size=$(stat -c %s "$WORK/roles-anywhere.stripped")
row "stripped client binary (--static-swift-stdlib)" "$("$PY" -c "print(f'{$size / 1e6:.1f}')") MB" "<= 35 MB" "roles-anywhere only; the emulator is its own program"

for key in rsa2048 p256 p384; do
    out=$("$BENCH" sign --certificate "$WORK/$key.pem" --private-key "$WORK/$key.key" --seconds 1)
    row "file-key signing, $key" "$(json "$out" signaturesPerSecond) signatures/s" "" "FileKeyBackend, one thread"
done
export BENCH_PIN=1234
for spec in "rsa2048 rsa" "ecp256 ec"; do
    set -- $spec
    out=$("$BENCH" token-sign --module /usr/lib/softhsm/libsofthsm2.so --token ra-test --pin-env BENCH_PIN --label "$1" --key-type "$2" --round-seconds 0.5)
    row "SoftHSM $1 through the PKCS11 layer" "$(json "$out" layerSignaturesPerSecond) signatures/s" "within 5% of bare C_Sign" "bare: $(json "$out" bareSignaturesPerSecond)/s, overhead $(json "$out" overheadPercent)%"
done
