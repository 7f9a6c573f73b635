/// Makes outside text safe to print in a one-line message: control characters (line breaks,
/// escape sequences that could repaint a terminal) become `\n`, `\u{1B}` and the like.
public enum ControlCharacters {
    /// `text` with every control character escaped, and at most `limit` characters kept.
    public static func escaped(_ text: String, limit: Int = 200) -> String {
        var out = ""
        for scalar in text.unicodeScalars.prefix(limit) {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value):
                out += "\\u{" + Hex.encode([UInt8(truncatingIfNeeded: scalar.value)]) + "}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
