/// Reads an HTTP/1.x answer from a byte stream: the status line and headers, then a body framed
/// by `Content-Length`, chunked transfer coding, or the end of the connection.
///
/// Hand-written because the client's one request per process does not justify an HTTP library's
/// start-up cost (see ``HTTPSClient``).
package struct HTTPResponseParser {
    /// The largest header block read.
    static let maximumHeaderSize = 64 * 1024

    private let readMore: () throws(TransportError) -> [UInt8]
    private let peer: TransportError.Peer
    private let maximumBodySize: Int
    private var buffer: [UInt8] = []
    private var position = 0
    private var ended = false

    /// - Parameter readMore: returns the next bytes of the stream, or `[]` at its end.
    package init(peer: TransportError.Peer, maximumBodySize: Int, readMore: @escaping () throws(TransportError) -> [UInt8]) {
        self.peer = peer
        self.maximumBodySize = maximumBodySize
        self.readMore = readMore
    }

    /// Reads the status line and headers only (for a proxy's answer to CONNECT).
    mutating func readHead() throws(TransportError) -> (status: Int, statusLine: String, headers: [(name: String, value: String)]) {
        let end = try readUntilHeaderEnd()
        let text = String(decoding: buffer[position..<end], as: UTF8.self)
        position = end + 4
        var lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty else { throw malformed() }
        let statusLine = String(lines.removeFirst())
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), parts[1].count == 3, let status = Int(parts[1]) else {
            throw malformed()
        }
        var headers: [(name: String, value: String)] = []
        for line in lines where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw malformed() }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...].trimmingASCIIWhitespace())))
        }
        return (status, statusLine, headers)
    }

    /// Reads a whole answer.
    package mutating func readResponse(headRequest: Bool = false) throws(TransportError) -> HTTPResponse {
        var head = try readHead()
        // 1xx answers precede the real one.
        while (100...199).contains(head.status) { head = try readHead() }
        var response = HTTPResponse(status: head.status, headers: head.headers, body: [])
        if headRequest || head.status == 204 || head.status == 304 { return response }
        if let coding = response.header("Transfer-Encoding"), coding.lowercased().contains("chunked") {
            response.body = try readChunkedBody()
        } else if let lengthText = response.header("Content-Length") {
            guard let length = Int(lengthText), length >= 0 else { throw malformed() }
            guard length <= maximumBodySize else { throw TransportError(.responseTooLarge, peer: peer) }
            response.body = try readExactly(length)
        } else {
            response.body = try readToEnd()
        }
        return response
    }

    private mutating func readChunkedBody() throws(TransportError) -> [UInt8] {
        var body: [UInt8] = []
        while true {
            let line = try readLine()
            let sizeText = line.split(separator: ";", maxSplits: 1).first.map { $0.trimmingASCIIWhitespace() } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else { throw malformed() }
            if size == 0 {
                while try !readLine().isEmpty {}  // trailers
                return body
            }
            guard body.count + size <= maximumBodySize else { throw TransportError(.responseTooLarge, peer: peer) }
            body += try readExactly(size)
            guard try readLine().isEmpty else { throw malformed() }
        }
    }

    private mutating func readLine() throws(TransportError) -> String {
        while true {
            if let end = find([13, 10], from: position) {
                let line = String(decoding: buffer[position..<end], as: UTF8.self)
                position = end + 2
                return line
            }
            guard buffer.count - position < Self.maximumHeaderSize else { throw malformed() }
            try fill()
        }
    }

    private mutating func readExactly(_ count: Int) throws(TransportError) -> [UInt8] {
        while buffer.count - position < count { try fill() }
        defer { position += count }
        return Array(buffer[position..<(position + count)])
    }

    private mutating func readToEnd() throws(TransportError) -> [UInt8] {
        while !ended {
            let more = try readMore()
            if more.isEmpty { ended = true } else { buffer += more }
            guard buffer.count - position <= maximumBodySize else { throw TransportError(.responseTooLarge, peer: peer) }
        }
        defer { position = buffer.count }
        return Array(buffer[position...])
    }

    private mutating func readUntilHeaderEnd() throws(TransportError) -> Int {
        var searchFrom = position
        while true {
            if let end = find([13, 10, 13, 10], from: searchFrom) { return end }
            searchFrom = max(position, buffer.count - 3)
            guard buffer.count - position < Self.maximumHeaderSize else { throw malformed() }
            try fill()
        }
    }

    /// Appends the next bytes; fails if the stream has ended.
    private mutating func fill() throws(TransportError) {
        if position > 0 && position == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            position = 0
        }
        let more = ended ? [] : try readMore()
        guard !more.isEmpty else {
            ended = true
            throw TransportError(.closedEarly, peer: peer)
        }
        buffer += more
    }

    private func find(_ pattern: [UInt8], from start: Int) -> Int? {
        guard buffer.count >= pattern.count, start <= buffer.count - pattern.count else { return nil }
        var index = start
        while index <= buffer.count - pattern.count {
            if buffer[index] == pattern[0] && buffer[index..<(index + pattern.count)].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }

    private func malformed() -> TransportError {
        TransportError(.malformedResponse, peer: peer, cause: "not an HTTP/1.1 answer")
    }
}
