import Foundation

/// Where `swift build` put the package's products, found from the running test bundle.
public enum BuiltProducts {
    /// The build folder (`.build/debug` or `.build/release`).
    public static var directory: URL {
        var url = Bundle.main.bundleURL
        for candidate in [Bundle.main.bundleURL] + Bundle.allBundles.map(\.bundleURL) {
            if FileManager.default.fileExists(atPath: candidate.deletingLastPathComponent().appendingPathComponent("roles-anywhere").path) {
                return candidate.deletingLastPathComponent()
            }
            url = candidate
        }
        return url.deletingLastPathComponent()
    }

    /// The `roles-anywhere` executable.
    public static var rolesAnywhere: String {
        if let override = ProcessInfo.processInfo.environment["ROLES_ANYWHERE_BINARY"] { return override }
        return directory.appendingPathComponent("roles-anywhere").path
    }

    /// The package's root folder.
    public static var packageRoot: URL {
        var url = directory
        while url.path != "/" {
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
            url = url.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }
}
