import ArgumentParser
import RolesAnywhere
import RolesAnywhereTools

/// `roles-anywhere token list`: every slot's token and its objects, each with its URI.
struct TokenListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List tokens and their certificates and keys, each with the pkcs11: URI to use.",
        discussion: """
            Public objects are listed without a PIN. To list private keys too, log in with --pin-env NAME, \
            --pin-command CMD or --login (prompt); the PIN is tried on every listed token that needs a login, \
            so name one token with --token when several are present.
            """)

    @Option(help: "PKCS#11 module (default: p11-kit's proxy, which sees every registered module).")
    var pkcs11Lib: String?

    @Option(help: "Only the tokens this pkcs11: URI matches, e.g. pkcs11:token=my-token.")
    var token: String?

    @Option(help: "Log in with the PIN in this environment variable, to list private keys.")
    var pinEnv: String?

    @Option(help: "Log in with the PIN this command prints (run with /bin/sh -c), to list private keys.")
    var pinCommand: String?

    @Flag(help: "Log in with a PIN asked on the terminal, to list private keys.")
    var login = false

    func run() async throws {
        var pinSource = try KeySettings.pinSource(environment: pinEnv, command: pinCommand)
        if login {
            guard pinSource == nil else {
                throw RolesAnywhereError(.invalidArgument, "--login asks for the PIN: leave out --pin-env and --pin-command")
            }
            pinSource = .prompt
        }
        ModuleOutput.silence()
        let inventory = TokenInventory(modulePath: pkcs11Lib, tokenFilter: token, pinSource: pinSource)
        let slots = try inventory.slots()
        guard !slots.isEmpty else {
            if let token {
                throw RolesAnywhereError(
                    .tokenNotFound, plain: "no token matches '\(token)' in the PKCS#11 module: run token list without --token to see the tokens present")
            }
            print("No slots.")
            return
        }
        print(slots.map { $0.lines.joined(separator: "\n") }.joined(separator: "\n\n"))
    }
}
