import Foundation

extension ControlPlaneHandler {
    /// CRLs a trust anchor may have.
    static let crlQuota = 2

    struct CRLAnswer: Encodable { var crl: LocalResource.CRL }
    struct CRLList: Encodable { var crls: [LocalResource.CRL]; var nextToken: String? }

    func importCRL(_ call: ControlPlaneCall) async throws -> ControlPlaneCall.Output {
        struct Input: Decodable, Sendable {
            var name: String?
            var crlData: String?
            var enabled: Bool?
            var tags: [LocalResource.Tag]?
            var trustAnchorArn: String?
        }
        let input = try call.body(Input.self)
        var constraints = ControlPlaneError.Constraints()
        constraints.name(input.name, at: "name", required: true)
        constraints.check(input.crlData != nil, value: nil, at: "crlData", "Member must not be null")
        constraints.check(input.trustAnchorArn != nil, value: nil, at: "trustAnchorArn", "Member must not be null")
        Self.checkTags(input.tags, &constraints)
        try constraints.done()
        let data = try Self.checkCRL(input.crlData ?? "")
        let anchorARN = input.trustAnchorArn ?? ""
        let id = RandomID.uuid()
        let crl = LocalResource.CRL(
            crlId: id, crlArn: state.arn("crl", id), name: input.name ?? "", enabled: input.enabled ?? false, crlData: data,
            trustAnchorArn: anchorARN, createdAt: call.timestamp, updatedAt: call.timestamp)
        return try await call.commit { mirror in
            guard mirror.trustAnchors[anchorARN] != nil else { throw ControlPlaneError.notFound("Trust anchor \(anchorARN) not found") }
            guard mirror.crls.values.filter({ $0.trustAnchorArn == anchorARN }).count < Self.crlQuota else {
                throw ControlPlaneError.validation("A trust anchor may have \(Self.crlQuota) CRLs: delete one first")
            }
            return (
                [.crl(crl), .tags(crl.crlArn, input.tags ?? [])],
                call.answer(CRLAnswer(crl: crl), status: 201, resources: [("AWS::RolesAnywhere::CRL", crl.crlArn)])
            )
        }
    }

    func listCRLs(_ call: ControlPlaneCall) throws -> ControlPlaneCall.Output {
        let page = try Pagination.page(Array(state.snapshot.crls.values), sortKey: { $0.createdAt + $0.crlId }, call: call)
        return call.answer(CRLList(crls: page.items, nextToken: page.nextToken))
    }

    func getCRL(_ call: ControlPlaneCall) throws -> ControlPlaneCall.Output {
        let crl = try Self.crl(call.pathID("crlId"), in: state.snapshot, state: state)
        return call.answer(CRLAnswer(crl: crl), resources: [("AWS::RolesAnywhere::CRL", crl.crlArn)])
    }

    func updateCRL(_ call: ControlPlaneCall) async throws -> ControlPlaneCall.Output {
        struct Input: Decodable, Sendable { var name: String?; var crlData: String? }
        let id = try call.pathID("crlId")
        let input = try call.body(Input.self)
        var constraints = ControlPlaneError.Constraints()
        constraints.name(input.name, at: "name", required: false)
        try constraints.done()
        let data = try input.crlData.map { try Self.checkCRL($0) }
        return try await change(crl: id, call) { crl in
            if let name = input.name { crl.name = name }
            if let data { crl.crlData = data }
        }
    }

    func deleteCRL(_ call: ControlPlaneCall) async throws -> ControlPlaneCall.Output {
        let id = try call.pathID("crlId")
        return try await call.commit { [state] mirror in
            let crl = try Self.crl(id, in: mirror, state: state)
            return ([.removed(crl.crlArn)], call.answer(CRLAnswer(crl: crl), resources: [("AWS::RolesAnywhere::CRL", crl.crlArn)]))
        }
    }

    func setCRL(_ call: ControlPlaneCall, enabled: Bool) async throws -> ControlPlaneCall.Output {
        try await change(crl: try call.pathID("crlId"), call) { $0.enabled = enabled }
    }

    private func change(
        crl id: String, _ call: ControlPlaneCall, _ edit: @escaping @Sendable (inout LocalResource.CRL) -> Void
    ) async throws -> ControlPlaneCall.Output {
        try await call.commit { [state] mirror in
            var crl = try Self.crl(id, in: mirror, state: state)
            edit(&crl)
            crl.updatedAt = call.timestamp
            return ([.crl(crl)], call.answer(CRLAnswer(crl: crl), resources: [("AWS::RolesAnywhere::CRL", crl.crlArn)]))
        }
    }

    /// The CRL's bytes (base64, as botocore sends blobs) checked to be a CRL, PEM or DER.
    static func checkCRL(_ base64: String) throws(ControlPlaneError) -> String {
        guard let bytes = Data(base64Encoded: base64), !bytes.isEmpty else { throw .validation("crlData is not base64") }
        guard bytes.count <= 300_000 else {
            throw .validation("1 validation error detected: Value at 'crlData' failed to satisfy constraint: Member must have length less than or equal to 300000")
        }
        guard (try? RevocationList(encoded: Array(bytes))) != nil else {
            throw .validation("Invalid CRL: the data is not a PEM or DER X.509 CRL")
        }
        return base64
    }

    static func crl(_ id: String, in mirror: EmulatorState.Mirror, state: EmulatorState) throws(ControlPlaneError) -> LocalResource.CRL {
        guard let crl = mirror.crls[state.arn("crl", id)] else { throw .notFound("Resource not found") }
        return crl
    }
}
