package dev.webserv.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import dev.webserv.testing.TestCa;

/** A raw TLS client: any SNI name (or none), any request bytes, the response as text. */
final class TlsSockets {

	private TlsSockets() {
	}

	/**
	 * A socket whose handshake is done, sending {@code serverName} as SNI (null: none).
	 */
	static SSLSocket open(int port, String serverName, SSLContext context) throws IOException {
		SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
		socket.setSoTimeout(5000);
		SSLParameters parameters = socket.getSSLParameters();
		parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
		parameters.setEndpointIdentificationAlgorithm(null);
		socket.setSSLParameters(parameters);
		socket.startHandshake();
		return socket;
	}

	/** The subject of the certificate the server presented. */
	static String serverSubject(SSLSocket socket) throws IOException {
		return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
	}

	/**
	 * Sends a GET with {@code host} and Connection: close; returns all the server sent.
	 */
	static String get(SSLSocket socket, String host, String path) throws IOException {
		socket.getOutputStream()
			.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

	/** A real ClientHello's bytes (the test CA's client, "localhost"). */
	static byte[] clientHello(int port) throws IOException {
		SSLEngine client = TestCa.get().clientContext().createSSLEngine("localhost", port);
		client.setUseClientMode(true);
		ByteBuffer out = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
		client.wrap(ByteBuffer.allocate(0), out);
		return Arrays.copyOf(out.array(), out.position());
	}

}
