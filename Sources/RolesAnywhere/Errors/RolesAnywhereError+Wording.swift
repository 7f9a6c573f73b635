extension RolesAnywhereError {
    /// One of the inputs a program hands the engine, named in an error's wording so that the
    /// program can call it what its users call it: the CLI renders ``privateKey`` as
    /// `--private-key`, a configuration file as the key `privateKey`.
    ///
    /// An open set: the name is the input's camelCase name.
    public struct Setting: Hashable, Sendable, CustomStringConvertible {
        /// The camelCase name of the input, e.g. `privateKey`.
        public let name: String

        /// Creates a setting with its camelCase name.
        public init(_ name: String) { self.name = name }

        public var description: String { name }

        public static let certificate = Setting("certificate")
        public static let privateKey = Setting("privateKey")
        public static let intermediates = Setting("intermediates")
        public static let pkcs11Lib = Setting("pkcs11Lib")
        public static let pinEnv = Setting("pinEnv")
        public static let pinCommand = Setting("pinCommand")
        public static let reusePin = Setting("reusePin")
        public static let login = Setting("login")
        public static let token = Setting("token")
        public static let passwordEnv = Setting("passwordEnv")
        public static let pkcs8Password = Setting("pkcs8Password")
        public static let trustAnchorArn = Setting("trustAnchorArn")
        public static let profileArn = Setting("profileArn")
        public static let roleArn = Setting("roleArn")
        public static let region = Setting("region")
        public static let sessionDuration = Setting("sessionDuration")
        public static let roleSessionName = Setting("roleSessionName")
        public static let endpoint = Setting("endpoint")
        public static let caBundle = Setting("caBundle")
    }

    /// Something of the program a wording can point the person to (a listing, a check), named
    /// by the program in its own way: the CLI as its command line. An open set.
    public struct Tool: Hashable, Sendable, CustomStringConvertible {
        /// The camelCase name of the tool, e.g. `tokenList`.
        public let name: String

        /// Creates a tool with its camelCase name.
        public init(_ name: String) { self.name = name }

        public var description: String { name }

        /// A listing of a module's tokens and objects with their URIs.
        public static let tokenList = Tool("tokenList")
    }

    /// An error's sentence, built by string interpolation, in which settings stay symbolic
    /// until a program renders them: `"pass the key to \(setting: .privateKey)"`.
    public struct Wording: Hashable, Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
        /// A piece of the sentence.
        public enum Part: Hashable, Sendable {
            case text(String)
            case setting(Setting)
            case tool(Tool)
        }

        /// The pieces, in order.
        public private(set) var parts: [Part]

        /// A sentence with no setting in it.
        public init(_ text: String) { parts = [.text(text)] }

        public init(stringLiteral value: String) { parts = [.text(value)] }

        public init(stringInterpolation: Interpolation) { parts = stringInterpolation.parts }

        /// The sentence with each setting replaced by `name(setting)` and each tool by `tool(tool)`.
        public func rendered(_ name: (Setting) -> String, tool: (Tool) -> String = { $0.name }) -> String {
            var text = ""
            for part in parts {
                switch part {
                case .text(let piece): text += piece
                case .setting(let setting): text += name(setting)
                case .tool(let named): text += tool(named)
                }
            }
            return text
        }

        /// The sentence with the settings' camelCase names.
        public var description: String { rendered { $0.name } }

        /// Builds a ``Wording`` from a string literal with interpolations.
        public struct Interpolation: StringInterpolationProtocol {
            var parts: [Part] = []

            public init(literalCapacity: Int, interpolationCount: Int) {}

            public mutating func appendLiteral(_ literal: String) { append(literal) }

            /// A setting, rendered by the program.
            public mutating func appendInterpolation(setting: Setting) { parts.append(.setting(setting)) }

            /// A tool of the program, rendered by the program.
            public mutating func appendInterpolation(tool: Tool) { parts.append(.tool(tool)) }

            /// Another wording, its settings kept.
            public mutating func appendInterpolation(_ wording: Wording) { parts.append(contentsOf: wording.parts) }

            /// Any other value, as text (a wording or setting that reached here through a
            /// generic context keeps its settings).
            public mutating func appendInterpolation<Value>(_ value: Value) {
                if let wording = value as? Wording {
                    parts.append(contentsOf: wording.parts)
                } else if let setting = value as? Setting {
                    parts.append(.setting(setting))
                } else if let tool = value as? Tool {
                    parts.append(.tool(tool))
                } else {
                    append(String(describing: value))
                }
            }

            private mutating func append(_ text: String) {
                if case .text(let last)? = parts.last {
                    parts[parts.count - 1] = .text(last + text)
                } else {
                    parts.append(.text(text))
                }
            }
        }
    }
}
