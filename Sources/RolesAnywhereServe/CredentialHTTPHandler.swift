import NIOCore
import NIOHTTP1

/// One connection of the credential server: llhttp's request decoder in front, then this
/// handler, which asks ``CredentialService`` for each answer and writes the response bytes
/// itself (no response encoder or header dictionary: an answer is a status line, two headers
/// and a body). Requests are answered in order, also when one must wait for the refresher.
final class CredentialHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = ByteBuffer

    private let service: CredentialService
    private var head: HTTPRequestHead?
    private var localPort = 0
    private var allowedHosts: [String] = []
    /// While an answer waits for the refresher, later requests wait behind it.
    private var waiting = false
    private var queued: [(CredentialService.Request, Bool)] = []

    init(service: CredentialService) {
        self.service = service
    }

    func channelActive(context: ChannelHandlerContext) {
        localPort = context.channel.localAddress?.port ?? 0
        allowedHosts = CredentialService.allowedHosts(port: localPort)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let received):
            head = received
        case .body:
            break  // no route takes a body
        case .end:
            guard let head else { return }
            self.head = nil
            let request = CredentialService.Request(
                method: head.method.rawValue, uri: head.uri, headers: head.headers, localPort: localPort, allowedHosts: allowedHosts)
            if waiting {
                queued.append((request, head.isKeepAlive))
            } else {
                answer(request, keepAlive: head.isKeepAlive, context: context)
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // Not HTTP (or over the decoder's limits): one 400 and the end of the connection.
        if error is HTTPParserError {
            write(.text(400, "bad request"), keepAlive: false, context: context)
        } else {
            context.close(promise: nil)
        }
    }

    private func answer(_ request: CredentialService.Request, keepAlive: Bool, context: ChannelHandlerContext) {
        switch service.reply(to: request) {
        case .now(let answer):
            write(answer, keepAlive: keepAlive, context: context)
        case .later(let produce):
            // Only when no valid credentials are held: wait for the refresher off the event loop.
            waiting = true
            let loop = context.eventLoop
            let bound = NIOLoopBound((self, context), eventLoop: loop)
            Task {
                let answer = await produce()
                loop.execute {
                    let (handler, context) = bound.value
                    handler.waiting = false
                    handler.write(answer, keepAlive: keepAlive, context: context)
                    handler.drainQueue(context: context)
                }
            }
        }
    }

    private func drainQueue(context: ChannelHandlerContext) {
        while !waiting, !queued.isEmpty {
            let (request, keepAlive) = queued.removeFirst()
            answer(request, keepAlive: keepAlive, context: context)
        }
    }

    private func write(_ answer: CredentialService.Answer, keepAlive: Bool, context: ChannelHandlerContext) {
        var head = "HTTP/1.1 \(answer.status) \(Self.reason(answer.status))\r\nContent-Type: \(answer.contentType)\r\nContent-Length: \(answer.body.utf8.count)\r\n"
        for (name, value) in answer.extraHeaders { head += "\(name): \(value)\r\n" }
        head += keepAlive ? "\r\n" : "Connection: close\r\n\r\n"
        var buffer = context.channel.allocator.buffer(capacity: head.utf8.count + answer.body.utf8.count)
        buffer.writeString(head)
        buffer.writeString(answer.body)
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        } else {
            context.writeAndFlush(wrapOutboundOut(buffer)).whenComplete { _ in context.close(promise: nil) }
        }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
