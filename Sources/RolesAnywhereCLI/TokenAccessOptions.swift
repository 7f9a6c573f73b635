import ArgumentParser
import RolesAnywhere
import RolesAnywhereTools

/// How the token tools reach a token: the module and the user PIN's source.
struct TokenAccessOptions: ParsableArguments {
    @Option(help: "PKCS#11 module (default: p11-kit's proxy, which sees every registered module).")
    var pkcs11Lib: String?

    @Option(help: "Name of an environment variable holding the token's user PIN.")
    var pinEnv: String?

    @Option(help: "Command printing the token's user PIN on stdout (run with /bin/sh -c, askpass style).")
    var pinCommand: String?

    @Option(help: ArgumentHelp(
        "Ask PINs and passwords through a GnuPG pinentry program (default: the first installed), not the terminal.",
        valueName: "program"))
    var pinentry: String?

    /// The PIN source the flags name; nil for a URI's `pin-source`/`pin-value`, else a prompt.
    func pinSource() throws(RolesAnywhereError) -> PINSource? {
        try KeySettings.pinSource(environment: pinEnv, command: pinCommand)
    }
}
