import Foundation
import RolesAnywhereTestSupport
import XCTest

/// `exec -- COMMAND`: credentials in the child's environment (read by boto3), its exit status
/// and signals; `env:` inputs in place of files; the FIPS endpoint.
final class ExecTests: XCTestCase {
    private func leaf(_ name: String) throws -> EndToEndFixture.LeafFiles {
        let fixture = try EndToEndFixture.get()
        return try fixture.writeLeaf(try fixture.root.issueLeaf(LeafOptions(commonName: name)), name: name)
    }

    private func python() throws -> String {
        if let python = InteropTools.python { return python }
        throw XCTSkip("python3 is missing")
    }

    func testBoto3InTheChildCallsGetCallerIdentityWithTheCredentials() throws {
        let fixture = try EndToEndFixture.get()
        let files = try leaf("exec-boto3")
        let script = """
            import os, boto3
            assert "AWS_PROFILE" not in os.environ and "AWS_DEFAULT_PROFILE" not in os.environ, "profiles must be removed"
            assert os.environ["AWS_CREDENTIAL_EXPIRATION"].endswith("Z")
            sts = boto3.client("sts", endpoint_url=os.environ["RA_ENDPOINT"], region_name=os.environ["AWS_REGION"], verify=os.environ["RA_CA"])
            print(sts.get_caller_identity()["Arn"])
            """
        let outcome = try fixture.run(
            ["exec", "--certificate", files.certificate, "--private-key", files.key, "--region", "us-east-1", "--role-session-name", "exec-child"]
                + fixture.sessionArguments + ["--", try python(), "-c", script],
            environment: [
                "AWS_PROFILE": "must-not-reach-the-child", "AWS_DEFAULT_PROFILE": "nor-this", "RA_ENDPOINT": fixture.emulator.ready.endpoint,
                "RA_CA": fixture.emulator.ready.caBundle, "XDG_CACHE_HOME": fixture.cacheHome,
                "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            ])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.stdout, "arn:aws:sts::123456789012:assumed-role/roles-anywhere-demo/exec-child\n")
    }

    func testTheChildsExitStatusIsOursAndAMissingProgramIsOneLine() throws {
        let fixture = try EndToEndFixture.get()
        let files = try leaf("exec-status")
        let key = ["--certificate", files.certificate, "--private-key", files.key, "--no-cache"] + fixture.sessionArguments
        let three = try fixture.run(["exec"] + key + ["--", "/bin/sh", "-c", "exit 3"])
        XCTAssertEqual(three.status, 3, three.stderr)
        XCTAssertEqual(three.stderr, "")
        let killed = try fixture.run(["exec"] + key + ["--", "/bin/sh", "-c", "kill -TERM $$"])
        XCTAssertEqual(killed.status, SIGTERM, "exec became the shell, so the signal that ended it is what its parent sees")
        let missing = try fixture.run(["exec"] + key + ["--", "no-such-program-here"])
        OutputAssertions.assertFailure(missing, exitCode: 127, containing: "cannot run 'no-such-program-here': no such program on PATH")
        let empty = try fixture.run(["exec"] + key)
        OutputAssertions.assertFailure(empty, exitCode: 64, containing: "give the command to run after --")
        // Nothing secret on the child's command line: the credentials are only in its environment.
        let argv = try fixture.run(["exec"] + key + ["--", "/bin/sh", "-c", "cat /proc/$$/cmdline | tr '\\\\0' ' '"])
        XCTAssertFalse(argv.stdout.contains("ASIA"), argv.stdout)
    }

    func testTheLongLivedSecretsStayWithExec() throws {
        let fixture = try EndToEndFixture.get()
        let leaf = try fixture.root.issueLeaf(LeafOptions(commonName: "exec-secrets"))
        let outcome = try fixture.run(
            ["exec", "--certificate", "env:RA_CERT", "--private-key", "env:RA_KEY", "--no-cache"] + fixture.sessionArguments
                + ["--", "/bin/sh", "-c", "echo \"${RA_KEY:-no key} ${RA_CERT:-no certificate} ${AWS_ACCESS_KEY_ID%${AWS_ACCESS_KEY_ID#????}}\""],
            environment: ["RA_CERT": leaf.certificatePEM, "RA_KEY": leaf.key.pkcs8PEM])
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.stdout, "no key no certificate ASIA\n")
    }

    func testTheCommandKeepsWhatItsParentSet() throws {
        // Our hardening (core size 0) is undone for the command: a parent's unlimited core size
        // reaches it as it was. (Signal actions a parent ignored are already replaced by the
        // Swift runtime before our code runs.)
        let fixture = try EndToEndFixture.get()
        let files = try leaf("exec-parent")
        let exec = ([BuiltProducts.rolesAnywhere, "exec", "--certificate", files.certificate, "--private-key", files.key, "--no-cache"]
            + fixture.sessionArguments + ["--", "/bin/sh", "-c", "ulimit -c"]).map { "'\($0)'" }.joined(separator: " ")
        let outcome = try ProcessRunner("/bin/bash", ["-c", "ulimit -c unlimited && exec \(exec)"]).run()
        XCTAssertEqual(outcome.status, 0, outcome.stderr)
        XCTAssertEqual(outcome.stdout, "unlimited\n")
    }

    func testSIGTERMIsPassedToTheChildWhoseCleanExitIsZero() throws {
        let fixture = try EndToEndFixture.get()
        let files = try leaf("exec-signal")
        let script = """
            import signal, sys, time
            signal.signal(signal.SIGTERM, lambda *_: (print("got", signal.SIGTERM.value, flush=True), sys.exit(0)))
            print("ready", flush=True)
            time.sleep(60)
            """
        let command = try LongRunningCommand(
            ["exec", "--certificate", files.certificate, "--private-key", files.key, "--no-cache"] + fixture.sessionArguments
                + ["--", try python(), "-c", script])
        XCTAssertEqual(try command.lines(1), ["ready"])
        let ending = command.stop(signal: SIGTERM)
        XCTAssertFalse(ending.signaled)
        XCTAssertEqual(ending.status, 0, ending.stderr)
    }

    func testEnvironmentInputsForEveryKeyFormat() throws {
        let fixture = try EndToEndFixture.get()
        let leaf = try fixture.root.issueLeaf(LeafOptions(commonName: "env-inputs"))
        let der = try XCTUnwrap(pemBody(leaf.certificatePEM))
        let keyDER = try XCTUnwrap(pemBody(leaf.key.pkcs8PEM))
        let cases: [(String, [String: String])] = [
            ("PEM certificate and PKCS#8 key", ["RA_CERT": leaf.certificatePEM, "RA_KEY": leaf.key.pkcs8PEM]),
            ("traditional key", ["RA_CERT": leaf.certificatePEM, "RA_KEY": leaf.key.traditionalPEM]),
            ("base64 DER certificate and key", ["RA_CERT": der, "RA_KEY": keyDER]),
            ("base64 DER folded over lines", ["RA_CERT": stride(from: 0, to: der.count, by: 64).map { String(der.dropFirst($0).prefix(64)) }.joined(separator: "\n"), "RA_KEY": keyDER]),
        ]
        for (name, environment) in cases {
            let outcome = try fixture.run(
                ["credential-process", "--certificate", "env:RA_CERT", "--private-key", "env:RA_KEY", "--no-cache"] + fixture.sessionArguments,
                environment: environment)
            OutputAssertions.assertCredentials(outcome)
            XCTAssertEqual(outcome.stderr, "", name)
        }
        // The cache takes env: inputs too: the second run is a hit.
        let cached = ["credential-process", "--certificate", "env:RA_CERT", "--private-key", "env:RA_KEY"] + fixture.sessionArguments
        let environment = ["RA_CERT": leaf.certificatePEM, "RA_KEY": leaf.key.pkcs8PEM, "XDG_CACHE_HOME": fixture.files.path("env-cache")]
        let first = try fixture.run(cached, environment: environment)
        let second = try fixture.run(cached, environment: environment)
        OutputAssertions.assertCredentials(second)
        XCTAssertEqual(first.stdout, second.stdout, "the second run answers from the cache")
    }

    func testBadEnvironmentInputsAreOneLineWithoutTheValue() throws {
        let fixture = try EndToEndFixture.get()
        let files = try leaf("env-bad")
        let unset = try fixture.run(
            ["credential-process", "--certificate", "env:RA_UNSET_VARIABLE", "--private-key", files.key, "--no-cache"] + fixture.sessionArguments)
        OutputAssertions.assertFailure(
            unset, exitCode: 65,
            containing: "the certificate file (--certificate) 'env:RA_UNSET_VARIABLE' names the environment variable RA_UNSET_VARIABLE, which is not set")
        let garbage = try fixture.run(
            ["credential-process", "--certificate", files.certificate, "--private-key", "env:RA_KEY", "--no-cache"] + fixture.sessionArguments,
            environment: ["RA_KEY": "not-a-key-but-a-secret-value!"])
        OutputAssertions.assertFailure(garbage, exitCode: 65, containing: "the environment variable RA_KEY holds neither PEM text nor base64 DER")
        XCTAssertFalse(garbage.stderr.contains("secret-value"), garbage.stderr)
        let doctor = try fixture.run(
            ["doctor", "--certificate", "env:RA_CERT", "--private-key", "env:RA_KEY"] + fixture.sessionArguments,
            environment: ["RA_CERT": files.leaf.certificatePEM, "RA_KEY": files.leaf.key.pkcs8PEM])
        XCTAssertEqual(doctor.status, 0, doctor.stdout + doctor.stderr)
    }

    func testUseFIPSEndpointSendsTheRequestToTheFIPSHost() throws {
        let fixture = try EndToEndFixture.get()
        let files = try leaf("fips")
        var session = fixture.sessionArguments
        for flag in ["--endpoint", "--ca-bundle"] {
            if let index = session.firstIndex(of: flag) { session.removeSubrange(index...(index + 1)) }
        }
        // A one-shot "proxy" that records the CONNECT line and hangs up: nothing leaves the machine.
        let proxy = Process()
        proxy.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        proxy.arguments = ["-c", """
            import socket
            s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
            print(s.getsockname()[1], flush=True)
            c, _ = s.accept(); print(c.recv(4096).decode().split("\\r\\n")[0], flush=True); c.close()
            """]
        let out = Pipe()
        proxy.standardOutput = out
        try proxy.run()
        defer { proxy.terminate() }
        let reader = out.fileHandleForReading
        var first = Data()
        while !first.contains(UInt8(ascii: "\n")) {
            let chunk = reader.availableData
            guard !chunk.isEmpty else { break }
            first.append(chunk)
        }
        let port = try XCTUnwrap(String(decoding: first, as: UTF8.self).split(separator: "\n").first)
        let outcome = try fixture.run(
            ["credential-process", "--certificate", files.certificate, "--private-key", files.key, "--no-cache", "--with-proxy",
             "--use-fips-endpoint"] + session,
            environment: ["HTTPS_PROXY": "http://127.0.0.1:\(port)"], timeout: 60)
        proxy.waitUntilExit()
        let seen = String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        // (The port line may reach us in two reads: only the CONNECT line is compared.)
        XCTAssertEqual(
            seen.split(separator: "\n").first { $0.hasPrefix("CONNECT") }, "CONNECT rolesanywhere-fips.us-east-1.amazonaws.com:443 HTTP/1.1")
        XCTAssertNotEqual(outcome.status, 0)
    }

    func testTheReadmeCIJobLinesRunAsWritten() throws {
        let fixture = try EndToEndFixture.get()
        let aws = try ServeFixture.awsCLI()
        let leaf = try fixture.root.issueLeaf(LeafOptions(commonName: "ci-job"))
        let lines = try ReadmeCommandsTests.shellBlocks().filter { $0.first?.hasPrefix("roles-anywhere exec --certificate env:RA_CERT") == true }
        XCTAssertEqual(lines.count, 2, "the GitLab and GitHub Actions lines")
        // A stand-in `pytest` that proves the job's credentials work; `aws` is the real CLI.
        let bin = fixture.files.path("ci-bin")
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let pytest = try fixture.files.write("#!/bin/sh\nexec aws sts get-caller-identity --query Arn --output text\n", name: "ci-bin/pytest")
        chmod(pytest, 0o755)
        symlink(aws, bin + "/aws")
        let path = [BuiltProducts.directory.path, bin, ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"].joined(separator: ":")
        // The variables a CI system would set: the secrets as one-line base64 DER, as the README advises.
        let der = { (pem: String) in pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined() }
        let environment = [
            "PATH": path, "RA_CERT": der(leaf.certificatePEM), "RA_KEY": der(leaf.key.pkcs8PEM),
            "TA_ARN": fixture.emulator.ready.trustAnchorArn, "PROFILE_ARN": fixture.emulator.ready.profileArn,
            "ROLE_ARN": fixture.emulator.ready.roleArn, "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",  // the AWS CLI v1 of the test venv reads only the latter
            "AWS_ENDPOINT_URL": fixture.emulator.ready.endpoint, "AWS_CA_BUNDLE": fixture.emulator.ready.caBundle,
            "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "XDG_CACHE_HOME": fixture.files.path("ci-cache"),
        ]
        for block in lines {
            let outcome = try ProcessRunner("/bin/bash", ["-c", "set -euo pipefail\n" + block.joined(separator: "\n")], environment: environment).run()
            XCTAssertEqual(outcome.status, 0, outcome.stderr)
            XCTAssertTrue(outcome.stdout.contains("arn:aws:sts::123456789012:assumed-role/roles-anywhere-demo/"), outcome.stdout)
            XCTAssertFalse(outcome.stderr.contains(der(leaf.key.pkcs8PEM).prefix(20)), "the key never shows")
        }
    }

    private func pemBody(_ pem: String) -> String? {
        let lines = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }
        return lines.isEmpty ? nil : lines.joined()
    }
}
