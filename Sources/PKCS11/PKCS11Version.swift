internal import CPKCS11

/// A Cryptoki version number (`CK_VERSION`), such as 2.40.
public struct PKCS11Version: Hashable, Sendable, CustomStringConvertible {
    /// The major number.
    public var major: UInt8
    /// The minor number.
    public var minor: UInt8

    /// Creates a version.
    public init(major: UInt8, minor: UInt8) {
        self.major = major
        self.minor = minor
    }

    init(_ version: CK_VERSION) {
        self.init(major: version.major, minor: version.minor)
    }

    /// `major.minor`, such as `2.40`.
    public var description: String { "\(major).\(minor)" }
}
