package dev.webserv.boot.reactive;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.springframework.util.LinkedCaseInsensitiveMap;
import org.springframework.util.MultiValueMap;

import dev.webserv.Headers;

/**
 * webserv's {@link Headers} as the {@link MultiValueMap} a Spring
 * {@link org.springframework.http.HttpHeaders} wraps: a live view, not a copy, so WebFlux
 * reads the request's fields where the parser left them and writes the response's
 * straight into the exchange. Names are case-insensitive; a name's values keep the order
 * of its fields; keys are the distinct names, spelt as first added. Not thread-safe, as
 * neither are {@link Headers} nor Spring's own maps.
 */
final class HeadersAdapter extends AbstractMap<String, List<String>> implements MultiValueMap<String, String> {

	private final Headers headers;

	HeadersAdapter(Headers headers) {
		this.headers = headers;
	}

	@Override
	public String getFirst(String name) {
		return headers.get(name);
	}

	@Override
	public void add(String name, String value) {
		headers.add(name, value);
	}

	@Override
	public void addAll(String name, List<? extends String> values) {
		for (String value : values) {
			headers.add(name, value);
		}
	}

	@Override
	public void addAll(MultiValueMap<String, String> values) {
		values.forEach(this::addAll);
	}

	@Override
	public void set(String name, String value) {
		headers.set(name, value);
	}

	@Override
	public void setAll(Map<String, String> values) {
		values.forEach(headers::set);
	}

	@Override
	public Map<String, String> toSingleValueMap() {
		Map<String, String> single = new LinkedCaseInsensitiveMap<>(headers.size());
		for (int i = 0; i < headers.size(); i++) {
			single.putIfAbsent(headers.name(i), headers.value(i));
		}
		return single;
	}

	@Override
	public boolean containsKey(Object name) {
		return name instanceof String text && headers.contains(text);
	}

	/** A copy of the name's values; null when there is none, as for any map. */
	@Override
	public List<String> get(Object name) {
		if (!(name instanceof String text) || !headers.contains(text)) {
			return null;
		}
		return headers.getAll(text);
	}

	@Override
	public List<String> put(String name, List<String> values) {
		List<String> previous = get(name);
		headers.remove(name);
		addAll(name, values);
		return previous;
	}

	@Override
	public List<String> remove(Object name) {
		List<String> previous = get(name);
		if (previous != null) {
			headers.remove((String) name);
		}
		return previous;
	}

	@Override
	public void clear() {
		while (!headers.isEmpty()) {
			headers.remove(headers.name(0));
		}
	}

	@Override
	public boolean isEmpty() {
		return headers.isEmpty();
	}

	@Override
	public int size() {
		return names().size();
	}

	@Override
	public Set<String> keySet() {
		return new AbstractSet<>() {

			@Override
			public Iterator<String> iterator() {
				return new Names<>(names(), name -> name);
			}

			@Override
			public int size() {
				return HeadersAdapter.this.size();
			}

			@Override
			public boolean contains(Object name) {
				return containsKey(name);
			}

			@Override
			public boolean remove(Object name) {
				return HeadersAdapter.this.remove(name) != null;
			}

		};
	}

	@Override
	public Set<Entry<String, List<String>>> entrySet() {
		return new AbstractSet<>() {

			@Override
			public Iterator<Entry<String, List<String>>> iterator() {
				return new Names<>(names(), Field::new);
			}

			@Override
			public int size() {
				return HeadersAdapter.this.size();
			}

		};
	}

	/** The distinct names, in the order of their first fields. */
	private List<String> names() {
		List<String> names = new ArrayList<>(headers.size());
		for (int i = 0; i < headers.size(); i++) {
			String name = headers.name(i);
			if (firstOf(name, i)) {
				names.add(name);
			}
		}
		return names;
	}

	private boolean firstOf(String name, int index) {
		for (int i = 0; i < index; i++) {
			if (headers.name(i).equalsIgnoreCase(name)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Iterates over a snapshot of the names (so removing while iterating is safe),
	 * removing from the headers themselves.
	 */
	private final class Names<T> implements Iterator<T> {

		private final Iterator<String> names;

		private final Function<String, T> element;

		private String current;

		Names(List<String> names, Function<String, T> element) {
			this.names = names.iterator();
			this.element = element;
		}

		@Override
		public boolean hasNext() {
			return names.hasNext();
		}

		@Override
		public T next() {
			current = names.next();
			return element.apply(current);
		}

		@Override
		public void remove() {
			if (current == null) {
				throw new IllegalStateException();
			}
			headers.remove(current);
			current = null;
		}

	}

	/** One name and its values, read when asked; setting the value replaces them. */
	private final class Field implements Entry<String, List<String>> {

		private final String name;

		Field(String name) {
			this.name = name;
		}

		@Override
		public String getKey() {
			return name;
		}

		@Override
		public List<String> getValue() {
			return headers.getAll(name);
		}

		@Override
		public List<String> setValue(List<String> values) {
			return put(name, values);
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Entry<?, ?> entry && name.equals(entry.getKey())
					&& getValue().equals(entry.getValue());
		}

		@Override
		public int hashCode() {
			return name.hashCode() ^ getValue().hashCode();
		}

		@Override
		public String toString() {
			return name + "=" + getValue();
		}

	}

}
