import RolesAnywhere

extension RolesAnywhereError.Kind {
    /// The exit status the README documents for failures of this kind: 65 bad input, 66 token
    /// or PIN, 67 refused by the service, 68 network, 69 a local resource, 70 a fault of ours.
    public var exitStatus: Int32 {
        switch self {
        case .input: 65
        case .token: 66
        case .refused: 67
        case .network: 68
        case .unavailable: 69
        default: 70
        }
    }
}

extension RolesAnywhereError {
    /// The exit status for this error (see ``RolesAnywhereError/Kind/exitStatus``).
    public var exitStatus: Int32 { code.kind.exitStatus }
}
