import Foundation
import SwiftASN1

/// An RFC 5280 `Time`: UTCTime for years 1950 through 2049, GeneralizedTime otherwise,
/// in whole seconds, UTC.
enum ASN1Time: DERSerializable {
    case utcTime(UTCTime)
    case generalizedTime(GeneralizedTime)

    init(_ date: Date) throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        guard let year = parts.year, let month = parts.month, let day = parts.day,
            let hour = parts.hour, let minute = parts.minute, let second = parts.second
        else {
            throw TestPKIError(.encoding, "cannot split \(date) into calendar fields")
        }
        if (1950...2049).contains(year) {
            self = .utcTime(
                try UTCTime(year: year, month: month, day: day, hours: hour, minutes: minute, seconds: second)
            )
        } else {
            self = .generalizedTime(
                try GeneralizedTime(
                    year: year,
                    month: month,
                    day: day,
                    hours: hour,
                    minutes: minute,
                    seconds: second,
                    fractionalSeconds: 0
                )
            )
        }
    }

    func serialize(into coder: inout DER.Serializer) throws {
        switch self {
        case .utcTime(let time): try coder.serialize(time)
        case .generalizedTime(let time): try coder.serialize(time)
        }
    }
}
