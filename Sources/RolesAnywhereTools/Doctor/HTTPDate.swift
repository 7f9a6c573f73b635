import RolesAnywhere
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads and writes the HTTP `Date` header (RFC 9110 IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`).
///
/// By hand over ``UTCCalendarFields``: FoundationEssentials has no HTTP date style, and the
/// full Foundation's `DateFormatter` would link ICU into the client.
enum HTTPDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The time the header names, or nil when it is not an IMF-fixdate.
    static func parse(_ value: String) -> Date? {
        let parts = value.trimmingASCIIWhitespace().split(separator: " ")
        guard parts.count == 6, parts[0].count == 4, parts[0].hasSuffix(","), weekdays.contains(String(parts[0].dropLast())),
            parts[5] == "GMT", let day = Int(parts[1]), parts[1].count == 2,
            let month = months.firstIndex(of: String(parts[2])), let year = Int(parts[3]), parts[3].count == 4
        else { return nil }
        let time = parts[4].split(separator: ":")
        guard time.count == 3, time.allSatisfy({ $0.count == 2 }), let hour = Int(time[0]), let minute = Int(time[1]),
            let second = Int(time[2]),
            let seconds = UTCCalendarFields(year: year, month: month + 1, day: day, hour: hour, minute: minute, second: second)
                .secondsSince1970
        else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// The IMF-fixdate of a time.
    static func string(from date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let fields = UTCCalendarFields(secondsSince1970: seconds)
        let days = Int((Double(seconds) / 86_400).rounded(.down))
        let weekday = weekdays[((days % 7) + 7 + 4) % 7]  // 1970-01-01 was a Thursday
        func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }
        return "\(weekday), \(pad(fields.day)) \(months[fields.month - 1]) \(fields.year) "
            + "\(pad(fields.hour)):\(pad(fields.minute)):\(pad(fields.second)) GMT"
    }
}
