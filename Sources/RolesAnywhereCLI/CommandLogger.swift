import Logging

#if canImport(Glibc)
import Glibc
#endif

/// A logger that writes to our standard error: debug details with `--debug`, warnings otherwise.
enum CommandLogger {
    static func make(debug: Bool) -> Logger {
        var logger = Logger(label: "roles-anywhere") { label in LineHandler(label: label) }
        logger.logLevel = debug ? .debug : .warning
        return logger
    }

    /// swift-log's `StreamLogHandler` format (`<time> <level> <label> : [metadata] <message>`),
    /// written with `StandardError`: to our standard error even while a PKCS#11 module's own
    /// output is diverted (see ``ModuleOutput``).
    struct LineHandler: LogHandler {
        let label: String
        var logLevel: Logger.Level = .info
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let fields = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            // As StreamLogHandler writes it: debug entries (the canonical request) span lines.
            FileDescriptorOutput.writeLine(
                "\(Self.timestamp()) \(event.level) \(label) :\(fields) \(event.message)", to: StandardError.descriptor)
        }

        private static func timestamp() -> String {
            var now = time(nil)
            var parts = tm()
            localtime_r(&now, &parts)
            var buffer = [Int8](repeating: 0, count: 64)
            let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
            return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}
