package dev.webserv;

import java.net.BindException;

import dev.webserv.config.ListenAddress;

/** A listen address could not be bound; the message names it and the reason. */
public final class BindFailedException extends BindException {

	private final ListenAddress address;

	private final boolean inUse;

	public BindFailedException(ListenAddress address, boolean inUse, String message, Throwable cause) {
		super(message);
		this.address = address;
		this.inUse = inUse;
		initCause(cause);
	}

	public ListenAddress address() {
		return address;
	}

	/** Whether another socket holds the address. */
	public boolean inUse() {
		return inUse;
	}

}
