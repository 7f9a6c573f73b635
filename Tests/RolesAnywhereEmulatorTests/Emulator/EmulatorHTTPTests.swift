import Foundation
import NIOCore
import RolesAnywhere
import RolesAnywhereTestSupport
import X509
import XCTest

@testable import RolesAnywhereEmulator

/// The built `roles-anywhere-emulator` over HTTPS: body limits, the audit log, concurrency, slow clients.
final class EmulatorHTTPTests: XCTestCase {
    private func withEmulator<T>(connections: Int = 8, _ body: (RunningEmulator) async throws -> T) async throws -> T {
        let emulator = try RunningEmulator(connections: connections)
        do {
            let result = try await body(emulator)
            try await emulator.stop()
            return result
        } catch {
            try? await emulator.stop()
            throw error
        }
    }

    /// The head of a CreateSession request whose Content-Length says 10 MB, plus a few body bytes.
    private func oversizedRequest(_ signed: SignedRequest) -> String {
        var text = "POST \(signed.pathAndQuery) HTTP/1.1\r\n"
        for (name, value) in signed.headers { text += "\(name): \(value)\r\n" }
        return text + "Content-Length: 10485760\r\n\r\n{\"durationSeconds\""
    }

    private func assertMatches(_ value: String?, _ pattern: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertNotNil(value?.range(of: pattern, options: .regularExpression), "\(value ?? "nil") !~ \(pattern)", file: file, line: line)
    }

    func testAnOversizedBodyIsRefusedFromItsContentLengthWithoutBeingRead() async throws {
        try await withEmulator { emulator in
            let signed = try await emulator.signer(leaf: try emulator.leaf()).signed()
            let channel = try await RawTLSConnection.connect(host: emulator.host, port: emulator.port, caPEM: emulator.caPEM)
            let request = oversizedRequest(signed)
            let answer = try await withTimeout(15, "the answer to a 10 MB Content-Length") {
                try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(string: request))
                    return try await RawTLSConnection.readResponse(inbound)
                }
            }
            XCTAssertEqual(answer.status, 413)
            XCTAssertEqual(answer.header("Content-Type"), "application/json")
            XCTAssertEqual(answer.header("X-Amzn-ErrorType"), "ValidationException")
            XCTAssertEqual(answer.header("X-Roles-Anywhere-Emulator-Reason"), "Content-Length 10485760 exceeds 64 KiB")
            XCTAssertEqual(answer.body, "{\"message\":\"Request body too large\"}")
        }
    }

    func testAChunkedBodyOverTheLimitIsRefused() async throws {
        try await withEmulator { emulator in
            let signed = try await emulator.signer(leaf: try emulator.leaf()).signed()
            var request = "POST \(signed.pathAndQuery) HTTP/1.1\r\n"
            for (name, value) in signed.headers { request += "\(name): \(value)\r\n" }
            let chunk = String(repeating: " ", count: SessionRequestVerifier.maximumBodySize + 1)
            request += "Transfer-Encoding: chunked\r\n\r\n" + String(chunk.utf8.count, radix: 16) + "\r\n\(chunk)\r\n0\r\n\r\n"
            let channel = try await RawTLSConnection.connect(host: emulator.host, port: emulator.port, caPEM: emulator.caPEM)
            let answer = try await withTimeout(15, "the answer to a chunked body over 64 KiB") { [request] in
                try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(string: request))
                    return try await RawTLSConnection.readResponse(inbound)
                }
            }
            XCTAssertEqual(answer.status, 413)
            XCTAssertEqual(answer.header("X-Amzn-ErrorType"), "ValidationException")
            XCTAssertEqual(answer.header("X-Roles-Anywhere-Emulator-Reason"), "the body exceeds 64 KiB")
            XCTAssertEqual(answer.body, "{\"message\":\"Request body too large\"}")
            let records = emulator.process.auditRecords()
            XCTAssertEqual(records.map { $0["reason"] as? String }, ["the body exceeds 64 KiB"])
            XCTAssertEqual(records.map { $0["subject"] as? String }, ["CN=http-client"])
        }
    }

    func testTheAuditLogHasOneLineWithoutSecretsPerRequest() async throws {
        try await withEmulator { emulator in
            let start = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
            let leaf = try emulator.leaf(commonName: "audit-client")
            let good = try await emulator.signer(leaf: leaf).received()
            let issued = try await emulator.send(good)
            XCTAssertEqual(issued.status, 201, issued.body)
            let credentials = try XCTUnwrap(try issued.session().credentialSet?.first?.credentials)

            let forged = try good.flippingSignatureByte()
            let refused = try await emulator.send(forged)
            XCTAssertEqual(refused.status, 403)
            XCTAssertEqual(refused.header("X-Amzn-ErrorType"), "AccessDeniedException")
            XCTAssertEqual(refused.header("X-Roles-Anywhere-Emulator-Reason"), "the signature does not verify with the certificate's public key")
            XCTAssertEqual(refused.body, "{\"message\":\"Invalid signature\"}")

            let oversized = oversizedRequest(try await emulator.signer(leaf: leaf).signed())
            let channel = try await RawTLSConnection.connect(host: emulator.host, port: emulator.port, caPEM: emulator.caPEM)
            let tooLarge = try await withTimeout(15, "the answer to a 10 MB Content-Length") {
                try await channel.executeThenClose { inbound, outbound in
                    try await outbound.write(ByteBuffer(string: oversized))
                    return try await RawTLSConnection.readResponse(inbound)
                }
            }
            XCTAssertEqual(tooLarge.status, 413)
            let end = Date().addingTimeInterval(1)

            let text = try String(contentsOfFile: emulator.process.auditLogPath, encoding: .utf8)
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            XCTAssertEqual(lines.count, 4)
            XCTAssertEqual(lines.last, "")
            let records = emulator.process.auditRecords()
            XCTAssertEqual(records.count, 3)
            for record in records {
                let time = try XCTUnwrap(record["time"] as? String)
                let date = try XCTUnwrap(ISO8601Timestamp.date(from: time), time)
                assertMatches(time, "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")
                XCTAssertTrue(date >= start && date <= end, time)
            }
            let common: [String: Any] = [
                "clientAddress": "127.0.0.1",
                "subject": "CN=audit-client",
                "issuer": "CN=HTTP Test Root CA",
                "serial": DecimalSerialNumber.string(fromBigEndian: leaf.certificate.serialNumber.bytes),
                "trustAnchorArn": emulator.process.ready.trustAnchorArn,
                "profileArn": emulator.process.ready.profileArn,
                "roleArn": emulator.process.ready.roleArn,
            ]
            let expected: [[String: Any]] = [
                common.merging(["outcome": "issued", "status": 201, "accessKeyId": credentials.accessKeyId]) { $1 },
                common.merging([
                    "outcome": "refused", "status": 403, "errorType": "AccessDeniedException",
                    "reason": "the signature does not verify with the certificate's public key",
                ]) { $1 },
                common.merging([
                    "outcome": "refused", "status": 413, "errorType": "ValidationException",
                    "reason": "Content-Length 10485760 exceeds 64 KiB",
                ]) { $1 },
            ]
            for (record, wanted) in zip(records, expected) {
                var withoutTime = record
                withoutTime["time"] = nil
                XCTAssertEqual(NSDictionary(dictionary: withoutTime), NSDictionary(dictionary: wanted))
            }

            let signatures = try [good, forged].map { request in
                let authorization = try XCTUnwrap(request.header("Authorization"))
                return String(try XCTUnwrap(authorization.components(separatedBy: "Signature=").last))
            }
            for secret in [credentials.secretAccessKey, credentials.sessionToken] + signatures {
                XCTAssertFalse(text.contains(secret), "the audit log holds a secret or a signature")
            }
        }
    }

    func testTwoHundredConcurrentRequestsAllGetDistinctCredentials() async throws {
        let count = 200
        try await withEmulator(connections: count) { emulator in
            let leaf = try emulator.leaf(commonName: "concurrent-client")
            var requests = [ReceivedRequest]()
            for _ in 0..<count { requests.append(try await emulator.signer(leaf: leaf).received()) }
            let batch = requests
            let answers = try await withTimeout(45, "\(count) concurrent CreateSession requests") {
                try await withThrowingTaskGroup(of: HTTPAnswer.self) { group in
                    for request in batch { group.addTask { try await emulator.send(request) } }
                    var answers = [HTTPAnswer]()
                    for try await answer in group { answers.append(answer) }
                    return answers
                }
            }
            XCTAssertEqual(answers.count, count)
            XCTAssertEqual(answers.filter { $0.status != 201 }.map { "\($0.status) \($0.body)" }, [])
            let keys = try answers.map { try XCTUnwrap(try $0.session().credentialSet?.first?.credentials?.accessKeyId) }
            XCTAssertEqual(Set(keys).count, count)
            XCTAssertEqual(keys.filter { $0.range(of: "^ASIA[A-Z2-7]{16}$", options: .regularExpression) == nil }, [])
            let records = emulator.process.auditRecords()
            XCTAssertEqual(records.count, count)
            XCTAssertEqual(Set(records.compactMap { $0["accessKeyId"] as? String }), Set(keys))
        }
    }

    func testASlowClientDoesNotStopOthersBeingServed() async throws {
        try await withEmulator { emulator in
            let silent = try await RawTLSConnection.connectWithoutTLS(host: emulator.host, port: emulator.port)
            let halfHead = try await RawTLSConnection.connect(host: emulator.host, port: emulator.port, caPEM: emulator.caPEM)
            let halfBody = try await RawTLSConnection.connect(host: emulator.host, port: emulator.port, caPEM: emulator.caPEM)
            let host = "\(emulator.host):\(emulator.port)"
            let statuses = try await halfHead.executeThenClose { _, headWriter in
                try await headWriter.write(ByteBuffer(string: "POST /sessions HTTP/1.1\r\nHost: \(host)\r\nContent-Type: applic"))
                return try await halfBody.executeThenClose { _, bodyWriter in
                    try await bodyWriter.write(ByteBuffer(string: "POST /sessions HTTP/1.1\r\nHost: \(host)\r\nContent-Length: 100\r\n\r\n{\"dura"))
                    return try await withTimeout(20, "requests while three clients stall") {
                        var statuses = [Int]()
                        for name in ["patient-1", "patient-2"] {
                            let request = try await emulator.signer(leaf: try emulator.leaf(commonName: name)).received()
                            statuses.append(try await emulator.send(request).status)
                        }
                        return statuses
                    }
                }
            }
            try await silent.close()
            XCTAssertEqual(statuses, [201, 201])
        }
    }
}
