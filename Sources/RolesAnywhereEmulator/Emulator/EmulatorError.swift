/// A start-up failure of the emulator (bad configuration, unreadable CA, port in use), one line.
public struct EmulatorError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
