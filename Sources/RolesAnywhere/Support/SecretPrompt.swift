import Synchronization

/// How the engine asks a person for a secret (a token's PIN, a key file's password).
///
/// The engine never opens a terminal itself: a program bootstraps a ``Prompter`` once at
/// start (as swift-log's `LoggingSystem.bootstrap` does for logging): a terminal prompt, a
/// pinentry program, or none at all for a service. Without one, a secret that would have to
/// be asked is a failure that says where else it can come from.
public enum SecretPrompt {
    /// Something that can ask a person for a secret.
    public protocol Prompter: Sendable {
        /// Asks for one secret; returns its bytes (the caller wipes them), or throws
        /// `request.unavailable` when nobody can be asked.
        func readSecret(_ request: Request) throws(RolesAnywhereError) -> [UInt8]
    }

    /// One secret to ask for.
    public struct Request: Sendable {
        /// The kinds of secret the engine asks for.
        public enum Secret: Sendable, Hashable {
            /// A token's user PIN.
            case tokenPIN
            /// The PIN a `CKA_ALWAYS_AUTHENTICATE` key asks for at each signature.
            case contextPIN
            /// The password of an encrypted key file.
            case keyPassword
        }

        /// Which secret.
        public var secret: Secret
        /// What it is for: `token 'ra-test'`, a key's path.
        public var subject: String
        /// What the token says of its PIN, e.g. ` (the PIN has been entered wrongly; few tries left)`;
        /// empty when there is nothing to say.
        public var note: String
        /// True when the previous answer was refused (a wrong PIN), so the question is asked again.
        public var isRetry: Bool
        /// The failure to report when nobody can be asked.
        public var unavailable: RolesAnywhereError

        /// The one-line question, e.g. `PIN for token 'ra-test': `.
        public var question: String {
            switch secret {
            case .tokenPIN, .contextPIN: "PIN for \(subject)\(note): "
            case .keyPassword: "Password for \(subject): "
            }
        }

        /// Creates a request.
        public init(
            secret: Secret, subject: String, note: String = "", isRetry: Bool = false, unavailable: RolesAnywhereError
        ) {
            self.secret = secret
            self.subject = subject
            self.isRetry = isRetry
            self.note = note
            self.unavailable = unavailable
        }
    }

    private static let installed = Mutex<(any Prompter)?>(nil)

    /// Installs the prompter of this program (replacing any earlier one).
    public static func bootstrap(_ prompter: any Prompter) {
        installed.withLock { $0 = prompter }
    }

    /// Asks through the installed prompter, or throws `request.unavailable` when there is none.
    static func read(_ request: Request) throws(RolesAnywhereError) -> [UInt8] {
        guard let prompter = installed.withLock({ $0 }) else { throw request.unavailable }
        return try prompter.readSecret(request)
    }
}
