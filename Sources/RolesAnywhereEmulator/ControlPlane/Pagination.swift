import Foundation

/// `nextToken`/`pageSize` paging over a list kept in creation order.
///
/// A token names the first item of the next page (its creation time and id, base64), so
/// pages stay right while items are added or removed between calls; a token is never repeated.
enum Pagination {
    static let defaultPageSize = 50

    static func page<T>(
        _ items: [T], sortKey: (T) -> String, call: ControlPlaneCall
    ) throws(ControlPlaneError) -> (items: [T], nextToken: String?) {
        let sizeText = call.query("pageSize").first
        let size = sizeText.flatMap(Int.init) ?? defaultPageSize
        var constraints = ControlPlaneError.Constraints()
        constraints.check(sizeText == nil || Int(sizeText ?? "") != nil, value: sizeText, at: "pageSize", "Member must be a number")
        constraints.range(size, at: "pageSize", 1...1000)
        let token = call.query("nextToken").first
        constraints.check(token == nil || (1...10000).contains(token?.count ?? 0), value: token, at: "nextToken",
                          "Member must have length between 1 and 10000")
        try constraints.done()
        let sorted = items.map { (key: sortKey($0), item: $0) }.sorted { $0.key < $1.key }
        var start = 0
        if let token {
            guard let data = Data(base64Encoded: token), let key = String(data: data, encoding: .utf8) else {
                throw .validation("Invalid pagination token")
            }
            start = sorted.firstIndex { $0.key >= key } ?? sorted.count
        }
        let end = min(start + size, sorted.count)
        let next = end < sorted.count ? Data(sorted[end].key.utf8).base64EncodedString() : nil
        return (sorted[start..<end].map(\.item), next)
    }
}
