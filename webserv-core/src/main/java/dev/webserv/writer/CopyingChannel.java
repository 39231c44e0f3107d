package dev.webserv.writer;

import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;

/**
 * A channel that must see every byte (TLS encrypts them), so a file cannot go by
 * transferTo: {@link FileBody} reads the file into the large direct buffer this channel
 * lends and writes it from there.
 */
public interface CopyingChannel extends GatheringByteChannel {

	/**
	 * A direct buffer to read file bytes into before writing them here; valid until the
	 * next call on this thread.
	 */
	ByteBuffer fileBuffer();

}
