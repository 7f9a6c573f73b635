import RolesAnywhere
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import PKCS11
import X509

/// Reads what `token list` shows about an object: certificate subject and expiry, key type,
/// size or curve, and the flags that matter for signing.
enum TokenObjectDescriber {
    /// The order objects are listed in.
    static let kindOrder = ["certificate", "private key", "public key", "secret key", "data"]

    static func describe(
        _ handle: ObjectHandle, in session: Session, token: TokenInfo, now: Date
    ) throws -> TokenObjectListing {
        let objectClass = try session.objectClass(of: handle)
        let label = try session.label(of: handle)
        let id = try session.id(of: handle)
        var details: [String] = []
        switch objectClass {
        case .certificate?:
            details = try certificateDetails(handle, in: session, now: now)
        case .privateKey?:
            details = try keyDetails(handle, in: session) + privateKeyFlags(handle, in: session)
        case .publicKey?:
            details = try keyDetails(handle, in: session)
        default:
            break
        }
        return TokenObjectListing(
            kind: kind(objectClass), label: label, id: id, details: details,
            uri: PKCS11URI.format(token: token, objectLabel: label, id: id, objectClass: objectClass))
    }

    static func kind(_ objectClass: ObjectClass?) -> String {
        switch objectClass {
        case .certificate?: "certificate"
        case .privateKey?: "private key"
        case .publicKey?: "public key"
        case .secretKey?: "secret key"
        case .data?: "data"
        case let other?: other.description
        case nil: "object"
        }
    }

    private static func certificateDetails(_ handle: ObjectHandle, in session: Session, now: Date) throws -> [String] {
        guard let der = try session.certificateValue(of: handle), let certificate = try? Certificate(derEncoded: der) else {
            return ["not an X.509 certificate"]
        }
        let expiry = ISO8601Timestamp.string(from: certificate.notValidAfter)
        var details = ["\(certificate.subject)", now > certificate.notValidAfter ? "EXPIRED \(expiry)" : "expires \(expiry)"]
        if let algorithm = try? IdentityCheck.keyAlgorithm(of: certificate) { details.append(algorithm.description) }
        return details
    }

    private static func keyDetails(_ handle: ObjectHandle, in session: Session) throws -> [String] {
        let keyType = try session.keyType(of: handle)
        switch keyType {
        case .rsa?:
            if let modulus = try session.modulus(of: handle), !modulus.isEmpty {
                return ["RSA \(modulus.drop(while: { $0 == 0 }).count * 8)"]
            }
            return try session.ulong(.modulusBits, of: handle).map { ["RSA \($0)"] } ?? ["RSA"]
        case .ec?:
            let parameters = try session.ecParams(of: handle)
            return ["EC \(TokenPublicKey.curveName(parameters: parameters) ?? "(unknown curve)")"]
        default:
            return [TokenPublicKey.name(of: keyType)]
        }
    }

    private static func privateKeyFlags(_ handle: ObjectHandle, in session: Session) throws -> [String] {
        var flags: [String] = []
        if try session.bool(.alwaysAuthenticate, of: handle) == true { flags.append("always-authenticate") }
        if let sensitive = try session.bool(.sensitive, of: handle) { flags.append(sensitive ? "sensitive" : "not sensitive") }
        if let extractable = try session.bool(.extractable, of: handle) {
            flags.append(extractable ? "extractable" : "not extractable")
        }
        if try session.bool(.sign, of: handle) == false { flags.append("cannot sign") }
        return flags
    }
}
