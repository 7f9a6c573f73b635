#!/usr/bin/env python3
"""End-to-end tests of `roles-anywhere-emulator` as a local AWS, driven by the real AWS CLI and boto3.

Run all:        .build-venv/bin/python Tests/Interop/test_local_aws.py
Run one class:  .build-venv/bin/python Tests/Interop/test_local_aws.py CloudTrailTests
Binaries:       ROLES_ANYWHERE_EMULATOR, ROLES_ANYWHERE_BIN, ROLES_ANYWHERE_AWS_CLI (defaults: .build/debug/...,
                .build-venv/bin/aws).

Every class starts its own emulator on an empty --state-dir (no trust anchor, profile or role) and makes what
it needs through the APIs, as a user would. No secret is ever printed: failure messages carry access key ids,
exit statuses, error codes and the programs' error lines only.
"""
import datetime as dt
import json
import os
import re
import shlex
import sys
import time
import unittest
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from botocore import UNSIGNED  # noqa: E402
from botocore.exceptions import ClientError  # noqa: E402

import local_aws_support as support  # noqa: E402
from local_aws_support import (  # noqa: E402
    READ_ONLY_ACCESS, STANDARD_ACTIONS, Emulator, LocalAWS, PythonSessionClient, new_ca, new_uuid, pem_der,
    serial_forms, start_local_aws, trust_policy, unique,
)

UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
NOW = lambda: dt.datetime.now(dt.timezone.utc)  # noqa: E731


def parse_expiration(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def role_name(role_arn):
    return role_arn.rsplit("/", 1)[1]


class LocalAWSTestCase(unittest.TestCase):
    """One emulator on an empty state folder and one openssl CA per class."""

    maxDiff = 4000

    @classmethod
    def setUpClass(cls):
        cls.ca = new_ca(f"{cls.__name__} Root")
        cls.emulator, cls.local = start_local_aws(cls.__name__)

    @classmethod
    def tearDownClass(cls):
        cls.emulator.stop()

    # -- assertions -----------------------------------------------------------------------------

    def assertClientError(self, codes, call, *args, status=None, **kwargs):
        """`call` must raise a botocore ClientError with one of `codes` (and `status` if given): its response."""
        codes = {codes} if isinstance(codes, str) else set(codes)
        with self.assertRaises(ClientError, msg=f"{getattr(call, '__name__', call)} should fail with {codes}") as ctx:
            call(*args, **kwargs)
        error = ctx.exception.response["Error"]
        got_status = ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"]
        self.assertIn(error.get("Code"), codes, f"status {got_status}, message {error.get('Message')!r}")
        if status is not None:
            self.assertEqual(got_status, status, f"{error.get('Code')}: {error.get('Message')!r}")
        return ctx.exception.response

    def assertClientError4xx(self, call, *args, **kwargs):
        with self.assertRaises(ClientError, msg=f"{getattr(call, '__name__', call)} should be refused") as ctx:
            call(*args, **kwargs)
        status = ctx.exception.response["ResponseMetadata"]["HTTPStatusCode"]
        code = ctx.exception.response["Error"].get("Code")
        self.assertTrue(400 <= status < 500, f"status {status} ({code}) is not 4xx")
        return ctx.exception.response

    def assertGetsCredentials(self, result, context=""):
        """A successful credential-process run; returns its credentials (never print them)."""
        self.assertEqual(result.returncode, 0, f"{context}: {result.describe()}")
        creds = result.creds
        self.assertIsInstance(creds, dict, f"{context}: stdout is not credential_process JSON")
        self.assertEqual(creds.get("Version"), 1, context)
        for key in ("AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"):
            self.assertTrue(isinstance(creds.get(key), str) and creds[key], f"{context}: {key} missing or empty")
        self.assertTrue(creds["AccessKeyId"].startswith("ASIA"), f"{context}: AccessKeyId {creds['AccessKeyId']}")
        self.assertGreater(parse_expiration(creds["Expiration"]), NOW(), context)
        return creds

    def assertRefused(self, result, context="", error=None):
        """A refused credential-process run: non-zero exit, nothing on stdout, one line on stderr."""
        self.assertNotEqual(result.returncode, 0, f"{context}: credentials were issued (AccessKeyId {result.access_key_id})")
        self.assertTrue(result.stdout_empty, f"{context}: a refused run printed something on stdout")
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        self.assertEqual(len(lines), 1, f"{context}: stderr should be one line: {result.stderr[:1000]!r}")
        if error:
            self.assertIn(error, result.stderr, context)

    def run_client(self, leaf, anchor, profile, role, **options):
        return self.local.credential_process(leaf, anchor["trustAnchorArn"], profile["profileArn"], role, **options)


# =============================================================================================
# Roles Anywhere control plane
# =============================================================================================

class ControlPlaneTests(LocalAWSTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.role = cls.local.create_role()

    def test_resources_by_arn_and_documents_larger_than_64_kib(self):
        ra, local = self.local.ra, self.local
        anchor = local.create_trust_anchor(self.ca)
        profile = local.create_profile([self.role])
        # The API's identifiers take the ARN too: percent-encoded in the path, signed twice-encoded.
        self.assertEqual(ra.get_trust_anchor(trustAnchorId=anchor["trustAnchorArn"])["trustAnchor"]["trustAnchorId"],
                         anchor["trustAnchorId"])
        self.assertEqual(local.aws("rolesanywhere", "get-profile", "--profile-id", profile["profileArn"])["profile"]["profileId"],
                         profile["profileId"])
        self.assertClientError("ValidationException", ra.get_trust_anchor, trustAnchorId="not an id", status=400)
        # A bundle past the old 8000-character cap, and a session policy past 64 KiB.
        bundle = self.ca.pem * 20
        self.assertGreater(len(bundle), 8000)
        big = ra.create_trust_anchor(name=unique("big"), enabled=True,
                                     source={"sourceType": "CERTIFICATE_BUNDLE", "sourceData": {"x509CertificateData": bundle}})
        self.assertEqual(big["trustAnchor"]["source"]["sourceData"]["x509CertificateData"], bundle)
        policy = json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::bucket-{i:05d}/*"} for i in range(900)]})
        self.assertGreater(len(policy), 65536)
        updated = ra.update_profile(profileId=profile["profileId"], sessionPolicy=policy)["profile"]
        self.assertEqual(updated["sessionPolicy"], policy)

    def test_ready_line_and_admin_credentials_file(self):
        ready = self.local.ready
        self.assertRegex(ready["endpoint"], r"^https://127\.0\.0\.1:\d+$")
        self.assertTrue(os.path.isabs(ready["caBundle"]) and os.path.isfile(ready["caBundle"]))
        self.assertRegex(ready.get("accountId", ""), r"^\d{12}$")
        self.assertTrue(ready.get("region"))
        mode = os.stat(ready["adminCredentialsFile"]).st_mode & 0o777
        self.assertEqual(mode, 0o600, f"adminCredentialsFile mode {oct(mode)}")
        self.assertTrue(self.local.admin_key_id)

    def test_trust_anchor_lifecycle(self):
        ra, local = self.local.ra, self.local
        name = unique("lifecycle")
        answer = ra.create_trust_anchor(
            name=name, enabled=True,
            source={"sourceType": "CERTIFICATE_BUNDLE", "sourceData": {"x509CertificateData": self.ca.pem}})
        self.assertEqual(answer["ResponseMetadata"]["HTTPStatusCode"], 201)
        anchor = answer["trustAnchor"]
        anchor_id = anchor["trustAnchorId"]
        self.assertRegex(anchor_id, f"^{UUID}$")
        self.assertEqual(anchor["trustAnchorArn"],
                         f"arn:aws:rolesanywhere:{local.region}:{local.account}:trust-anchor/{anchor_id}")
        self.assertEqual(anchor["name"], name)
        self.assertIs(anchor["enabled"], True)
        self.assertEqual(anchor["source"]["sourceType"], "CERTIFICATE_BUNDLE")
        self.assertEqual(pem_der(anchor["source"]["sourceData"]["x509CertificateData"]), pem_der(self.ca.pem))
        self.assertIsInstance(anchor["createdAt"], dt.datetime)
        self.assertIsInstance(anchor["updatedAt"], dt.datetime)
        settings = {s["event"]: s for s in anchor["notificationSettings"]}
        self.assertEqual(set(settings), {"CA_CERTIFICATE_EXPIRY", "END_ENTITY_CERTIFICATE_EXPIRY"})
        for setting in settings.values():
            self.assertEqual(setting["threshold"], 45)
            self.assertIs(setting["enabled"], True)

        got = ra.get_trust_anchor(trustAnchorId=anchor_id)["trustAnchor"]
        self.assertEqual(got["trustAnchorArn"], anchor["trustAnchorArn"])
        self.assertEqual(got["name"], name)

        renamed = unique("renamed")
        updated = ra.update_trust_anchor(trustAnchorId=anchor_id, name=renamed)["trustAnchor"]
        self.assertEqual(updated["name"], renamed)
        self.assertGreaterEqual(updated["updatedAt"], anchor["updatedAt"])
        self.assertIs(ra.disable_trust_anchor(trustAnchorId=anchor_id)["trustAnchor"]["enabled"], False)
        self.assertIs(ra.get_trust_anchor(trustAnchorId=anchor_id)["trustAnchor"]["enabled"], False)
        self.assertIs(ra.enable_trust_anchor(trustAnchorId=anchor_id)["trustAnchor"]["enabled"], True)

        deleted = ra.delete_trust_anchor(trustAnchorId=anchor_id)["trustAnchor"]
        self.assertEqual(deleted["trustAnchorId"], anchor_id)
        self.assertClientError("ResourceNotFoundException", ra.get_trust_anchor, trustAnchorId=anchor_id, status=404)
        ids = {a["trustAnchorId"] for page in ra.get_paginator("list_trust_anchors").paginate()
               for a in page["trustAnchors"]}
        self.assertNotIn(anchor_id, ids)

    def test_trust_anchor_with_the_cli(self):
        local = self.local
        source = local.write("source.json", json.dumps(
            {"sourceType": "CERTIFICATE_BUNDLE", "sourceData": {"x509CertificateData": self.ca.pem}}))
        name = unique("cli")
        anchor = local.aws("rolesanywhere", "create-trust-anchor", "--name", name, "--enabled",
                           "--source", f"file://{source}")["trustAnchor"]
        self.assertEqual(anchor["name"], name)
        self.assertIs(anchor["enabled"], True)
        got = local.aws("rolesanywhere", "get-trust-anchor", "--trust-anchor-id", anchor["trustAnchorId"])["trustAnchor"]
        self.assertEqual(got["trustAnchorArn"], anchor["trustAnchorArn"])
        listed = local.aws("rolesanywhere", "list-trust-anchors")["trustAnchors"]
        self.assertIn(anchor["trustAnchorId"], [a["trustAnchorId"] for a in listed])
        stderr = local.aws_error("rolesanywhere", "get-trust-anchor", "--trust-anchor-id", new_uuid())
        self.assertIn("ResourceNotFoundException", stderr)

    def test_profile_lifecycle_and_attribute_mappings(self):
        ra, local = self.local.ra, self.local
        name = unique("profile")
        answer = ra.create_profile(name=name, roleArns=[self.role], enabled=True)
        self.assertEqual(answer["ResponseMetadata"]["HTTPStatusCode"], 201)
        profile = answer["profile"]
        profile_id = profile["profileId"]
        self.assertRegex(profile_id, f"^{UUID}$")
        self.assertEqual(profile["profileArn"], f"arn:aws:rolesanywhere:{local.region}:{local.account}:profile/{profile_id}")
        self.assertEqual(profile["name"], name)
        self.assertEqual(profile["roleArns"], [self.role])
        self.assertEqual(profile["durationSeconds"], 3600)
        self.assertIs(profile["enabled"], True)
        mappings = {m["certificateField"]: {r["specifier"] for r in m["mappingRules"]} for m in profile["attributeMappings"]}
        self.assertEqual(mappings.get("x509Subject"), {"*"})
        self.assertEqual(mappings.get("x509Issuer"), {"*"})
        self.assertEqual(mappings.get("x509SAN"), {"DNS", "URI", "Name/*"})

        got = ra.get_profile(profileId=profile_id)["profile"]
        self.assertEqual(got["profileArn"], profile["profileArn"])

        mapped = ra.put_attribute_mapping(profileId=profile_id, certificateField="x509Subject",
                                          mappingRules=[{"specifier": "CN"}])["profile"]
        subject_rules = [{r["specifier"] for r in m["mappingRules"]} for m in mapped["attributeMappings"]
                         if m["certificateField"] == "x509Subject"]
        self.assertTrue(subject_rules and "CN" in set().union(*subject_rules), f"mappings: {mapped['attributeMappings']}")
        unmapped = ra.delete_attribute_mapping(profileId=profile_id, certificateField="x509Subject",
                                               specifiers=["CN"])["profile"]
        for m in unmapped.get("attributeMappings", []):
            if m["certificateField"] == "x509Subject":
                self.assertNotIn("CN", {r["specifier"] for r in m["mappingRules"]})

        updated = ra.update_profile(profileId=profile_id, durationSeconds=1800, name=name + "-b")["profile"]
        self.assertEqual(updated["durationSeconds"], 1800)
        self.assertEqual(updated["name"], name + "-b")
        self.assertIs(ra.disable_profile(profileId=profile_id)["profile"]["enabled"], False)
        self.assertIs(ra.enable_profile(profileId=profile_id)["profile"]["enabled"], True)
        self.assertEqual(ra.delete_profile(profileId=profile_id)["profile"]["profileId"], profile_id)
        self.assertClientError("ResourceNotFoundException", ra.get_profile, profileId=profile_id, status=404)

    def test_profile_with_the_cli(self):
        local = self.local
        profile = local.aws("rolesanywhere", "create-profile", "--name", unique("cli"), "--role-arns", self.role,
                            "--duration-seconds", "900", "--enabled")["profile"]
        self.assertEqual(profile["durationSeconds"], 900)
        self.assertEqual(profile["roleArns"], [self.role])
        mapped = local.aws("rolesanywhere", "put-attribute-mapping", "--profile-id", profile["profileId"],
                           "--certificate-field", "x509Subject", "--mapping-rules", "specifier=CN")["profile"]
        specifiers = {r["specifier"] for m in mapped["attributeMappings"] if m["certificateField"] == "x509Subject"
                      for r in m["mappingRules"]}
        self.assertIn("CN", specifiers)
        listed = local.aws("rolesanywhere", "list-profiles")["profiles"]
        self.assertIn(profile["profileId"], [p["profileId"] for p in listed])

    def test_create_profile_with_a_role_unknown_to_iam_is_a_validation_error(self):
        missing = f"arn:aws:iam::{self.local.account}:role/{unique('no-such-role')}"
        self.assertClientError("ValidationException", self.local.ra.create_profile, name=unique("p"),
                               roleArns=[missing], enabled=True, status=400)

    def test_validation_errors_have_aws_message_shape(self):
        raw = self.local.ra_raw  # botocore's own min/max checks are off: the server must refuse
        response = self.assertClientError("ValidationException", raw.create_profile, name=unique("p"),
                                          roleArns=[self.role], durationSeconds=50000, status=400)
        self.assertEqual(
            response["Error"]["Message"],
            "1 validation error detected: Value '50000' at 'durationSeconds' failed to satisfy constraint: "
            "Member must have value less than or equal to 43200")
        response = self.assertClientError("ValidationException", raw.create_profile, name=unique("p"),
                                          roleArns=[self.role], durationSeconds=100, status=400)
        self.assertEqual(
            response["Error"]["Message"],
            "1 validation error detected: Value '100' at 'durationSeconds' failed to satisfy constraint: "
            "Member must have value greater than or equal to 900")
        response = self.assertClientError("ValidationException", raw.create_profile, name="bad/name",
                                          roleArns=[self.role], status=400)
        self.assertTrue(response["Error"]["Message"].startswith(
            "1 validation error detected: Value 'bad/name' at 'name' failed to satisfy constraint: "),
            response["Error"]["Message"])
        response = self.assertClientError("ValidationException", raw.create_trust_anchor, name="x" * 256, enabled=True,
                                          source={"sourceType": "CERTIFICATE_BUNDLE",
                                                  "sourceData": {"x509CertificateData": self.ca.pem}}, status=400)
        self.assertRegex(response["Error"]["Message"],
                         r"^1 validation error detected: Value '.*' at 'name' failed to satisfy constraint: ")
        self.assertClientError("ValidationException", raw.create_trust_anchor, name=unique("t"), enabled=True,
                               source={"sourceType": "NOT_A_SOURCE_TYPE",
                                       "sourceData": {"x509CertificateData": self.ca.pem}}, status=400)
        self.assertClientError("ValidationException", raw.create_trust_anchor, name=unique("t"), enabled=True,
                               source={"sourceType": "CERTIFICATE_BUNDLE",
                                       "sourceData": {"x509CertificateData": "not a certificate"}}, status=400)
        # The CLI shows the same error.
        stderr = self.local.aws_error("rolesanywhere", "create-profile", "--name", unique("p"), "--role-arns",
                                      self.role, "--duration-seconds", "50000")
        self.assertIn("ValidationException", stderr)
        self.assertIn("at 'durationSeconds' failed to satisfy constraint", stderr)

    def test_unknown_resources_are_not_found(self):
        ra, local = self.local.ra, self.local
        for call, kwargs in [
            (ra.get_trust_anchor, {"trustAnchorId": new_uuid()}),
            (ra.delete_trust_anchor, {"trustAnchorId": new_uuid()}),
            (ra.enable_trust_anchor, {"trustAnchorId": new_uuid()}),
            (ra.get_profile, {"profileId": new_uuid()}),
            (ra.disable_profile, {"profileId": new_uuid()}),
            (ra.get_crl, {"crlId": new_uuid()}),
            (ra.get_subject, {"subjectId": new_uuid()}),
            (ra.list_tags_for_resource,
             {"resourceArn": f"arn:aws:rolesanywhere:{local.region}:{local.account}:trust-anchor/{new_uuid()}"}),
        ]:
            with self.subTest(operation=call.__name__):
                response = self.assertClientError("ResourceNotFoundException", call, status=404, **kwargs)
                self.assertTrue(response["Error"].get("Message"), "the error has no message")

    def test_pagination_of_trust_anchors_boto3_and_cli(self):
        ra = self.local.ra
        created = {self.local.create_trust_anchor(self.ca, name=unique("page"))["trustAnchorId"] for _ in range(7)}
        first = ra.list_trust_anchors(pageSize=3)
        self.assertEqual(len(first["trustAnchors"]), 3)
        self.assertTrue(first.get("nextToken"), "a first page of 3 with more to come has a nextToken")

        pages = list(ra.get_paginator("list_trust_anchors").paginate(pageSize=3))
        self.assertGreaterEqual(len(pages), 3)
        for page in pages:
            self.assertLessEqual(len(page["trustAnchors"]), 3)
        boto_ids = [a["trustAnchorId"] for page in pages for a in page["trustAnchors"]]
        self.assertEqual(len(boto_ids), len(set(boto_ids)), "a trust anchor appears twice across pages")
        self.assertTrue(created <= set(boto_ids), "a trust anchor was lost across pages")
        self.assertNotIn("nextToken", pages[-1])

        cli_ids = [a["trustAnchorId"] for a in
                   self.local.aws("rolesanywhere", "list-trust-anchors", "--page-size", "3")["trustAnchors"]]
        self.assertEqual(len(cli_ids), len(set(cli_ids)), "the CLI saw a trust anchor twice")
        self.assertEqual(set(cli_ids), set(boto_ids))

    def test_pagination_of_profiles(self):
        ra = self.local.ra
        created = {self.local.create_profile([self.role], name=unique("page"))["profileId"] for _ in range(5)}
        pages = list(ra.get_paginator("list_profiles").paginate(pageSize=2))
        ids = [p["profileId"] for page in pages for p in page["profiles"]]
        self.assertGreaterEqual(len(pages), 3)
        self.assertEqual(len(ids), len(set(ids)))
        self.assertTrue(created <= set(ids))
        cli_ids = [p["profileId"] for p in self.local.aws("rolesanywhere", "list-profiles", "--page-size", "2")["profiles"]]
        self.assertEqual(sorted(cli_ids), sorted(ids))

    def test_tags(self):
        ra, local = self.local.ra, self.local
        anchor = local.create_trust_anchor(self.ca, tags=[{"key": "team", "value": "blue"}])
        arn = anchor["trustAnchorArn"]

        def tags():
            return {t["key"]: t["value"] for t in ra.list_tags_for_resource(resourceArn=arn)["tags"]}

        self.assertEqual(tags(), {"team": "blue"})
        self.assertClientError("ValidationException", ra.tag_resource, resourceArn=arn,
                               tags=[{"key": "twice", "value": "1"}, {"key": "twice", "value": "2"}], status=400)
        ra.tag_resource(resourceArn=arn, tags=[{"key": "team", "value": "red"}, {"key": "env", "value": "dev"},
                                               {"key": "empty", "value": ""}])
        self.assertEqual(tags(), {"team": "red", "env": "dev", "empty": ""})
        ra.untag_resource(resourceArn=arn, tagKeys=["team", "empty"])
        self.assertEqual(tags(), {"env": "dev"})
        cli = local.aws("rolesanywhere", "list-tags-for-resource", "--resource-arn", arn)["tags"]
        self.assertEqual(cli, [{"key": "env", "value": "dev"}])

        profile = local.create_profile([self.role])
        ra.tag_resource(resourceArn=profile["profileArn"], tags=[{"key": "owner", "value": "tests"}])
        self.assertEqual(ra.list_tags_for_resource(resourceArn=profile["profileArn"])["tags"],
                         [{"key": "owner", "value": "tests"}])

        raw = local.ra_raw
        self.assertClientError(["ValidationException", "TooManyTagsException"], raw.tag_resource, resourceArn=arn,
                               tags=[{"key": f"k{i}", "value": "v"} for i in range(201)], status=400)
        self.assertClientError("ValidationException", raw.tag_resource, resourceArn=arn,
                               tags=[{"key": "k" * 129, "value": "v"}], status=400)
        self.assertClientError("ResourceNotFoundException", ra.tag_resource,
                               resourceArn=f"arn:aws:rolesanywhere:{local.region}:{local.account}:profile/{new_uuid()}",
                               tags=[{"key": "a", "value": "b"}], status=404)

    def test_notification_settings(self):
        ra = self.local.ra
        anchor = self.local.create_trust_anchor(self.ca)
        anchor_id = anchor["trustAnchorId"]
        put = ra.put_notification_settings(trustAnchorId=anchor_id, notificationSettings=[
            {"enabled": True, "event": "CA_CERTIFICATE_EXPIRY", "threshold": 30, "channel": "ALL"}])["trustAnchor"]
        settings = {s["event"]: s for s in put["notificationSettings"]}
        self.assertEqual(settings["CA_CERTIFICATE_EXPIRY"]["threshold"], 30)
        self.assertEqual(settings["END_ENTITY_CERTIFICATE_EXPIRY"]["threshold"], 45)
        got = {s["event"]: s for s in ra.get_trust_anchor(trustAnchorId=anchor_id)["trustAnchor"]["notificationSettings"]}
        self.assertEqual(got["CA_CERTIFICATE_EXPIRY"]["threshold"], 30)
        reset = ra.reset_notification_settings(trustAnchorId=anchor_id, notificationSettingKeys=[
            {"event": "CA_CERTIFICATE_EXPIRY", "channel": "ALL"}])["trustAnchor"]
        settings = {s["event"]: s for s in reset["notificationSettings"]}
        self.assertEqual(settings["CA_CERTIFICATE_EXPIRY"]["threshold"], 45)
        self.assertClientError("ValidationException", self.local.ra_raw.put_notification_settings,
                               trustAnchorId=anchor_id, notificationSettings=[
                                   {"enabled": True, "event": "CA_CERTIFICATE_EXPIRY", "threshold": 400}], status=400)

    def test_crl_lifecycle(self):
        ra, local = self.local.ra, self.local
        anchor = local.create_trust_anchor(self.ca)
        crl_path = self.ca.crl()
        name = unique("crl")
        crl = local.aws("rolesanywhere", "import-crl", "--name", name, "--crl-data", f"fileb://{crl_path}",
                        "--trust-anchor-arn", anchor["trustAnchorArn"], "--enabled")["crl"]
        crl_id = crl["crlId"]
        self.assertRegex(crl_id, f"^{UUID}$")
        self.assertEqual(crl["crlArn"], f"arn:aws:rolesanywhere:{local.region}:{local.account}:crl/{crl_id}")
        self.assertEqual(crl["name"], name)
        self.assertIs(crl["enabled"], True)
        self.assertEqual(crl["trustAnchorArn"], anchor["trustAnchorArn"])

        got = ra.get_crl(crlId=crl_id)["crl"]
        pem = Path(crl_path).read_bytes()
        self.assertIn(got["crlData"], (pem, pem_der(pem.decode())), "crlData is neither the PEM sent nor its DER")
        self.assertIn(crl_id, [c["crlId"] for page in ra.get_paginator("list_crls").paginate() for c in page["crls"]])
        self.assertEqual(ra.update_crl(crlId=crl_id, name=name + "-b")["crl"]["name"], name + "-b")
        self.assertIs(ra.disable_crl(crlId=crl_id)["crl"]["enabled"], False)
        self.assertIs(ra.enable_crl(crlId=crl_id)["crl"]["enabled"], True)
        self.assertEqual(ra.delete_crl(crlId=crl_id)["crl"]["crlId"], crl_id)
        self.assertClientError("ResourceNotFoundException", ra.get_crl, crlId=crl_id, status=404)
        self.assertClientError("ValidationException", ra.import_crl, name=unique("bad"), crlData=b"not a crl",
                               trustAnchorArn=anchor["trustAnchorArn"], enabled=True, status=400)

    def test_unsigned_and_wrongly_signed_calls_are_refused(self):
        local = self.local
        calls = {
            "rolesanywhere": lambda c: c.list_trust_anchors(),
            "iam": lambda c: c.list_roles(),
            "sts": lambda c: c.get_caller_identity(),
            "cloudtrail": lambda c: c.lookup_events(MaxResults=1),
        }
        for service, call in calls.items():
            for label, client in [("wrong secret", local.wrong_secret_client(service)),
                                  ("unknown key", local.unknown_key_client(service)),
                                  ("unsigned", local.client(service, signature_version=UNSIGNED))]:
                with self.subTest(service=service, client=label):
                    self.assertClientError4xx(call, client)
        # A refused write leaves nothing behind.
        name = unique("unsigned")
        self.assertClientError4xx(
            local.wrong_secret_client("rolesanywhere").create_trust_anchor, name=name, enabled=True,
            source={"sourceType": "CERTIFICATE_BUNDLE", "sourceData": {"x509CertificateData": self.ca.pem}})
        names = {a["name"] for page in local.ra.get_paginator("list_trust_anchors").paginate() for a in page["trustAnchors"]}
        self.assertNotIn(name, names)


# =============================================================================================
# IAM and STS (admin side)
# =============================================================================================

class IAMTests(LocalAWSTestCase):

    def test_role_lifecycle(self):
        iam, local = self.local.iam, self.local
        name = unique("role")
        policy = trust_policy()
        role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=policy, MaxSessionDuration=7200,
                               Description="made by test_local_aws")["Role"]
        self.assertEqual(role["RoleName"], name)
        self.assertEqual(role["Arn"], f"arn:aws:iam::{local.account}:role/{name}")
        self.assertTrue(role["RoleId"].startswith("AROA"), role["RoleId"])
        self.assertEqual(role["Path"], "/")
        self.assertIsInstance(role["CreateDate"], dt.datetime)
        self.assertEqual(role["AssumeRolePolicyDocument"], json.loads(policy))

        got = iam.get_role(RoleName=name)["Role"]
        self.assertEqual(got["RoleId"], role["RoleId"])
        self.assertEqual(got["MaxSessionDuration"], 7200)
        self.assertIsInstance(got["AssumeRolePolicyDocument"], dict, "boto3 decodes the URL-encoded policy")
        self.assertEqual(got["AssumeRolePolicyDocument"], json.loads(policy))

        listed = [r["RoleName"] for page in iam.get_paginator("list_roles").paginate() for r in page["Roles"]]
        self.assertIn(name, listed)

        narrowed = trust_policy(condition={"StringEquals": {"aws:PrincipalTag/x509Subject/CN": "only-me"}})
        iam.update_assume_role_policy(RoleName=name, PolicyDocument=narrowed)
        self.assertEqual(iam.get_role(RoleName=name)["Role"]["AssumeRolePolicyDocument"], json.loads(narrowed))

        iam.attach_role_policy(RoleName=name, PolicyArn=READ_ONLY_ACCESS)
        attached = iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"]
        self.assertEqual(attached, [{"PolicyName": "ReadOnlyAccess", "PolicyArn": READ_ONLY_ACCESS}])
        iam.detach_role_policy(RoleName=name, PolicyArn=READ_ONLY_ACCESS)
        self.assertEqual(iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"], [])

        iam.delete_role(RoleName=name)
        self.assertClientError("NoSuchEntity", iam.get_role, RoleName=name)
        listed = [r["RoleName"] for page in iam.get_paginator("list_roles").paginate() for r in page["Roles"]]
        self.assertNotIn(name, listed)

    def test_role_with_a_path(self):
        name = unique("pathed")
        role = self.local.iam.create_role(RoleName=name, Path="/team/", AssumeRolePolicyDocument=trust_policy())["Role"]
        self.assertEqual(role["Path"], "/team/")
        self.assertEqual(role["Arn"], f"arn:aws:iam::{self.local.account}:role/team/{name}")
        self.assertEqual(self.local.iam.get_role(RoleName=name)["Role"]["Arn"], role["Arn"])

    def test_errors(self):
        iam = self.local.iam
        self.assertClientError("NoSuchEntity", iam.get_role, RoleName=unique("missing"))
        self.assertClientError("NoSuchEntity", iam.delete_role, RoleName=unique("missing"))
        name = unique("dup")
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust_policy())
        self.assertClientError("EntityAlreadyExists", iam.create_role, RoleName=name,
                               AssumeRolePolicyDocument=trust_policy())
        with_resource = trust_policy(extra={"Resource": "*"})
        self.assertClientError("MalformedPolicyDocument", iam.create_role, RoleName=unique("bad"),
                               AssumeRolePolicyDocument=with_resource)
        self.assertClientError("MalformedPolicyDocument", iam.create_role, RoleName=unique("bad"),
                               AssumeRolePolicyDocument="this is not JSON")
        self.assertClientError("MalformedPolicyDocument", iam.update_assume_role_policy, RoleName=name,
                               PolicyDocument="{\"Version\": ")
        self.assertTrue(self.assertClientError4xx(iam.get_role, RoleName=unique("missing"))["Error"].get("Message"))
        # The failed calls made nothing.
        listed = [r["RoleName"] for page in iam.get_paginator("list_roles").paginate() for r in page["Roles"]]
        self.assertEqual(listed.count(name), 1)
        self.assertFalse([n for n in listed if n.startswith("bad-")], "a refused CreateRole made a role")

    def test_role_commands_with_the_cli(self):
        local = self.local
        name = unique("cli-role")
        policy_file = local.write("trust.json", trust_policy())
        role = local.aws("iam", "create-role", "--role-name", name, "--assume-role-policy-document",
                         f"file://{policy_file}", "--max-session-duration", "7200")["Role"]
        self.assertEqual(role["Arn"], f"arn:aws:iam::{local.account}:role/{name}")
        got = local.aws("iam", "get-role", "--role-name", name)["Role"]
        self.assertEqual(got["AssumeRolePolicyDocument"], json.loads(trust_policy()))
        self.assertEqual(got["MaxSessionDuration"], 7200)
        self.assertIn(name, [r["RoleName"] for r in local.aws("iam", "list-roles")["Roles"]])
        local.aws("iam", "attach-role-policy", "--role-name", name, "--policy-arn", READ_ONLY_ACCESS)
        attached = local.aws("iam", "list-attached-role-policies", "--role-name", name)["AttachedPolicies"]
        self.assertEqual([p["PolicyArn"] for p in attached], [READ_ONLY_ACCESS])
        local.aws("iam", "detach-role-policy", "--role-name", name, "--policy-arn", READ_ONLY_ACCESS)
        local.aws("iam", "delete-role", "--role-name", name)
        self.assertIn("NoSuchEntity", local.aws_error("iam", "get-role", "--role-name", name))

    def test_list_roles_pages_lose_nothing(self):
        iam = self.local.iam
        made = {self.local.create_role(name=unique("many")).rsplit("/", 1)[1] for _ in range(5)}
        names = [r["RoleName"] for page in iam.get_paginator("list_roles").paginate(PaginationConfig={"PageSize": 2})
                 for r in page["Roles"]]
        self.assertEqual(len(names), len(set(names)))
        self.assertTrue(made <= set(names))

    def test_admin_caller_identity(self):
        identity = self.local.sts.get_caller_identity()
        self.assertEqual(identity["Account"], self.local.account)
        self.assertTrue(identity["Arn"].startswith(f"arn:aws:"), identity["Arn"])
        cli = self.local.aws("sts", "get-caller-identity")
        self.assertEqual(cli["Account"], self.local.account)


# =============================================================================================
# CreateSession decisions, through the roles-anywhere client
# =============================================================================================

class CreateSessionDecisionTests(LocalAWSTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.allowed = cls.ca.leaf("allowed-cn")
        cls.other = cls.ca.leaf("other-cn")

    def test_standard_trust_policy_gives_credentials_that_sts_knows(self):
        local = self.local
        anchor, profile, role = local.setup(self.ca)
        creds = self.assertGetsCredentials(self.run_client(self.allowed, anchor, profile, role))
        expires = parse_expiration(creds["Expiration"])
        self.assertLess(abs((expires - NOW()).total_seconds() - 3600), 120, "default duration is one hour")
        sts = local.client_with("sts", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
        identity = sts.get_caller_identity()
        session = self.allowed.serial_hex
        self.assertEqual(identity["Arn"], f"arn:aws:sts::{local.account}:assumed-role/{role_name(role)}/{session}")
        self.assertEqual(identity["Account"], local.account)
        self.assertTrue(identity["UserId"].startswith("AROA") and identity["UserId"].endswith(":" + session),
                        identity["UserId"])
        role_id = local.iam.get_role(RoleName=role_name(role))["Role"]["RoleId"]
        self.assertEqual(identity["UserId"], f"{role_id}:{session}")

    def test_sessions_use_the_apis_only_as_their_role_allows(self):
        local = self.local
        anchor, profile, role = local.setup(self.ca)
        creds = self.assertGetsCredentials(self.run_client(self.allowed, anchor, profile, role))
        keys = (creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
        # No policy attached: no control plane, no IAM, no CloudTrail.
        ra = local.client_with("rolesanywhere", *keys)
        self.assertClientError("AccessDeniedException", ra.disable_trust_anchor, trustAnchorId=anchor["trustAnchorId"], status=403)
        self.assertClientError("AccessDenied", local.client_with("iam", *keys).create_role,
                               RoleName=unique("pwn"), AssumeRolePolicyDocument=trust_policy(), status=403)
        self.assertClientError("AccessDeniedException", local.client_with("cloudtrail", *keys).lookup_events, status=403)
        self.assertTrue(local.ra.get_trust_anchor(trustAnchorId=anchor["trustAnchorId"])["trustAnchor"]["enabled"])
        # ReadOnlyAccess: reads, never writes.
        local.iam.attach_role_policy(RoleName=role_name(role), PolicyArn=READ_ONLY_ACCESS)
        self.assertEqual(ra.get_trust_anchor(trustAnchorId=anchor["trustAnchorId"])["trustAnchor"]["trustAnchorArn"],
                         anchor["trustAnchorArn"])
        self.assertClientError("AccessDeniedException", ra.disable_trust_anchor, trustAnchorId=anchor["trustAnchorId"], status=403)
        local.iam.detach_role_policy(RoleName=role_name(role), PolicyArn=READ_ONLY_ACCESS)

    def test_aws_cli_profile_with_credential_process(self):
        local = self.local
        anchor, profile, role = local.setup(self.ca)
        command = local.client_command(self.allowed, anchor["trustAnchorArn"], profile["profileArn"], role)
        config = local.write("config", f"[profile ra]\nregion = {local.region}\n"
                                       f"credential_process = {shlex.join(command)}\n")
        env = local.cli_env(AWS_CONFIG_FILE=str(config), AWS_SHARED_CREDENTIALS_FILE=support.NO_FILE)
        identity = local.aws("sts", "get-caller-identity", "--profile", "ra", env=env)
        self.assertEqual(identity["Arn"],
                         f"arn:aws:sts::{local.account}:assumed-role/{role_name(role)}/{self.allowed.serial_hex}")

    def test_condition_on_the_subject_cn(self):
        policy = trust_policy(condition={"StringEquals": {"aws:PrincipalTag/x509Subject/CN": "allowed-cn"}})
        anchor, profile, role = self.local.setup(self.ca, policy=policy)
        self.assertGetsCredentials(self.run_client(self.allowed, anchor, profile, role), "CN=allowed-cn")
        self.assertRefused(self.run_client(self.other, anchor, profile, role), "CN=other-cn",
                           error="AccessDeniedException")

    def test_trust_policy_without_tag_session_refuses(self):
        policy = trust_policy(actions=("sts:AssumeRole", "sts:SetSourceIdentity"))
        anchor, profile, role = self.local.setup(self.ca, policy=policy)
        self.assertRefused(self.run_client(self.allowed, anchor, profile, role), "no sts:TagSession",
                           error="AccessDeniedException")

    def test_trust_policy_for_another_principal_refuses(self):
        policy = json.dumps({"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": list(STANDARD_ACTIONS)}]})
        anchor, profile, role = self.local.setup(self.ca, policy=policy)
        self.assertRefused(self.run_client(self.allowed, anchor, profile, role), "principal ec2",
                           error="AccessDeniedException")

    def test_condition_on_the_source_arn(self):
        local = self.local
        anchor = local.create_trust_anchor(self.ca)
        other_anchor = local.create_trust_anchor(self.ca)
        good = local.create_role(policy=trust_policy(condition={"ArnEquals": {"aws:SourceArn": anchor["trustAnchorArn"]}}))
        bad = local.create_role(policy=trust_policy(
            condition={"ArnEquals": {"aws:SourceArn": other_anchor["trustAnchorArn"]}}))
        profile = local.create_profile([good, bad])
        self.assertGetsCredentials(self.run_client(self.allowed, anchor, profile, good), "SourceArn = this anchor")
        self.assertRefused(self.run_client(self.allowed, anchor, profile, bad), "SourceArn = another anchor",
                           error="AccessDeniedException")

    def test_conditions_on_the_source_address_and_the_time(self):
        local = self.local
        anchor = local.create_trust_anchor(self.ca)
        loopback = local.create_role(policy=trust_policy(condition={
            "IpAddress": {"aws:SourceIp": "127.0.0.0/8"}, "DateLessThan": {"aws:CurrentTime": "2099-01-01T00:00:00Z"}}))
        elsewhere = local.create_role(policy=trust_policy(condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}))
        expired = local.create_role(policy=trust_policy(condition={"DateLessThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}))
        profile = local.create_profile([loopback, elsewhere, expired])
        self.assertGetsCredentials(self.run_client(self.allowed, anchor, profile, loopback), "from 127.0.0.1, before 2099")
        self.assertRefused(self.run_client(self.allowed, anchor, profile, elsewhere), "not from 10/8", error="AccessDeniedException")
        self.assertRefused(self.run_client(self.allowed, anchor, profile, expired), "after 2020", error="AccessDeniedException")

    def test_disabled_trust_anchor_refuses_until_enabled(self):
        ra = self.local.ra
        anchor, profile, role = self.local.setup(self.ca)
        self.assertGetsCredentials(self.run_client(self.allowed, anchor, profile, role), "before disabling")
        ra.disable_trust_anchor(trustAnchorId=anchor["trustAnchorId"])
        self.assertRefused(self.run_client(self.allowed, anchor, profile, role), "anchor disabled",
                           error="AccessDeniedException")
        ra.enable_trust_anchor(trustAnchorId=anchor["trustAnchorId"])
        self.assertGetsCredentials(self.run_client(self.allowed, anchor, profile, role), "anchor enabled again")

    def test_disabled_profile_refuses_until_enabled(self):
        ra = self.local.ra
        anchor, profile, role = self.local.setup(self.ca)
        self.assertGetsCredentials(self.run_client(self.allowed, anchor, profile, role), "before disabling")
        ra.disable_profile(profileId=profile["profileId"])
        self.assertRefused(self.run_client(self.allowed, anchor, profile, role), "profile disabled",
                           error="AccessDeniedException")
        ra.enable_profile(profileId=profile["profileId"])
        self.assertGetsCredentials(self.run_client(self.allowed, anchor, profile, role), "profile enabled again")

    def test_profile_duration_caps_the_session(self):
        anchor, profile, role = self.local.setup(self.ca, durationSeconds=900)
        creds = self.assertGetsCredentials(self.run_client(self.allowed, anchor, profile, role))
        left = (parse_expiration(creds["Expiration"]) - NOW()).total_seconds()
        self.assertLess(abs(left - 900), 90, f"Expiration is {left:.0f} s out, not about 15 minutes")
        # A shorter request than the profile's limit wins.
        anchor, profile, role = self.local.setup(self.ca, durationSeconds=7200, role_max=7200)
        creds = self.assertGetsCredentials(self.run_client(self.allowed, anchor, profile, role, duration=1200))
        left = (parse_expiration(creds["Expiration"]) - NOW()).total_seconds()
        self.assertLess(abs(left - 1200), 90, f"Expiration is {left:.0f} s out, not about 20 minutes")

    def test_duration_beyond_the_role_maximum_is_refused(self):
        anchor, profile, role = self.local.setup(self.ca, durationSeconds=7200)  # role MaxSessionDuration 3600
        self.assertRefused(self.run_client(self.allowed, anchor, profile, role, duration=7200), "7200 s > role max")
        self.assertGetsCredentials(self.run_client(self.allowed, anchor, profile, role, duration=3600), "3600 s")

    def test_role_not_in_the_profile_is_refused(self):
        anchor, profile, _ = self.local.setup(self.ca)
        stranger = self.local.create_role()
        self.assertRefused(self.run_client(self.allowed, anchor, profile, stranger), "role not in the profile")

    def test_role_session_name_only_when_the_profile_accepts_it(self):
        local = self.local
        anchor, profile, role = local.setup(self.ca)
        self.assertRefused(self.run_client(self.allowed, anchor, profile, role, session_name="my-session"),
                           "profile does not accept roleSessionName", error="AccessDeniedException")
        accepting = local.create_profile([role], acceptRoleSessionName=True)
        creds = self.assertGetsCredentials(
            self.run_client(self.allowed, anchor, accepting, role, session_name="my-session"), "accepting profile")
        sts = local.client_with("sts", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
        self.assertEqual(sts.get_caller_identity()["Arn"],
                         f"arn:aws:sts::{local.account}:assumed-role/{role_name(role)}/my-session")

    def test_subjects_record_the_certificate(self):
        ra, local = self.local.ra, self.local
        leaf = self.ca.leaf("subject-probe")
        anchor, profile, role = local.setup(self.ca)
        self.assertGetsCredentials(self.run_client(leaf, anchor, profile, role))
        subjects = [s for page in ra.get_paginator("list_subjects").paginate() for s in page["subjects"]]
        mine = [s for s in subjects if "CN=subject-probe" in s.get("x509Subject", "")]
        self.assertEqual(len(mine), 1, f"subjects: {[s.get('x509Subject') for s in subjects]}")
        subject_id = mine[0]["subjectId"]
        self.assertRegex(subject_id, f"^{UUID}$")
        self.assertEqual(mine[0]["subjectArn"], f"arn:aws:rolesanywhere:{local.region}:{local.account}:subject/{subject_id}")
        subject = ra.get_subject(subjectId=subject_id)["subject"]
        self.assertIn("CN=subject-probe", subject["x509Subject"])
        self.assertIsInstance(subject.get("lastSeenAt"), dt.datetime)
        serials = {support.normalize_serial(c.get("serialNumber", "")) for c in subject["credentials"]}
        forms = {support.normalize_serial(f) for f in serial_forms(leaf.serial_hex)}
        self.assertTrue(serials & forms, f"serial {leaf.serial_hex} not among {serials}")
        cli = local.aws("rolesanywhere", "list-subjects")["subjects"]
        self.assertIn(subject_id, [s["subjectId"] for s in cli])


# =============================================================================================
# Certificate rules and revocation
# =============================================================================================

class CertificateTests(LocalAWSTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.anchor, cls.profile, cls.role = cls.local.setup(cls.ca)

    def client(self, leaf, intermediates=None, anchor=None, profile=None):
        return self.run_client(leaf, anchor or self.anchor, profile or self.profile, self.role,
                               intermediates=intermediates)

    def python_status(self, leaf, intermediates=None):
        """CreateSession signed by AWS's Python library: None on success, else the HTTP status."""
        from iam_rolesanywhere_session import CredentialsRetrievalError

        signer = PythonSessionClient(self.local, leaf, self.anchor["trustAnchorArn"], self.profile["profileArn"],
                                     self.role, intermediates=intermediates)
        try:
            signer.create_session()
            return None
        except CredentialsRetrievalError as error:
            return error.status_code

    def test_good_leaf_and_good_chain_work(self):
        self.assertGetsCredentials(self.client(self.ca.leaf("good-leaf")), "leaf of the root")
        intermediate = self.ca.intermediate("Good Intermediate")
        self.assertGetsCredentials(self.client(intermediate.leaf("chained-leaf"), intermediates=intermediate.cert),
                                   "leaf of an intermediate")
        self.assertIsNone(self.python_status(self.ca.leaf("python-leaf")), "the Python client was refused")

    def test_sha1_signed_leaf_is_refused(self):
        # sha1WithRSAEncryption: our client loads it and sends it, so the service decides.
        rsa = new_ca("RSA Root", key_type="rsa")
        anchor, profile, role = self.local.setup(rsa)
        self.assertGetsCredentials(self.run_client(rsa.leaf("sha256-under-rsa"), anchor, profile, role), "SHA-256 leaf")
        self.assertRefused(self.run_client(rsa.leaf("sha1-under-rsa", digest="sha1"), anchor, profile, role),
                           "SHA-1 (RSA) leaf", error="AccessDeniedException")
        # ecdsa-with-SHA1: refused, whether by our client (which may not load it) or by the service.
        self.assertRefused(self.client(self.ca.leaf("sha1-leaf", digest="sha1")), "SHA-1 (ECDSA) leaf")

    def test_leaf_with_key_cert_sign_only_is_refused(self):
        leaf = self.ca.leaf("kcs-leaf", key_usage="critical,keyCertSign")
        self.assertRefused(self.client(leaf), "keyUsage keyCertSign only", error="AccessDeniedException")

    def test_leaf_that_is_a_ca_is_refused(self):
        leaf = self.ca.leaf("ca-leaf", basic_constraints="critical,CA:TRUE",
                            key_usage="critical,digitalSignature,keyCertSign")
        self.assertRefused(self.client(leaf), "CA:TRUE leaf", error="AccessDeniedException")

    def test_intermediate_without_key_cert_sign_is_refused(self):
        intermediate = self.ca.intermediate("No KCS Intermediate", key_usage="critical,digitalSignature,cRLSign")
        leaf = intermediate.leaf("under-bad-intermediate")
        self.assertRefused(self.client(leaf, intermediates=intermediate.cert), "intermediate lacks keyCertSign",
                           error="AccessDeniedException")

    def test_leaf_of_an_unknown_ca_is_refused(self):
        stranger = new_ca("Stranger Root")
        self.assertRefused(self.client(stranger.leaf("stranger-leaf")), "leaf of a CA no anchor trusts",
                           error="AccessDeniedException")

    def test_crl_of_the_root_revokes_one_leaf(self):
        local, ra = self.local, self.local.ra
        ca = new_ca("CRL Root")
        anchor, profile, role = local.setup(ca)
        revoked, kept = ca.leaf("revoked-leaf"), ca.leaf("kept-leaf")
        self.assertGetsCredentials(self.run_client(revoked, anchor, profile, role), "before the CRL")
        crl_path = ca.crl([revoked])
        crl = local.aws("rolesanywhere", "import-crl", "--name", unique("root-crl"), "--crl-data", f"fileb://{crl_path}",
                        "--trust-anchor-arn", anchor["trustAnchorArn"], "--enabled")["crl"]
        self.assertRefused(self.run_client(revoked, anchor, profile, role), "revoked leaf", error="AccessDeniedException")
        self.assertGetsCredentials(self.run_client(kept, anchor, profile, role), "other leaf, CRL imported")
        ra.disable_crl(crlId=crl["crlId"])
        self.assertGetsCredentials(self.run_client(revoked, anchor, profile, role), "revoked leaf, CRL disabled")
        ra.enable_crl(crlId=crl["crlId"])
        self.assertRefused(self.run_client(revoked, anchor, profile, role), "revoked leaf, CRL enabled again")
        ra.delete_crl(crlId=crl["crlId"])
        self.assertGetsCredentials(self.run_client(revoked, anchor, profile, role), "revoked leaf, CRL deleted")

    def test_crl_of_an_intermediate_revokes_one_leaf(self):
        local, ra = self.local, self.local.ra
        ca = new_ca("CRL Chain Root")
        intermediate = ca.intermediate("CRL Intermediate")
        anchor, profile, role = local.setup(ca)
        revoked, kept = intermediate.leaf("revoked-chained"), intermediate.leaf("kept-chained")
        chain = intermediate.cert
        self.assertGetsCredentials(self.run_client(revoked, anchor, profile, role, intermediates=chain), "before the CRL")
        crl_path = intermediate.crl([revoked])
        crl = ra.import_crl(name=unique("inter-crl"), crlData=Path(crl_path).read_bytes(),
                            trustAnchorArn=anchor["trustAnchorArn"], enabled=True)["crl"]
        self.assertRefused(self.run_client(revoked, anchor, profile, role, intermediates=chain), "revoked chained leaf",
                           error="AccessDeniedException")
        self.assertGetsCredentials(self.run_client(kept, anchor, profile, role, intermediates=chain), "other chained leaf")
        ra.disable_crl(crlId=crl["crlId"])
        self.assertGetsCredentials(self.run_client(revoked, anchor, profile, role, intermediates=chain),
                                   "revoked chained leaf, CRL disabled")


# =============================================================================================
# CloudTrail
# =============================================================================================

class CloudTrailTests(LocalAWSTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        local = cls.local
        cls.started = NOW() - dt.timedelta(seconds=2)
        cls.role_name = unique("trail-role")
        cls.role = local.create_role(name=cls.role_name)
        cls.cn_role = local.create_role(policy=trust_policy(
            condition={"StringEquals": {"aws:PrincipalTag/x509Subject/CN": "trail-allowed"}}))
        cls.anchor = local.create_trust_anchor(cls.ca, name=unique("trail-anchor"))
        cls.profile = local.create_profile([cls.role, cls.cn_role], name=unique("trail-profile"))
        local.ra.get_trust_anchor(trustAnchorId=cls.anchor["trustAnchorId"])
        cls.leaf = cls.ca.leaf("trail-leaf")
        cls._secrets = []
        cls.issued_key_ids = []
        for _ in range(3):
            result = local.credential_process(cls.leaf, cls.anchor["trustAnchorArn"], cls.profile["profileArn"], cls.role)
            if result.returncode != 0 or not result.creds:
                raise AssertionError(f"setup CreateSession failed: {result.describe()}")
            cls.issued_key_ids.append(result.creds["AccessKeyId"])
            cls._secrets += [result.creds["SecretAccessKey"], result.creds["SessionToken"]]
        refusals = [
            local.credential_process(cls.ca.leaf("trail-other"), cls.anchor["trustAnchorArn"],
                                     cls.profile["profileArn"], cls.cn_role),
            local.credential_process(new_ca("Trail Stranger").leaf("trail-stranger"), cls.anchor["trustAnchorArn"],
                                     cls.profile["profileArn"], cls.role),
        ]
        for result in refusals:
            if result.returncode == 0:
                raise AssertionError(f"setup: a CreateSession meant to be refused succeeded ({result.access_key_id})")
        cls.sessions, cls.refusals = 3, len(refusals)

    def events(self, attribute=None, **kwargs):
        """Every event of a lookup, through boto3's paginator."""
        if attribute:
            kwargs["LookupAttributes"] = [{"AttributeKey": attribute[0], "AttributeValue": attribute[1]}]
        return [e for page in self.local.cloudtrail.get_paginator("lookup_events").paginate(**kwargs)
                for e in page["Events"]]

    def assertNoSecrets(self, text, where):
        for secret in self._secrets:
            self.assertFalse(secret in text, f"an issued SecretAccessKey or SessionToken occurs in {where}")
        self.assertFalse(self.local.admin_secret_is_in(text), f"the admin secret access key occurs in {where}")

    def test_create_session_events(self):
        answer, raw = self.local.aws_text("cloudtrail", "lookup-events", "--lookup-attributes",
                                          "AttributeKey=EventName,AttributeValue=CreateSession")
        events = answer["Events"]
        self.assertEqual(len(events), self.sessions + self.refusals, "one event per CreateSession, refusals included")
        self.assertNoSecrets(raw, "lookup-events output")
        records = []
        for event in events:
            self.assertEqual(event["EventName"], "CreateSession")
            self.assertEqual(event["EventSource"], "rolesanywhere.amazonaws.com")
            self.assertIsInstance(event["CloudTrailEvent"], str)
            self.assertNoSecrets(event["CloudTrailEvent"], "a CloudTrailEvent")
            record = json.loads(event["CloudTrailEvent"])
            self.assertNoSecrets(json.dumps(record.get("responseElements")), "responseElements")
            for key in ("eventVersion", "eventSource", "eventName", "sourceIPAddress", "requestParameters"):
                self.assertIn(key, record, f"CloudTrailEvent lacks {key}")
            self.assertEqual(record["eventSource"], "rolesanywhere.amazonaws.com")
            self.assertEqual(record["eventName"], "CreateSession")
            self.assertEqual(record["sourceIPAddress"], "127.0.0.1")
            self.assertEqual(record.get("eventID"), event["EventId"])
            records.append(record)
        failed = [r for r in records if r.get("errorCode")]
        succeeded = [r for r in records if not r.get("errorCode")]
        self.assertEqual(len(failed), self.refusals)
        self.assertEqual({r["errorCode"] for r in failed}, {"AccessDeniedException"})
        self.assertEqual(len(succeeded), self.sessions)
        for record in succeeded:
            self.assertIn(self.profile["profileArn"], json.dumps(record["requestParameters"]))
            facts = record.get("additionalEventData")
            self.assertIsInstance(facts, dict, "a CreateSession record has additionalEventData")
            text = json.dumps(facts)
            self.assertIn("trail-leaf", text, "additionalEventData names the certificate's subject")
            self.assertIn(self.ca.name, text, "additionalEventData names the certificate's issuer")
            self.assertTrue(any(form in text for form in serial_forms(self.leaf.serial_hex)),
                            f"additionalEventData lacks the serial {self.leaf.serial_hex}")

    def test_control_plane_and_iam_calls_are_recorded(self):
        local = self.local
        anchors = self.events(("EventName", "CreateTrustAnchor"))
        self.assertEqual(len(anchors), 1)
        event = anchors[0]
        self.assertEqual(event["EventSource"], "rolesanywhere.amazonaws.com")
        self.assertEqual(event["ReadOnly"], "false")
        self.assertEqual(event.get("AccessKeyId"), local.admin_key_id)
        record = json.loads(event["CloudTrailEvent"])
        for key in ("eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion",
                    "sourceIPAddress", "requestParameters", "eventID"):
            self.assertIn(key, record, f"CloudTrailEvent lacks {key}")
        self.assertEqual(record["eventName"], "CreateTrustAnchor")
        self.assertEqual(record["awsRegion"], local.region)
        self.assertEqual(record["eventID"], event["EventId"])
        self.assertIsInstance(record["requestParameters"], dict)
        self.assertGreaterEqual(event["EventTime"], self.started)
        self.assertLessEqual(event["EventTime"], NOW() + dt.timedelta(seconds=5))
        self.assertEqual(len(self.events(("EventName", "CreateProfile"))), 1)

        iam_events = self.events(("EventSource", "iam.amazonaws.com"))
        self.assertEqual({e["EventSource"] for e in iam_events}, {"iam.amazonaws.com"})
        create_roles = [e for e in iam_events if e["EventName"] == "CreateRole"]
        self.assertEqual(len(create_roles), 2)
        for e in create_roles:
            record = json.loads(e["CloudTrailEvent"])
            self.assertEqual(record["eventSource"], "iam.amazonaws.com")
            self.assertEqual(record["eventName"], "CreateRole")
        cli = local.aws("cloudtrail", "lookup-events", "--lookup-attributes",
                        "AttributeKey=EventSource,AttributeValue=iam.amazonaws.com")["Events"]
        self.assertEqual(sorted(e["EventId"] for e in cli), sorted(e["EventId"] for e in iam_events))

    def test_lookup_by_resource_name(self):
        candidates = [e for name in ("CreateRole", "CreateTrustAnchor", "CreateProfile")
                      for e in self.events(("EventName", name)) if e.get("Resources")]
        self.assertTrue(candidates, "no CreateRole/CreateTrustAnchor/CreateProfile event names a resource")
        target = candidates[0]
        resource_name = target["Resources"][0]["ResourceName"]
        found = self.events(("ResourceName", resource_name))
        self.assertIn(target["EventId"], [e["EventId"] for e in found])
        for event in found:
            self.assertIn(resource_name, [r.get("ResourceName") for r in event.get("Resources", [])])
        self.assertEqual(self.events(("ResourceName", unique("nothing-has-this-name"))), [])

    def test_lookup_by_read_only_and_access_key(self):
        writes = self.events(("ReadOnly", "false"))
        reads = self.events(("ReadOnly", "true"))
        self.assertEqual({e["ReadOnly"] for e in writes}, {"false"})
        self.assertEqual({e.get("ReadOnly") for e in reads}, {"true"})
        self.assertIn("CreateTrustAnchor", {e["EventName"] for e in writes})
        self.assertIn("GetTrustAnchor", {e["EventName"] for e in reads})
        self.assertFalse({e["EventId"] for e in writes} & {e["EventId"] for e in reads})
        mine = self.events(("AccessKeyId", self.local.admin_key_id))
        self.assertEqual({e.get("AccessKeyId") for e in mine}, {self.local.admin_key_id})
        self.assertIn("CreateTrustAnchor", {e["EventName"] for e in mine})

    def test_lookup_by_time(self):
        ra = self.local.ra  # the class's CreateSessions are done: disabling its anchor for a moment is harmless
        ra.disable_trust_anchor(trustAnchorId=self.anchor["trustAnchorId"])
        time.sleep(1.3)
        middle = NOW()
        time.sleep(1.3)
        ra.enable_trust_anchor(trustAnchorId=self.anchor["trustAnchorId"])
        after = {e["EventName"] for e in self.events(StartTime=middle)}
        before = {e["EventName"] for e in self.events(EndTime=middle)}
        self.assertIn("EnableTrustAnchor", after)
        self.assertNotIn("DisableTrustAnchor", after)
        self.assertIn("DisableTrustAnchor", before)
        self.assertNotIn("EnableTrustAnchor", before)
        self.assertEqual(self.events(EndTime=self.started - dt.timedelta(minutes=5)), [],
                         "events before the emulator started")
        window = self.events(("EventName", "CreateSession"), StartTime=self.started, EndTime=NOW())
        self.assertEqual(len(window), self.sessions + self.refusals)
        cli = self.local.aws("cloudtrail", "lookup-events", "--start-time", middle.strftime("%Y-%m-%dT%H:%M:%SZ"),
                             "--lookup-attributes", "AttributeKey=EventName,AttributeValue=EnableTrustAnchor")["Events"]
        self.assertEqual(len(cli), 1)

    def test_pagination(self):
        ct = self.local.cloudtrail
        until = NOW() + dt.timedelta(seconds=1)
        source = ("EventSource", "rolesanywhere.amazonaws.com")
        everything = ct.lookup_events(LookupAttributes=[{"AttributeKey": source[0], "AttributeValue": source[1]}],
                                      EndTime=until, MaxResults=50)
        self.assertNotIn("NextToken", everything, "more than 50 events: the test expects fewer")
        expected = [e["EventId"] for e in everything["Events"]]
        self.assertGreaterEqual(len(expected), 7)
        self.assertEqual(len(expected), len(set(expected)))

        pages = list(ct.get_paginator("lookup_events").paginate(
            LookupAttributes=[{"AttributeKey": source[0], "AttributeValue": source[1]}], EndTime=until,
            PaginationConfig={"PageSize": 3}))
        self.assertGreaterEqual(len(pages), 3)
        for page in pages:
            self.assertLessEqual(len(page["Events"]), 3)
        ids = [e["EventId"] for page in pages for e in page["Events"]]
        self.assertEqual(len(ids), len(set(ids)), "an event appears on two pages")
        self.assertEqual(sorted(ids), sorted(expected), "pages lost or added events")

        tokens, token, manual = set(), None, []
        while True:
            kwargs = {"NextToken": token} if token else {}
            page = ct.lookup_events(LookupAttributes=[{"AttributeKey": source[0], "AttributeValue": source[1]}],
                                    EndTime=until, MaxResults=2, **kwargs)
            manual += [e["EventId"] for e in page["Events"]]
            token = page.get("NextToken")
            if not token:
                break
            self.assertNotIn(token, tokens, "a NextToken came twice")
            tokens.add(token)
        self.assertEqual(sorted(manual), sorted(expected))

        end = (until + dt.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        cli = self.local.aws("cloudtrail", "lookup-events", "--page-size", "2", "--end-time", end,
                             "--lookup-attributes", f"AttributeKey={source[0]},AttributeValue={source[1]}")["Events"]
        self.assertEqual(sorted(e["EventId"] for e in cli), sorted(expected))

    def test_bad_lookups_are_refused(self):
        ct = self.local.cloudtrail
        self.assertClientError("InvalidLookupAttributesException", ct.lookup_events, LookupAttributes=[
            {"AttributeKey": "EventName", "AttributeValue": "CreateSession"},
            {"AttributeKey": "EventSource", "AttributeValue": "iam.amazonaws.com"}], status=400)
        raw = self.local.client("cloudtrail", parameter_validation=False)
        self.assertClientError4xx(raw.lookup_events, MaxResults=51)
        self.assertClientError4xx(raw.lookup_events, LookupAttributes=[
            {"AttributeKey": "NotAKey", "AttributeValue": "x"}])

    def test_no_secret_anywhere_in_the_trail(self):
        pages = list(self.local.cloudtrail.get_paginator("lookup_events").paginate())
        text = json.dumps([e for page in pages for e in page["Events"]], default=str)
        self.assertNoSecrets(text, "the whole trail")
        for event in (e for page in pages for e in page["Events"]):
            self.assertNoSecrets(json.dumps(json.loads(event["CloudTrailEvent"])), f"event {event['EventName']}")


# =============================================================================================
# Persistence across restarts, and a corrupt state folder
# =============================================================================================

class PersistenceTests(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        cls.ca = new_ca("Persistence Root")

    def setUp(self):
        self.emulators = []

    def tearDown(self):
        for emulator in self.emulators:
            emulator.stop()

    def start(self, state_dir):
        emulator = Emulator(state_dir)
        self.emulators.append(emulator)
        emulator.start()
        return emulator, LocalAWS(emulator)

    def snapshot(self, local):
        ra = local.ra
        anchors = sorted((a["trustAnchorArn"], a["name"], a["enabled"])
                         for page in ra.get_paginator("list_trust_anchors").paginate() for a in page["trustAnchors"])
        profiles = sorted((p["profileArn"], p["name"], p["durationSeconds"], tuple(p["roleArns"]))
                          for page in ra.get_paginator("list_profiles").paginate() for p in page["profiles"])
        roles = sorted((r["Arn"], r["RoleId"]) for page in local.iam.get_paginator("list_roles").paginate()
                       for r in page["Roles"])
        subjects = sorted(s["subjectArn"] for page in ra.get_paginator("list_subjects").paginate() for s in page["subjects"])
        crls = sorted(c["crlArn"] for page in ra.get_paginator("list_crls").paginate() for c in page["crls"])
        return {"anchors": anchors, "profiles": profiles, "roles": roles, "subjects": subjects, "crls": crls}

    def test_restart_serves_the_same_resources_and_events(self):
        state = support.ROOT / "state" / unique("persist")
        first, local = self.start(state)
        anchor, profile, role = local.setup(self.ca, durationSeconds=1800)
        local.ra.disable_profile(profileId=local.create_profile([role], name=unique("off"))["profileId"])
        local.ra.tag_resource(resourceArn=anchor["trustAnchorArn"], tags=[{"key": "kept", "value": "yes"}])
        local.ra.import_crl(name=unique("crl"), crlData=self.ca.crl().read_bytes(),
                            trustAnchorArn=anchor["trustAnchorArn"], enabled=True)
        local.iam.attach_role_policy(RoleName=role_name(role), PolicyArn=READ_ONLY_ACCESS)
        leaf = self.ca.leaf("persisted-leaf")
        result = local.credential_process(leaf, anchor["trustAnchorArn"], profile["profileArn"], role)
        self.assertEqual(result.returncode, 0, result.describe())
        before = self.snapshot(local)
        self.assertEqual(len(before["subjects"]), 1)
        events_before = sorted(e["EventId"] for page in local.cloudtrail.get_paginator("lookup_events").paginate()
                               for e in page["Events"])
        self.assertTrue(events_before)
        credentials_file = first.ready["adminCredentialsFile"]
        credentials_bytes = Path(credentials_file).read_bytes()
        first.stop()

        second, local = self.start(state)
        self.assertEqual(second.ready["adminCredentialsFile"], credentials_file)
        self.assertEqual(Path(credentials_file).read_bytes(), credentials_bytes, "the admin credentials changed")
        self.assertEqual(os.stat(credentials_file).st_mode & 0o777, 0o600)
        self.assertEqual(second.ready.get("accountId"), first.ready.get("accountId"))
        after = self.snapshot(local)
        self.assertEqual(after, before)
        events_after = {e["EventId"] for page in local.cloudtrail.get_paginator("lookup_events").paginate()
                        for e in page["Events"]}
        self.assertTrue(set(events_before) <= events_after, "events recorded before the restart are gone")
        creates = self.events_named(local, "CreateSession")
        self.assertEqual(len(creates), 1)
        self.assertEqual(local.ra.list_tags_for_resource(resourceArn=anchor["trustAnchorArn"])["tags"],
                         [{"key": "kept", "value": "yes"}])
        self.assertEqual([p["PolicyArn"] for p in local.iam.list_attached_role_policies(
            RoleName=role_name(role))["AttachedPolicies"]], [READ_ONLY_ACCESS])
        # The CLI sees the same, and the restored resources still issue credentials.
        cli_anchors = local.aws("rolesanywhere", "list-trust-anchors")["trustAnchors"]
        self.assertEqual(sorted(a["trustAnchorArn"] for a in cli_anchors), [a[0] for a in before["anchors"]])
        cli_profiles = local.aws("rolesanywhere", "list-profiles")["profiles"]
        self.assertEqual(sorted(p["profileArn"] for p in cli_profiles), [p[0] for p in before["profiles"]])
        cli_roles = local.aws("iam", "list-roles")["Roles"]
        self.assertEqual(sorted(r["Arn"] for r in cli_roles), [r[0] for r in before["roles"]])
        cli_events = local.aws("cloudtrail", "lookup-events", "--lookup-attributes",
                               "AttributeKey=EventName,AttributeValue=CreateSession")["Events"]
        self.assertEqual(sorted(e["EventId"] for e in cli_events), sorted(e["EventId"] for e in creates))
        result = local.credential_process(leaf, anchor["trustAnchorArn"], profile["profileArn"], role)
        self.assertEqual(result.returncode, 0, result.describe())

    def test_issued_credentials_outlive_a_restart(self):
        state = support.ROOT / "state" / unique("issued")
        first, local = self.start(state)
        anchor, profile, role = local.setup(self.ca)
        leaf = self.ca.leaf("kept-session")
        result = local.credential_process(leaf, anchor["trustAnchorArn"], profile["profileArn"], role)
        self.assertEqual(result.returncode, 0, result.describe())
        creds = result.creds
        first.stop()
        second, local = self.start(state)
        sts = local.client_with("sts", creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
        self.assertEqual(sts.get_caller_identity()["Arn"],
                         f"arn:aws:sts::{local.account}:assumed-role/{role_name(role)}/{leaf.serial_hex}")

    def test_one_state_folder_serves_one_emulator(self):
        state = support.ROOT / "state" / unique("locked")
        self.start(state)
        second = Emulator(state)
        self.emulators.append(second)
        second.spawn()
        status = second.wait_exit(30)
        self.assertNotEqual(status, 0)
        self.assertIn("is in use by another roles-anywhere-emulator", second.stderr_text())
        self.assertEqual(len([line for line in second.stderr_text().splitlines() if line.strip()]), 1, second.stderr_text())

    def test_a_deleted_quick_start_trust_anchor_stays_deleted(self):
        state = support.ROOT / "state" / unique("seeded")
        emulator = Emulator(state, extra_args=("--trust-anchor-ca", str(self.ca.cert)))
        self.emulators.append(emulator)
        emulator.start()
        local = LocalAWS(emulator)
        anchor_id = emulator.ready["trustAnchorArn"].rsplit("/", 1)[1]
        local.ra.delete_trust_anchor(trustAnchorId=anchor_id)
        emulator.stop()
        again = Emulator(state, extra_args=("--trust-anchor-ca", str(self.ca.cert)))
        self.emulators.append(again)
        again.start()
        self.assertEqual(LocalAWS(again).ra.list_trust_anchors()["trustAnchors"], [])

    @staticmethod
    def events_named(local, name):
        return [e for page in local.cloudtrail.get_paginator("lookup_events").paginate(
            LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": name}]) for e in page["Events"]]

    def test_corrupt_database_is_refused_and_kept(self):
        state = support.ROOT / "state" / unique("corrupt")
        emulator, local = self.start(state)
        local.create_role()
        emulator.stop()
        databases = sorted(p for p in state.rglob("*.sqlite") if p.is_file())
        self.assertTrue(databases, f"no *.sqlite file in the state folder: {sorted(p.name for p in state.rglob('*'))}")
        database = databases[0]
        garbage = b"this is not an SQLite database\n" * 512
        database.write_bytes(garbage)
        # A leftover write-ahead log could still hold every page and mask the damage.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(str(database) + suffix).unlink(missing_ok=True)

        broken = Emulator(state)
        self.emulators.append(broken)
        broken.spawn()
        status = broken.wait_exit(30)
        self.assertIsNotNone(status, "the emulator kept running on a corrupt database")
        self.assertNotEqual(status, 0)
        self.assertGreater(status, 0, f"killed by signal {-status}, not a clean refusal")
        self.assertEqual(broken.stdout_path.read_bytes().strip(), b"", "printed a ready line on a corrupt database")
        stderr = broken.stderr_text()
        lines = [line for line in stderr.splitlines() if line.strip()]
        self.assertEqual(len(lines), 1, f"stderr should be one line: {stderr[:2000]!r}")
        for marker in ("Fatal error", "Stack dump", "Traceback", "0x0000"):
            self.assertNotIn(marker, stderr)
        self.assertEqual(database.read_bytes(), garbage, "the corrupt database was replaced or changed")


# =============================================================================================
# Concurrency: nothing lost under 32 calls in flight
# =============================================================================================

class ConcurrencyTests(LocalAWSTestCase):
    WORKERS = 32
    CALLS = 1000

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        local = cls.local
        cls.anchor, cls.profile, cls.role = local.setup(cls.ca)
        cls.anchors = [local.create_trust_anchor(cls.ca, name=unique("busy")) for _ in range(20)]
        cls.leaves = [cls.ca.leaf(f"busy-leaf-{i}") for i in range(4)]

    def count_events(self, name):
        pages = self.local.cloudtrail.get_paginator("lookup_events").paginate(
            LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": name}])
        ids = [e["EventId"] for page in pages for e in page["Events"]]
        self.assertEqual(len(ids), len(set(ids)), f"a {name} event appears twice across pages")
        return len(ids)

    def run_all(self, work):
        failures, results = [], []
        with ThreadPoolExecutor(max_workers=self.WORKERS) as pool:
            futures = [pool.submit(work, i) for i in range(self.CALLS)]
            for future in futures:
                try:
                    results.append(future.result())
                except ClientError as error:
                    failures.append(f"{error.response['Error'].get('Code')}: {error.response['Error'].get('Message')}")
                except Exception as error:  # noqa: BLE001 - reported below, without secrets
                    failures.append(f"{type(error).__name__}: {getattr(error, 'message', '')}{str(error)[:200]}")
        return results, failures

    def test_control_plane_calls(self):
        ra = self.local.client("rolesanywhere")
        names = [f"busy-profile-{i}" for i in range(0, self.CALLS, 5)]
        anchors = self.anchors
        arns = [a["trustAnchorArn"] for a in anchors]

        def work(i):
            kind = i % 5
            if kind == 0:
                return ra.create_profile(name=f"busy-profile-{i}", roleArns=[self.role], enabled=True)["profile"]["name"]
            if kind == 1:
                ra.tag_resource(resourceArn=arns[(i // 5) % 20], tags=[{"key": f"k{i}", "value": str(i)}])
                return None
            if kind == 2:
                a = anchors[i % 20]
                got = ra.get_trust_anchor(trustAnchorId=a["trustAnchorId"])["trustAnchor"]
                if got["trustAnchorArn"] != a["trustAnchorArn"]:
                    raise AssertionError("GetTrustAnchor answered another trust anchor")
                return None
            if kind == 3:
                return ra.get_profile(profileId=self.profile["profileId"])["profile"]["profileId"]
            ra.list_tags_for_resource(resourceArn=arns[i % 20])
            return None

        started = time.monotonic()
        _, failures = self.run_all(work)
        elapsed = time.monotonic() - started
        print(f"\n  {self.CALLS} control-plane calls, {self.WORKERS} in flight: {elapsed:.1f} s", file=sys.stderr)
        self.assertEqual(failures, [], f"{len(failures)} calls failed")

        profiles = [p for page in self.local.ra.get_paginator("list_profiles").paginate(pageSize=50)
                    for p in page["profiles"]]
        ids = [p["profileId"] for p in profiles]
        self.assertEqual(len(ids), len(set(ids)), "a profile listed twice")
        listed = sorted(p["name"] for p in profiles if p["name"].startswith("busy-profile-"))
        self.assertEqual(listed, sorted(names))
        self.assertEqual(len(profiles), len(names) + 1)
        for index, arn in enumerate(arns):
            keys = {t["key"] for t in self.local.ra.list_tags_for_resource(resourceArn=arn)["tags"]}
            expected = {f"k{i}" for i in range(1, self.CALLS, 5) if (i // 5) % 20 == index}
            self.assertEqual(keys, expected, f"tags of trust anchor {index}")
        self.assertEqual(self.count_events("CreateProfile"), len(names) + 1)
        self.assertEqual(self.count_events("TagResource"), self.CALLS // 5)

    def test_create_sessions(self):
        import threading

        local = self.local
        state = threading.local()

        def work(i):
            signers = getattr(state, "signers", None)
            if signers is None:
                signers = state.signers = {}
            index = i % len(self.leaves)
            if index not in signers:
                signers[index] = PythonSessionClient(local, self.leaves[index], self.anchor["trustAnchorArn"],
                                                     self.profile["profileArn"], self.role)
            creds = signers[index].create_session()
            if not (creds.get("access_key") and creds.get("secret_key") and creds.get("token")):
                raise AssertionError("a CreateSession answer lacked a credential field")
            return creds["access_key"]

        started = time.monotonic()
        key_ids, failures = self.run_all(work)
        elapsed = time.monotonic() - started
        print(f"\n  {self.CALLS} CreateSessions, {self.WORKERS} in flight: {elapsed:.1f} s", file=sys.stderr)
        self.assertEqual(failures[:5], [], f"{len(failures)} CreateSessions failed")
        self.assertEqual(len(key_ids), self.CALLS)
        self.assertEqual(len(set(key_ids)), self.CALLS, "an access key id was issued twice")
        self.assertEqual(self.count_events("CreateSession"), self.CALLS)
        subjects = [s["x509Subject"] for page in local.ra.get_paginator("list_subjects").paginate()
                    for s in page["subjects"]]
        for leaf in self.leaves:
            pattern = rf"CN={re.escape(leaf.common_name)}(?![\w-])"
            self.assertEqual(len([s for s in subjects if re.search(pattern, s)]), 1, f"subject of {leaf.common_name}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
