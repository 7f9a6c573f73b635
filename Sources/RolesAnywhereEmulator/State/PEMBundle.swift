import SwiftASN1
import X509

/// The certificates of a PEM bundle (other PEM blocks and undecodable certificates are skipped).
enum PEMBundle {
    static func certificates(_ text: String) -> [Certificate] {
        ((try? PEMDocument.parseMultiple(pemString: text)) ?? [])
            .filter { $0.discriminator == "CERTIFICATE" }
            .compactMap { try? Certificate(pemDocument: $0) }
    }
}
