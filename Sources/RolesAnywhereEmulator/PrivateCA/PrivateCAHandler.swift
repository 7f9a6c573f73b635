import Foundation
import RolesAnywhere
import RolesAnywhereTools

/// ACM Private CA's JSON 1.1 API on the emulator (`X-Amz-Target: ACMPrivateCA.<Operation>`):
/// `IssueCertificate`, `GetCertificate`, `GetCertificateAuthorityCertificate` and
/// `RevokeCertificate`, signed with SigV4-HMAC (signing name `acm-pca`) by credentials the
/// emulator issued. Answers and errors are shaped as botocore parses them.
public struct PrivateCAHandler: Sendable {
    /// The `X-Amz-Target` prefix of the operations.
    public static let targetPrefix = "ACMPrivateCA."

    public let authority: PrivateCertificateAuthority
    public var verifier = SigV4HMACVerifier(service: "acm-pca")

    public init(authority: PrivateCertificateAuthority) {
        self.authority = authority
    }

    /// An answer: status, JSON body and, for errors, the error type.
    public struct Answer: Sendable {
        public var status: Int
        public var body: String
        public var errorType: String?

        static func ok(_ object: [String: String]) -> Answer {
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
            return Answer(status: 200, body: String(decoding: data, as: UTF8.self))
        }

        static func error(_ type: String, _ message: String, status: Int = 400) -> Answer {
            let data = (try? JSONSerialization.data(withJSONObject: ["__type": type, "message": message], options: [.sortedKeys])) ?? Data()
            return Answer(status: status, body: String(decoding: data, as: UTF8.self), errorType: type)
        }
    }

    /// Answers one request.
    public func handle(_ request: ReceivedRequest, now: Date, lookup: (String) -> STSCredentialRecord?) -> Answer {
        if case .failure(let error) = verifier.verify(request, now: now, lookup: lookup) {
            return .error(error.code.awsCode, error.message, status: error.code.httpStatus)
        }
        let operation = String((request.header("X-Amz-Target") ?? "").dropFirst(Self.targetPrefix.count))
        guard let input = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] else {
            return .error("SerializationException", "the body is not a JSON object")
        }
        guard input["CertificateAuthorityArn"] as? String == authority.arn else {
            return .error("ResourceNotFoundException", "Could not find certificate authority \(input["CertificateAuthorityArn"] as? String ?? "(none)").")
        }
        switch operation {
        case "IssueCertificate": return issue(input, now: now)
        case "GetCertificate":
            guard let arn = input["CertificateArn"] as? String, let pem = authority.certificate(arn: arn) else {
                return .error("ResourceNotFoundException", "Could not find certificate \(input["CertificateArn"] as? String ?? "(none)").")
            }
            var answer = ["Certificate": pem]
            answer["CertificateChain"] = authority.certificatePEM + authority.chainPEM
            return .ok(answer)
        case "GetCertificateAuthorityCertificate":
            var answer = ["Certificate": authority.certificatePEM]
            if !authority.chainPEM.isEmpty { answer["CertificateChain"] = authority.chainPEM }
            return .ok(answer)
        case "RevokeCertificate":
            guard let serial = input["CertificateSerial"] as? String, input["RevocationReason"] is String else {
                return .error("ValidationException", "CertificateSerial and RevocationReason are required")
            }
            return authority.revoke(serial: serial)
                ? Answer(status: 200, body: "")
                : .error("ResourceNotFoundException", "Could not find a certificate with serial \(serial).")
        default:
            return .error("UnknownOperationException", "Unknown operation \(operation)")
        }
    }

    private static let signingAlgorithms: Set<String> = [
        "SHA256WITHECDSA", "SHA384WITHECDSA", "SHA512WITHECDSA", "SHA256WITHRSA", "SHA384WITHRSA", "SHA512WITHRSA",
    ]

    private func issue(_ input: [String: Any], now: Date) -> Answer {
        guard let csr = input["Csr"] as? String, let bytes = Data(base64Encoded: csr) else {
            return .error("ValidationException", "Csr must be the base64 of the PEM certificate signing request")
        }
        guard let algorithm = input["SigningAlgorithm"] as? String, Self.signingAlgorithms.contains(algorithm) else {
            return .error("ValidationException", "SigningAlgorithm must be one of \(Self.signingAlgorithms.sorted().joined(separator: ", "))")
        }
        guard let validity = input["Validity"] as? [String: Any], let value = validity["Value"] as? Int, value > 0,
            let days = Self.days(value, type: validity["Type"] as? String)
        else {
            return .error("ValidationException", "Validity needs a positive Value and a Type of DAYS, MONTHS or YEARS")
        }
        do {
            let request = try CertificateRequestFile.parse(Array(bytes), path: "Csr")
            return .ok(["CertificateArn": try authority.issue(request, days: days, now: now)])
        } catch let error as RolesAnywhereError {
            return .error(error.code == .invalidArgument ? "MalformedCSRException" : "InvalidArgsException", error.message)
        } catch {
            return .error("InvalidArgsException", "\(error)")
        }
    }

    private static func days(_ value: Int, type: String?) -> Int? {
        switch type {
        case "DAYS": value
        case "MONTHS": value * 30
        case "YEARS": value * 365
        default: nil
        }
    }
}
