package dev.webserv.bench.servers;

import java.nio.file.Path;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

/**
 * {@link NettyHello} over TLS with the JDK's provider (run.sh's {@code netty-jdk-tls}):
 * Netty's {@code SslHandler} on an {@code SSLEngine} from {@link SslProvider#JDK}, with
 * {@link TlsKeys}' certificate, TLS 1.3 and AES-128-GCM, one event loop. Arguments: port
 * pkcs12-file [epoll|nio, default epoll].
 */
public final class NettyTlsHello {

	private NettyTlsHello() {
	}

	public static void main(String[] args) throws Exception {
		int port = Hello.port(args);
		boolean epoll = args.length < 3 || args[2].equals("epoll");
		SslContext ssl = SslContextBuilder.forServer(TlsKeys.keyManagers(Path.of(args[1])))
			.sslProvider(SslProvider.JDK)
			.protocols(TlsKeys.PROTOCOLS)
			.ciphers(TlsKeys.CIPHER_SUITES)
			.build();
		NettyHello.start(port, epoll, ssl);
		Hello.ready("netty-" + (epoll ? "epoll" : "nio") + " TLS (JDK provider)", port);
	}

}
