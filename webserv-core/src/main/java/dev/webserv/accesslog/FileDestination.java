package dev.webserv.accesslog;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

import dev.webserv.config.InvalidSettingException;

/**
 * A log file, appended to, opened by the writer thread; when the name comes to point at
 * another file, or at none, as after logrotate's rename, the next check closes the old
 * file and creates the new one.
 *
 * <p>
 * A FIFO is opened for reading and writing: opened for writing only, open(2) blocks until
 * a reader comes, and no interrupt ends that wait, so a FIFO nobody reads would hold the
 * writer thread past the server's stop. Opened so, it takes lines into the pipe's buffer
 * until a reader comes (who reads them then), and once that is full a write blocks, as
 * with a reader that stopped reading: the queue fills, lines are dropped and counted, and
 * stop() interrupts the write.
 */
final class FileDestination implements LogDestination {

	private static final int BUFFER = 64 * 1024;

	private static final int S_IFMT = 0170000;

	private static final int S_IFIFO = 0010000;

	private final Path path;

	private Writer out;

	private FileChannel channel;

	private Object key;

	FileDestination(Path path) {
		this.path = path;
	}

	/**
	 * Fails now, at start-up, where the file could never be written: no such directory,
	 * or no permission.
	 * @param setting the setting that names the file ("servers[0].access-log.path")
	 */
	static FileDestination checked(String setting, Path path) {
		Path absolute = path.toAbsolutePath();
		Path directory = absolute.getParent();
		if (directory == null || !Files.isDirectory(directory)) {
			throw new InvalidSettingException(setting, path, "is in no such directory " + directory);
		}
		boolean writable = Files.exists(absolute) ? Files.isWritable(absolute) : Files.isWritable(directory);
		if (!writable || Files.isDirectory(absolute)) {
			throw new InvalidSettingException(setting, path, "cannot be written");
		}
		return new FileDestination(absolute);
	}

	Path path() {
		return path;
	}

	private Writer open() throws IOException {
		if (out == null) {
			channel = isFifo(path) ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
					: FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
							StandardOpenOption.APPEND);
			out = new BufferedWriter(Channels.newWriter(channel, StandardCharsets.UTF_8), BUFFER);
			key = currentKey();
		}
		return out;
	}

	private static boolean isFifo(Path path) {
		try {
			return ((Integer) Files.getAttribute(path, "unix:mode") & S_IFMT) == S_IFIFO;
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
			return false; // no such file yet, or no unix attributes here
		}
	}

	@Override
	public void write(String line) throws IOException {
		Writer writer = open();
		writer.write(line);
		writer.write('\n');
	}

	@Override
	public void flush() throws IOException {
		if (out != null) {
			out.flush();
		}
	}

	@Override
	public void checkRotation() throws IOException {
		if (out != null && !Objects.equals(key, currentKey())) {
			reopen();
		}
	}

	@Override
	public void reopen() throws IOException {
		close();
		open();
	}

	/**
	 * The file's identity (device and inode), or null when the name points at nothing.
	 */
	private Object currentKey() throws IOException {
		try {
			BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
			Object fileKey = attributes.fileKey();
			return fileKey != null ? fileKey : attributes.creationTime();
		}
		catch (NoSuchFileException gone) {
			return null;
		}
	}

	@Override
	public void close() {
		if (out == null) {
			return;
		}
		try {
			out.close();
		}
		catch (IOException ignored) {
			// the lines it held are lost either way
		}
		finally {
			try {
				channel.close(); // whether or not the writer got to close it
			}
			catch (IOException ignored) {
				// nothing more to do
			}
		}
		out = null;
		channel = null;
	}

}
