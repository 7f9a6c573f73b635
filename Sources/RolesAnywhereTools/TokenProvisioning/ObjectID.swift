import RolesAnywhere

/// `CKA_ID` values as the command line writes them: hex digits, e.g. `--id 0a1b`.
public enum ObjectID {
    /// Parses hex digits (an optional `0x` and `:` separators allowed).
    /// - Throws: `invalidArgument` for anything else, or more than 64 bytes.
    public static func parse(_ text: String) throws(RolesAnywhereError) -> [UInt8] {
        var digits = Substring(text.lowercased())
        if digits.hasPrefix("0x") { digits = digits.dropFirst(2) }
        let clean = digits.filter { $0 != ":" }
        guard !clean.isEmpty, clean.count <= 128, let bytes = Hex.decode(clean) else {
            throw RolesAnywhereError(.invalidArgument, "--id '\(text)' is not an even number of hex digits, e.g. --id 01 or --id a1b2")
        }
        return bytes
    }

    /// Lowercase hex, as `--id` takes it.
    public static func hex(_ id: [UInt8]) -> String {
        Hex.encode(id)
    }

    /// A random 8-byte ID for keys generated without `--id`.
    static func random() -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<8).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}
