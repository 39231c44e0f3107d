package dev.webserv.connection;

import dev.webserv.eventloop.EventLoop;
import dev.webserv.eventloop.LoopLocal;
import dev.webserv.parser.StringCache;
import dev.webserv.writer.DateCache;
import dev.webserv.writer.WriteBuffer;

/**
 * What the connections of one event loop share, touched only on that loop's thread: the
 * cache of request-head strings, the Date header of this second, and the direct buffer
 * responses are assembled in.
 */
record LoopCaches(StringCache strings, DateCache dates, WriteBuffer writeBuffer) {

	private static final LoopLocal<LoopCaches> PER_LOOP = new LoopLocal<>(
			() -> new LoopCaches(new StringCache(), new DateCache(), new WriteBuffer(64 * 1024)));

	/** The loop's caches. Call on the loop's thread. */
	static LoopCaches of(EventLoop loop) {
		return PER_LOOP.get(loop);
	}

}
