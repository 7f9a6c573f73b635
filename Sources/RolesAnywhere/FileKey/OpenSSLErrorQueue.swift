import COpenSSL

/// A snapshot of OpenSSL's thread-local error queue, taken so a failure can be classified.
///
/// OpenSSL reports why a call failed by pushing entries (library, reason) onto a queue per
/// thread. ``drain()`` takes them all off, so the next call starts clean, and keeps the
/// codes for classification and the texts for debug output. The texts name algorithms and
/// OpenSSL source locations, never passwords or key bytes.
struct OpenSSLErrorQueue: Sendable {
    /// One error OpenSSL reported.
    struct Entry: Sendable, Hashable {
        /// The `ERR_LIB_*` library that raised it.
        var library: Int32
        /// The library's `*_R_*` reason (or a common `ERR_R_*` reason).
        var reason: Int32
        /// OpenSSL's text for it, with any extra data (e.g. the algorithm name).
        var text: String
    }

    /// The entries, oldest first.
    var entries: [Entry]

    /// Whether OpenSSL reported nothing.
    var isEmpty: Bool { entries.isEmpty }

    /// Takes every entry off the calling thread's queue, leaving it empty.
    static func drain() -> OpenSSLErrorQueue {
        var entries: [Entry] = []
        while true {
            var data: UnsafePointer<CChar>?
            var flags: Int32 = 0
            let code = ERR_get_error_all(nil, nil, nil, &data, &flags)
            guard code != 0 else { break }
            let extra = (flags & ERR_TXT_STRING) != 0 ? data.map { String(cString: $0) } : nil
            entries.append(Entry(code: code, extra: extra))
        }
        ERR_clear_error()
        return OpenSSLErrorQueue(entries: entries)
    }

    /// Whether any entry has one of the given (library, reason) pairs.
    func contains(anyOf codes: [(library: Int32, reason: Int32)]) -> Bool {
        entries.contains { entry in
            codes.contains { $0.library == entry.library && $0.reason == entry.reason }
        }
    }

    /// A one-line account naming the libcrypto function that failed, for debug output.
    func detail(failedFunction: String) -> String {
        let texts = entries.map(\.text)
        return texts.isEmpty ? "\(failedFunction) failed" : "\(failedFunction) failed: \(texts.joined(separator: "; "))"
    }
}

extension OpenSSLErrorQueue.Entry {
    /// Decodes a packed OpenSSL error code.
    init(code: UInt, extra: String?) {
        library = ERR_GET_LIB(code)
        reason = ERR_GET_REASON(code)
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        let message = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        text = extra.map { "\(message) (\($0))" } ?? message
    }
}
