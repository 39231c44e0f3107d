package dev.webserv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * An ordered, case-insensitive multi-map of header fields. Small by design: lookups scan,
 * which beats hashing for the dozen fields a request carries.
 *
 * <p>
 * A request's headers are {@linkplain #readOnly() read-only}: they are the client's, and
 * the server may hand the same immutable object to requests whose heads were identical.
 */
public final class Headers implements Iterable<Map.Entry<String, String>> {

	private static final String[] NONE = new String[0];

	/** name, value, name, value...: one array, allocated on first use */
	private String[] fields;

	private int size;

	/** how many fields the first array holds; 0 once read-only */
	private int initialCapacity;

	public Headers() {
		this(8);
	}

	public Headers(int capacity) {
		this.initialCapacity = Math.max(capacity, 1);
		this.fields = NONE;
	}

	/**
	 * Makes these headers read-only: from now on {@link #add}, {@link #set} and
	 * {@link #remove} throw {@link UnsupportedOperationException}.
	 * @return these headers
	 */
	public Headers readOnly() {
		initialCapacity = 0;
		return this;
	}

	/** Whether {@link #readOnly()} was called. */
	public boolean isReadOnly() {
		return initialCapacity == 0;
	}

	private void checkWritable() {
		if (initialCapacity == 0) {
			throw new UnsupportedOperationException("these headers are read-only (a request's are the client's)");
		}
	}

	/** Appends a field, keeping any earlier field of the same name. */
	public Headers add(String name, String value) {
		checkWritable();
		if (name == null || value == null) {
			throw new IllegalArgumentException("header name and value must not be null");
		}
		if (size * 2 == fields.length) {
			fields = Arrays.copyOf(fields, fields.length == 0 ? initialCapacity * 2 : fields.length * 2);
		}
		fields[size * 2] = name;
		fields[size * 2 + 1] = value;
		size++;
		return this;
	}

	/** Replaces every field of this name with one. */
	public Headers set(String name, String value) {
		remove(name);
		return add(name, value);
	}

	/** Removes every field of this name; returns whether any was there. */
	public boolean remove(String name) {
		checkWritable();
		int kept = 0;
		for (int i = 0; i < size; i++) {
			if (!name(i).equalsIgnoreCase(name)) {
				fields[kept * 2] = fields[i * 2];
				fields[kept * 2 + 1] = fields[i * 2 + 1];
				kept++;
			}
		}
		boolean removed = kept != size;
		Arrays.fill(fields, kept * 2, size * 2, null);
		size = kept;
		return removed;
	}

	/** The first value of the field, or null. */
	public String get(String name) {
		for (int i = 0; i < size; i++) {
			if (name(i).equalsIgnoreCase(name)) {
				return value(i);
			}
		}
		return null;
	}

	public List<String> getAll(String name) {
		List<String> all = new ArrayList<>(2);
		for (int i = 0; i < size; i++) {
			if (name(i).equalsIgnoreCase(name)) {
				all.add(value(i));
			}
		}
		return all;
	}

	public int count(String name) {
		int count = 0;
		for (int i = 0; i < size; i++) {
			if (name(i).equalsIgnoreCase(name)) {
				count++;
			}
		}
		return count;
	}

	public boolean contains(String name) {
		return get(name) != null;
	}

	/**
	 * Whether a comma-separated field holds this token, ignoring case (e.g. Connection:
	 * close).
	 */
	public boolean hasToken(String name, String token) {
		for (int i = 0; i < size; i++) {
			if (name(i).equalsIgnoreCase(name)) {
				for (String part : value(i).split(",")) {
					if (part.trim().equalsIgnoreCase(token)) {
						return true;
					}
				}
			}
		}
		return false;
	}

	public int size() {
		return size;
	}

	public boolean isEmpty() {
		return size == 0;
	}

	public String name(int index) {
		return fields[index * 2];
	}

	public String value(int index) {
		return fields[index * 2 + 1];
	}

	@Override
	public Iterator<Map.Entry<String, String>> iterator() {
		return new Iterator<>() {
			private int next;

			@Override
			public boolean hasNext() {
				return next < size;
			}

			@Override
			public Map.Entry<String, String> next() {
				if (next >= size) {
					throw new NoSuchElementException();
				}
				Map.Entry<String, String> entry = Map.entry(name(next), value(next));
				next++;
				return entry;
			}
		};
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("Headers[");
		for (int i = 0; i < size; i++) {
			text.append(i == 0 ? "" : ", ").append(name(i)).append(": ").append(value(i));
		}
		return text.append(']').toString();
	}

}
