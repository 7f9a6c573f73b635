#!/usr/bin/env python3
"""Fetch IAM Roles Anywhere credentials with the `iam-rolesanywhere-session`
library (v3.0.0) and print them in credential_process format.

Optionally (--sts-endpoint) call STS GetCallerIdentity with those credentials.

Exit codes: 0 ok, 1 CreateSession failed, 2 usage/input error, 3 STS call failed.

Notes from the library source (iam_rolesanywhere_session.py):
- `endpoint=` is a HOST[:PORT], not a URL: the library builds f"https://{endpoint}/sessions"
  (line 445). We therefore strip the scheme/path from --endpoint.
- Only https is built in. For an http:// endpoint we swap the scheme on the already
  signed request (the scheme is not part of the SigV4 canonical request, the Host is).
- `verify=` accepts True / False / CA bundle path and is handed to botocore's
  URLLib3Session (line 341).
"""
import argparse
import json
import sys
from urllib.parse import urlsplit

from botocore.exceptions import BotoCoreError

from iam_rolesanywhere_session import (
    CredentialsRetrievalError,
    IAMRolesAnywhereError,
    IAMRolesAnywhereSession,
)


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--endpoint", help="e.g. https://127.0.0.1:8443 (default: AWS endpoint of --region)")
    ap.add_argument("--ca-bundle", help="PEM CA bundle to verify the endpoint's TLS certificate")
    ap.add_argument("--insecure", action="store_true", help="verify=False (no TLS verification)")
    ap.add_argument("--certificate", required=True, help="leaf certificate PEM file")
    ap.add_argument("--private-key", required=True, help="private key PEM file (RSA or EC)")
    ap.add_argument("--intermediates", help="PEM file of intermediate certificates (X-Amz-X509-Chain)")
    ap.add_argument("--trust-anchor-arn", required=True)
    ap.add_argument("--profile-arn", required=True)
    ap.add_argument("--role-arn", required=True)
    ap.add_argument("--region", help="default: region field of the trust anchor ARN")
    ap.add_argument("--session-duration", type=int, default=3600)
    ap.add_argument("--role-session-name")
    ap.add_argument("--sts-endpoint", help="if given, call sts:GetCallerIdentity there and print it to stderr")
    ap.add_argument("--sts-region", help="region for STS signing (default: --region)")
    return ap.parse_args(argv)


def region_from_arn(arn):
    parts = arn.split(":")
    if len(parts) < 6 or parts[0] != "arn" or not parts[3]:
        raise ValueError(f"cannot take a region from ARN {arn!r}")
    return parts[3]


def main(argv=None):
    a = parse_args(argv)
    try:
        region = a.region or region_from_arn(a.trust_anchor_arn)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2

    host, scheme = None, "https"
    if a.endpoint:
        u = urlsplit(a.endpoint if "://" in a.endpoint else "https://" + a.endpoint)
        scheme, host = u.scheme, u.netloc
        if u.path not in ("", "/"):
            print(f"warning: ignoring path {u.path!r} of --endpoint (the library always posts to /sessions)",
                  file=sys.stderr)

    verify = False if a.insecure else (a.ca_bundle or True)
    try:
        ra = IAMRolesAnywhereSession(
            profile_arn=a.profile_arn,
            role_arn=a.role_arn,
            trust_anchor_arn=a.trust_anchor_arn,
            certificate=a.certificate,          # str => path; bytes => PEM content
            private_key=a.private_key,
            certificate_chain=a.intermediates,
            session_duration=a.session_duration,
            region=region,
            endpoint=host,                      # None => botocore endpoint resolution
            verify=verify,
            role_session_name=a.role_session_name,
        )
        if scheme == "http":
            # Least invasive way to reach a plain-HTTP emulator: rewrite the scheme
            # of the prepared (already signed) request just before it is sent.
            real_send = ra._session.send

            def send_http(prepared):
                prepared.url = "http://" + prepared.url[len("https://"):]
                return real_send(prepared)

            ra._session.send = send_http
        elif scheme != "https":
            print(f"error: unsupported scheme {scheme!r}", file=sys.stderr)
            return 2

        # The library exposes credentials only through botocore's refreshable
        # credentials, which may call CreateSession twice for short sessions
        # (advisory refresh window is 15 min) and re-format the expiration.
        # Calling the (name-mangled) fetch directly gives exactly one request and
        # the service's raw strings.
        creds = ra._IAMRolesAnywhereSession__get_credentials()
    except CredentialsRetrievalError as e:
        print(f"error: CreateSession failed: HTTP {e.status_code}: {e.message}", file=sys.stderr)
        return 1
    except BotoCoreError as e:  # transport: TLS failure, connection refused, timeout
        print(f"error: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    except (IAMRolesAnywhereError, OSError, ValueError, TypeError) as e:
        print(f"error: {type(e).__name__}: {e}", file=sys.stderr)
        return 2
    except Exception as e:  # botocore transport errors (TLS, connection refused, ...)
        print(f"error: {type(e).__name__}: {e}", file=sys.stderr)
        return 1

    if not all(creds.get(k) for k in ("access_key", "secret_key", "token", "expiry_time")):
        print("error: CreateSession response lacked a credential field", file=sys.stderr)
        return 1

    out = {
        "Version": 1,
        "AccessKeyId": creds["access_key"],
        "SecretAccessKey": creds["secret_key"],
        "SessionToken": creds["token"],
        "Expiration": creds["expiry_time"],
    }
    print(json.dumps(out))
    sys.stdout.flush()

    if a.sts_endpoint:
        import boto3
        from botocore.config import Config

        sts = boto3.client(
            "sts",
            region_name=a.sts_region or region,
            endpoint_url=a.sts_endpoint,
            verify=False if a.insecure else (a.ca_bundle or True),
            aws_access_key_id=creds["access_key"],
            aws_secret_access_key=creds["secret_key"],
            aws_session_token=creds["token"],
            config=Config(retries={"total_max_attempts": 1}),
        )
        try:
            ident = sts.get_caller_identity()
        except Exception as e:
            print(f"error: GetCallerIdentity failed: {type(e).__name__}: {e}", file=sys.stderr)
            return 3
        ident.pop("ResponseMetadata", None)
        print(json.dumps(ident), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
