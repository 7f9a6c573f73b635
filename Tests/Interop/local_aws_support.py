"""Helpers for test_local_aws.py: a test PKI made with the openssl CLI, the emulator as a child
process, the AWS CLI and boto3 pointed at it, and the `roles-anywhere credential-process` client.

Nothing here prints a secret: credentials are handled as values, and failure messages carry only
access key ids, exit statuses and the programs' error lines.
"""
import atexit
import base64
import configparser
import ctypes
import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import boto3
from botocore.config import Config

REPO = Path(__file__).resolve().parents[2]
EMULATOR = os.environ.get("ROLES_ANYWHERE_EMULATOR") or str(REPO / ".build/debug/roles-anywhere-emulator")
CLIENT = os.environ.get("ROLES_ANYWHERE_BIN") or str(REPO / ".build/debug/roles-anywhere")
AWS_CLI = os.environ.get("ROLES_ANYWHERE_AWS_CLI") or str(REPO / ".build-venv/bin/aws")
OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"

READY_TIMEOUT = 60.0  # a debug build opening its database can be slow
STOP_TIMEOUT = 20.0

# Everything the tests write lives under ROOT, removed when the process exits.
ROOT = Path(tempfile.mkdtemp(prefix="local-aws-tests-"))
NO_FILE = str(ROOT / "no-such-aws-file")

# The tests' own boto3 sessions must see only what the tests give them.
for _name in list(os.environ):
    if _name.startswith("AWS_"):
        del os.environ[_name]
os.environ.update({
    "AWS_CONFIG_FILE": NO_FILE, "AWS_SHARED_CREDENTIALS_FILE": NO_FILE, "AWS_EC2_METADATA_DISABLED": "true",
    "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost",
})
for _name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
    os.environ.pop(_name, None)

STANDARD_ACTIONS = ("sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity")
READ_ONLY_ACCESS = "arn:aws:iam::aws:policy/ReadOnlyAccess"

_counter = 0
_counter_lock = threading.Lock()


def unique(prefix):
    """A name no other test of this run uses: letters, digits and `-` only (fits every name pattern here)."""
    global _counter
    with _counter_lock:
        _counter += 1
        return f"{prefix}-{_counter}-{secrets.token_hex(3)}"


def trust_policy(actions=STANDARD_ACTIONS, condition=None, extra=None):
    """A role trust policy letting Roles Anywhere assume the role (AWS's documented one by default)."""
    statement = {"Effect": "Allow", "Principal": {"Service": "rolesanywhere.amazonaws.com"}, "Action": list(actions)}
    if condition is not None:
        statement["Condition"] = condition
    if extra:
        statement.update(extra)
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def pem_der(pem_text):
    """The DER bytes of the first PEM block of a text."""
    lines = pem_text.strip().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("-----BEGIN"))
    end = next(i for i, line in enumerate(lines) if i > start and line.startswith("-----END"))
    return base64.b64decode("".join(lines[start + 1:end]))


def serial_forms(serial_hex):
    """Ways a service may spell a serial: hex (any case, with or without colons) and decimal."""
    h = serial_hex.lower()
    return {h, h.upper(), str(int(h, 16)), ":".join(h[i:i + 2] for i in range(0, len(h), 2))}


def normalize_serial(text):
    """A serial from an answer as lowercase hex digits without separators, or its decimal spelling as is."""
    return str(text).replace(":", "").lower()


# ---------------------------------------------------------------------------------------------
# Test PKI with the openssl CLI
# ---------------------------------------------------------------------------------------------

def openssl(*args, cwd=None):
    result = subprocess.run([OPENSSL, *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(args[:2])} failed: {result.stderr.strip()}")
    return result.stdout


def random_serial_hex():
    """16 hex digits, first digit 1-7: positive, 8 DER bytes without padding, even length."""
    return f"{secrets.choice('1234567')}{secrets.token_hex(8)[1:]}"


class Leaf:
    def __init__(self, cert, key, serial_hex, common_name, issuer):
        self.cert = str(cert)
        self.key = str(key)
        self.serial_hex = serial_hex
        self.common_name = common_name
        self.issuer = issuer

    @property
    def pem(self):
        return Path(self.cert).read_text()


class CA:
    """A certificate authority made with openssl: EC P-256 key, SHA-256, an `openssl ca` database for CRLs."""

    def __init__(self, directory, name, parent=None, basic_constraints="critical,CA:TRUE",
                 key_usage="critical,keyCertSign,cRLSign", key_type="ec"):
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.parent = parent
        self.key = self.dir / "ca.key"
        self.cert = self.dir / "ca.pem"
        self.serial_hex = random_serial_hex()
        (self.dir / "index.txt").write_text("")
        (self.dir / "crlnumber").write_text("1000\n")
        (self.dir / "serial").write_text("01\n")
        self.config = self.dir / "ca.cnf"
        self.config.write_text(
            "[ca]\ndefault_ca = ca_section\n"
            "[ca_section]\n"
            f"dir = {self.dir}\n"
            f"database = {self.dir}/index.txt\n"
            f"crlnumber = {self.dir}/crlnumber\n"
            f"serial = {self.dir}/serial\n"
            f"new_certs_dir = {self.dir}\n"
            f"certificate = {self.cert}\n"
            f"private_key = {self.key}\n"
            "default_md = sha256\ndefault_crl_days = 7\ndefault_days = 2\npolicy = any_policy\n"
            "unique_subject = no\n"
            "[any_policy]\ncommonName = supplied\n"
            "[crl_extensions]\nauthorityKeyIdentifier = keyid:always\n"
        )
        extensions = self.dir / "ca-ext.cnf"
        lines = ["[v3]", "subjectKeyIdentifier = hash"]
        if parent is not None:
            lines.append("authorityKeyIdentifier = keyid:always")
        if basic_constraints:
            lines.append(f"basicConstraints = {basic_constraints}")
        if key_usage:
            lines.append(f"keyUsage = {key_usage}")
        extensions.write_text("\n".join(lines) + "\n")
        if key_type == "rsa":
            openssl("genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", str(self.key))
        else:
            openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", str(self.key))
        subject = f"/O=Local AWS Tests/CN={name}"
        if parent is None:
            openssl("req", "-new", "-x509", "-key", str(self.key), "-subj", subject, "-days", "3",
                    "-sha256", "-set_serial", "0x" + self.serial_hex, "-config", str(extensions),
                    "-extensions", "v3", "-out", str(self.cert))
        else:
            csr = self.dir / "ca.csr"
            openssl("req", "-new", "-key", str(self.key), "-subj", subject, "-config", str(extensions), "-out", str(csr))
            openssl("x509", "-req", "-in", str(csr), "-CA", str(parent.cert), "-CAkey", str(parent.key),
                    "-set_serial", "0x" + self.serial_hex, "-days", "3", "-sha256",
                    "-extfile", str(extensions), "-extensions", "v3", "-out", str(self.cert))

    @property
    def pem(self):
        return self.cert.read_text()

    def intermediate(self, name, **options):
        return CA(self.dir / f"sub-{name.replace(' ', '-')}", name, parent=self, **options)

    def leaf(self, common_name, digest="sha256", key_usage="critical,digitalSignature",
             basic_constraints="critical,CA:FALSE", days=2):
        """A leaf certificate and its PKCS#8 key; options break one rule at a time."""
        folder = self.dir / f"leaf-{common_name}-{secrets.token_hex(3)}"
        folder.mkdir()
        key, csr, cert, ext = folder / "leaf.key", folder / "leaf.csr", folder / "leaf.pem", folder / "ext.cnf"
        lines = ["[v3]", "subjectKeyIdentifier = hash", "authorityKeyIdentifier = keyid:always"]
        if basic_constraints:
            lines.append(f"basicConstraints = {basic_constraints}")
        if key_usage:
            lines.append(f"keyUsage = {key_usage}")
        ext.write_text("\n".join(lines) + "\n")
        openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", str(key))
        openssl("req", "-new", "-key", str(key), "-subj", f"/O=Local AWS Tests/CN={common_name}", "-out", str(csr))
        serial = random_serial_hex()
        openssl("x509", "-req", "-in", str(csr), "-CA", str(self.cert), "-CAkey", str(self.key),
                "-set_serial", "0x" + serial, "-days", str(days), f"-{digest}",
                "-extfile", str(ext), "-extensions", "v3", "-out", str(cert))
        return Leaf(cert, key, serial, common_name, self)

    def crl(self, revoked=()):
        """A PEM CRL made with `openssl ca -gencrl`, revoking the given leaves (cumulative)."""
        for leaf in revoked:
            openssl("ca", "-config", str(self.config), "-revoke", leaf.cert, "-crl_reason", "keyCompromise")
        out = self.dir / f"crl-{secrets.token_hex(3)}.pem"
        openssl("ca", "-config", str(self.config), "-gencrl", "-crlexts", "crl_extensions", "-out", str(out))
        return out


def new_ca(name, key_type="ec"):
    return CA(ROOT / "pki" / unique(name.replace(" ", "-")), name, key_type=key_type)


# ---------------------------------------------------------------------------------------------
# The emulator as a child process
# ---------------------------------------------------------------------------------------------

_running = []
_running_lock = threading.Lock()


def _die_with_parent():
    # Linux: SIGTERM the emulator if this test process dies without running atexit (e.g. SIGKILL at a
    # harness time limit). Emulators are started from the main thread only, so the "parent thread" lives on.
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


class EmulatorError(AssertionError):
    pass


class Emulator:
    """`roles-anywhere-emulator --state-dir DIR --port 0`: started, its ready line read, stopped by PID."""

    def __init__(self, state_dir, extra_args=()):
        self.state_dir = Path(state_dir)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        self.extra_args = list(extra_args)
        self.process = None
        self.ready = None
        self.returncode = None
        self.log_dir = ROOT / "logs" / unique("emulator")
        self.log_dir.mkdir(parents=True)
        self.stdout_path = self.log_dir / "stdout"
        self.stderr_path = self.log_dir / "stderr"

    def command(self):
        return [EMULATOR, "--state-dir", str(self.state_dir), "--port", "0", *self.extra_args]

    def spawn(self):
        self.stdout_file = open(self.stdout_path, "wb")
        self.stderr_file = open(self.stderr_path, "wb")
        self.process = subprocess.Popen(self.command(), stdin=subprocess.DEVNULL, stdout=self.stdout_file,
                                        stderr=self.stderr_file, preexec_fn=_die_with_parent)
        with _running_lock:
            _running.append(self)
        return self.process

    def stderr_text(self):
        try:
            return self.stderr_path.read_text(errors="replace")
        except OSError:
            return ""

    def start(self, timeout=READY_TIMEOUT):
        """Starts the emulator and waits for its one JSON ready line; returns the parsed line."""
        self.spawn()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.stdout_path.read_bytes().decode("utf-8", "replace")
            if "\n" in text:
                line = text.split("\n", 1)[0].strip()
                try:
                    ready = json.loads(line)
                except ValueError:
                    self.stop()
                    raise EmulatorError(f"the emulator's first stdout line is not JSON: {line[:300]!r}")
                if not isinstance(ready, dict) or "endpoint" not in ready:
                    self.stop()
                    raise EmulatorError(f"the emulator's ready line has no endpoint: {line[:300]!r}")
                self.ready = ready
                return ready
            if self.process.poll() is not None:
                self.returncode = self.process.returncode
                raise EmulatorError(
                    f"the emulator exited with {self.returncode} before its ready line: {self.stderr_text()[-2000:]}")
            time.sleep(0.02)
        self.stop()
        raise EmulatorError(f"no ready line within {timeout} s: {self.stderr_text()[-2000:]}")

    def wait_exit(self, timeout):
        """Waits for the process to end by itself; returns its exit status, or None at the time limit."""
        try:
            self.returncode = self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None
        self._forget()
        return self.returncode

    def stop(self):
        """SIGTERM by PID, wait, SIGKILL if it lingers; returns the exit status."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            try:
                os.kill(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                self.process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.returncode = self.process.returncode
        self._forget()
        return self.returncode

    def _forget(self):
        for f in (getattr(self, "stdout_file", None), getattr(self, "stderr_file", None)):
            if f is not None and not f.closed:
                f.close()
        with _running_lock:
            if self in _running:
                _running.remove(self)


def _cleanup():
    with _running_lock:
        running = list(_running)
    for emulator in running:
        try:
            emulator.stop()
        except Exception:  # noqa: BLE001 - best effort at exit
            pass
    shutil.rmtree(ROOT, ignore_errors=True)


atexit.register(_cleanup)


def _terminate(signum, _frame):
    raise SystemExit(128 + signum)  # runs atexit: emulators stopped, ROOT removed


signal.signal(signal.SIGTERM, _terminate)


# ---------------------------------------------------------------------------------------------
# The local AWS seen through the AWS CLI, boto3 and the roles-anywhere client
# ---------------------------------------------------------------------------------------------

class CLIError(AssertionError):
    pass


class ClientResult:
    """One `credential-process` run. `creds` holds the secrets: never print it."""

    def __init__(self, returncode, stdout, stderr):
        self.returncode = returncode
        self.stderr = stderr.strip()
        self.stdout_empty = stdout.strip() == ""
        self.creds = None
        if returncode == 0:
            try:
                self.creds = json.loads(stdout)
            except ValueError:
                self.creds = None

    @property
    def access_key_id(self):
        return (self.creds or {}).get("AccessKeyId")

    def describe(self):
        return f"exit {self.returncode}, AccessKeyId {self.access_key_id}, stderr: {self.stderr[:500]!r}"


class LocalAWS:
    """A started emulator and the clients a user points at it."""

    def __init__(self, emulator):
        self.emulator = emulator
        ready = emulator.ready
        self.ready = ready
        self.endpoint = ready["endpoint"]
        self.ca_bundle = ready["caBundle"]
        self.account = ready.get("accountId", "123456789012")
        self.region = ready.get("region", "us-east-1")
        self.credentials_file = ready["adminCredentialsFile"]
        parser = configparser.ConfigParser()
        if not parser.read(self.credentials_file):
            raise EmulatorError(f"cannot read adminCredentialsFile {self.credentials_file}")
        self.admin_key_id = parser["default"]["aws_access_key_id"]
        self._admin_secret = parser["default"]["aws_secret_access_key"]
        self.session = boto3.session.Session(
            aws_access_key_id=self.admin_key_id, aws_secret_access_key=self._admin_secret, region_name=self.region)
        self.ra = self.client("rolesanywhere")
        self.iam = self.client("iam")
        self.sts = self.client("sts")
        self.cloudtrail = self.client("cloudtrail")
        # For bounds the server must check itself: botocore's own checks (min, required) turned off.
        self.ra_raw = self.client("rolesanywhere", parameter_validation=False)
        self.cache_home = ROOT / "cache" / unique("xdg")
        self.cache_home.mkdir(parents=True)

    # -- boto3 ------------------------------------------------------------------------------

    def config(self, **options):
        settings = dict(retries={"total_max_attempts": 1}, connect_timeout=10, read_timeout=120,
                        max_pool_connections=40)
        settings.update(options)
        return Config(**settings)

    def client(self, service, session=None, **config_options):
        return (session or self.session).client(
            service, endpoint_url=self.endpoint, region_name=self.region, verify=self.ca_bundle,
            config=self.config(**config_options))

    def client_with(self, service, key_id, secret, token=None, **config_options):
        session = boto3.session.Session(aws_access_key_id=key_id, aws_secret_access_key=secret,
                                        aws_session_token=token, region_name=self.region)
        return self.client(service, session=session, **config_options)

    def wrong_secret_client(self, service):
        secret = self._admin_secret
        return self.client_with(service, self.admin_key_id, secret[:-1] + ("A" if secret[-1] != "A" else "B"))

    def unknown_key_client(self, service):
        return self.client_with(service, "AKIA" + secrets.token_hex(8).upper(), self._admin_secret)

    def admin_secret_is_in(self, text):
        return self._admin_secret in text

    # -- AWS CLI ----------------------------------------------------------------------------

    def cli_env(self, **extra):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({
            "AWS_SHARED_CREDENTIALS_FILE": self.credentials_file, "AWS_CONFIG_FILE": NO_FILE,
            "AWS_CA_BUNDLE": self.ca_bundle, "AWS_MAX_ATTEMPTS": "1", "AWS_PAGER": "",
            "AWS_EC2_METADATA_DISABLED": "true", "XDG_CACHE_HOME": str(self.cache_home),
        })
        env.update(extra)
        return env

    def run_cli(self, *args, env=None, endpoint=True, timeout=120):
        command = [AWS_CLI]
        if endpoint:
            command += ["--endpoint-url", self.endpoint]
        command += ["--region", self.region, "--output", "json", *[str(a) for a in args]]
        return subprocess.run(command, capture_output=True, text=True, env=env or self.cli_env(), timeout=timeout)

    def aws(self, *args, env=None, endpoint=True):
        """Runs `aws ARGS` and returns its parsed JSON output ({} when it prints nothing)."""
        result = self.run_cli(*args, env=env, endpoint=endpoint)
        if result.returncode != 0:
            raise CLIError(f"aws {' '.join(map(str, args[:2]))} exited {result.returncode}: {result.stderr.strip()[-1500:]}")
        return json.loads(result.stdout) if result.stdout.strip() else {}

    def aws_text(self, *args):
        """Runs `aws ARGS` and returns (parsed JSON, raw stdout) for checks on the raw text."""
        result = self.run_cli(*args)
        if result.returncode != 0:
            raise CLIError(f"aws {' '.join(map(str, args[:2]))} exited {result.returncode}: {result.stderr.strip()[-1500:]}")
        return (json.loads(result.stdout) if result.stdout.strip() else {}), result.stdout

    def aws_error(self, *args):
        """Runs `aws ARGS`, which must fail; returns its stderr."""
        result = self.run_cli(*args)
        if result.returncode == 0:
            raise CLIError(f"aws {' '.join(map(str, args[:2]))} succeeded but should have failed")
        return result.stderr

    def write(self, name, content):
        path = ROOT / "files" / unique("f") / name
        path.parent.mkdir(parents=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        return path

    # -- resources --------------------------------------------------------------------------

    def create_role(self, name=None, policy=None, max_session_duration=None):
        kwargs = dict(RoleName=name or unique("role"), AssumeRolePolicyDocument=policy or trust_policy())
        if max_session_duration:
            kwargs["MaxSessionDuration"] = max_session_duration
        return self.iam.create_role(**kwargs)["Role"]["Arn"]

    def create_trust_anchor(self, ca, name=None, enabled=True, **kwargs):
        answer = self.ra.create_trust_anchor(
            name=name or unique("ta"), enabled=enabled,
            source={"sourceType": "CERTIFICATE_BUNDLE", "sourceData": {"x509CertificateData": ca.pem}}, **kwargs)
        return answer["trustAnchor"]

    def create_profile(self, role_arns, name=None, enabled=True, **kwargs):
        answer = self.ra.create_profile(name=name or unique("profile"), roleArns=list(role_arns), enabled=enabled,
                                        **kwargs)
        return answer["profile"]

    def setup(self, ca, policy=None, role_max=None, **profile_options):
        """A role, a trust anchor for `ca` and a profile for the role: (trust anchor, profile, role ARN)."""
        role = self.create_role(policy=policy, max_session_duration=role_max)
        anchor = self.create_trust_anchor(ca)
        profile = self.create_profile([role], **profile_options)
        return anchor, profile, role

    # -- the roles-anywhere client ------------------------------------------------------------

    def client_command(self, leaf, anchor_arn, profile_arn, role_arn, intermediates=None, duration=None,
                       session_name=None, endpoint=None):
        command = [CLIENT, "credential-process", "--certificate", leaf.cert, "--private-key", leaf.key,
                   "--trust-anchor-arn", anchor_arn, "--profile-arn", profile_arn, "--role-arn", role_arn,
                   "--endpoint", endpoint or self.endpoint, "--ca-bundle", self.ca_bundle, "--no-cache"]
        if intermediates:
            command += ["--intermediates", str(intermediates)]
        if duration:
            command += ["--session-duration", str(duration)]
        if session_name:
            command += ["--role-session-name", session_name]
        return command

    def credential_process(self, leaf, anchor_arn, profile_arn, role_arn, **options):
        command = self.client_command(leaf, anchor_arn, profile_arn, role_arn, **options)
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env["XDG_CACHE_HOME"] = str(self.cache_home)
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
        return ClientResult(result.returncode, result.stdout, result.stderr)


def start_local_aws(name, extra_args=()):
    """A fresh emulator on its own state folder: (Emulator, LocalAWS)."""
    emulator = Emulator(ROOT / "state" / unique(name), extra_args)
    emulator.start()
    return emulator, LocalAWS(emulator)


def new_uuid():
    return str(uuid.uuid4())


class PythonSessionClient:
    """CreateSession signed in this process by AWS's `iam-rolesanywhere-session` (not thread-safe: one per
    thread). Used where spawning the client would be too slow, and for certificates our client will not load."""

    def __init__(self, local, leaf, anchor_arn, profile_arn, role_arn, intermediates=None, duration=3600):
        from iam_rolesanywhere_session import IAMRolesAnywhereSession

        self.session = IAMRolesAnywhereSession(
            profile_arn=profile_arn, role_arn=role_arn, trust_anchor_arn=anchor_arn, certificate=leaf.cert,
            private_key=leaf.key, certificate_chain=str(intermediates) if intermediates else None,
            session_duration=duration, region=local.region, endpoint=urlsplit(local.endpoint).netloc,
            verify=local.ca_bundle)

    def create_session(self):
        """The credentials dict (access_key, secret_key, token, expiry_time): never print it.
        Raises iam_rolesanywhere_session.CredentialsRetrievalError (status_code, message) on a refusal."""
        return self.session._IAMRolesAnywhereSession__get_credentials()
