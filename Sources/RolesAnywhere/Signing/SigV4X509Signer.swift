#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SwiftASN1
import X509

/// Signs CreateSession requests with Signature Version 4 for X.509 (SigV4-X509).
///
/// Pure: the date and the signing identity are inputs, so the same inputs always give the
/// same canonical request and string to sign (and, for RSA, the same signature). The stages
/// follow the AWS document: canonical request, string to sign, signature, `Authorization`.
public struct SigV4X509Signer: Sendable {
    /// The service name in the credential scope.
    public static let service = "rolesanywhere"
    /// The canonical URI of CreateSession.
    public static let path = "/sessions"

    /// Creates a signer.
    public init() {}

    /// Builds and signs a CreateSession request.
    /// - Parameters:
    ///   - request: the checked parameters.
    ///   - identity: certificate, chain and key from a ``SigningBackend``.
    ///   - date: the signing instant (`X-Amz-Date`).
    public func sign(_ request: CreateSessionRequest, identity: SigningIdentity, date: Date) async throws -> SignedRequest {
        let amzDate = AmzDate(date)
        let body = request.body
        var headers: [(name: String, value: String)] = [
            ("Content-Type", "application/json"),
            ("Host", request.endpoint.hostHeader),
            ("X-Amz-Date", amzDate.timestamp),
            ("X-Amz-X509", try Self.base64DER(identity.certificate)),
        ]
        if !identity.intermediates.isEmpty {
            let chain = try identity.intermediates.map(Self.base64DER).joined(separator: ",")
            headers.append(("X-Amz-X509-Chain", chain))
        }
        let canonical = CanonicalRequest(
            method: "POST", uri: Self.path, query: request.queryParameters, headers: headers, payload: body)
        let algorithm = identity.keyAlgorithm.signingAlgorithmName
        let stringToSign = StringToSign(
            algorithm: algorithm, date: amzDate, region: request.region, service: Self.service,
            canonicalRequestHash: canonical.hash)
        let signature = try await identity.sign(Array(stringToSign.text.utf8), digest: .sha256)
        let authorization = Self.authorization(
            algorithm: algorithm,
            serial: DecimalSerialNumber.string(fromBigEndian: identity.certificate.serialNumber.bytes),
            credentialScope: stringToSign.credentialScope,
            signedHeaders: canonical.signedHeaders,
            signature: signature)
        headers.append(("Authorization", authorization))
        return SignedRequest(
            method: "POST",
            endpoint: request.endpoint,
            pathAndQuery: "\(Self.path)?\(SigV4Encoding.canonicalQuery(request.queryParameters))",
            headers: headers,
            body: body,
            canonicalRequest: canonical,
            stringToSign: stringToSign,
            authorization: authorization)
    }

    /// The `Authorization` header:
    /// `<alg> Credential=<decimal serial>/<scope>, SignedHeaders=<list>, Signature=<hex>`.
    public static func authorization(
        algorithm: String, serial: String, credentialScope: String, signedHeaders: String, signature: [UInt8]
    ) -> String {
        "\(algorithm) Credential=\(serial)/\(credentialScope), SignedHeaders=\(signedHeaders), Signature=\(SigV4Encoding.lowercaseHex(signature))"
    }

    /// Standard padded base64 of a certificate's DER, on one line.
    public static func base64DER(_ certificate: Certificate) throws -> String {
        Data(try certificate.derBytes).base64EncodedString()
    }
}

extension Certificate {
    /// The certificate's DER encoding.
    public var derBytes: [UInt8] {
        get throws {
            var serializer = DER.Serializer()
            try serializer.serialize(self)
            return serializer.serializedBytes
        }
    }
}
