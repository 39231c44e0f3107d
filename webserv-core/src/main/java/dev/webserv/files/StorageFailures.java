package dev.webserv.files;

import java.io.IOException;

/**
 * Tells a full disk from other write failures, so both the body spool and the upload
 * store answer 507.
 */
public final class StorageFailures {

	private StorageFailures() {
	}

	/**
	 * Whether a write failed for want of room: ENOSPC or EDQUOT, as the JDK words them in
	 * its messages.
	 */
	public static boolean outOfSpace(IOException e) {
		for (Throwable cause = e; cause != null; cause = cause.getCause()) {
			String message = String.valueOf(cause.getMessage());
			if (message.contains("No space left") || message.contains("quota")) {
				return true;
			}
		}
		return false;
	}

}
