#!/usr/bin/env bash
# The main job, end to end on this machine with no AWS account:
# build roles-anywhere, make a SoftHSM token, a CA and a key born in the token (with this tool
# only), start the local IAM Roles Anywhere service, get credentials with `credential-process`
# (the private key never leaves the token), and prove them with the AWS CLI
# (`aws sts get-caller-identity` through a credential_process profile).
# Writes only under .build-demo/; leaves nothing running.
set -euo pipefail
source "$(dirname "$0")/lib/dependencies.sh"
cd "$ROLES_ANYWHERE_ROOT"

ensure_build_dependencies
ensure_token_dependencies
ensure_python_tools

log "building roles-anywhere and roles-anywhere-emulator (release)..."
for product in roles-anywhere roles-anywhere-emulator; do
    swift build -c release --static-swift-stdlib --product "$product" >/dev/null 2>.build-demo.log || { cat .build-demo.log >&2; exit 1; }
done
rm -f .build-demo.log
BIN="$(swift build -c release --static-swift-stdlib --show-bin-path)/roles-anywhere"
EMULATOR="$(swift build -c release --static-swift-stdlib --show-bin-path)/roles-anywhere-emulator"

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

# 1. A private SoftHSM token store and a token; its PIN is random and lives in a 0600 file.
mkdir -p "$WORK/tokens"
sed "s|@TOKENDIR@|$WORK/tokens|" hsm-config/softhsm2.conf.template > "$WORK/softhsm2.conf"
export SOFTHSM2_CONF="$WORK/softhsm2.conf"
PIN_FILE="$WORK/token-pin"
( umask 077; head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$PIN_FILE" )
softhsm2-util --init-token --free --label roles-anywhere-demo --pin "$(cat "$PIN_FILE")" \
    --so-pin "$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')" >/dev/null
TOKEN_FLAGS=(--pkcs11-lib /usr/lib/softhsm/libsofthsm2.so --pin-command "cat '$PIN_FILE'")
echo "1. made a SoftHSM token 'roles-anywhere-demo' in $WORK/tokens"

# 2. A CA, a key generated inside the token, a CSR signed by it, a certificate, stored on the token.
"$BIN" cert ca create --out-dir "$WORK/ca" --subject "CN=roles-anywhere demo CA" --days 30
KEY_URI=$("$BIN" token keygen --token roles-anywhere-demo --label workload --id 01 --key-type ec-p256 "${TOKEN_FLAGS[@]}")
"$BIN" token csr --key "$KEY_URI" --subject "CN=demo-workload,O=roles-anywhere demo" --out "$WORK/workload.csr" "${TOKEN_FLAGS[@]}"
"$BIN" cert issue --ca-dir "$WORK/ca" --csr "$WORK/workload.csr" --out "$WORK/workload.pem" --days 7
CERT_URI=$("$BIN" token import-cert --token roles-anywhere-demo --cert "$WORK/workload.pem" --label workload "${TOKEN_FLAGS[@]}")
echo "2. generated an EC P-256 key inside the token and stored its certificate next to it:"
echo "     key:         $KEY_URI"
echo "     certificate: $CERT_URI"

# 3. The local IAM Roles Anywhere service, trusting that CA.
mkfifo "$WORK/ready"
"$EMULATOR" --trust-anchor-ca "$WORK/ca/trust-anchor.pem" --port 0 --state-dir "$WORK/emulator" \
    --audit-log "$WORK/audit.log" > "$WORK/ready" 2> "$WORK/emulator.log" &
EMULATOR_PID=$!
read -r -t 20 READY < "$WORK/ready" || { echo "the emulator did not start:" >&2; cat "$WORK/emulator.log" >&2; exit 1; }
field() { "$ROLES_ANYWHERE_PYTHON" -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$READY" "$1"; }
ENDPOINT=$(field endpoint); CA_BUNDLE=$(field caBundle)
TRUST_ANCHOR=$(field trustAnchorArn); PROFILE=$(field profileArn); ROLE=$(field roleArn)
echo "3. started the local IAM Roles Anywhere service at $ENDPOINT"

# 4. doctor, then credential-process exactly as AWS tooling runs it (key in the token, PIN from a file).
CRED_ARGS=(--pkcs11-lib /usr/lib/softhsm/libsofthsm2.so --certificate "$CERT_URI"
    --private-key "${KEY_URI}?pin-source=file:$PIN_FILE"
    --trust-anchor-arn "$TRUST_ANCHOR" --profile-arn "$PROFILE" --role-arn "$ROLE"
    --endpoint "$ENDPOINT" --ca-bundle "$CA_BUNDLE")
echo "4. roles-anywhere doctor:"
"$BIN" doctor "${CRED_ARGS[@]}" --trust-anchor-ca "$WORK/ca/trust-anchor.pem" | sed 's/^/     /'
JSON=$("$BIN" credential-process --cache-dir "$WORK/cache" "${CRED_ARGS[@]}")
KEY_ID=$("$ROLES_ANYWHERE_PYTHON" -c "import json,sys; d=json.loads(sys.argv[1]); print(d['AccessKeyId'], d['Expiration'])" "$JSON")
echo "5. credential-process returned access key ${KEY_ID% *} (expires ${KEY_ID#* })"

# 5. The AWS CLI, through a credential_process profile in a private config file.
CONFIG="$WORK/aws-config"
{
    echo "[profile roles-anywhere-demo]"
    echo "region = us-east-1"
    printf 'credential_process = %q credential-process --cache-dir %q' "$BIN" "$WORK/cache"
    for arg in "${CRED_ARGS[@]}"; do printf ' %q' "$arg"; done
    echo
} > "$CONFIG"
IDENTITY=$(AWS_CONFIG_FILE="$CONFIG" AWS_SHARED_CREDENTIALS_FILE="$WORK/no-credentials" AWS_CA_BUNDLE="$CA_BUNDLE" \
    "$ROLES_ANYWHERE_AWS_CLI" sts get-caller-identity --profile roles-anywhere-demo --endpoint-url "$ENDPOINT" \
    --query Arn --output text)
echo "6. aws sts get-caller-identity (credential_process profile) says: $IDENTITY"

cleanup
EMULATOR_PID=""
echo "7. stopped the service; its audit log has $(wc -l < "$WORK/audit.log") CreateSession line(s) (the AWS CLI was served from the cache): $WORK/audit.log"
