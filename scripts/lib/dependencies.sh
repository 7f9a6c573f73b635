# Installs what roles-anywhere's scripts need, only when missing. Sourced by test.sh, demo.sh, bench.sh.
# Debian packages: build libraries (OpenSSL, p11-kit), SoftHSM and OpenSC for tokens, openssl for fixtures.
# Python packages go into a private virtual environment (.build-venv/), never into the system.

ROLES_ANYWHERE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$ROLES_ANYWHERE_ROOT/.build-venv"

log() { printf '%s\n' "$*" >&2; }

apt_updated=0
ensure_apt() {
    local missing=()
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    log "installing Debian packages: ${missing[*]}"
    if [ $apt_updated -eq 0 ]; then $sudo apt-get update -qq >/dev/null; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

ensure_build_dependencies() {
    ensure_apt libssl-dev libp11-kit-dev libyaml-dev libsqlite3-dev p11-kit openssl pkg-config
    command -v swift >/dev/null || { log "swift is not on PATH: install Swift 6 (https://swift.org/install) first"; exit 1; }
}

ensure_token_dependencies() {
    ensure_apt softhsm2 opensc gnutls-bin pinentry-tty
}

# A software TPM 2.0 and tpm2-pkcs11 (scripts/tpm-setup.sh). Installing tpm2-pkcs11 registers
# it with p11-kit for every program on the machine; with no TPM it fails to start and p11-kit's
# proxy skips it (roles-anywhere keeps its messages off our standard error).
ensure_tpm_dependencies() {
    ensure_apt swtpm swtpm-tools libtpm2-pkcs11-1 libtpm2-pkcs11-tools tpm2-tools libtss2-tcti-swtpm0 opensc
}

# Python tools: the official-style Python client and AWS clients, in .build-venv.
ensure_python_tools() {
    if [ ! -x "$VENV/bin/python" ]; then
        python3 -m venv "$VENV" 2>/dev/null || { ensure_apt python3-venv; python3 -m venv "$VENV"; }
    fi
    if ! "$VENV/bin/python" -c "import iam_rolesanywhere_session, boto3, awscli, prometheus_client" 2>/dev/null; then
        log "installing Python packages into $VENV: iam-rolesanywhere-session boto3 awscli prometheus-client"
        "$VENV/bin/pip" install -q --disable-pip-version-check iam-rolesanywhere-session boto3 awscli prometheus-client >/dev/null
    fi
    export ROLES_ANYWHERE_PYTHON="$VENV/bin/python"
    export ROLES_ANYWHERE_AWS_CLI="$VENV/bin/aws"
}
