#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The two date forms SigV4 uses: `YYYYMMDDTHHMMSSZ` (`X-Amz-Date`) and `YYYYMMDD` (credential scope).
public struct AmzDate: Sendable, Hashable, CustomStringConvertible {
    /// The instant, truncated to whole seconds.
    public let date: Date
    /// `YYYYMMDDTHHMMSSZ`, UTC.
    public let timestamp: String
    /// `YYYYMMDD`, UTC.
    public var day: String { String(timestamp.prefix(8)) }

    /// Formats an instant in UTC.
    public init(_ date: Date) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        self.date = Date(timeIntervalSince1970: TimeInterval(seconds))
        let parts = UTCCalendarFields(secondsSince1970: seconds)
        self.timestamp = parts.formatted(dateSeparator: "", timeSeparator: "", between: "T") + "Z"
    }

    /// Parses `YYYYMMDDTHHMMSSZ`; returns nil for anything else.
    public init?(parsing value: String) {
        let bytes = Array(value.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? { ASCIIDigits.value(bytes, range) }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8),
            let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
            let seconds = UTCCalendarFields(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
                .secondsSince1970
        else { return nil }
        self.init(Date(timeIntervalSince1970: TimeInterval(seconds)))
        guard timestamp == value else { return nil }
    }

    public var description: String { timestamp }
}
