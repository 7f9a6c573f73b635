// TEMPORARY STUB: replaced by the STS implementation.
import Foundation
public struct STSResponse: Sendable { public var status: Int; public var contentType: String; public var headers: [(String, String)]; public var body: String }
public struct STSQueryHandler: Sendable {
    public init() {}
    public func handle(_ request: ReceivedRequest, now: Date, lookup: (String) -> STSCredentialRecord?) -> STSResponse {
        STSResponse(status: 501, contentType: "text/xml", headers: [], body: "")
    }
}
