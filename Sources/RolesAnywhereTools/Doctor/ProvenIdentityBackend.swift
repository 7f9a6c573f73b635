import RolesAnywhere

/// A ``SigningBackend`` that hands out an identity the doctor already loaded and proved.
struct ProvenIdentityBackend: SigningBackend {
    let identity: SigningIdentity

    func loadIdentity() async throws -> SigningIdentity { identity }
}
