package dev.webserv;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * An ordered, case-insensitive multi-map of header fields. Small by design: lookups scan, which beats
 * hashing for the dozen fields a request carries.
 */
public final class Headers implements Iterable<Map.Entry<String, String>> {

	private String[] names;
	private String[] values;
	private int size;

	public Headers() {
		this(8);
	}

	public Headers(int capacity) {
		this.names = new String[Math.max(capacity, 1)];
		this.values = new String[Math.max(capacity, 1)];
	}

	/** Appends a field, keeping any earlier field of the same name. */
	public Headers add(String name, String value) {
		if (size == names.length) {
			names = Arrays.copyOf(names, size * 2);
			values = Arrays.copyOf(values, size * 2);
		}
		names[size] = name;
		values[size] = value;
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
		int kept = 0;
		for (int i = 0; i < size; i++) {
			if (!names[i].equalsIgnoreCase(name)) {
				names[kept] = names[i];
				values[kept] = values[i];
				kept++;
			}
		}
		boolean removed = kept != size;
		for (int i = kept; i < size; i++) {
			names[i] = null;
			values[i] = null;
		}
		size = kept;
		return removed;
	}

	/** The first value of the field, or null. */
	public String get(String name) {
		for (int i = 0; i < size; i++) {
			if (names[i].equalsIgnoreCase(name)) {
				return values[i];
			}
		}
		return null;
	}

	public List<String> getAll(String name) {
		List<String> all = new ArrayList<>(2);
		for (int i = 0; i < size; i++) {
			if (names[i].equalsIgnoreCase(name)) {
				all.add(values[i]);
			}
		}
		return all;
	}

	public int count(String name) {
		int count = 0;
		for (int i = 0; i < size; i++) {
			if (names[i].equalsIgnoreCase(name)) {
				count++;
			}
		}
		return count;
	}

	public boolean contains(String name) {
		return get(name) != null;
	}

	/** Whether a comma-separated field holds this token, ignoring case (e.g. Connection: close). */
	public boolean hasToken(String name, String token) {
		for (int i = 0; i < size; i++) {
			if (names[i].equalsIgnoreCase(name)) {
				for (String part : values[i].split(",")) {
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
		return names[index];
	}

	public String value(int index) {
		return values[index];
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
				Map.Entry<String, String> entry = Map.entry(names[next], values[next]);
				next++;
				return entry;
			}
		};
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("Headers[");
		for (int i = 0; i < size; i++) {
			text.append(i == 0 ? "" : ", ").append(names[i]).append(": ").append(values[i]);
		}
		return text.append(']').toString();
	}
}
