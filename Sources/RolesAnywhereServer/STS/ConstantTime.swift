/// Comparison whose duration does not depend on where two secrets first differ.
enum ConstantTime {
    /// Whether the UTF-8 bytes of `a` and `b` are equal. Only the lengths may leak.
    static func equals(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices {
            difference |= left[index] ^ right[index]
        }
        return difference == 0
    }
}
