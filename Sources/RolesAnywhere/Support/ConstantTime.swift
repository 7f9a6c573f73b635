/// Comparison whose duration does not depend on where two secrets first differ: the one
/// constant-time compare of the package (tokens, authorization values, session tokens).
public enum ConstantTime {
    /// Whether the UTF-8 bytes of `a` and `b` are equal. Only the lengths may leak.
    public static func equals(_ a: String, _ b: String) -> Bool {
        equals(Array(a.utf8), Array(b.utf8))
    }

    /// Whether two byte strings are equal. Only the lengths may leak.
    public static func equals(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices {
            difference |= left[index] ^ right[index]
        }
        return difference == 0
    }
}
