import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import RolesAnywhere
import RolesAnywhereTools

/// `roles-anywhere doctor`: checks a setup step by step and says what to fix.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check every part of a setup, one line per check, with the fix for each failure.",
        discussion: """
            Takes the flags of credential-process (replace `credential-process` with `doctor`), plus \
            --trust-anchor-ca for the chain check. Checks, in order: module, token, pin (with the token's \
            retry flags), key, certificate, key-match, validity (days left), usage (v3, digitalSignature), \
            chain (to --trust-anchor-ca), arns (well-formed, regions and accounts agree), endpoint (reachable \
            over TLS), clock (within 5 minutes of the endpoint's Date header), create-session (a real call; \
            only when nothing failed before). Each line is "ok   <check>: <detail>", \
            "FAIL <check>: <what is wrong> - <fix>" or "skip <check>: <why>". Key files skip the token checks. \
            Exit codes: 0 when no check failed, 12 when one or more failed, 64 for usage errors. \
            Never prints a PIN, password, key or credential.
            """)

    /// Exit status when one or more checks failed.
    static let checkFailedExitCode: Int32 = 12

    @OptionGroup var key: KeyOptions
    @OptionGroup var session: SessionOptions
    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var cache: CacheOptions

    @Option(help: "PEM certificate(s) of the trust anchor's CA, to check the chain against.")
    var trustAnchorCa: String?

    @Flag(help: "Accepted for compatibility with credential-process; doctor prints no request details.")
    var debug = false

    func run() async throws {
        if key.pkcs11Lib != nil || key.reusePin || key.pinEnv != nil || key.pinCommand != nil, !key.usesToken {
            throw RolesAnywhereError(
                .invalidArgument,
                "--pkcs11-lib, --reuse-pin, --pin-env and --pin-command apply to pkcs11: URIs only; --certificate and --private-key name files")
        }
        var configuration = DoctorConfiguration(
            certificate: key.certificate, privateKey: key.privateKey, intermediatesPath: key.intermediates,
            modulePath: key.pkcs11Lib, pinSource: try KeySettings.pinSource(environment: key.pinEnv, command: key.pinCommand),
            reusePIN: key.reusePin, passwordSource: key.passwordSource, trustAnchorCAPath: trustAnchorCa,
            trustAnchorARN: session.trustAnchorArn, profileARN: session.profileArn, roleARN: session.roleArn,
            region: session.region, endpoint: session.endpoint, durationSeconds: session.sessionDuration,
            roleSessionName: session.roleSessionName, client: try connection.makeConfiguration(for: endpointHost))
        configuration.useFIPSEndpoint = session.useFipsEndpoint
        ModuleOutput.silence()
        let findings = await Doctor(configuration).run { finding in
            StandardOutput.write(finding.line)
        }
        if findings.contains(where: { $0.status == .fail }) {
            throw ExitCode(Self.checkFailedExitCode)
        }
    }

    /// The endpoint's host, for the proxy's NO_PROXY rules (empty when unknown).
    private var endpointHost: String {
        if let endpoint = session.endpoint { return (try? ServiceEndpoint(parsing: endpoint))?.host ?? "" }
        let region = session.region ?? session.trustAnchorArn.split(separator: ":", omittingEmptySubsequences: false)
            .dropFirst(3).first.map(String.init) ?? ""
        return AmazonResourceName.isRegionName(region)
            ? ServiceEndpoint.regional(region: region, fips: session.useFipsEndpoint).host : ""
    }
}
