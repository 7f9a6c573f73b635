#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RolesAnywhere
import RolesAnywhereTools

/// The file of `serve --config`: several roles served by one process.
///
/// ```yaml
/// bindings:
///   - name: web
///     default: true                 # IMDS serves this one (else the first)
///     authTokenFile: web.token      # else a random token, printed once at start
///     certificate: pkcs11:token=hsm;object=web;type=cert
///     pinEnv: HSM_PIN
///     trustAnchorArn: arn:...
///     profileArn: arn:...
///     roleArn: arn:...
/// ```
/// Keys are the camelCase long flags of `credential-process`. YAML (and so JSON) is read with
/// the system's libyaml (``YAMLReader``); relative paths are relative to the file. Unknown keys, duplicate names and missing
/// fields are refused before anything starts.
struct ServeConfigFile {
    /// One role to serve.
    struct Binding {
        var name: String
        var isDefault = false
        var authTokenFile: String?
        var key = KeySettings()
        var session = SessionSettings()
        var connection = ConnectionSettings()
    }

    static let requiredKeys = ["name", "certificate", "trustAnchorArn", "profileArn", "roleArn"]

    /// Reads and checks the file.
    static func load(_ given: String) throws(RolesAnywhereError) -> [Binding] {
        // Absolute, so relative paths in the file become absolute too (they are printed for SDKs).
        let path = given.hasPrefix("/") ? given : FileManager.default.currentDirectoryPath + "/" + given
        func fail(_ why: String) -> RolesAnywhereError {
            RolesAnywhereError(.invalidArgument, plain: "the serve configuration '\(path)' \(why)", subject: path)
        }
        let bytes = try FileReader.read(path, role: "serve configuration (--config)")
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw RolesAnywhereError(.unreadableFile, plain: "the serve configuration '\(path)' is not UTF-8 text", subject: path)
        }
        let document: Any
        do {
            document = try YAMLReader.read(text)
        } catch {
            throw fail("is neither YAML nor JSON: \(error)")
        }
        guard let top = document as? [String: Any], let list = top["bindings"] as? [Any], !list.isEmpty else {
            throw fail("has no bindings: give a list under 'bindings:'")
        }
        if let other = top.keys.first(where: { $0 != "bindings" }) { throw fail("has an unknown key '\(other)': only 'bindings'") }
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? ""
        var bindings: [Binding] = []
        for (index, entry) in list.enumerated() {
            guard let fields = entry as? [String: Any] else { throw fail("has binding \(index + 1) that is not a mapping of keys") }
            let label = (fields["name"] as? String).map { "binding '\($0)'" } ?? "binding \(index + 1)"
            for required in requiredKeys where fields[required] == nil {
                throw fail("has \(label) without '\(required)'")
            }
            var binding = Binding(name: "")
            for (key, value) in fields {
                guard let problem = apply(key, value, to: &binding, folder: folder) else { continue }
                throw fail("has \(label) whose \(problem)")
            }
            guard binding.name.utf8.count <= 64, !binding.name.isEmpty, binding.name != ".", binding.name != "..",
                binding.name.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) })
            else {
                throw fail("has \(label): a name is 1 to 64 letters, digits, '-', '_' or '.' (it is a URL path)")
            }
            guard !bindings.contains(where: { $0.name == binding.name }) else {
                throw fail("names two bindings '\(binding.name)': names must differ")
            }
            bindings.append(binding)
        }
        if bindings.filter(\.isDefault).count > 1 { throw fail("marks more than one binding 'default: true'") }
        return bindings
    }

    /// Sets one key; returns what is wrong with it, or nil.
    private static func apply(_ key: String, _ value: Any, to binding: inout Binding, folder: String) -> String? {
        func text() -> String? { (value as? String) ?? (value as? Int).map(String.init) }
        func path() -> String? {
            guard let text = text() else { return nil }
            if text.hasPrefix("/") || text.hasPrefix("pkcs11:") || text.hasPrefix("env:") || folder.isEmpty { return text }
            return folder + "/" + text
        }
        func flag() -> Bool? { value as? Bool }
        func number() -> Int? { (value as? Int) ?? (value as? String).flatMap { Int($0) } }
        let set: Bool
        switch key {
        case "name": binding.name = text() ?? ""; set = text() != nil
        case "default": binding.isDefault = flag() ?? false; set = flag() != nil
        case "authTokenFile": binding.authTokenFile = path(); set = path() != nil
        case "certificate": binding.key.certificate = path() ?? ""; set = path() != nil
        case "privateKey": binding.key.privateKey = path(); set = path() != nil
        case "intermediates": binding.key.intermediates = path(); set = path() != nil
        case "passwordEnv": binding.key.passwordEnv = text(); set = text() != nil
        case "pkcs11Lib": binding.key.pkcs11Lib = text(); set = text() != nil
        case "pinEnv": binding.key.pinEnv = text(); set = text() != nil
        case "pinCommand": binding.key.pinCommand = text(); set = text() != nil
        case "reusePin": binding.key.reusePin = flag() ?? false; set = flag() != nil
        case "trustAnchorArn": binding.session.trustAnchorArn = text() ?? ""; set = text() != nil
        case "profileArn": binding.session.profileArn = text() ?? ""; set = text() != nil
        case "roleArn": binding.session.roleArn = text() ?? ""; set = text() != nil
        case "sessionDuration": binding.session.sessionDuration = number() ?? 0; set = number() != nil
        case "roleSessionName": binding.session.roleSessionName = text(); set = text() != nil
        case "region": binding.session.region = text(); set = text() != nil
        case "endpoint": binding.session.endpoint = text(); set = text() != nil
        case "useFipsEndpoint": binding.session.useFIPSEndpoint = flag() ?? false; set = flag() != nil
        case "caBundle": binding.connection.caBundle = path(); set = path() != nil
        case "noVerifySsl": binding.connection.noVerifySsl = flag() ?? false; set = flag() != nil
        case "withProxy": binding.connection.withProxy = flag() ?? false; set = flag() != nil
        case "connectTimeout": binding.connection.connectTimeout = number() ?? 0; set = number() != nil
        case "readTimeout": binding.connection.readTimeout = number() ?? 0; set = number() != nil
        case "pkcs8Password":
            return "'pkcs8Password' would put a password in a file: use passwordEnv"
        default:
            return "key '\(key)' is unknown: keys are the camelCase long flags of credential-process (certificate, privateKey, roleArn, ...)"
        }
        return set ? nil : "'\(key)' has a value of the wrong type"
    }
}
