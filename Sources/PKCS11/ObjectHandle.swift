/// A handle to an object on a token (`CK_OBJECT_HANDLE`).
///
/// A handle is meaningful only within the session (and module) that found or
/// created the object; modules may reuse numbers once the session closes.
public struct ObjectHandle: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The `CK_OBJECT_HANDLE` value.
    public let rawValue: UInt

    /// Wraps a raw handle.
    public init(rawValue: UInt) {
        self.rawValue = rawValue
    }

    /// `object#<number>`.
    public var description: String { "object#\(rawValue)" }
}
