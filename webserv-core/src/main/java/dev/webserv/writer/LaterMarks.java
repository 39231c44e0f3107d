package dev.webserv.writer;

/**
 * An {@link Output}'s sent marks after the first, in order: a ring of (buffered, bodies)
 * positions and their listeners, made only once two responses are pending at once
 * (pipelining). Loop thread only.
 */
final class LaterMarks {

	long[] buffered = new long[2];

	int[] bodies = new int[2];

	Output.Sent[] listeners = new Output.Sent[2];

	int first;

	int count;

	void add(long bufferedAt, int bodiesAt, Output.Sent listener) {
		if (count == listeners.length) {
			grow();
		}
		int at = (first + count) % listeners.length;
		buffered[at] = bufferedAt;
		bodies[at] = bodiesAt;
		listeners[at] = listener;
		count++;
	}

	private void grow() {
		int capacity = listeners.length * 2;
		long[] newBuffered = new long[capacity];
		int[] newBodies = new int[capacity];
		Output.Sent[] newListeners = new Output.Sent[capacity];
		for (int i = 0; i < count; i++) {
			int from = (first + i) % listeners.length;
			newBuffered[i] = buffered[from];
			newBodies[i] = bodies[from];
			newListeners[i] = listeners[from];
		}
		buffered = newBuffered;
		bodies = newBodies;
		listeners = newListeners;
		first = 0;
	}

}
