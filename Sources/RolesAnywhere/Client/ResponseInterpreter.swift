#if canImport(FoundationEssentials)
import FoundationEssentials
#else
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#endif

/// Turns a CreateSession HTTP answer into credentials or a one-line error.
package enum ResponseInterpreter {
    /// - Parameter reason: the precise reason a local service (`roles-anywhere-emulator`) adds in
    ///   `X-Roles-Anywhere-Emulator-Reason`; AWS sends none.
    package static func interpret(status: Int, errorType: String?, reason: String? = nil, body bytes: [UInt8]) -> Result<CreateSessionResult, AttemptFailure> {
        switch status {
        case 201, 200:
            return parseSuccess(bytes)
        case 429:
            return .failure(AttemptFailure(
                error: RolesAnywhereError(.serviceUnavailable, "the service is throttling requests (429); try again later"),
                isRetryable: true))
        case 500...599:
            return .failure(AttemptFailure(
                error: RolesAnywhereError(.serviceUnavailable, "the service failed with HTTP \(status); try again later"),
                isRetryable: true))
        default:
            return .failure(AttemptFailure(error: refusal(status: status, errorType: errorType, reason: reason, body: bytes), isRetryable: false))
        }
    }

    private static func parseSuccess(_ bytes: [UInt8]) -> Result<CreateSessionResult, AttemptFailure> {
        func malformed(_ why: String) -> Result<CreateSessionResult, AttemptFailure> {
            .failure(AttemptFailure(
                error: RolesAnywhereError(.malformedResponse, "the service's answer is malformed: \(why)"), isRetryable: false))
        }
        guard let response = try? JSONDecoder().decode(CreateSessionResponse.self, from: Data(bytes)) else {
            return malformed("it is not the CreateSession JSON document")
        }
        guard let entry = response.credentialSet?.first, let credentials = entry.credentials else {
            return malformed("it holds no credential set")
        }
        guard !credentials.accessKeyId.isEmpty, !credentials.secretAccessKey.isEmpty, !credentials.sessionToken.isEmpty else {
            return malformed("the credentials are empty")
        }
        guard let expiration = ISO8601Timestamp.date(from: credentials.expiration) else {
            return malformed("the expiration '\(credentials.expiration.prefix(40))' is not an ISO 8601 time")
        }
        return .success(CreateSessionResult(
            credentials: AWSCredentials(
                accessKeyID: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey,
                sessionToken: credentials.sessionToken, expiration: expiration),
            assumedRoleARN: entry.assumedRoleUser?.arn,
            roleARN: entry.roleArn,
            subjectARN: response.subjectArn))
    }

    private static func refusal(status: Int, errorType: String?, reason: String?, body: [UInt8]) -> RolesAnywhereError {
        // The error type may carry a suffix after ':' (e.g. "AccessDeniedException:http://...").
        let type = errorType.map { String($0.split(separator: ":").first ?? "") }.flatMap { $0.isEmpty ? nil : $0 }
        let decoded = try? JSONDecoder().decode(ServiceErrorResponse.self, from: Data(body))
        let message = decoded?.message.map { String($0.prefix(300)) }
        var line: RolesAnywhereError.Wording = "the service refused the request"
        switch (type, message) {
        case (let type?, let message?): line = "\(line): \(type): \(message)"
        case (let type?, nil): line = "\(line): \(type) (HTTP \(status))"
        case (nil, let message?): line = "\(line) (HTTP \(status)): \(message)"
        case (nil, nil): line = "\(line) with HTTP \(status)"
        }
        if let reason, !reason.isEmpty {
            line = "\(line) - the emulator's reason: \(reason.prefix(300))"
        } else if let hint = ServiceErrorResponse.hint(type: type ?? "", message: message ?? "") {
            line = "\(line) - \(hint)"
        }
        return RolesAnywhereError(.serviceRefused, line, cause: message)
    }
}
