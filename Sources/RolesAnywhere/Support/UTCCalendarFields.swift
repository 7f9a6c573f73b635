/// Calendar fields of a UTC instant, computed arithmetically.
///
/// Hand-written because the signer and the credential formats need fixed UTC forms on every
/// call, and Foundation's formatters are comparatively slow to create at process start; the
/// civil-from-days algorithm (Howard Hinnant's) is exact for the proleptic Gregorian calendar.
package struct UTCCalendarFields: Sendable, Hashable {
    package var year: Int
    package var month: Int
    package var day: Int
    package var hour: Int
    package var minute: Int
    package var second: Int

    package init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        (self.year, self.month, self.day) = (year, month, day)
        (self.hour, self.minute, self.second) = (hour, minute, second)
    }

    package init(secondsSince1970: Int) {
        let days = Int((Double(secondsSince1970) / 86_400).rounded(.down))
        let secondOfDay = secondsSince1970 - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        hour = secondOfDay / 3600
        minute = secondOfDay % 3600 / 60
        second = secondOfDay % 60
    }

    /// Seconds since 1970 for valid fields, nil when a field is out of range.
    package var secondsSince1970: Int? {
        guard (1...12).contains(month), (1...31).contains(day), (0...23).contains(hour),
            (0...59).contains(minute), (0...60).contains(second)
        else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let fields = UTCCalendarFields(secondsSince1970: days * 86_400)
        guard fields.day == day, fields.month == month else { return nil }
        return days * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// `YYYY<d>MM<d>DD<between>hh<t>mm<t>ss`.
    package func formatted(dateSeparator: String, timeSeparator: String, between: String) -> String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return pad(year, 4) + dateSeparator + pad(month, 2) + dateSeparator + pad(day, 2) + between
            + pad(hour, 2) + timeSeparator + pad(minute, 2) + timeSeparator + pad(second, 2)
    }
}
