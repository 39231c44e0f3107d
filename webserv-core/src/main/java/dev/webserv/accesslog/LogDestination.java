package dev.webserv.accesslog;

import java.io.IOException;

/**
 * Where lines go. Used by the log's writer thread only, so implementations may block and
 * need no locking.
 */
interface LogDestination {

	/** Writes one line (without its line break). */
	void write(String line) throws IOException;

	/** Pushes buffered lines out. */
	void flush() throws IOException;

	/** Notices a rotation (the file renamed or deleted) and follows it; periodic. */
	void checkRotation() throws IOException;

	/** Closes and opens again, for logrotate's signal. */
	void reopen() throws IOException;

	void close();

	/** System.Logger lines; nothing to open, flush or rotate. */
	static LogDestination logger(String name) {
		System.Logger logger = System.getLogger(name);
		return new LogDestination() {
			@Override
			public void write(String line) {
				logger.log(System.Logger.Level.INFO, line);
			}

			@Override
			public void flush() {
			}

			@Override
			public void checkRotation() {
			}

			@Override
			public void reopen() {
			}

			@Override
			public void close() {
			}
		};
	}

}
