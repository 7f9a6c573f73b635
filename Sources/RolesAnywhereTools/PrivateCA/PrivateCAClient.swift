#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RolesAnywhere
import SwiftASN1
import X509

/// AWS Private CA (ACM PCA) for `rotate --acm-pca-arn`: `IssueCertificate`, then
/// `GetCertificate` until the certificate is ready (JSON 1.1, signing name `acm-pca`), signed
/// with credentials the current certificate obtained through Roles Anywhere.
public struct PrivateCAClient: Sendable {
    public var authorityARN: String
    public var endpoint: ServiceEndpoint
    public var region: String
    public var transport: HTTPSClient.Configuration

    /// - Parameters:
    ///   - endpoint: nil for `https://acm-pca.<region>.amazonaws.com`.
    public init(authorityARN: String, endpoint: ServiceEndpoint?, transport: HTTPSClient.Configuration) throws(RolesAnywhereError) {
        self.authorityARN = authorityARN
        self.region = try Self.region(of: authorityARN)
        if let endpoint { self.endpoint = endpoint } else { self.endpoint = try Self.defaultEndpoint(for: authorityARN) }
        self.transport = transport
    }

    /// `https://acm-pca.<region>.amazonaws.com` (`.com.cn` in China) for the CA's region.
    public static func defaultEndpoint(for authorityARN: String) throws(RolesAnywhereError) -> ServiceEndpoint {
        let region = try region(of: authorityARN)
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return ServiceEndpoint(host: "acm-pca.\(region).\(suffix)")
    }

    private static func region(of authorityARN: String) throws(RolesAnywhereError) -> String {
        let fields = authorityARN.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == "arn", fields[2] == "acm-pca", fields[5].hasPrefix("certificate-authority/"),
            AmazonResourceName.isRegionName(String(fields[3]))
        else {
            throw RolesAnywhereError(
                .invalidARN,
                "--acm-pca-arn '\(authorityARN)' is not a private CA's ARN: expected arn:aws:acm-pca:<region>:<account>:certificate-authority/<id>")
        }
        return String(fields[3])
    }

    /// The private CA's own certificate (`GetCertificateAuthorityCertificate`).
    public func authorityCertificate(credentials: AWSCredentials) async throws(RolesAnywhereError) -> Certificate {
        struct Get: Codable { var CertificateAuthorityArn: String }
        struct Got: Codable { var Certificate: String }
        let got: Got = try await call("GetCertificateAuthorityCertificate", Get(CertificateAuthorityArn: authorityARN), credentials: credentials)
        return try CertificateFile.leaf(in: Array(got.Certificate.utf8), path: authorityARN)
    }

    /// The `SigningAlgorithm` a CA with this certificate's key signs with.
    public static func signingAlgorithm(of authority: Certificate) -> String {
        switch try? KeyAlgorithm.of(authority.publicKey, owner: "the private CA") {
        case .ecdsaP384?: "SHA384WITHECDSA"
        case .ecdsaP256?: "SHA256WITHECDSA"
        default: "SHA256WITHRSA"
        }
    }

    /// Issues a certificate for `request`, valid `days` days, and waits until it can be read.
    public func issue(
        _ request: CertificateSigningRequest, days: Int, credentials: AWSCredentials, signingAlgorithm: String
    ) async throws(RolesAnywhereError) -> Certificate {
        let csrPEM: String
        do {
            csrPEM = try request.serializeAsPEM().pemString + "\n"
        } catch {
            throw RolesAnywhereError(.internalFailure, plain: "cannot encode the certificate signing request: \(error)")
        }
        struct Validity: Codable { var Value: Int; var `Type`: String }
        struct Issue: Codable { var CertificateAuthorityArn: String; var Csr: String; var SigningAlgorithm: String; var Validity: Validity; var IdempotencyToken: String }
        struct Issued: Codable { var CertificateArn: String }
        let issued: Issued = try await call(
            "IssueCertificate",
            Issue(
                CertificateAuthorityArn: authorityARN, Csr: Data(csrPEM.utf8).base64EncodedString(), SigningAlgorithm: signingAlgorithm,
                Validity: Validity(Value: days, Type: "DAYS"), IdempotencyToken: String(UUID().uuidString.prefix(32))),
            credentials: credentials)
        struct Get: Codable { var CertificateAuthorityArn: String; var CertificateArn: String }
        struct Got: Codable { var Certificate: String }
        // The certificate may not be ready at once (RequestInProgressException): retry for a while.
        var delay = Duration.milliseconds(200)
        for attempt in 1...10 {
            do {
                let got: Got = try await call(
                    "GetCertificate", Get(CertificateAuthorityArn: authorityARN, CertificateArn: issued.CertificateArn), credentials: credentials)
                return try CertificateFile.leaf(in: Array(got.Certificate.utf8), path: issued.CertificateArn)
            } catch let error where error.cause == "RequestInProgressException" && attempt < 10 {
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
        throw RolesAnywhereError(.serviceUnavailable, plain: "the private CA did not hand out the certificate \(issued.CertificateArn) in time")
    }

    /// A JSON 1.1 error answer.
    private struct ErrorAnswer: Decodable {
        var __type: String?
        var message: String?
        var Message: String?
    }

    /// One JSON 1.1 call; an error answer is one line naming the private CA and its error type.
    private func call<Input: Encodable, Output: Decodable>(
        _ operation: String, _ input: Input, credentials: AWSCredentials
    ) async throws(RolesAnywhereError) -> Output {
        let body: [UInt8]
        do {
            body = Array(try JSONEncoder().encode(input))
        } catch {
            throw RolesAnywhereError(.internalFailure, plain: "cannot encode \(operation): \(error)")
        }
        let target = endpoint
        let host = target.port.map { "\(target.host):\($0)" } ?? target.host
        let headers = SigV4HMACSigner(credentials: credentials, region: region, service: "acm-pca").sign(
            method: "POST", host: host, path: "/",
            headers: [("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", "ACMPrivateCA.\(operation)")], body: body, now: Date())
        let client = HTTPSClient(configuration: transport)
        let response: HTTPResponse
        do {
            response = try await BlockingWork.run { () throws(TransportError) in
                try client.exchange(method: "POST", endpoint: target, pathAndQuery: "/", headers: headers, body: body)
            }
        } catch {
            throw TransportFailure.classify(error).error
        }
        guard response.status == 200 else {
            let failure = try? JSONDecoder().decode(ErrorAnswer.self, from: Data(response.body))
            let type = (failure?.__type ?? response.header("X-Amzn-ErrorType") ?? "HTTP \(response.status)").split(separator: "#").last.map(String.init) ?? ""
            let message = failure?.message ?? failure?.Message ?? ""
            throw RolesAnywhereError(
                response.status >= 500 ? .serviceUnavailable : .serviceRefused,
                plain: "the private CA \(authorityARN) refused \(operation): \(type)\(message.isEmpty ? "" : ": \(message.prefix(300))")",
                subject: authorityARN, cause: type)
        }
        do {
            return try JSONDecoder().decode(Output.self, from: Data(response.body))
        } catch {
            throw RolesAnywhereError(.malformedResponse, plain: "the private CA's answer to \(operation) is not what AWS sends: \(error)")
        }
    }
}
