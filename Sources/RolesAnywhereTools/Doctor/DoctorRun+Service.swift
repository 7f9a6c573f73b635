import RolesAnywhere
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging

extension DoctorRun {
    /// The ARNs parse, name the right resource types, and agree on partition, region and account.
    func checkARNs() {
        let fix = "copy the ARNs from the IAM Roles Anywhere console: trust anchor and profile in the signing region, role in the same account"
        do {
            let request = try CreateSessionRequest(
                trustAnchorARN: configuration.trustAnchorARN, profileARN: configuration.profileARN, roleARN: configuration.roleARN,
                region: configuration.region, durationSeconds: configuration.durationSeconds,
                roleSessionName: configuration.roleSessionName, endpoint: configuration.endpoint,
                useFIPSEndpoint: configuration.useFIPSEndpoint)
            let accounts = Set([request.trustAnchorARN.accountID, request.profileARN.accountID, request.roleARN.accountID])
            guard accounts.count == 1 else {
                return record(
                    .arns, .fail,
                    "the trust anchor (\(request.trustAnchorARN.accountID)), profile (\(request.profileARN.accountID)) and role (\(request.roleARN.accountID)) are in different accounts",
                    fix: fix)
            }
            self.request = request
            record(
                .arns, .ok,
                "trust anchor \(request.trustAnchorARN.resourceID), profile \(request.profileARN.resourceID) and role \(request.roleARN.resourceName) in account \(request.roleARN.accountID), region \(request.region)")
        } catch {
            record(.arns, .fail, Self.message(error), fix: fix)
        }
    }

    /// The endpoint answers over TLS with the configured trust.
    func checkEndpoint() async {
        let endpoint: ServiceEndpoint
        do {
            if let request {
                endpoint = request.endpoint
            } else if let given = configuration.endpoint {
                endpoint = try ServiceEndpoint(parsing: given)
            } else if let region = configuration.region, AmazonResourceName.isRegionName(region) {
                endpoint = .regional(region: region, fips: configuration.useFIPSEndpoint)
            } else {
                return record(.endpoint, .skip, "the region is unknown until the ARNs are fixed (or --endpoint is given)")
            }
        } catch {
            return record(.endpoint, .fail, Self.message(error), fix: "give --endpoint as https://host[:port]")
        }
        do {
            let answer = try await EndpointProbe.probe(endpoint, configuration: configuration.client, clock: configuration.clock)
            endpointAnswer = answer
            let transport = endpoint.scheme == "https" ? (configuration.client.verifiesTLS ? "over TLS" : "over TLS (certificate NOT verified)") : "over plain HTTP"
            record(.endpoint, .ok, "\(endpoint) answered \(transport) (HTTP \(answer.status), \(Int(answer.elapsed * 1000)) ms)")
        } catch {
            record(
                .endpoint, .fail, error.commandLineMessage,
                fix: "check --endpoint, the network, the proxy (--with-proxy) and the endpoint's CA (--ca-bundle or AWS_CA_BUNDLE)")
        }
    }

    /// This machine's clock against the endpoint's `Date` header: SigV4 allows 5 minutes.
    func checkClock() {
        guard let answer = endpointAnswer else { return skip(.clock, needs: .endpoint) }
        guard let header = answer.date, let serverTime = HTTPDate.parse(header) else {
            return record(.clock, .skip, "the endpoint sent no readable Date header")
        }
        let skew = answer.localTime.timeIntervalSince(serverTime)
        let amount = Self.duration(abs(skew))
        let direction = skew > 0 ? "ahead of" : "behind"
        guard abs(skew) <= configuration.maximumClockSkew else {
            return record(
                .clock, .fail,
                "this machine's clock is \(amount) \(direction) the endpoint's (Date: \(header)); requests signed more than 5 minutes off are refused",
                fix: "set this machine's clock right (NTP: `timedatectl set-ntp true`)")
        }
        record(.clock, .ok, abs(skew) < 2 ? "within 1 s of the endpoint's clock" : "\(amount) \(direction) the endpoint's clock (5 minutes allowed)")
    }

    /// A real CreateSession, only when every earlier check passed or was skipped.
    func checkCreateSession() async {
        guard !hasFailure else { return record(.createSession, .skip, "fix the failures above first") }
        guard let request else { return skip(.createSession, needs: .arns) }
        guard let identity else { return skip(.createSession, needs: .keyMatch) }
        var client = configuration.client
        client.maximumRetries = 0
        var logger = Logger(label: "roles-anywhere-doctor")
        logger.logLevel = .critical
        do {
            let caller = try CreateSessionClient(configuration: client, logger: logger, clock: configuration.clock)
            do {
                let result = try await caller.createSession(request, backend: ProvenIdentityBackend(identity: identity))
                await caller.shutdown()
                let role = result.assumedRoleARN ?? result.roleARN ?? request.roleARN.rawValue
                record(
                    .createSession, .ok,
                    "the service issued credentials for \(role), valid until \(ISO8601Timestamp.string(from: result.credentials.expiration))")
            } catch {
                await caller.shutdown()
                throw error
            }
        } catch {
            let advice = DoctorServiceAdvice(error)
            record(.createSession, .fail, advice.detail, fix: advice.fix)
        }
    }

    /// `4 min 10 s`, `12 s`.
    static func duration(_ seconds: TimeInterval) -> String {
        let total = Int(seconds.rounded())
        if total < 60 { return "\(total) s" }
        if total < 3600 { return "\(total / 60) min \(total % 60) s" }
        return "\(total / 3600) h \((total % 3600) / 60) min"
    }
}
