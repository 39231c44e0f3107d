package dev.webserv.bench.servers;

import java.io.IOException;
import java.nio.file.Files;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * Tomcat 11 embedded, NIO connector (one poller, Tomcat's default worker pool), a plain
 * servlet on every path, max keep-alive requests unlimited, Date written by Tomcat,
 * Server by the connector. Arguments: port.
 */
public final class TomcatHello {

	private TomcatHello() {
	}

	public static void main(String[] args) throws Exception {
		int port = Hello.port(args);
		Tomcat tomcat = new Tomcat();
		tomcat.setBaseDir(Files.createTempDirectory("tomcat-bench").toString());
		Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
		connector.setPort(port);
		connector.setProperty("address", Hello.HOST);
		connector.setProperty("maxKeepAliveRequests", "-1");
		connector.setProperty("keepAliveTimeout", "600000");
		connector.setProperty("connectionTimeout", "600000");
		connector.setProperty("maxConnections", "20000");
		connector.setProperty("acceptCount", "1024");
		connector.setProperty("server", "tomcat");
		tomcat.setConnector(connector);
		Context context = tomcat.addContext("", null);
		Tomcat.addServlet(context, "hello", new HelloServlet());
		context.addServletMappingDecoded("/*", "hello");
		tomcat.start();
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				tomcat.stop();
			}
			catch (Exception ignored) {
				// exiting anyway
			}
		}));
		Hello.ready("tomcat", port);
	}

	private static final class HelloServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.setContentType(Hello.CONTENT_TYPE);
			response.setContentLength(Hello.BODY.length);
			response.getOutputStream().write(Hello.BODY);
		}

	}

}
