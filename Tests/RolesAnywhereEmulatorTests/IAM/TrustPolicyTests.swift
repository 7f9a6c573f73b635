import RolesAnywhereEmulator
import XCTest

final class TrustPolicyTests: XCTestCase {
    private static let rolesAnywhere = "rolesanywhere.amazonaws.com"
    private static let sessionActions = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]
    private static let commonName = "aws:PrincipalTag/x509Subject/CN"
    private static let sourceArn = "aws:SourceArn"
    private static let trustAnchorPattern = "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/*"
    private static let trustAnchor = "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/8d9f4a0c-5b7e-4f39"

    /// The trust policy Roles Anywhere's documentation gives, with `condition` (a JSON object) added.
    private static func rolesAnywhereDocument(
        actions: [String] = sessionActions, condition: String? = nil
    ) -> String {
        let actionList = actions.map { "\"\($0)\"" }.joined(separator: ",")
        let conditionMember = condition.map { #","Condition":\#($0)"# } ?? ""
        return #"""
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\#
            "Principal":{"Service":"rolesanywhere.amazonaws.com"},\#
            "Action":[\#(actionList)]\#(conditionMember)}]}
            """#
    }

    private func policy(condition: String) throws -> TrustPolicy {
        try TrustPolicy(document: Self.rolesAnywhereDocument(condition: condition))
    }

    private func allowsSession(
        _ policy: TrustPolicy, context: [String: String] = [:], servicePrincipal: String = rolesAnywhere
    ) -> Bool {
        policy.allows(servicePrincipal: servicePrincipal, actions: Self.sessionActions, context: context)
    }

    private func assertMalformed(
        _ document: String, message: String, file: StaticString = #filePath, line: UInt = #line
    ) {
        XCTAssertThrowsError(try TrustPolicy(document: document), file: file, line: line) { error in
            XCTAssertEqual(
                error as? TrustPolicy.MalformedDocument, TrustPolicy.MalformedDocument(message: message),
                file: file, line: line)
        }
    }

    // MARK: - Principal and actions

    func testTheRolesAnywhereTrustPolicyAllowsTheThreeSessionActions() throws {
        let policy = try TrustPolicy(document: Self.rolesAnywhereDocument())
        XCTAssertTrue(allowsSession(policy))
    }

    func testAPolicyWithoutTagSessionDoesNotAllowTheSession() throws {
        let policy = try TrustPolicy(
            document: Self.rolesAnywhereDocument(actions: ["sts:AssumeRole", "sts:SetSourceIdentity"]))
        XCTAssertFalse(allowsSession(policy))
        let tagSession = TrustPolicy.Request(servicePrincipal: Self.rolesAnywhere, action: "sts:TagSession", context: [:])
        XCTAssertEqual(policy.decision(for: tagSession), .implicitDeny)
    }

    func testAnotherServicePrincipalIsRefused() throws {
        let policy = try TrustPolicy(document: Self.rolesAnywhereDocument())
        XCTAssertFalse(allowsSession(policy, servicePrincipal: "ec2.amazonaws.com"))
    }

    func testTheServicePrincipalIsComparedCaseInsensitively() throws {
        let policy = try TrustPolicy(document: Self.rolesAnywhereDocument())
        XCTAssertTrue(allowsSession(policy, servicePrincipal: "RolesAnywhere.AmazonAWS.com"))
    }

    func testAWildcardActionAndPrincipalAllowTheSession() throws {
        let policy = try TrustPolicy(document: #"{"Statement":{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:*"}}"#)
        XCTAssertTrue(allowsSession(policy))
    }

    func testNotActionAllowsEveryActionItDoesNotName() throws {
        let policy = try TrustPolicy(
            document: #"{"Statement":{"Effect":"Allow","Principal":"*","NotAction":"sts:AssumeRoleWith*"}}"#)
        XCTAssertTrue(allowsSession(policy))
        let saml = TrustPolicy.Request(servicePrincipal: Self.rolesAnywhere, action: "sts:AssumeRoleWithSAML", context: [:])
        XCTAssertEqual(policy.decision(for: saml), .implicitDeny)
    }

    // MARK: - Conditions

    func testStringEqualsAllowsTheRightCommonName() throws {
        let policy = try policy(condition: #"{"StringEquals":{"aws:PrincipalTag/x509Subject/CN":"web"}}"#)
        XCTAssertTrue(allowsSession(policy, context: [Self.commonName: "web"]))
    }

    func testStringEqualsRefusesAnotherCommonName() throws {
        let policy = try policy(condition: #"{"StringEquals":{"aws:PrincipalTag/x509Subject/CN":"web"}}"#)
        XCTAssertFalse(allowsSession(policy, context: [Self.commonName: "db"]))
    }

    func testStringEqualsRefusesAnAbsentKey() throws {
        let policy = try policy(condition: #"{"StringEquals":{"aws:PrincipalTag/x509Subject/CN":"web"}}"#)
        XCTAssertFalse(allowsSession(policy))
    }

    func testStringLikeMatchesAPrefixGlob() throws {
        let policy = try policy(condition: #"{"StringLike":{"aws:PrincipalTag/x509Subject/CN":"web-*"}}"#)
        XCTAssertTrue(allowsSession(policy, context: [Self.commonName: "web-01"]))
        XCTAssertFalse(allowsSession(policy, context: [Self.commonName: "db-01"]))
    }

    func testStringNotEqualsAllowsAnAbsentKey() throws {
        let policy = try policy(condition: #"{"StringNotEquals":{"aws:PrincipalTag/x509Subject/OU":"contractors"}}"#)
        XCTAssertTrue(allowsSession(policy))
        XCTAssertFalse(allowsSession(policy, context: ["aws:PrincipalTag/x509Subject/OU": "contractors"]))
    }

    func testArnEqualsMatchesTheTrustAnchorPattern() throws {
        let policy = try policy(condition: #"{"ArnEquals":{"aws:SourceArn":"\#(Self.trustAnchorPattern)"}}"#)
        XCTAssertTrue(allowsSession(policy, context: [Self.sourceArn: Self.trustAnchor]))
    }

    func testArnLikeMatchesTheTrustAnchorPatternOnlyInItsAccount() throws {
        let policy = try policy(condition: #"{"ArnLike":{"aws:SourceArn":"\#(Self.trustAnchorPattern)"}}"#)
        let otherAccount = "arn:aws:rolesanywhere:us-east-1:210987654321:trust-anchor/8d9f4a0c"
        XCTAssertTrue(allowsSession(policy, context: [Self.sourceArn: Self.trustAnchor]))
        XCTAssertFalse(allowsSession(policy, context: [Self.sourceArn: otherAccount]))
    }

    func testSourceAccountMustEqualTheAccount() throws {
        let policy = try policy(condition: #"{"StringEquals":{"aws:SourceAccount":"123456789012"}}"#)
        XCTAssertTrue(allowsSession(policy, context: ["aws:SourceAccount": "123456789012"]))
        XCTAssertFalse(allowsSession(policy, context: ["aws:SourceAccount": "210987654321"]))
    }

    func testConditionKeyNamesAreCaseInsensitive() throws {
        let policy = try policy(condition: #"{"StringEquals":{"AWS:PRINCIPALTAG/X509SUBJECT/CN":"web"}}"#)
        XCTAssertTrue(allowsSession(policy, context: ["aws:principaltag/x509subject/cn": "web"]))
    }

    func testConditionValuesAreCaseSensitive() throws {
        let policy = try policy(condition: #"{"StringEquals":{"aws:PrincipalTag/x509Subject/CN":"web"}}"#)
        XCTAssertFalse(allowsSession(policy, context: [Self.commonName: "Web"]))
    }

    func testIfExistsPassesAnAbsentKeyButTestsAPresentOne() throws {
        let policy = try policy(condition: #"{"StringEqualsIfExists":{"aws:PrincipalTag/x509Subject/CN":"web"}}"#)
        XCTAssertTrue(allowsSession(policy))
        XCTAssertTrue(allowsSession(policy, context: [Self.commonName: "web"]))
        XCTAssertFalse(allowsSession(policy, context: [Self.commonName: "db"]))
    }

    func testNullTrueRequiresTheKeyToBeAbsent() throws {
        let policy = try policy(condition: #"{"Null":{"aws:PrincipalTag/x509Subject/OU":"true"}}"#)
        XCTAssertTrue(allowsSession(policy))
        XCTAssertFalse(allowsSession(policy, context: ["aws:PrincipalTag/x509Subject/OU": "ops"]))
    }

    func testSeveralValuesOfOneKeyAreAlternatives() throws {
        let policy = try policy(condition: #"{"StringEquals":{"aws:PrincipalTag/x509Subject/CN":["web","api"]}}"#)
        XCTAssertTrue(allowsSession(policy, context: [Self.commonName: "api"]))
    }

    func testEveryKeyOfEveryOperatorMustHold() throws {
        let policy = try policy(
            condition: #"""
                {"StringEquals":{"aws:SourceAccount":"123456789012"},\#
                "ArnLike":{"aws:SourceArn":"\#(Self.trustAnchorPattern)"}}
                """#)
        let context = ["aws:SourceAccount": "123456789012", Self.sourceArn: Self.trustAnchor]
        XCTAssertTrue(allowsSession(policy, context: context))
        XCTAssertFalse(allowsSession(policy, context: ["aws:SourceAccount": "123456789012"]))
    }

    // MARK: - Deny

    func testADenyOverridesAnAllow() throws {
        let policy = try TrustPolicy(
            document: #"""
                {"Version":"2012-10-17","Statement":[
                {"Effect":"Allow","Principal":{"Service":"rolesanywhere.amazonaws.com"},"Action":"sts:*"},
                {"Effect":"Deny","Principal":"*","Action":"sts:AssumeRole",
                 "Condition":{"StringEquals":{"aws:PrincipalTag/x509Subject/CN":"revoked"}}}]}
                """#)
        let request = TrustPolicy.Request(
            servicePrincipal: Self.rolesAnywhere, action: "sts:AssumeRole", context: [Self.commonName: "revoked"])
        XCTAssertEqual(policy.decision(for: request), .explicitDeny)
        XCTAssertFalse(allowsSession(policy, context: [Self.commonName: "revoked"]))
        XCTAssertTrue(allowsSession(policy, context: [Self.commonName: "web"]))
    }

    // MARK: - Numbers, dates and addresses

    func testDateConditionsCompareTheRequestTime() throws {
        let policy = try policy(condition: #"{"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"}}"#)
        XCTAssertTrue(allowsSession(policy, context: ["aws:CurrentTime": "2026-12-02T16:00:00Z"]))
        XCTAssertFalse(allowsSession(policy, context: ["aws:CurrentTime": "2031-01-01T00:00:00Z"]))
    }

    func testNumericConditionsCompareNumbers() throws {
        let policy = try policy(condition: #"{"NumericGreaterThanEquals":{"aws:EpochTime":1700000000}}"#)
        XCTAssertTrue(allowsSession(policy, context: ["aws:EpochTime": "1796225350"]))
        XCTAssertFalse(allowsSession(policy, context: ["aws:EpochTime": "1600000000"]))
        XCTAssertFalse(allowsSession(policy, context: ["aws:EpochTime": "not a number"]))
    }

    func testAddressConditionsMatchRanges() throws {
        let policy = try policy(condition: #"{"IpAddress":{"aws:SourceIp":["127.0.0.0/8","2001:db8::/32"]}}"#)
        XCTAssertTrue(allowsSession(policy, context: ["aws:SourceIp": "127.0.0.1"]))
        XCTAssertTrue(allowsSession(policy, context: ["aws:SourceIp": "2001:db8::1"]))
        XCTAssertFalse(allowsSession(policy, context: ["aws:SourceIp": "10.0.0.1"]))
        XCTAssertFalse(allowsSession(policy), "no address, no match")
        let outside = try self.policy(condition: #"{"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"}}"#)
        XCTAssertTrue(allowsSession(outside, context: ["aws:SourceIp": "127.0.0.1"]))
        XCTAssertFalse(allowsSession(outside, context: ["aws:SourceIp": "10.1.2.3"]))
    }

    // MARK: - Malformed documents

    func testTextThatIsNotJSONIsRefused() {
        assertMalformed("Allow rolesanywhere", message: "This policy contains invalid Json")
    }

    func testAStatementWithoutEffectIsRefused() {
        assertMalformed(
            #"{"Statement":{"Principal":{"Service":"rolesanywhere.amazonaws.com"},"Action":"sts:AssumeRole"}}"#,
            message: "Syntax errors in policy.")
    }

    func testAResourceInATrustPolicyIsRefused() {
        assertMalformed(
            #"{"Statement":{"Effect":"Allow","Principal":"*","Action":"sts:AssumeRole","Resource":"*"}}"#,
            message: "Has prohibited field Resource")
    }

    func testAStatementWithoutPrincipalIsRefused() {
        assertMalformed(
            #"{"Statement":{"Effect":"Allow","Action":"sts:AssumeRole"}}"#, message: "Missing required field Principal")
    }

    func testAnUnknownConditionOperatorIsRefused() {
        assertMalformed(
            Self.rolesAnywhereDocument(condition: #"{"StringEqualz":{"aws:SourceAccount":"123456789012"}}"#),
            message: "Syntax errors in policy.")
    }

    func testAnEmptyStatementListIsRefused() {
        assertMalformed(#"{"Version":"2012-10-17","Statement":[]}"#, message: "Syntax errors in policy.")
    }

    func testDeeplyNestedJSONIsRefusedWithoutATrap() {
        let nested = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        assertMalformed(#"{"Statement":\#(nested)}"#, message: "This policy contains invalid Json")
    }
}
