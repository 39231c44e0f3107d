package dev.webserv.boot;

/**
 * Writes a value as JSON. The auto-configuration provides one backed by the application's
 * Jackson 3 {@code JsonMapper} when Jackson is on the class path; declare a bean to use
 * another library.
 */
@FunctionalInterface
public interface JsonWriter {

	byte[] write(Object value) throws Exception;

}
