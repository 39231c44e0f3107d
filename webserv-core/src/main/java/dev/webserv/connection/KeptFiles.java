package dev.webserv.connection;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Executor;

import dev.webserv.eventloop.EventLoop;
import dev.webserv.eventloop.LoopLocal;
import dev.webserv.writer.FileBody;
import dev.webserv.writer.OpenFiles;

/**
 * A loop's {@link OpenFiles} with a timer of its own: a member of the loop without a
 * channel, resting until the next kept file can expire, so that files stop being held
 * open once unused even when no request comes to the loop again.
 */
final class KeptFiles implements EventLoop.Member, AutoCloseable {

	private static final LoopLocal<KeptFiles> PER_LOOP = new LoopLocal<>(KeptFiles::new);

	private final OpenFiles files = new OpenFiles();

	private EventLoop loop;

	/** The loop's kept files, its timer started on first use. Loop thread only. */
	static KeptFiles of(EventLoop loop) {
		KeptFiles kept = PER_LOOP.get(loop);
		if (kept.loop == null) {
			kept.loop = loop;
			loop.addTimed(kept);
		}
		return kept;
	}

	/** See {@link OpenFiles#body}; the timer looks again at the next sweep. */
	FileBody body(Path path, BasicFileAttributes now, long offset, long length, Executor io, Runnable onReady) {
		loop.watch(this);
		return files.body(path, now, offset, length, io, loop.returns(), onReady);
	}

	@Override
	public void checkTimeouts(long nanoNow) {
		loop.rest(this, files.expire(nanoNow));
	}

	@Override
	public void ready(SelectionKey key) throws IOException {
		// no channel: never selected
	}

	@Override
	public void close() {
		files.close();
	}

}
