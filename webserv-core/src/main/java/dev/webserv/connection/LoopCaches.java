package dev.webserv.connection;

import java.util.ArrayDeque;

import dev.webserv.eventloop.EventLoop;
import dev.webserv.eventloop.LoopLocal;
import dev.webserv.parser.HeadBuffers;
import dev.webserv.parser.StringCache;
import dev.webserv.writer.DateCache;
import dev.webserv.writer.RepeatedHead;
import dev.webserv.writer.WriteBuffer;

/**
 * What the connections of one event loop share, touched only on that loop's thread: the
 * cache of request-head strings, the arrays request heads are parsed into, the Date
 * header of this second, the last response head encoded, the direct buffer responses are
 * assembled in, and the spare exchanges ({@link BufferedExchange}'s reuse).
 */
record LoopCaches(HeadBuffers heads, DateCache dates, RepeatedHead responseHead, WriteBuffer writeBuffer,
		ArrayDeque<BufferedExchange> exchanges) {

	private static final LoopLocal<LoopCaches> PER_LOOP = new LoopLocal<>(
			() -> new LoopCaches(new HeadBuffers(new StringCache()), new DateCache(), new RepeatedHead(),
					new WriteBuffer(64 * 1024), new ArrayDeque<>()));

	/** The loop's caches. Call on the loop's thread. */
	static LoopCaches of(EventLoop loop) {
		return PER_LOOP.get(loop);
	}

}
