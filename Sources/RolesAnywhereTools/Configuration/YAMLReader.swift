internal import CYAML

/// Reads a small YAML (or JSON, a subset) document into plain values: `[String: Any]` for
/// mappings, `[Any]` for sequences, and for scalars `Bool`, `Int` or `String` (quoted scalars
/// stay strings; `~`, `null` and empty plain scalars are ``YAMLReader/null``).
///
/// Hand-written over the system's libyaml instead of Yams: Yams brings full Foundation and ICU
/// into the client (measured: the stripped binary grows from 31 to 76 MB and every start
/// slows by ~4 ms), while libyaml is a small C library already on every Debian machine.
public enum YAMLReader {
    /// A null scalar.
    public struct Null: Equatable, Sendable {}
    /// The null value.
    public static let null = Null()

    /// Why a document could not be read: the problem and its line (1-based).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var problem: String
        public var line: Int
        public var description: String { "\(problem) (line \(line))" }
    }

    /// Parses one document.
    public static func read(_ text: String) throws(Failure) -> Any {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw Failure(problem: "cannot start the YAML parser", line: 0) }
        defer { yaml_parser_delete(&parser) }
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer throws(Failure) -> Any in
            try withUnsafeMutablePointer(to: &parser) { pointer throws(Failure) -> Any in
                yaml_parser_set_input_string(pointer, buffer.baseAddress, buffer.count)
                var reader = EventReader(parser: pointer)
                return try reader.document()
            }
        }
    }

    /// Pulls events and builds values, one node at a time.
    private struct EventReader: ~Copyable {
        let parser: UnsafeMutablePointer<yaml_parser_t>

        init(parser: UnsafeMutablePointer<yaml_parser_t>) { self.parser = parser }

        mutating func document() throws(Failure) -> Any {
            var value: Any = YAMLReader.null
            while true {
                var event = try next()
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_START_EVENT, YAML_DOCUMENT_START_EVENT: continue
                case YAML_DOCUMENT_END_EVENT, YAML_STREAM_END_EVENT: return value
                default: value = try node(event)
                }
            }
        }

        private mutating func node(_ event: yaml_event_t) throws(Failure) -> Any {
            let line = Int(event.start_mark.line) + 1
            switch event.type {
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                return scalar.style == YAML_PLAIN_SCALAR_STYLE ? Self.resolve(text) : text
            case YAML_SEQUENCE_START_EVENT:
                var items: [Any] = []
                while true {
                    var item = try next()
                    defer { yaml_event_delete(&item) }
                    if item.type == YAML_SEQUENCE_END_EVENT { return items }
                    items.append(try node(item))
                }
            case YAML_MAPPING_START_EVENT:
                var mapping: [String: Any] = [:]
                while true {
                    var keyEvent = try next()
                    defer { yaml_event_delete(&keyEvent) }
                    if keyEvent.type == YAML_MAPPING_END_EVENT { return mapping }
                    guard keyEvent.type == YAML_SCALAR_EVENT else {
                        throw Failure(problem: "a key is not text", line: Int(keyEvent.start_mark.line) + 1)
                    }
                    let scalar = keyEvent.data.scalar
                    let key = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
                    guard mapping[key] == nil else {
                        throw Failure(problem: "the key '\(key)' is given twice", line: Int(keyEvent.start_mark.line) + 1)
                    }
                    var valueEvent = try next()
                    defer { yaml_event_delete(&valueEvent) }
                    mapping[key] = try node(valueEvent)
                }
            case YAML_ALIAS_EVENT:
                throw Failure(problem: "aliases (*name) are not supported", line: line)
            default:
                throw Failure(problem: "unexpected YAML structure", line: line)
            }
        }

        private mutating func next() throws(Failure) -> yaml_event_t {
            var event = yaml_event_t()
            guard yaml_parser_parse(parser, &event) == 1 else {
                let problem = parser.pointee.problem.map { String(cString: $0) } ?? "not valid YAML"
                throw Failure(problem: problem, line: Int(parser.pointee.problem_mark.line) + 1)
            }
            return event
        }

        /// YAML 1.2 core schema for plain scalars: null, booleans, integers, else text.
        private static func resolve(_ text: String) -> Any {
            switch text {
            case "", "~", "null", "Null", "NULL": return YAMLReader.null
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            default: return Int(text) ?? text
            }
        }
    }
}
