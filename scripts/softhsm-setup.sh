#!/usr/bin/env bash
# softhsm-setup.sh DIR: create a private SoftHSM v2 token store for tests and demos.
#
# Usage:  scripts/softhsm-setup.sh DIR
#         export SOFTHSM2_CONF=DIR/softhsm2.conf   # the script exports nothing itself
#
# TEST VALUES, NOT SECRETS: every token below has user PIN 1234 and SO PIN 5678.
#
# What it makes (re-running on the same DIR deletes and recreates all of it):
#   DIR/softhsm2.conf        from hsm-config/softhsm2.conf.template (tokendir = DIR/tokens)
#   DIR/tokens/              the SoftHSM token files
#   DIR/ca/ca.pem, ca.key    a test CA (EC P-256, X.509 v3, CA:TRUE)
#   DIR/certs/<label>.pem    leaf certificates (X.509 v3, keyUsage digitalSignature)
#   DIR/setup.log            output of the tools (read it when the script fails)
#
# Token "ra-test" (keys generated inside the token: sensitive, never extractable):
#   id 01 rsa2048     RSA 2048        + certificate (same CKA_ID and label)
#   id 02 rsa3072     RSA 3072        + certificate
#   id 03 ecp256      EC P-256        + certificate
#   id 04 ecp384      EC P-384        + certificate
#   id 05 rsa-always  RSA 2048, CKA_ALWAYS_AUTHENTICATE + certificate
#   id 06 ec-always   EC P-256, CKA_ALWAYS_AUTHENTICATE + certificate
#   id 07 no-cert     EC P-256, no certificate
# Token "ra-second":
#   id 03 ecp256      EC P-256 (another key, same label and id as on ra-test)
#                     + certificate DIR/certs/ra-second-ecp256.pem
# Token "ra-imported" (keys imported from files, as many HSMs receive them: a private key
# object only, no public key object, no CKA_EC_POINT; certificates as files, not on the token):
#   id 21 imported-ec     EC P-256, certificate DIR/certs/imported-ec.pem
#   id 22 imported-other  EC P-256, no certificate (belongs to nothing)
#
# Missing tools are installed with apt-get (softhsm2 opensc p11-kit libp11-kit-dev
# gnutls-bin openssl). Quiet on success: one summary line.
set -euo pipefail

if [ "$#" -ne 1 ] || [ -z "$1" ]; then
    echo "usage: $0 DIR" >&2
    exit 2
fi

readonly USER_PIN=1234
readonly SO_PIN=5678
readonly SOFTHSM_MODULE=/usr/lib/softhsm/libsofthsm2.so
readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly CONFIG_DIR="$SCRIPT_DIR/../hsm-config"

install_missing() {
    local packages=()
    command -v softhsm2-util >/dev/null 2>&1 && [ -e "$SOFTHSM_MODULE" ] || packages+=(softhsm2)
    command -v pkcs11-tool >/dev/null 2>&1 || packages+=(opensc)
    command -v p11tool >/dev/null 2>&1 || packages+=(gnutls-bin)
    command -v p11-kit >/dev/null 2>&1 || packages+=(p11-kit)
    compgen -G "/usr/lib/*/p11-kit-proxy.so" >/dev/null || packages+=(p11-kit-modules)
    pkg-config --exists p11-kit-1 2>/dev/null || packages+=(libp11-kit-dev pkg-config)
    command -v openssl >/dev/null 2>&1 || packages+=(openssl)
    [ "${#packages[@]}" -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "softhsm-setup: installing ${packages[*]}" >&2
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${packages[@]}" >/dev/null
}

register_with_p11kit() {
    local target=/usr/share/p11-kit/modules/softhsm2.module
    if [ ! -e "$target" ] && [ -w "$(dirname "$target")" ]; then
        cp "$CONFIG_DIR/softhsm2.module" "$target"
    fi
}

install_missing
register_with_p11kit

mkdir -p "$1"
readonly DIR="$(cd "$1" && pwd)"
readonly LOG="$DIR/setup.log"
readonly WORK="$DIR/work"
rm -rf "$DIR/tokens" "$DIR/ca" "$DIR/certs" "$WORK" "$DIR/softhsm2.conf"
mkdir -p "$DIR/tokens" "$DIR/ca" "$DIR/certs" "$WORK"
: >"$LOG"
trap 'echo "softhsm-setup: failed (line $LINENO); last lines of $LOG:" >&2; tail -n 15 "$LOG" >&2' ERR

sed "s|@TOKENDIR@|$DIR/tokens|" "$CONFIG_DIR/softhsm2.conf.template" >"$DIR/softhsm2.conf"
export SOFTHSM2_CONF="$DIR/softhsm2.conf"   # only for the tools this script runs

run() { "$@" >>"$LOG" 2>&1; }
p11() { run pkcs11-tool --module "$SOFTHSM_MODULE" "$@"; }

make_ca() {
    run openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
        -keyout "$DIR/ca/ca.key" -out "$DIR/ca/ca.pem" -days 3650 -sha256 \
        -subj "/O=roles-anywhere test/CN=roles-anywhere test CA" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign"
    cat >"$WORK/leaf.ext" <<'EOF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
EOF
}

init_token() { run softhsm2-util --init-token --free --label "$1" --pin "$USER_PIN" --so-pin "$SO_PIN"; }

# make_key TOKEN ID LABEL KEY-TYPE [CERT-FILE-NAME] [--always-auth]
make_key() {
    local token=$1 id=$2 label=$3 keytype=$4 certname=${5:-} extra=("${@:6}")
    p11 --token-label "$token" --login --pin "$USER_PIN" --keypairgen --key-type "$keytype" \
        --id "$id" --label "$label" --usage-sign "${extra[@]}"
    [ -n "$certname" ] || return 0
    GNUTLS_PIN="$USER_PIN" run p11tool --provider "$SOFTHSM_MODULE" --login \
        --outfile "$WORK/$certname.pub.pem" --export-pubkey "pkcs11:token=$token;id=%$id;type=public"
    SERIAL=$((SERIAL + 1))
    run openssl x509 -new -force_pubkey "$WORK/$certname.pub.pem" -sha256 \
        -subj "/O=roles-anywhere test/CN=$certname" -CA "$DIR/ca/ca.pem" -CAkey "$DIR/ca/ca.key" \
        -days 3650 -set_serial "$SERIAL" -extfile "$WORK/leaf.ext" -out "$DIR/certs/$certname.pem"
    run openssl x509 -in "$DIR/certs/$certname.pem" -outform DER -out "$WORK/$certname.der"
    p11 --token-label "$token" --login --pin "$USER_PIN" --write-object "$WORK/$certname.der" \
        --type cert --id "$id" --label "$label"
}

SERIAL=4096
make_ca
init_token ra-test
init_token ra-second
make_key ra-test 01 rsa2048 rsa:2048 rsa2048
make_key ra-test 02 rsa3072 rsa:3072 rsa3072
make_key ra-test 03 ecp256 EC:prime256v1 ecp256
make_key ra-test 04 ecp384 EC:secp384r1 ecp384
make_key ra-test 05 rsa-always rsa:2048 rsa-always --always-auth
make_key ra-test 06 ec-always EC:prime256v1 ec-always --always-auth
make_key ra-test 07 no-cert EC:prime256v1
make_key ra-second 03 ecp256 EC:prime256v1 ra-second-ecp256
# import_key TOKEN ID LABEL [CERT-FILE-NAME]: an EC P-256 key made by openssl, imported private half only.
import_key() {
    local token=$1 id=$2 label=$3 certname=${4:-}
    run openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$WORK/$label.key"
    run openssl pkcs8 -topk8 -nocrypt -in "$WORK/$label.key" -outform DER -out "$WORK/$label.key.der"
    p11 --token-label "$token" --login --pin "$USER_PIN" --write-object "$WORK/$label.key.der" \
        --type privkey --id "$id" --label "$label" --usage-sign
    [ -n "$certname" ] || return 0
    SERIAL=$((SERIAL + 1))
    run openssl req -new -key "$WORK/$label.key" -subj "/O=roles-anywhere test/CN=$certname" -out "$WORK/$label.csr"
    run openssl x509 -req -in "$WORK/$label.csr" -sha256 -CA "$DIR/ca/ca.pem" -CAkey "$DIR/ca/ca.key" \
        -days 3650 -set_serial "$SERIAL" -extfile "$WORK/leaf.ext" -out "$DIR/certs/$certname.pem"
}
init_token ra-imported
import_key ra-imported 21 imported-ec imported-ec
import_key ra-imported 22 imported-other
rm -rf "$WORK"

echo "softhsm-setup: tokens ra-test (7 keys, 6 certificates), ra-second (1 key) and ra-imported (2 imported keys) in $DIR; use SOFTHSM2_CONF=$DIR/softhsm2.conf"
