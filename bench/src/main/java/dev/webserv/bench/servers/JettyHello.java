package dev.webserv.bench.servers;

import java.nio.ByteBuffer;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12 core (no servlet layer), a non-blocking handler, one selector that also
 * accepts, Date written by Jetty itself. Arguments: port.
 */
public final class JettyHello {

	private static final ByteBuffer BODY = ByteBuffer.allocateDirect(Hello.BODY.length).put(Hello.BODY).flip();

	private static final HttpField CONTENT_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, Hello.CONTENT_TYPE);

	private static final HttpField SERVER = new PreEncodedHttpField(HttpHeader.SERVER, "jetty");

	private static final HttpField LENGTH = new PreEncodedHttpField(HttpHeader.CONTENT_LENGTH,
			Integer.toString(Hello.BODY.length));

	private JettyHello() {
	}

	public static void main(String[] args) throws Exception {
		int port = Hello.port(args);
		QueuedThreadPool threads = new QueuedThreadPool(16, 4);
		threads.setName("jetty");
		Server server = new Server(threads);
		HttpConfiguration http = new HttpConfiguration();
		http.setSendServerVersion(false);
		http.setSendXPoweredBy(false);
		http.setSendDateHeader(true);
		ServerConnector connector = new ServerConnector(server, 0, 1, new HttpConnectionFactory(http));
		connector.setHost(Hello.HOST);
		connector.setPort(port);
		connector.setAcceptQueueSize(1024);
		connector.setIdleTimeout(600_000);
		server.addConnector(connector);
		server.setHandler(new Handler.Abstract.NonBlocking() {
			@Override
			public boolean handle(Request request, Response response, Callback callback) {
				HttpFields.Mutable headers = response.getHeaders();
				headers.put(CONTENT_TYPE);
				headers.put(SERVER);
				headers.put(LENGTH);
				response.write(true, BODY.slice(), callback);
				return true;
			}
		});
		server.start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				server.stop();
			}
			catch (Exception ignored) {
				// exiting anyway
			}
		}));
		Hello.ready("jetty", port);
	}

}
