import Foundation

/// The local STS: answers AWS query-protocol requests (`POST /` with a form body, or the
/// parameters in the query string) signed with SigV4-HMAC by credentials the emulator issued.
///
/// Only `Action=GetCallerIdentity` with `Version=2011-06-15` is implemented; every answer
/// is the XML the AWS CLI and SDKs parse, with a fresh request ID in the body and in
/// the `x-amzn-RequestId` header.
public struct STSQueryHandler: Sendable {
    /// Authenticates every request before its action is looked at.
    public var verifier: SigV4HMACVerifier
    private let makeRequestID: @Sendable () -> String

    /// - Parameters:
    ///   - verifier: The SigV4-HMAC verifier.
    ///   - makeRequestID: Makes the request ID of each answer; random lowercase UUIDs by default.
    public init(
        verifier: SigV4HMACVerifier = SigV4HMACVerifier(),
        makeRequestID: @escaping @Sendable () -> String = { RandomID.uuid() }
    ) {
        self.verifier = verifier
        self.makeRequestID = makeRequestID
    }

    /// Answers `request`.
    ///
    /// - Parameters:
    ///   - request: The request as received.
    ///   - now: The service's clock.
    ///   - lookup: Finds issued credentials by access key ID.
    public func handle(
        _ request: ReceivedRequest,
        now: Date,
        lookup: (String) -> STSCredentialRecord?
    ) -> STSResponse {
        let requestID = makeRequestID()
        let caller: STSCredentialRecord
        switch verifier.verify(request, now: now, lookup: lookup) {
        case .success(let record): caller = record
        case .failure(let error): return .error(error, requestID: requestID)
        }
        let parameters = STSQueryParameters(request)
        guard let action = parameters["Action"], !action.isEmpty else {
            return .error(.missingAction(), requestID: requestID)
        }
        let version = parameters["Version"]
        guard action == "GetCallerIdentity", version == STSAPI.version else {
            return .error(.invalidAction(action, version: version), requestID: requestID)
        }
        return .getCallerIdentity(caller, requestID: requestID)
    }
}
