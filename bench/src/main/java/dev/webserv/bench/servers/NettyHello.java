package dev.webserv.bench.servers;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;

/**
 * Netty's raw HTTP/1.1 codec, written the way its fastest users write it (TechEmpower's
 * netty entry): one event loop for accept and I/O, {@link HttpServerCodec} and a handler
 * that writes a pre-built body and pre-encoded header values, flushing once per read
 * batch ({@code channelReadComplete}), Date cached per second. Arguments: port
 * [nio|epoll, default nio].
 */
public final class NettyHello {

	private static final ByteBuf BODY = Unpooled.unreleasableBuffer(Unpooled.directBuffer().writeBytes(Hello.BODY));

	private static final AsciiString TEXT_PLAIN = AsciiString.cached(Hello.CONTENT_TYPE);

	private static final AsciiString SERVER = AsciiString.cached("netty");

	private static final AsciiString LENGTH = AsciiString.cached(Integer.toString(Hello.BODY.length));

	private NettyHello() {
	}

	public static void main(String[] args) throws Exception {
		int port = Hello.port(args);
		boolean epoll = args.length > 1 && args[1].equals("epoll");
		start(port, epoll);
		Hello.ready("netty-" + (epoll ? "epoll" : "nio"), port);
	}

	/** Starts the server; closing the returned handle stops it. */
	public static AutoCloseable start(int port, boolean epoll) throws InterruptedException {
		return start(port, epoll, null);
	}

	/**
	 * Starts the server, over TLS when {@code ssl} is given (an {@code SslHandler} first
	 * in the pipeline; {@code GET /alloc} then answers the JVM's allocated bytes, as
	 * {@link WebservTlsHello} does).
	 */
	public static AutoCloseable start(int port, boolean epoll, SslContext ssl) throws InterruptedException {
		IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
		Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
		EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, io);
		Channel server = new ServerBootstrap().group(group)
			.channel(type)
			.option(ChannelOption.SO_BACKLOG, 1024)
			.option(ChannelOption.SO_REUSEADDR, true)
			.childOption(ChannelOption.TCP_NODELAY, true)
			.childHandler(new ChannelInitializer<SocketChannel>() {
				@Override
				protected void initChannel(SocketChannel channel) {
					if (ssl != null) {
						channel.pipeline().addLast(ssl.newHandler(channel.alloc()));
					}
					channel.pipeline().addLast(new HttpServerCodec(), new HelloHandler(ssl != null));
				}
			})
			.bind(new InetSocketAddress(Hello.HOST, port))
			.sync()
			.channel();
		return () -> {
			server.close().sync();
			group.shutdownGracefully().sync();
		};
	}

	private static final class HelloHandler extends ChannelInboundHandlerAdapter {

		private final Hello.DateValue date = new Hello.DateValue();

		private final boolean answersAlloc;

		private long dateSecond = Long.MIN_VALUE;

		private AsciiString dateValue;

		HelloHandler(boolean answersAlloc) {
			this.answersAlloc = answersAlloc;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			try {
				if (msg instanceof HttpRequest request) {
					boolean alloc = answersAlloc && request.uri().equals("/alloc");
					ByteBuf body = alloc ? Unpooled.copiedBuffer(WebservTlsHello.allocated(), StandardCharsets.US_ASCII)
							: BODY.duplicate();
					FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
							body, false);
					HttpHeaders headers = response.headers();
					headers.set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN);
					headers.set(HttpHeaderNames.SERVER, SERVER);
					headers.set(HttpHeaderNames.DATE, date());
					headers.set(HttpHeaderNames.CONTENT_LENGTH, LENGTH);
					if (alloc) {
						headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
					}
					boolean keepAlive = HttpUtil.isKeepAlive(request);
					if (keepAlive) {
						ctx.write(response, ctx.voidPromise());
					}
					else {
						ctx.writeAndFlush(response).addListener(f -> ctx.close());
					}
				}
			}
			finally {
				ReferenceCountUtil.release(msg);
			}
		}

		private AsciiString date() {
			long now = System.currentTimeMillis() / 1000;
			if (now != dateSecond) {
				dateSecond = now;
				dateValue = new AsciiString(date.get());
			}
			return dateValue;
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			ctx.flush();
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			ctx.close();
		}

	}

}
