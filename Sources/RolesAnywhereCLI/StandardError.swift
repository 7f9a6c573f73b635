import Foundation

/// Writes lines to standard error; standard output is reserved for command results.
enum StandardError {
    static func write(_ line: String) {
        let text = line.hasSuffix("\n") ? line : line + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }
}
