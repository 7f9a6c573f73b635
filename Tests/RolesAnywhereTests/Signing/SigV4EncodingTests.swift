import XCTest

@testable import RolesAnywhere
@testable import RolesAnywhereTools

final class SigV4EncodingTests: XCTestCase {
    func testUnreservedCharactersStay() {
        XCTAssertEqual(SigV4Encoding.percentEncode("AZaz09-_.~"), "AZaz09-_.~")
    }

    func testReservedCharactersAreEncodedUpperCase() {
        XCTAssertEqual(SigV4Encoding.percentEncode("a:b/c"), "a%3Ab%2Fc")
        XCTAssertEqual(SigV4Encoding.percentEncode("a b"), "a%20b")
        XCTAssertEqual(SigV4Encoding.percentEncode("a+b=c&d"), "a%2Bb%3Dc%26d")
        XCTAssertEqual(SigV4Encoding.percentEncode("%"), "%25")
    }

    func testNonASCIIIsEncodedByteByByteInUTF8() {
        XCTAssertEqual(SigV4Encoding.percentEncode("é"), "%C3%A9")
        XCTAssertEqual(SigV4Encoding.percentEncode("日"), "%E6%97%A5")
        XCTAssertEqual(SigV4Encoding.percentEncode("🔑"), "%F0%9F%94%91")
    }

    func testCanonicalQuerySortsByEncodedKeyThenValue() {
        let query = SigV4Encoding.canonicalQuery([("b", "2"), ("a", "z y"), ("a", "x"), ("B", "~")])
        XCTAssertEqual(query, "B=~&a=x&a=z%20y&b=2")
    }

    func testCanonicalHeaderValueTrimsAndFoldsSpaces() {
        XCTAssertEqual(SigV4Encoding.canonicalHeaderValue("  a   b \t c  "), "a b c")
        XCTAssertEqual(SigV4Encoding.canonicalHeaderValue("plain"), "plain")
        XCTAssertEqual(SigV4Encoding.canonicalHeaderValue("   "), "")
    }

    func testCanonicalRequestLowercasesAndSortsHeaders() {
        let request = CanonicalRequest(
            method: "POST", uri: "/sessions", query: [("k", "v w")],
            headers: [("X-Amz-Date", "20240706T113859Z"), ("Host", " example.com "), ("Content-Type", "application/json")],
            payload: Array("{}".utf8))
        XCTAssertEqual(
            request.text,
            "POST\n/sessions\nk=v%20w\ncontent-type:application/json\nhost:example.com\nx-amz-date:20240706T113859Z\n\ncontent-type;host;x-amz-date\n44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        )
        XCTAssertEqual(request.signedHeaders, "content-type;host;x-amz-date")
    }

    func testLowercaseHex() {
        XCTAssertEqual(SigV4Encoding.lowercaseHex([0x00, 0x0f, 0xab, 0xff]), "000fabff")
    }
}
