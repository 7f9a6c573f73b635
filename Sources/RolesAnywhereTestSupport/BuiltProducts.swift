import Foundation

/// Where `swift build` put the package's products, found from the running test bundle.
public enum BuiltProducts {
    /// The build folder (`.build/<triple>/debug` or `.../release`) that holds `roles-anywhere`.
    public static var directory: URL {
        let bundles = [Bundle.main.bundleURL] + Bundle.allBundles.map(\.bundleURL)
        let candidates = bundles.flatMap { [$0, $0.deletingLastPathComponent()] }
            + [URL(fileURLWithPath: CommandLine.arguments.first ?? ".").deletingLastPathComponent()]
        for candidate in candidates
        where FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("roles-anywhere").path) {
            return candidate
        }
        return Bundle.main.bundleURL
    }

    /// The `roles-anywhere` executable (`ROLES_ANYWHERE_BINARY` overrides it).
    public static var rolesAnywhere: String {
        if let override = ProcessInfo.processInfo.environment["ROLES_ANYWHERE_BINARY"] { return override }
        return directory.appendingPathComponent("roles-anywhere").path
    }

    /// The `roles-anywhere-emulator` executable (`ROLES_ANYWHERE_EMULATOR_BINARY` overrides it).
    public static var emulator: String {
        if let override = ProcessInfo.processInfo.environment["ROLES_ANYWHERE_EMULATOR_BINARY"] { return override }
        return directory.appendingPathComponent("roles-anywhere-emulator").path
    }
}
