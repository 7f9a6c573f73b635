import RolesAnywhere

/// The text of an AWS shared credentials file (`~/.aws/credentials`), edited without
/// disturbing anything else: other sections, comments, blank lines and key order stay
/// byte-for-byte as they were.
///
/// Hand-written because the edit must keep every byte it does not own, which general INI
/// libraries (that parse to a model and print it again) do not promise.
public struct SharedCredentialsDocument: Sendable, Hashable {
    /// The keys this tool owns in a profile's section.
    public static let ownedKeys = ["aws_access_key_id", "aws_secret_access_key", "aws_session_token"]

    /// The file's text.
    public private(set) var text: String

    public init(text: String) {
        self.text = text
    }

    /// Sets the three credential keys of `[profile]`: updated in place when present,
    /// added after the section header when missing, and the section appended when absent.
    public mutating func setCredentials(_ credentials: AWSCredentials, profile: String) {
        let values = [credentials.accessKeyID, credentials.secretAccessKey, credentials.sessionToken]
        // An empty file has no lines (splitting would give one empty line, written back as a blank first line).
        var lines = text.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let hadTrailingNewline = text.hasSuffix("\n")
        if hadTrailingNewline { lines.removeLast() }
        guard let header = lines.firstIndex(where: { Self.sectionName($0) == profile }) else {
            var appended = lines
            if let last = appended.last, !last.trimmingASCIIWhitespace().isEmpty { appended.append("") }
            appended.append("[\(profile)]")
            for (key, value) in zip(Self.ownedKeys, values) { appended.append("\(key) = \(value)") }
            text = appended.joined(separator: "\n") + "\n"
            return
        }
        let end = lines[(header + 1)...].firstIndex(where: { Self.sectionName($0) != nil }) ?? lines.count
        var missing = Array(zip(Self.ownedKeys, values))
        for index in (header + 1)..<end {
            guard let key = Self.keyName(lines[index]), let position = missing.firstIndex(where: { $0.0 == key }) else { continue }
            lines[index] = "\(key) = \(missing[position].1)"
            missing.remove(at: position)
        }
        lines.insert(contentsOf: missing.map { "\($0.0) = \($0.1)" }, at: header + 1)
        text = lines.joined(separator: "\n") + (hadTrailingNewline || lines.isEmpty ? "\n" : "")
    }

    /// The section name of a `[name]` line, else nil. As in Python's configparser (which the
    /// AWS CLI and botocore use), the name ends at the line's last `]`, so `[name] # note` is
    /// the section `name`.
    static func sectionName(_ line: String) -> String? {
        let trimmed = line.trimmingASCIIWhitespace()
        guard trimmed.hasPrefix("["), let close = trimmed.lastIndex(of: "]") else { return nil }
        return String(trimmed[trimmed.index(after: trimmed.startIndex)..<close].trimmingASCIIWhitespace())
    }

    /// The key of a `key = value` or `key: value` line (not a comment), lowercased as
    /// configparser reads keys, else nil.
    static func keyName(_ line: String) -> String? {
        let trimmed = line.trimmingASCIIWhitespace()
        guard !trimmed.hasPrefix("#"), !trimmed.hasPrefix(";"), let delimiter = trimmed.firstIndex(where: { $0 == "=" || $0 == ":" })
        else { return nil }
        return String(trimmed[..<delimiter].trimmingASCIIWhitespace()).lowercased()
    }
}
