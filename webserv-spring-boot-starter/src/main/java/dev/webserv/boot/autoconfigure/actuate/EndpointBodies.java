package dev.webserv.boot.autoconfigure.actuate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;

import dev.webserv.Response;
import dev.webserv.boot.JsonWriter;

/**
 * Writes an operation's result as Spring MVC's endpoint handler mapping does: bytes as
 * they are, text as UTF-8, a {@link Resource} streamed, an {@link OperationResponseBody}
 * as JSON through Actuator's own mapper (nulls left out), anything else as JSON through
 * the application's.
 */
final class EndpointBodies {

	private final JsonMapper endpointMapper;

	private final JsonWriter applicationWriter;

	/**
	 * @param endpointMapper Actuator's isolated mapper, or null to use the application's
	 * for everything
	 * @param applicationWriter the application's JSON writer
	 */
	EndpointBodies(JsonMapper endpointMapper, JsonWriter applicationWriter) {
		this.endpointMapper = endpointMapper;
		this.applicationWriter = applicationWriter;
	}

	/** A response of this status carrying the body; a null body sends none. */
	Response write(int status, Object body, MediaType contentType) throws Exception {
		Response response = Response.status(status);
		if (body == null) {
			return response;
		}
		if (body instanceof Resource resource) {
			return stream(response, resource, contentType);
		}
		if (body instanceof byte[] bytes) {
			return response.contentType(type(contentType, MediaType.APPLICATION_OCTET_STREAM)).body(bytes);
		}
		if (body instanceof CharSequence text) {
			return response.contentType(type(contentType, MediaType.TEXT_PLAIN) + charset(contentType))
				.body(text.toString().getBytes(StandardCharsets.UTF_8));
		}
		byte[] json = body instanceof OperationResponseBody && endpointMapper != null
				? endpointMapper.writeValueAsBytes(body) : applicationWriter.write(body);
		return response.contentType(type(contentType, MediaType.APPLICATION_JSON)).body(json);
	}

	private static Response stream(Response response, Resource resource, MediaType contentType) throws IOException {
		long length;
		try {
			length = resource.contentLength();
		}
		catch (IOException unknown) {
			length = -1;
		}
		return response.contentType(type(contentType, MediaType.APPLICATION_OCTET_STREAM))
			.body(resource.getInputStream(), length);
	}

	private static String type(MediaType chosen, MediaType fallback) {
		return (chosen != null && chosen.isConcrete() ? chosen : fallback).toString();
	}

	private static String charset(MediaType chosen) {
		return chosen != null && chosen.isConcrete() && chosen.getCharset() != null ? "" : ";charset=UTF-8";
	}

}
