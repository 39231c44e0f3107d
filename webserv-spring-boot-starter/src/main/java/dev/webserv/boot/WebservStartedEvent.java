package dev.webserv.boot;

import java.net.InetSocketAddress;
import java.util.List;

import org.springframework.context.ApplicationEvent;

/**
 * Published once webserv has bound its listeners and serves requests (like Boot's
 * WebServerInitializedEvent).
 */
public class WebservStartedEvent extends ApplicationEvent {

	public WebservStartedEvent(WebservWebServer webServer) {
		super(webServer);
	}

	public WebservWebServer getWebServer() {
		return (WebservWebServer) getSource();
	}

	/** The port of the first listener. */
	public int getPort() {
		return getWebServer().getPort();
	}

	/** Every bound address, in configuration order. */
	public List<InetSocketAddress> getBoundAddresses() {
		return getWebServer().getWebserv().boundAddresses();
	}

}
