#!/usr/bin/env bash
# The main job, end to end on this machine with no AWS account:
# build roles-anywhere, make a CA and a client certificate, start the local IAM Roles Anywhere
# service, get credentials with `credential-process`, and prove them with the AWS CLI
# (`aws sts get-caller-identity` through a credential_process profile).
# Writes only under .build-demo/; leaves nothing running.
set -euo pipefail
source "$(dirname "$0")/lib/dependencies.sh"
cd "$ROLES_ANYWHERE_ROOT"

ensure_build_dependencies
ensure_python_tools

log "building roles-anywhere (release)..."
swift build -c release --product roles-anywhere >/dev/null 2>.build-demo.log || { cat .build-demo.log >&2; exit 1; }
rm -f .build-demo.log
BIN="$(swift build -c release --show-bin-path)/roles-anywhere"

WORK="$ROLES_ANYWHERE_ROOT/.build-demo/$(date +%Y%m%d-%H%M%S)-$$"
mkdir -p "$WORK"
chmod 700 "$WORK"
EMULATOR_PID=""
cleanup() {
    if [ -n "$EMULATOR_PID" ] && kill -0 "$EMULATOR_PID" 2>/dev/null; then
        kill "$EMULATOR_PID" 2>/dev/null || true
        wait "$EMULATOR_PID" 2>/dev/null || true
    fi
}
trap cleanup EXIT

# 1. A private CA and a client certificate (v3, digitalSignature).
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/ca.key" -out "$WORK/ca.pem" \
    -subj "/CN=roles-anywhere demo CA" -days 30 \
    -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/client.key" -out "$WORK/client.csr" \
    -subj "/CN=demo-workload" 2>/dev/null
printf 'basicConstraints=CA:false\nkeyUsage=critical,digitalSignature\n' > "$WORK/client.ext"
openssl x509 -req -in "$WORK/client.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial \
    -out "$WORK/client.pem" -days 7 -extfile "$WORK/client.ext" 2>/dev/null
chmod 600 "$WORK"/*.key
echo "1. made a CA and a client certificate (CN=demo-workload, key in a file) in $WORK"

# 2. The local IAM Roles Anywhere service, trusting that CA.
mkfifo "$WORK/ready"
"$BIN" emulator --trust-anchor-ca "$WORK/ca.pem" --port 0 --state-dir "$WORK/emulator" \
    --audit-log "$WORK/audit.log" > "$WORK/ready" 2> "$WORK/emulator.log" &
EMULATOR_PID=$!
read -r -t 20 READY < "$WORK/ready" || { echo "the emulator did not start:" >&2; cat "$WORK/emulator.log" >&2; exit 1; }
field() { "$ROLES_ANYWHERE_PYTHON" -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$READY" "$1"; }
ENDPOINT=$(field endpoint); CA_BUNDLE=$(field caBundle)
TRUST_ANCHOR=$(field trustAnchorArn); PROFILE=$(field profileArn); ROLE=$(field roleArn)
echo "2. started the local IAM Roles Anywhere service at $ENDPOINT"

# 3. credential-process, exactly as AWS tooling runs it.
CRED_ARGS=(credential-process --certificate "$WORK/client.pem" --private-key "$WORK/client.key"
    --trust-anchor-arn "$TRUST_ANCHOR" --profile-arn "$PROFILE" --role-arn "$ROLE"
    --endpoint "$ENDPOINT" --ca-bundle "$CA_BUNDLE")
JSON=$("$BIN" "${CRED_ARGS[@]}")
KEY_ID=$("$ROLES_ANYWHERE_PYTHON" -c "import json,sys; d=json.loads(sys.argv[1]); print(d['AccessKeyId'], d['Expiration'])" "$JSON")
echo "3. credential-process returned access key ${KEY_ID% *} (expires ${KEY_ID#* })"

# 4. The AWS CLI, through a credential_process profile in a private config file.
CONFIG="$WORK/aws-config"
{
    echo "[profile roles-anywhere-demo]"
    echo "region = us-east-1"
    printf 'credential_process = %q' "$BIN"
    for arg in "${CRED_ARGS[@]}"; do printf ' %q' "$arg"; done
    echo
} > "$CONFIG"
IDENTITY=$(AWS_CONFIG_FILE="$CONFIG" AWS_SHARED_CREDENTIALS_FILE="$WORK/no-credentials" AWS_CA_BUNDLE="$CA_BUNDLE" \
    "$ROLES_ANYWHERE_AWS_CLI" sts get-caller-identity --profile roles-anywhere-demo --endpoint-url "$ENDPOINT" \
    --query Arn --output text)
echo "4. aws sts get-caller-identity (credential_process profile) says: $IDENTITY"

cleanup
EMULATOR_PID=""
echo "5. stopped the service; its audit log has $(wc -l < "$WORK/audit.log") line(s): $WORK/audit.log"
