import Logging

/// A logger that writes to stderr: debug details with `--debug`, warnings otherwise.
enum CommandLogger {
    static func make(debug: Bool) -> Logger {
        var logger = Logger(label: "roles-anywhere") { label in StreamLogHandler.standardError(label: label) }
        logger.logLevel = debug ? .debug : .warning
        return logger
    }
}
