#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// ISO 8601 UTC timestamps as AWS tooling writes and reads them: `2025-12-11T16:34:25Z`.
public enum ISO8601Timestamp {
    /// Formats an instant as `YYYY-MM-DDTHH:MM:SSZ` (whole seconds, UTC).
    public static func string(from date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        return UTCCalendarFields(secondsSince1970: seconds).formatted(dateSeparator: "-", timeSeparator: ":", between: "T") + "Z"
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM)`; returns nil for anything else.
    public static func date(from value: String) -> Date? {
        let bytes = Array(value.utf8)
        guard bytes.count >= 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54 || bytes[10] == 0x74,
            bytes[13] == 0x3A, bytes[16] == 0x3A
        else { return nil }
        func number(_ range: Range<Int>) -> Int? { ASCIIDigits.value(bytes, range) }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            let base = UTCCalendarFields(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
                .secondsSince1970
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count, bytes[index] == 0x2E {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                fraction += Double(bytes[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        var offset = 0
        if index == bytes.count - 1, bytes[index] == 0x5A || bytes[index] == 0x7A {
            offset = 0
        } else if index == bytes.count - 6, bytes[index] == 0x2B || bytes[index] == 0x2D, bytes[index + 3] == 0x3A,
            let hours = number(index + 1..<index + 3), let minutes = number(index + 4..<index + 6)
        {
            offset = (hours * 3600 + minutes * 60) * (bytes[index] == 0x2B ? 1 : -1)
        } else {
            return nil
        }
        return Date(timeIntervalSince1970: TimeInterval(base - offset) + fraction)
    }
}
