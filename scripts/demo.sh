#!/usr/bin/env bash
# The main job, end to end on this machine with no AWS account, as a user does it against AWS:
# build roles-anywhere, make a SoftHSM token, a CA and a key born in the token (with this tool
# only), start the local AWS empty, configure it with the AWS CLI (trust anchor, IAM role with
# its trust policy, profile), get credentials with `credential-process` (the private key never
# leaves the token), prove them with `aws sts get-caller-identity`, audit with
# `aws cloudtrail lookup-events`, revoke by disabling the trust anchor, and enable it again.
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

# 3. The local AWS, started empty: it is configured below with the AWS CLI, as AWS would be.
mkfifo "$WORK/ready"
"$EMULATOR" --state-dir "$WORK/emulator" --port 0 --audit-log "$WORK/audit.log" > "$WORK/ready" 2> "$WORK/emulator.log" &
EMULATOR_PID=$!
read -r -t 20 READY < "$WORK/ready" || { echo "the emulator did not start:" >&2; cat "$WORK/emulator.log" >&2; exit 1; }
field() { "$ROLES_ANYWHERE_PYTHON" -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$READY" "$1"; }
ENDPOINT=$(field endpoint); CA_BUNDLE=$(field caBundle); REGION=$(field region); ACCOUNT=$(field accountId)
ADMIN_CREDENTIALS=$(field adminCredentialsFile)
echo "3. started the local AWS (empty) at $ENDPOINT, account $ACCOUNT, region $REGION"

# The administrator's keys come from the emulator's 0600 credentials file, never from argv.
admin_aws() {
    AWS_SHARED_CREDENTIALS_FILE="$ADMIN_CREDENTIALS" AWS_CONFIG_FILE="$WORK/no-config" AWS_CA_BUNDLE="$CA_BUNDLE" \
        "$ROLES_ANYWHERE_AWS_CLI" --endpoint-url "$ENDPOINT" --region "$REGION" "$@"
}

# 4. Configure it with the AWS CLI: trust anchor, IAM role with its trust policy, profile.
"$ROLES_ANYWHERE_PYTHON" -c "import json,sys; print(json.dumps({'sourceType': 'CERTIFICATE_BUNDLE', 'sourceData': {'x509CertificateData': open(sys.argv[1]).read()}}))" \
    "$WORK/ca/trust-anchor.pem" > "$WORK/source.json"
TRUST_ANCHOR=$(admin_aws rolesanywhere create-trust-anchor --name demo-anchor --enabled --source "file://$WORK/source.json" \
    --query trustAnchor.trustAnchorArn --output text)
printf '%s\n' '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",' \
    '  "Principal": {"Service": "rolesanywhere.amazonaws.com"},' \
    '  "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],' \
    '  "Condition": {"StringEquals": {"aws:PrincipalTag/x509Subject/CN": "demo-workload"},' \
    "                \"ArnEquals\": {\"aws:SourceArn\": \"$TRUST_ANCHOR\"}}}]}" > "$WORK/trust-policy.json"
ROLE=$(admin_aws iam create-role --role-name demo-workload --assume-role-policy-document "file://$WORK/trust-policy.json" \
    --query Role.Arn --output text)
admin_aws iam attach-role-policy --role-name demo-workload --policy-arn arn:aws:iam::aws:policy/ReadOnlyAccess
PROFILE=$(admin_aws rolesanywhere create-profile --name demo-profile --role-arns "$ROLE" --enabled --duration-seconds 3600 \
    --query profile.profileArn --output text)
echo "4. configured it with the AWS CLI:"
echo "     aws rolesanywhere create-trust-anchor -> $TRUST_ANCHOR"
echo "     aws iam create-role (trust policy: CN=demo-workload, this trust anchor) -> $ROLE"
echo "     aws rolesanywhere create-profile -> $PROFILE"

# 5. doctor, then credential-process exactly as AWS tooling runs it (key in the token, PIN from a file).
CRED_ARGS=(--pkcs11-lib /usr/lib/softhsm/libsofthsm2.so --certificate "$CERT_URI"
    --private-key "${KEY_URI}?pin-source=file:$PIN_FILE"
    --trust-anchor-arn "$TRUST_ANCHOR" --profile-arn "$PROFILE" --role-arn "$ROLE"
    --endpoint "$ENDPOINT" --ca-bundle "$CA_BUNDLE")
echo "5. roles-anywhere doctor:"
"$BIN" doctor "${CRED_ARGS[@]}" --trust-anchor-ca "$WORK/ca/trust-anchor.pem" | sed 's/^/     /'
JSON=$("$BIN" credential-process --cache-dir "$WORK/cache" "${CRED_ARGS[@]}")
KEY_ID=$("$ROLES_ANYWHERE_PYTHON" -c "import json,sys; d=json.loads(sys.argv[1]); print(d['AccessKeyId'], d['Expiration'])" "$JSON")
echo "6. credential-process returned access key ${KEY_ID% *} (expires ${KEY_ID#* })"

# 7. The AWS CLI, through a credential_process profile in a private config file.
CONFIG="$WORK/aws-config"
{
    echo "[profile roles-anywhere-demo]"
    echo "region = $REGION"
    printf 'credential_process = %q credential-process --cache-dir %q' "$BIN" "$WORK/cache"
    for arg in "${CRED_ARGS[@]}"; do printf ' %q' "$arg"; done
    echo
} > "$CONFIG"
IDENTITY=$(AWS_CONFIG_FILE="$CONFIG" AWS_SHARED_CREDENTIALS_FILE="$WORK/no-credentials" AWS_CA_BUNDLE="$CA_BUNDLE" \
    "$ROLES_ANYWHERE_AWS_CLI" sts get-caller-identity --profile roles-anywhere-demo --endpoint-url "$ENDPOINT" \
    --query Arn --output text)
echo "7. aws sts get-caller-identity (credential_process profile) says: $IDENTITY"

# 8. Audit: every CreateSession is a CloudTrail event.
echo "8. aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=CreateSession:"
admin_aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=CreateSession --output json \
    | "$ROLES_ANYWHERE_PYTHON" -c '
import json, sys
for event in json.load(sys.stdin)["Events"]:
    record = json.loads(event["CloudTrailEvent"])
    facts = record.get("additionalEventData", {})
    print("     %s %s by %s (serial %s): %s" % (record["eventTime"], event["EventName"], facts.get("x509CertificateSubject"),
          facts.get("x509CertificateSerialNumber"), record.get("errorCode", "issued")))'

# 9. Revoke: disable the trust anchor, and the next fetch is refused at once.
admin_aws rolesanywhere disable-trust-anchor --trust-anchor-id "${TRUST_ANCHOR##*/}" > /dev/null
if REFUSED=$("$BIN" credential-process --no-cache "${CRED_ARGS[@]}" 2>&1); then
    echo "the fetch after disable-trust-anchor should have been refused" >&2; exit 1
fi
echo "9. aws rolesanywhere disable-trust-anchor; the next credential-process is refused:"
echo "     $REFUSED"

# 10. Enable it again: credentials flow again.
admin_aws rolesanywhere enable-trust-anchor --trust-anchor-id "${TRUST_ANCHOR##*/}" > /dev/null
JSON=$("$BIN" credential-process --no-cache "${CRED_ARGS[@]}")
KEY_ID=$("$ROLES_ANYWHERE_PYTHON" -c "import json,sys; print(json.loads(sys.argv[1])['AccessKeyId'])" "$JSON")
echo "10. aws rolesanywhere enable-trust-anchor; credential-process works again: access key $KEY_ID"

EVENTS=$(admin_aws cloudtrail lookup-events --lookup-attributes AttributeKey=EventName,AttributeValue=CreateSession \
    --query 'length(Events)' --output text)
cleanup
EMULATOR_PID=""
echo "11. stopped the local AWS: CloudTrail holds $EVENTS CreateSession events; the state stays in $WORK/emulator (--state-dir continues it)"
