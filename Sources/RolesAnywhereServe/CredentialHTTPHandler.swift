import NIOCore
import NIOHTTP1

/// One connection of the credential server: collects each request's head, asks
/// ``CredentialService`` for the answer, writes it, and keeps the connection open when the
/// client asked to.
final class CredentialHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let service: CredentialService
    private var head: HTTPRequestHead?
    private var localPort = 0

    init(service: CredentialService) {
        self.service = service
    }

    func channelActive(context: ChannelHandlerContext) {
        localPort = context.channel.localAddress?.port ?? 0
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
            let request = CredentialService.Request(method: head.method.rawValue, uri: head.uri, headers: head.headers, localPort: localPort)
            let keepAlive = head.isKeepAlive
            switch service.reply(to: request) {
            case .now(let answer):
                write(answer, keepAlive: keepAlive, context: context)
            case .later(let produce):
                // Only when no fresh credentials are held: wait for the refresher off the event loop.
                let loop = context.eventLoop
                let bound = NIOLoopBound((self, context), eventLoop: loop)
                Task {
                    let answer = await produce()
                    loop.execute { bound.value.0.write(answer, keepAlive: keepAlive, context: bound.value.1) }
                }
            }
        }
    }

    private func write(_ answer: CredentialService.Answer, keepAlive: Bool, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.reserveCapacity(4)
        headers.add(name: "Content-Type", value: answer.contentType)
        headers.add(name: "Content-Length", value: String(answer.body.utf8.count))
        for (name, value) in answer.extraHeaders { headers.add(name: name, value: value) }
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let responseHead = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: answer.status), headers: headers)
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        var buffer = context.channel.allocator.buffer(capacity: answer.body.utf8.count)
        buffer.writeString(answer.body)
        context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in context.close(promise: nil) }
        }
    }
}
