import Foundation
import RolesAnywhereEmulator
import XCTest

/// Signs requests with the real botocore `SigV4Auth` (python3 subprocess), at a fixed time,
/// so the verifier is tested against what the AWS CLI really sends.
enum Botocore {
    /// What to sign.
    struct Spec: Encodable {
        var method = "POST"
        var host = "127.0.0.1:8443"
        var path = "/"
        var query = ""
        var headers = [
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "User-Agent": "aws-cli/1.36.0 Python/3.11.7 Linux/6.1 botocore/1.35.0",
        ]
        var body = "Action=GetCallerIdentity&Version=2011-06-15"
        var accessKeyID = Fixture.accessKeyID
        var secretAccessKey = Fixture.secretAccessKey
        var sessionToken: String? = Fixture.sessionToken
        var region = "us-east-1"
        var service = "sts"
        var date = Fixture.amzDate
    }

    /// What botocore produced: the request as the server receives it, and botocore's own
    /// canonical request and string to sign.
    struct Signed: Decodable {
        var method: String
        var path: String
        var query: String
        var headers: [[String]]
        var body: String
        var canonicalRequest: String
        var stringToSign: String

        var received: ReceivedRequest {
            ReceivedRequest(
                method: method, path: path, rawQuery: query,
                headers: headers.map { (name: $0[0], value: $0[1]) },
                body: Array(Data(base64Encoded: body) ?? Data())
            )
        }
    }

    static func sign(_ spec: Spec = Spec(), file: StaticString = #filePath, line: UInt = #line) throws -> Signed {
        let process = Process()
        // scripts/test.sh points ROLES_ANYWHERE_PYTHON at its environment with botocore.
        if let python = ProcessInfo.processInfo.environment["ROLES_ANYWHERE_PYTHON"] {
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", script]
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script]
        }
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(try JSONEncoder().encode(spec))
        try input.fileHandleForWriting.close()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            XCTFail("botocore signer failed (python3 with botocore needed): \(String(decoding: stderr, as: UTF8.self))",
                file: file, line: line)
            throw CocoaError(.executableLoad)
        }
        return try JSONDecoder().decode(Signed.self, from: stdout)
    }

    private static let script = #"""
        import base64, datetime, json, sys
        import botocore.auth
        from botocore.auth import SigV4Auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials

        spec = json.load(sys.stdin)
        fixed = datetime.datetime.strptime(spec["date"], "%Y%m%dT%H%M%SZ")
        botocore.auth.get_current_datetime = lambda *args, **kwargs: fixed

        class RecordingSigV4Auth(SigV4Auth):
            def canonical_request(self, request):
                self.recorded_canonical_request = super().canonical_request(request)
                return self.recorded_canonical_request

            def string_to_sign(self, request, canonical_request):
                self.recorded_string_to_sign = super().string_to_sign(request, canonical_request)
                return self.recorded_string_to_sign

        url = "http://" + spec["host"] + spec["path"] + ("?" + spec["query"] if spec["query"] else "")
        body = spec["body"].encode("utf-8")
        request = AWSRequest(method=spec["method"], url=url, data=body, headers=spec["headers"])
        credentials = Credentials(spec["accessKeyID"], spec["secretAccessKey"], spec.get("sessionToken"))
        auth = RecordingSigV4Auth(credentials, spec["service"], spec["region"])
        auth.add_auth(request)
        prepared = request.prepare()
        sent_body = prepared.body or b""
        if isinstance(sent_body, str):
            sent_body = sent_body.encode("utf-8")
        split = prepared.url.split("?", 1)
        path = split[0][len("http://" + spec["host"]):] or "/"
        json.dump({
            "method": prepared.method,
            "path": path,
            "query": split[1] if len(split) > 1 else "",
            "headers": [["Host", spec["host"]]] + [[k, v] for k, v in prepared.headers.items()],
            "body": base64.b64encode(sent_body).decode("ascii"),
            "canonicalRequest": auth.recorded_canonical_request,
            "stringToSign": auth.recorded_string_to_sign,
        }, sys.stdout)
        """#
}

/// Fixed credentials and times shared by the STS tests.
enum Fixture {
    static let accessKeyID = "ASIAEMULATOREXAMPLE1"
    static let secretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    static let sessionToken = "IQoJb3JpZ2luX2VjEXAMPLE+token/with=symbols"
    static let amzDate = "20251211T153425Z"
    /// 2025-12-11T15:34:25Z, the signing time.
    static let signedAt = Date(timeIntervalSince1970: 1_765_467_265)
    static let requestID = "c6104cbe-af31-11e0-8154-cbc7ccf896c7"

    static let record = STSCredentialRecord(
        accessKeyID: accessKeyID,
        secretAccessKey: secretAccessKey,
        sessionToken: sessionToken,
        expiration: signedAt.addingTimeInterval(3600),
        assumedRoleARN: "arn:aws:sts::123456789012:assumed-role/Developer/alice",
        userID: "AROAEXAMPLEROLEID:alice",
        accountID: "123456789012"
    )

    static func lookup(_ accessKeyID: String) -> STSCredentialRecord? {
        accessKeyID == record.accessKeyID ? record : nil
    }
}

extension ReceivedRequest {
    /// A copy with the named header (any case) replaced, or removed when `value` is nil.
    func replacingHeader(_ name: String, with value: String?) -> ReceivedRequest {
        var copy = self
        copy.headers.removeAll { $0.name.lowercased() == name.lowercased() }
        if let value { copy.headers.append((name: name, value: value)) }
        return copy
    }
}
