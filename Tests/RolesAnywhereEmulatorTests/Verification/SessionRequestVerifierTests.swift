import Foundation
import RolesAnywhere
import RolesAnywhereTestSupport
import X509
import XCTest

@testable import RolesAnywhereEmulator

final class SessionRequestVerifierTests: XCTestCase {
    private static let invalidSignature = "Invalid signature"
    private static let untrusted = "Untrusted signing certificate"

    // MARK: Accepted requests

    func testAcceptsEveryKeyTypeTheServiceTakes() async throws {
        for keyType in [TestKeyType.rsa2048, .rsa4096, .p256, .p384] {
            let fixture = try SessionFixture()
            let leaf = try fixture.leaf(keyType: keyType)
            let session = try assertAccepted(await fixture.verify(try await SessionRequestSigner(leaf: leaf).received()))
            XCTAssertEqual(session.certificate, leaf.certificate, "\(keyType)")
            XCTAssertEqual(session.trustAnchorARN, SessionFixture.trustAnchorARN, "\(keyType)")
            XCTAssertEqual(session.profileARN, SessionFixture.profileARN, "\(keyType)")
            XCTAssertEqual(session.roleARN, SessionFixture.roleARN, "\(keyType)")
            XCTAssertEqual(session.durationSeconds, 3600, "\(keyType)")
            XCTAssertNil(session.roleSessionName, "\(keyType)")
        }
    }

    func testAcceptsAnRSARootIssuingAnECLeaf() async throws {
        let fixture = try SessionFixture(rootKeyType: .rsa2048)
        try assertAccepted(await fixture.verify(try await SessionRequestSigner(leaf: try fixture.leaf()).received()))
    }

    func testAcceptsALeafWithItsIntermediate() async throws {
        let fixture = try SessionFixture()
        let intermediate = try fixture.root.issueIntermediate(name: "Fixture Intermediate CA")
        let leaf = try intermediate.issueLeaf(SessionFixture.leafOptions())
        let request = try await SessionRequestSigner(leaf: leaf).received()
        XCTAssertEqual(request.header("X-Amz-X509-Chain"), try SigV4X509Signer.base64DER(intermediate.certificate))
        try assertAccepted(await fixture.verify(request))
    }

    func testAcceptsTheLongestChainOfFiveCertificates() async throws {
        let fixture = try SessionFixture()
        var issuer = fixture.root
        for level in 1...4 { issuer = try issuer.issueIntermediate(name: "Intermediate \(level)") }
        let leaf = try issuer.issueLeaf(SessionFixture.leafOptions())
        XCTAssertEqual(leaf.chain.count, 4)
        try assertAccepted(await fixture.verify(try await SessionRequestSigner(leaf: leaf).received()))
    }

    func testAcceptsARoleSessionNameWhenTheProfileAllowsIt() async throws {
        let fixture = try SessionFixture()
        var signer = SessionRequestSigner(leaf: try fixture.leaf())
        signer.roleSessionName = "alice@example.com"
        signer.durationSeconds = 900
        let session = try assertAccepted(await fixture.verify(try await signer.received()))
        XCTAssertEqual(session.roleSessionName, "alice@example.com")
        XCTAssertEqual(session.durationSeconds, 900)
    }

    func testAcceptsARNsInAJSONBodyAsThePythonClientSendsThem() async throws {
        let fixture = try SessionFixture()
        var signer = SessionRequestSigner(leaf: try fixture.leaf())
        signer.durationSeconds = 1800
        let request = try await signer.pythonClientReceived()
        XCTAssertEqual(request.rawQuery, "")
        XCTAssertEqual(request.header("Content-Type"), "application/x-amz-json-1.0")
        XCTAssertEqual(
            String(decoding: request.body, as: UTF8.self),
            "{\"profileArn\": \"\(SessionFixture.profileARN)\", \"roleArn\": \"\(SessionFixture.roleARN)\", "
                + "\"trustAnchorArn\": \"\(SessionFixture.trustAnchorARN)\", \"durationSeconds\": 1800}")
        let session = try assertAccepted(await fixture.verify(request))
        XCTAssertEqual(session.trustAnchorARN, SessionFixture.trustAnchorARN)
        XCTAssertEqual(session.profileARN, SessionFixture.profileARN)
        XCTAssertEqual(session.roleARN, SessionFixture.roleARN)
        XCTAssertEqual(session.durationSeconds, 1800)
    }

    func testAcceptsThePythonClientsSHA384AlgorithmNameOverASHA256Signature() async throws {
        let fixture = try SessionFixture()
        let request = try await SessionRequestSigner(leaf: try fixture.leaf(keyType: .p384))
            .pythonClientReceived(algorithm: "AWS4-X509-ECDSA-SHA384")
        XCTAssertEqual(request.header("Authorization")?.hasPrefix("AWS4-X509-ECDSA-SHA384 Credential="), true)
        try assertAccepted(await fixture.verify(request))
    }

    func testAcceptsAnXAmzDateFiveMinutesOff() async throws {
        let fixture = try SessionFixture()
        for offset in [-300.0, 300] {
            var signer = SessionRequestSigner(leaf: try fixture.leaf())
            signer.date = SessionFixture.now.addingTimeInterval(offset)
            try assertAccepted(await fixture.verify(try await signer.received()))
        }
    }

    // MARK: Signature

    func testRefusesASignatureWithOneByteFlipped() async throws {
        let fixture = try SessionFixture()
        for keyType in [TestKeyType.rsa2048, .p256] {
            let request = try await SessionRequestSigner(leaf: try fixture.leaf(keyType: keyType)).received()
            assertRefused(
                await fixture.verify(try request.flippingSignatureByte()), status: 403, type: "AccessDeniedException",
                message: Self.invalidSignature, reason: "the signature does not verify with the certificate's public key")
        }
    }

    func testRefusesASignatureByAnotherKey() async throws {
        let fixture = try SessionFixture()
        var signer = SessionRequestSigner(leaf: try fixture.leaf())
        signer.key = try TestKey.shared(.p256, index: 7)
        assertRefused(
            await fixture.verify(try await signer.received()), status: 403, type: "AccessDeniedException",
            message: Self.invalidSignature, reason: "the signature does not verify with the certificate's public key")
    }

    func testRefusesATamperedQueryAndBody() async throws {
        let fixture = try SessionFixture()
        let request = try await SessionRequestSigner(leaf: try fixture.leaf()).received()
        var longer = request
        longer.body = Array("{\"durationSeconds\":3000}".utf8)
        var otherRole = request
        otherRole.rawQuery = request.rawQuery.replacingOccurrences(of: "role%2Fdemo", with: "role%2Fadmin")
        XCTAssertNotEqual(otherRole.rawQuery, request.rawQuery)
        for tampered in [longer, otherRole] {
            assertRefused(
                await fixture.verify(tampered), status: 403, type: "AccessDeniedException", message: Self.invalidSignature,
                reason: "the signature does not verify with the certificate's public key")
        }
    }

    func testRefusesAnAlgorithmThatDoesNotFitTheKey() async throws {
        let fixture = try SessionFixture()
        let request = try await SessionRequestSigner(leaf: try fixture.leaf(keyType: .p256))
            .pythonClientReceived(algorithm: "AWS4-X509-RSA-SHA256")
        assertRefused(
            await fixture.verify(request), status: 403, type: "AccessDeniedException", message: Self.invalidSignature,
            reason: "the algorithm AWS4-X509-RSA-SHA256 does not fit the certificate's key")
    }

    func testRefusesACredentialSerialThatIsNotTheCertificates() async throws {
        let fixture = try SessionFixture()
        let request = try await SessionRequestSigner(leaf: try fixture.leaf()).received()
        let authorization = try XCTUnwrap(request.header("Authorization"))
        let serial = DecimalSerialNumber.string(fromBigEndian: SessionFixture.serial.bytes)
        XCTAssertEqual(serial, "81985529216486895")
        let tampered = request.settingHeader(
            "Authorization", to: authorization.replacingOccurrences(of: "Credential=\(serial)/", with: "Credential=42/"))
        assertRefused(
            await fixture.verify(tampered), status: 403, type: "AccessDeniedException", message: Self.invalidSignature,
            reason: "Credential names serial 42, not the certificate's")
    }

    // MARK: Trust anchor and certificate

    func testRefusesAnUnknownTrustAnchor() async throws {
        let fixture = try SessionFixture()
        var signer = SessionRequestSigner(leaf: try fixture.leaf())
        signer.trustAnchorARN = "arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/missing"
        assertRefused(
            await fixture.verify(try await signer.received()), status: 403, type: "AccessDeniedException",
            message: "Specified Trust Anchor wasn't found.",
            reason: "no trust anchor arn:aws:rolesanywhere:us-east-1:123456789012:trust-anchor/missing")
    }

    func testRefusesADisabledTrustAnchor() async throws {
        var fixture = try SessionFixture()
        fixture.trustAnchor.enabled = false
        assertRefused(
            await fixture.verify(try await SessionRequestSigner(leaf: try fixture.leaf()).received()), status: 403,
            type: "AccessDeniedException", message: "Specified Trust Anchor is disabled.",
            reason: "trust anchor \(SessionFixture.trustAnchorARN) is disabled")
    }

    func testRefusesALeafFromACAOutsideTheTrustAnchor() async throws {
        let fixture = try SessionFixture()
        let stranger = try SessionFixture.authority(name: "Stranger CA")
        let leaf = try stranger.issueLeaf(SessionFixture.leafOptions())
        assertRefused(
            await fixture.verify(try await SessionRequestSigner(leaf: leaf).received()), status: 403,
            type: "AccessDeniedException", message: Self.untrusted,
            reason: "no valid chain to a CA of the trust anchor: no path to a trust anchor CA")
    }

    func testRefusesALeafSignedByAnImpostorWithTheAnchorsName() async throws {
        let fixture = try SessionFixture()
        let impostor = try SessionFixture.authority(name: "Fixture Root CA")
        let leaf = try impostor.issueLeaf(SessionFixture.leafOptions())
        let result = await fixture.verify(try await SessionRequestSigner(leaf: leaf).received())
        assertRefused(result, status: 403, type: "AccessDeniedException", message: Self.untrusted)
        guard case .failure(let error) = result else { return }
        XCTAssertTrue(error.reason.hasPrefix("no valid chain to a CA of the trust anchor: "), error.reason)
    }

    func testRefusesAnExpiredCertificate() async throws {
        let fixture = try SessionFixture()
        var options = SessionFixture.leafOptions()
        options.notBefore = SessionFixture.now.addingTimeInterval(-2 * 86_400)
        options.notAfter = SessionFixture.now.addingTimeInterval(-1)
        let leaf = try fixture.root.issueLeaf(options)
        assertRefused(
            await fixture.verify(try await SessionRequestSigner(leaf: leaf).received()), status: 403,
            type: "AccessDeniedException", message: Self.untrusted,
            reason: "the certificate expired at 2026-01-15 11:59:59 +0000")
    }

    func testRefusesACertificateNotYetValid() async throws {
        let fixture = try SessionFixture()
        var options = SessionFixture.leafOptions()
        options.notBefore = SessionFixture.now.addingTimeInterval(60)
        let leaf = try fixture.root.issueLeaf(options)
        assertRefused(
            await fixture.verify(try await SessionRequestSigner(leaf: leaf).received()), status: 403,
            type: "AccessDeniedException", message: Self.untrusted,
            reason: "the certificate is not valid before 2026-01-15 12:01:00 +0000")
    }

    func testRefusesARevokedSerial() async throws {
        var fixture = try SessionFixture()
        let leaf = try fixture.leaf()
        let crl = try fixture.root.makeCRL(revoking: [SessionFixture.serial], thisUpdate: SessionFixture.now.addingTimeInterval(-60))
        fixture.trustAnchor.revocationLists = [try RevocationList(encoded: crl, issuers: [fixture.root.certificate])]
        assertRefused(
            await fixture.verify(try await SessionRequestSigner(leaf: leaf).received()), status: 403,
            type: "AccessDeniedException", message: Self.untrusted,
            reason: "the certificate CN=test-client with serial 81985529216486895 is revoked by the CRL of CN=Fixture Root CA")
    }

    func testAcceptsASerialTheCRLDoesNotList() async throws {
        var fixture = try SessionFixture()
        let crl = try fixture.root.makeCRL(
            revoking: [Certificate.SerialNumber(bytes: [0x01, 0x23])], thisUpdate: SessionFixture.now.addingTimeInterval(-60))
        fixture.trustAnchor.revocationLists = [try RevocationList(encoded: crl, issuers: [fixture.root.certificate])]
        try assertAccepted(await fixture.verify(try await SessionRequestSigner(leaf: try fixture.leaf()).received()))
    }

    func testRefusesAV1Certificate() async throws {
        let fixture = try SessionFixture()
        var options = SessionFixture.leafOptions()
        options.version = .v1
        let leaf = try fixture.root.issueLeaf(options)
        assertRefused(
            await fixture.verify(try await SessionRequestSigner(leaf: leaf).received()), status: 403,
            type: "AccessDeniedException", message: "Untrusted certificate. Insufficient certificate",
            reason: "the certificate is X509v1, not X509v3")
    }

    func testRefusesAChainOfSixCertificates() async throws {
        let fixture = try SessionFixture()
        var issuer = fixture.root
        for level in 1...5 { issuer = try issuer.issueIntermediate(name: "Intermediate \(level)") }
        let leaf = try issuer.issueLeaf(SessionFixture.leafOptions())
        XCTAssertEqual(leaf.chain.count, 5)
        assertRefused(
            await fixture.verify(try await SessionRequestSigner(leaf: leaf).received()), status: 403,
            type: "AccessDeniedException", message: Self.untrusted,
            reason: "the chain has 6 certificates; at most 5 are accepted")
    }

    // MARK: Date and scope

    func testRefusesAnXAmzDateSixMinutesAhead() async throws {
        let fixture = try SessionFixture()
        var signer = SessionRequestSigner(leaf: try fixture.leaf())
        signer.date = SessionFixture.now.addingTimeInterval(360)
        assertRefused(
            await fixture.verify(try await signer.received()), status: 403, type: "AccessDeniedException",
            message: Self.invalidSignature,
            reason: "X-Amz-Date 20260115T120600Z is 6 minutes ahead of the server's clock (5 allowed)")
    }

    func testRefusesAnXAmzDateSixMinutesBehind() async throws {
        let fixture = try SessionFixture()
        var signer = SessionRequestSigner(leaf: try fixture.leaf())
        signer.date = SessionFixture.now.addingTimeInterval(-360)
        assertRefused(
            await fixture.verify(try await signer.received()), status: 403, type: "AccessDeniedException",
            message: Self.invalidSignature,
            reason: "X-Amz-Date 20260115T115400Z is 6 minutes behind the server's clock (5 allowed)")
    }

    func testRefusesAMissingOrMalformedXAmzDate() async throws {
        let fixture = try SessionFixture()
        let request = try await SessionRequestSigner(leaf: try fixture.leaf()).received()
        for tampered in [request.removingHeader("X-Amz-Date"), request.settingHeader("X-Amz-Date", to: "2026-01-15T12:00:00Z")] {
            assertRefused(
                await fixture.verify(tampered), status: 400, type: "ValidationException",
                message: "Missing or malformed X-Amz-Date header", reason: "Missing or malformed X-Amz-Date header")
        }
    }

    func testRefusesACredentialScopeInAnotherRegion() async throws {
        var fixture = try SessionFixture()
        fixture.region = "eu-west-1"
        assertRefused(
            await fixture.verify(try await SessionRequestSigner(leaf: try fixture.leaf()).received()), status: 403,
            type: "AccessDeniedException", message: "Credential should be scoped to a valid region.",
            reason: "the credential scope names region us-east-1; this service is in eu-west-1")
    }

    func testRefusesACredentialScopeOfAnotherDayOrService() async throws {
        let fixture = try SessionFixture()
        let request = try await SessionRequestSigner(leaf: try fixture.leaf()).received()
        let authorization = try XCTUnwrap(request.header("Authorization"))
        let otherDay = authorization.replacingOccurrences(of: "/20260115/", with: "/20260114/")
        assertRefused(
            await fixture.verify(request.settingHeader("Authorization", to: otherDay)), status: 403,
            type: "AccessDeniedException", message: Self.invalidSignature,
            reason: "the credential scope date 20260114 is not the day of X-Amz-Date")
        let otherService = authorization.replacingOccurrences(of: "/rolesanywhere/", with: "/sts/")
        assertRefused(
            await fixture.verify(request.settingHeader("Authorization", to: otherService)), status: 403,
            type: "AccessDeniedException", message: Self.invalidSignature,
            reason: "the credential scope names service sts")
    }

    func testRefusesARequiredHeaderLeftUnsigned() async throws {
        let fixture = try SessionFixture()
        let request = try await SessionRequestSigner(leaf: try fixture.leaf()).received()
        let authorization = try XCTUnwrap(request.header("Authorization"))
        let unsigned = authorization.replacingOccurrences(of: "SignedHeaders=content-type;", with: "SignedHeaders=")
        XCTAssertNotEqual(unsigned, authorization)
        assertRefused(
            await fixture.verify(request.settingHeader("Authorization", to: unsigned)), status: 403,
            type: "AccessDeniedException", message: Self.invalidSignature, reason: "the header content-type is not signed")
    }

    // MARK: Profile and role

    func testRefusesADurationAboveTheProfileLimit() async throws {
        let fixture = try SessionFixture()
        var signer = SessionRequestSigner(leaf: try fixture.leaf())
        signer.durationSeconds = 3601
        assertRefused(
            await fixture.verify(try await signer.received()), status: 400, type: "ValidationException",
            message: "Requested DurationSeconds exceeds the profile's maximum session duration",
            reason: "durationSeconds 3601 is above the profile's 3600")
    }

    func testRefusesADurationOutsideTheServiceRange() async throws {
        let fixture = try SessionFixture()
        let request = try await SessionRequestSigner(leaf: try fixture.leaf()).received()
        var short = request
        short.body = Array("{\"durationSeconds\":899}".utf8)
        assertRefused(
            await fixture.verify(short), status: 400, type: "ValidationException",
            message: "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900")
        var long = request
        long.body = Array("{\"durationSeconds\":43201}".utf8)
        assertRefused(
            await fixture.verify(long), status: 400, type: "ValidationException",
            message: "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200")
    }

    func testRefusesARoleNotInTheProfile() async throws {
        let fixture = try SessionFixture()
        var signer = SessionRequestSigner(leaf: try fixture.leaf())
        signer.roleARN = "arn:aws:iam::123456789012:role/admin"
        assertRefused(
            await fixture.verify(try await signer.received()), status: 403, type: "AccessDeniedException",
            message: "Requested Role isn't one of those listed in the Profile.",
            reason: "role arn:aws:iam::123456789012:role/admin is not in the profile")
    }

    func testRefusesAnUnknownProfile() async throws {
        let fixture = try SessionFixture()
        var signer = SessionRequestSigner(leaf: try fixture.leaf())
        signer.profileARN = "arn:aws:rolesanywhere:us-east-1:123456789012:profile/missing"
        assertRefused(
            await fixture.verify(try await signer.received()), status: 403, type: "AccessDeniedException",
            message: "Invalid or empty profile provided.",
            reason: "no profile arn:aws:rolesanywhere:us-east-1:123456789012:profile/missing")
    }

    func testRefusesADisabledProfile() async throws {
        var fixture = try SessionFixture()
        fixture.profile.enabled = false
        assertRefused(
            await fixture.verify(try await SessionRequestSigner(leaf: try fixture.leaf()).received()), status: 403,
            type: "AccessDeniedException", message: "Specified Profile is disabled.",
            reason: "profile \(SessionFixture.profileARN) is disabled")
    }

    func testRefusesARoleSessionNameTheProfileDoesNotAccept() async throws {
        var fixture = try SessionFixture()
        fixture.profile.acceptsRoleSessionName = false
        var signer = SessionRequestSigner(leaf: try fixture.leaf())
        signer.roleSessionName = "alice"
        assertRefused(
            await fixture.verify(try await signer.received()), status: 403, type: "AccessDeniedException",
            message: "Not authorized to set roleSessionName.", reason: "the profile does not accept roleSessionName")
    }

    // MARK: Request shape

    func testRefusesAMalformedAuthorizationHeader() async throws {
        let fixture = try SessionFixture()
        let request = try await SessionRequestSigner(leaf: try fixture.leaf()).received()
        let authorization = try XCTUnwrap(request.header("Authorization"))
        let malformed = [
            "AWS4-HMAC-SHA256" + authorization.drop(while: { $0 != " " }),
            authorization.replacingOccurrences(of: "SignedHeaders=", with: "Headers="),
            authorization.replacingOccurrences(of: "/aws4_request", with: ""),
            "garbage",
        ]
        for value in malformed {
            assertRefused(
                await fixture.verify(request.settingHeader("Authorization", to: value)), status: 400,
                type: "ValidationException", message: "Malformed Authorization header",
                reason: "the Authorization header is not SigV4-X509")
        }
    }

    func testRefusesAMissingAuthorizationHeader() async throws {
        let fixture = try SessionFixture()
        let request = try await SessionRequestSigner(leaf: try fixture.leaf()).received()
        assertRefused(
            await fixture.verify(request.removingHeader("Authorization")), status: 403, type: "AccessDeniedException",
            message: "Missing Authentication Token", reason: "no Authorization header")
    }

    func testRefusesAMissingXAmzX509Header() async throws {
        let fixture = try SessionFixture()
        let request = try await SessionRequestSigner(leaf: try fixture.leaf()).received()
        assertRefused(
            await fixture.verify(request.removingHeader("X-Amz-X509")), status: 400, type: "ValidationException",
            message: "Missing X-Amz-X509 header", reason: "Missing X-Amz-X509 header")
    }

    func testRefusesAnXAmzX509HeaderThatIsNotACertificate() async throws {
        let fixture = try SessionFixture()
        let request = try await SessionRequestSigner(leaf: try fixture.leaf()).received()
        assertRefused(
            await fixture.verify(request.settingHeader("X-Amz-X509", to: "not base64!")), status: 400,
            type: "ValidationException", message: "Invalid X-Amz-X509 header", reason: "X-Amz-X509 is not base64")
        assertRefused(
            await fixture.verify(request.settingHeader("X-Amz-X509", to: "AAAA")), status: 400,
            type: "ValidationException", message: "Invalid X-Amz-X509 header",
            reason: "X-Amz-X509 is not a DER X.509 certificate")
    }

    func testRefusesAChainHeaderThatIsNotSigned() async throws {
        let fixture = try SessionFixture()
        let intermediate = try fixture.root.issueIntermediate()
        let request = try await SessionRequestSigner(leaf: try fixture.leaf()).received()
        let added = request.settingHeader("X-Amz-X509-Chain", to: try SigV4X509Signer.base64DER(intermediate.certificate))
        assertRefused(
            await fixture.verify(added), status: 403, type: "AccessDeniedException", message: Self.invalidSignature,
            reason: "the header x-amz-x509-chain is not signed")
    }

    func testRefusesABodyThatIsNotJSON() async throws {
        let fixture = try SessionFixture()
        var request = try await SessionRequestSigner(leaf: try fixture.leaf()).received()
        request.body = Array("durationSeconds=3600".utf8)
        assertRefused(
            await fixture.verify(request), status: 400, type: "ValidationException",
            message: "Request body is not valid JSON", reason: "the body does not parse as the CreateSession JSON")
    }

    func testRefusesRequestsWithoutEachARN() async throws {
        let fixture = try SessionFixture()
        let request = try await SessionRequestSigner(leaf: try fixture.leaf()).received()
        for name in ["trustAnchorArn", "profileArn", "roleArn"] {
            var missing = request
            missing.rawQuery = request.rawQuery.split(separator: "&").filter { !$0.hasPrefix("\(name)=") }.joined(separator: "&")
            assertRefused(
                await fixture.verify(missing), status: 400, type: "ValidationException",
                message: "Missing required parameter \(name)", reason: "Missing required parameter \(name)")
        }
        var none = request
        none.rawQuery = ""
        assertRefused(
            await fixture.verify(none), status: 400, type: "ValidationException",
            message: "Missing required parameter trustAnchorArn")
    }

    func testRefusesAnOversizedBody() async throws {
        let fixture = try SessionFixture()
        var request = try await SessionRequestSigner(leaf: try fixture.leaf()).received()
        request.body = Array("{\"durationSeconds\":3600,\"pad\":\"".utf8)
            + [UInt8](repeating: UInt8(ascii: "a"), count: SessionRequestVerifier.maximumBodySize) + Array("\"}".utf8)
        let result = await fixture.verify(request)
        assertRefused(
            result, status: 413, type: "ValidationException", message: "Request body too large",
            reason: "the body exceeds 64 KiB")
        guard case .failure(let error) = result else { return }
        XCTAssertEqual(error.body, "{\"message\":\"Request body too large\"}")
    }
}
