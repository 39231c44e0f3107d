package dev.webserv;

import java.net.BindException;

/**
 * A listen address could not be bound; the message names it and the reason. The address
 * is given as written in configuration (nginx's form, "127.0.0.1:8080"), so this API type
 * needs no configuration type.
 */
public final class BindFailedException extends BindException {

	private final String address;

	private final int port;

	private final boolean inUse;

	/**
	 * @param address the listen address as configuration writes it, e.g. "*:8080"
	 * @param port its port
	 */
	public BindFailedException(String address, int port, boolean inUse, String message, Throwable cause) {
		super(message);
		this.address = address;
		this.port = port;
		this.inUse = inUse;
		initCause(cause);
	}

	/** The listen address, e.g. "127.0.0.1:8080" or "[::1]:8080". */
	public String address() {
		return address;
	}

	public int port() {
		return port;
	}

	/** Whether another socket holds the address. */
	public boolean inUse() {
		return inUse;
	}

}
