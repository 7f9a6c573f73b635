import Foundation
import RolesAnywhere
import RolesAnywhereTestSupport
import X509

@testable import RolesAnywhereEmulator

/// Builds CreateSession requests the way clients send them, signed by the core signer's
/// code, and hands them over as the verifier receives them.
///
/// The defaults make a request the ``SessionFixture`` directory accepts; change a field (or
/// tamper with the ``ReceivedRequest`` afterwards) to make the bad request a test needs.
struct SessionRequestSigner {
    var certificate: Certificate
    var intermediates: [Certificate]
    /// The key that signs: the leaf's own unless a test swaps it.
    var key: TestKey
    var trustAnchorARN = SessionFixture.trustAnchorARN
    var profileARN = SessionFixture.profileARN
    var roleARN = SessionFixture.roleARN
    var region = SessionFixture.region
    var durationSeconds = 3600
    var roleSessionName: String?
    var date = SessionFixture.now
    var endpoint = "https://127.0.0.1:8443"

    init(leaf: TestLeaf) {
        certificate = leaf.certificate
        intermediates = leaf.chain
        key = leaf.key
    }

    /// The identity a backend would yield; its signer calls `TestKey.sign`.
    func identity() throws -> SigningIdentity {
        let key = self.key
        return SigningIdentity(
            certificate: certificate, intermediates: intermediates,
            keyAlgorithm: try IdentityCheck.keyAlgorithm(of: certificate),
            signer: { message, _ in try key.sign(message) })
    }

    /// The request as the official helper sends it (ARNs in the query), signed by `SigV4X509Signer`.
    func signed() async throws -> SignedRequest {
        let request = try CreateSessionRequest(
            trustAnchorARN: trustAnchorARN, profileARN: profileARN, roleARN: roleARN, region: region,
            durationSeconds: durationSeconds, roleSessionName: roleSessionName, endpoint: endpoint)
        return try await SigV4X509Signer().sign(request, identity: try identity(), date: date)
    }

    /// ``signed()`` as the server receives it.
    func received() async throws -> ReceivedRequest {
        ReceivedRequest(try await signed())
    }

    /// The request as the Python `iam-rolesanywhere-session` client sends it: no query, the ARNs
    /// in a `json.dumps` body (spaces after `:` and `,`), `Content-Type: application/x-amz-json-1.0`,
    /// and optionally its algorithm name quirk (e.g. `AWS4-X509-ECDSA-SHA384`, still over SHA-256).
    func pythonClientReceived(algorithm: String? = nil) async throws -> ReceivedRequest {
        let identity = try identity()
        let amzDate = AmzDate(date)
        var json = "{\"profileArn\": \"\(profileARN)\", \"roleArn\": \"\(roleARN)\", \"trustAnchorArn\": \"\(trustAnchorARN)\""
        json += ", \"durationSeconds\": \(durationSeconds)"
        if let roleSessionName { json += ", \"roleSessionName\": \"\(roleSessionName)\"" }
        json += "}"
        let body = Array(json.utf8)
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/x-amz-json-1.0"),
            ("Host", try ServiceEndpoint(parsing: endpoint).hostHeader),
            ("X-Amz-Date", amzDate.timestamp),
            ("X-Amz-X509", try SigV4X509Signer.base64DER(certificate)),
        ]
        if !intermediates.isEmpty {
            headers.append(("X-Amz-X509-Chain", try intermediates.map(SigV4X509Signer.base64DER).joined(separator: ",")))
        }
        let canonical = CanonicalRequest(method: "POST", uri: "/sessions", query: [], headers: headers, payload: body)
        let name = algorithm ?? identity.keyAlgorithm.signingAlgorithmName
        let stringToSign = StringToSign(
            algorithm: name, date: amzDate, region: region, service: SigV4X509Signer.service,
            canonicalRequestHash: canonical.hash)
        let signature = try await identity.sign(Array(stringToSign.text.utf8), digest: .sha256)
        headers.append((
            "Authorization",
            SigV4X509Signer.authorization(
                algorithm: name, serial: DecimalSerialNumber.string(fromBigEndian: certificate.serialNumber.bytes),
                credentialScope: stringToSign.credentialScope, signedHeaders: canonical.signedHeaders, signature: signature)
        ))
        return ReceivedRequest(method: "POST", path: "/sessions", rawQuery: "", headers: headers, body: body)
    }
}

extension ReceivedRequest {
    /// The request a server receives for a signed request: its headers (with `Host`), the
    /// path `/sessions`, the raw query of `pathAndQuery`, the body.
    init(_ signed: SignedRequest) {
        let parts = signed.pathAndQuery.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.init(
            method: signed.method, path: String(parts[0]), rawQuery: parts.count > 1 ? String(parts[1]) : "",
            headers: signed.headers, body: signed.body)
    }

    /// A copy with the value of the named header (any case) set in place, or appended when absent.
    func settingHeader(_ name: String, to value: String) -> ReceivedRequest {
        var copy = self
        if let index = copy.headers.firstIndex(where: { $0.name.lowercased() == name.lowercased() }) {
            copy.headers[index].value = value
        } else {
            copy.headers.append((name: name, value: value))
        }
        return copy
    }

    /// A copy without the named header (any case).
    func removingHeader(_ name: String) -> ReceivedRequest {
        var copy = self
        copy.headers.removeAll { $0.name.lowercased() == name.lowercased() }
        return copy
    }

    /// A copy whose `Authorization` signature has its last byte's lowest bit flipped.
    func flippingSignatureByte() throws -> ReceivedRequest {
        let authorization = try XCTUnwrapValue(header("Authorization"), "no Authorization header")
        let marker = "Signature="
        let range = try XCTUnwrapValue(authorization.range(of: marker), "no Signature= in Authorization")
        let hex = authorization[range.upperBound...]
        let last = try XCTUnwrapValue(UInt8(hex.suffix(2), radix: 16), "the signature is not hex")
        let flipped = String(hex.dropLast(2)) + String(format: "%02x", last ^ 0x01)
        return settingHeader("Authorization", to: String(authorization[..<range.upperBound]) + flipped)
    }
}

/// A test-scaffolding failure for values that must exist.
struct MissingValue: Error, CustomStringConvertible {
    let description: String
}

func XCTUnwrapValue<T>(_ value: T?, _ what: String) throws -> T {
    guard let value else { throw MissingValue(description: what) }
    return value
}
