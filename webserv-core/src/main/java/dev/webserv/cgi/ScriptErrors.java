package dev.webserv.cgi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Copies a script's stderr to the log, line by line, in bounded memory: the pipe is read
 * in 8 KiB pieces, a line is cut at {@value #MAX_LINE} bytes (nginx's limit for an error
 * log line) and the rest of it skipped, at most {@value #MAX_LINES} lines of one script
 * are logged (and fewer when the server's log budget is spent), and what was not logged
 * is counted in one closing line. The pipe is always read to its end: a script whose
 * stderr is not read blocks, and one whose stderr is closed dies of SIGPIPE.
 */
final class ScriptErrors {

	static final int MAX_LINE = 2048;

	static final int MAX_LINES = 100;

	private final Consumer<String> log;

	private final BooleanSupplier budget;

	private final Runnable progress;

	private final byte[] line = new byte[MAX_LINE];

	private int length;

	private long lineBytes;

	private long lines;

	private long skippedLines;

	private long skippedBytes;

	/**
	 * @param log where a line goes
	 * @param budget the server-wide rate limit: false when no line may be logged now
	 * @param progress run for every piece read: the script is alive
	 */
	ScriptErrors(Consumer<String> log, BooleanSupplier budget, Runnable progress) {
		this.log = log;
		this.budget = budget;
		this.progress = progress;
	}

	/**
	 * Reads {@code source} to its end, holding its monitor so that the JDK keeps the pipe
	 * open for children that write after the script exited (as {@link ScriptOutput}).
	 * @param holding counted down once the pipe is held open
	 */
	void drain(InputStream source, CountDownLatch holding) {
		byte[] chunk = new byte[8192];
		synchronized (source) {
			holding.countDown();
			try {
				for (int read = source.read(chunk); read >= 0; read = source.read(chunk)) {
					progress.run();
					take(chunk, read);
				}
			}
			catch (IOException e) {
				// the pipe is gone with the process
			}
		}
		if (length > 0 || lineBytes > 0) {
			emit();
		}
		if (skippedLines > 0) {
			log.accept("stderr: " + skippedLines + " more lines (" + skippedBytes + " bytes) not logged");
		}
	}

	private void take(byte[] chunk, int read) {
		int from = 0;
		while (from < read) {
			int newline = from;
			while (newline < read && chunk[newline] != '\n') {
				newline++;
			}
			int piece = newline - from;
			int kept = Math.min(piece, MAX_LINE - length);
			System.arraycopy(chunk, from, line, length, kept);
			length += kept;
			lineBytes += piece;
			if (newline < read) {
				emit();
			}
			from = newline + 1;
		}
	}

	private void emit() {
		lines++;
		if (lines <= MAX_LINES && budget.getAsBoolean()) {
			int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
			String text = printable(new String(line, 0, end, StandardCharsets.UTF_8));
			log.accept("stderr: " + text + (lineBytes > MAX_LINE ? " [line of " + lineBytes + " bytes cut]" : ""));
		}
		else {
			skippedLines++;
			skippedBytes += lineBytes;
		}
		length = 0;
		lineBytes = 0;
	}

	/** Control characters (a CR that rewrites a log line, escapes) as '?'. */
	private static String printable(String text) {
		StringBuilder out = new StringBuilder(text.length());
		text.codePoints().forEach(c -> out.appendCodePoint(c < 0x20 && c != '\t' || c == 0x7f ? '?' : c));
		return out.toString();
	}

}
