package dev.webserv.listener;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;

import dev.webserv.BindFailedException;
import dev.webserv.config.ListenAddress;

/**
 * One listening socket: socket, setsockopt(SO_REUSEADDR), bind, listen(backlog),
 * non-blocking. It also carries the virtual servers that answer on its address.
 */
public final class Listener {

	private final ListenAddress address;

	private final ServerSocketChannel channel;

	private final String name;

	private Listener(ListenAddress address, ServerSocketChannel channel) throws IOException {
		this.address = address;
		this.channel = channel;
		InetSocketAddress bound = (InetSocketAddress) channel.getLocalAddress();
		String host = bound.getAddress().isAnyLocalAddress() ? "*" : bound.getAddress().getHostAddress();
		this.name = (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort();
	}

	/**
	 * Opens, configures and binds; on failure nothing stays open and the message names
	 * the address.
	 */
	public static Listener open(ListenAddress address, int backlog) throws IOException {
		InetSocketAddress socketAddress;
		try {
			socketAddress = address.resolve();
		}
		catch (UnknownHostException e) {
			throw new BindFailedException(address.toString(), address.port(), false,
					address + ": unknown host " + address.host(), e);
		}
		ServerSocketChannel channel = ServerSocketChannel.open();
		try {
			channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			channel.bind(socketAddress, backlog);
			channel.configureBlocking(false);
			return new Listener(address, channel);
		}
		catch (BindException e) {
			channel.close();
			boolean inUse = String.valueOf(e.getMessage()).toLowerCase().contains("in use");
			String reason = inUse ? "is already in use" : "cannot be bound: " + e.getMessage();
			throw new BindFailedException(address.toString(), address.port(), inUse, address + " " + reason, e);
		}
		catch (IOException | RuntimeException e) {
			channel.close();
			throw e;
		}
	}

	public ListenAddress address() {
		return address;
	}

	public ServerSocketChannel channel() {
		return channel;
	}

	/** "127.0.0.1:8080" with the bound port; the listener tag of metrics. */
	public String name() {
		return name;
	}

	public int port() {
		return ((InetSocketAddress) channel.socket().getLocalSocketAddress()).getPort();
	}

	public InetSocketAddress boundAddress() {
		return (InetSocketAddress) channel.socket().getLocalSocketAddress();
	}

	public void close() {
		try {
			channel.close();
		}
		catch (IOException ignored) {
			// already closed or never fully open
		}
	}

}
