/// Where a private key lives: the seam between the request signer and key storage.
///
/// The core never knows whether a key is in a file or a PKCS#11 token. A backend may re-read
/// its sources on every call (file keys are re-read so rotated keys are picked up) or keep a
/// logged-in token session for its whole life.
public protocol SigningBackend: Sendable {
    /// Loads the certificate, the chain and a handle on the key for one credential fetch,
    /// after checking that the key belongs to the certificate.
    func loadIdentity() async throws -> SigningIdentity
}
