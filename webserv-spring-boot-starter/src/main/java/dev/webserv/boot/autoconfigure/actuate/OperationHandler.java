package dev.webserv.boot.autoconfigure.actuate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.InvocationContext;
import org.springframework.boot.actuate.endpoint.OperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.ProducibleOperationArgumentResolver;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.WebOperationRequestPredicate;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.http.MediaType;

import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.Response;

/**
 * Serves the Actuator {@link WebOperation}s of one method and path (usually one; a few
 * endpoints, such as threaddump, offer a JSON and a text operation told apart by Accept),
 * the way Spring MVC's endpoint handler mapping does: 406 when the Accept header allows
 * none of the types it produces (before the operation runs: Boot's Prometheus endpoint
 * cannot answer {@code application/json} at all), 415 for a body it does not consume, 400
 * for a missing or unconvertible parameter, 404 for a GET that finds nothing and 204 for
 * another method. Arguments are the path variables, the remaining path segments of a
 * {@code {*name}} selector, the query parameters and, for POST, the members of a JSON
 * body. Runs on a worker: operations may block (health checks, heap dumps).
 */
final class OperationHandler implements Handler {

	private static final Map<String, Object> NO_BODY = Map.of();

	private final ContentNegotiation<WebOperation> negotiation = new ContentNegotiation<>();

	private final String name;

	private final WebServerNamespace namespace;

	private final EndpointBodies bodies;

	private final JsonMapper bodyReader;

	/**
	 * Leading path segments before the remaining-segments selector, or -1 when the
	 * operation has none.
	 */
	private final int fixedSegments;

	OperationHandler(List<WebOperation> operations, WebServerNamespace namespace, EndpointBodies bodies,
			JsonMapper bodyReader, int fixedSegments) {
		operations.forEach(operation -> negotiation.add(operation, operation.getRequestPredicate().getProduces()));
		this.name = operations.stream().map(WebOperation::getId).distinct().collect(Collectors.joining(", "));
		this.namespace = namespace;
		this.bodies = bodies;
		this.bodyReader = bodyReader;
		this.fixedSegments = fixedSegments;
	}

	@Override
	public Response handle(Request request) throws Exception {
		List<String> accept = request.headers().getAll("Accept");
		ContentNegotiation.Choice<WebOperation> choice;
		try {
			choice = negotiation.select(accept);
		}
		catch (ContentNegotiation.NotAcceptableException e) {
			return EndpointErrors.of(406, "None of " + negotiation.produced() + " is acceptable", request);
		}
		WebOperation operation = choice.operation();
		WebOperationRequestPredicate predicate = operation.getRequestPredicate();
		Map<String, Object> arguments;
		try {
			arguments = arguments(request, predicate);
		}
		catch (BadBodyException e) {
			return EndpointErrors.of(e.status, e.getMessage(), request);
		}
		InvocationContext context = new InvocationContext(SecurityContext.NONE, arguments,
				OperationArgumentResolver.of(WebServerNamespace.class, () -> namespace),
				new ProducibleOperationArgumentResolver(() -> accept.isEmpty() ? null : accept));
		Object result;
		try {
			result = operation.invoke(context);
		}
		catch (InvalidEndpointRequestException e) {
			return EndpointErrors.of(400, e.getReason() != null ? e.getReason() : e.getMessage(), request);
		}
		return respond(result, request, choice.type());
	}

	private Response respond(Object result, Request request, MediaType chosen) throws Exception {
		if (result == null) {
			return Response.status(request.method().equals("GET") || request.method().equals("HEAD") ? 404 : 204);
		}
		if (result instanceof WebEndpointResponse<?> response) {
			MediaType type = response.getContentType() != null ? new MediaType(response.getContentType()) : chosen;
			return bodies.write(response.getStatus(), response.getBody(), type);
		}
		return bodies.write(200, result, chosen);
	}

	private Map<String, Object> arguments(Request request, WebOperationRequestPredicate predicate) {
		Map<String, Object> arguments = new LinkedHashMap<>(request.pathVariables());
		String remaining = predicate.getMatchAllRemainingPathSegmentsVariable();
		if (remaining != null) {
			// replaces the template's {*remaining} string with the segments the operation
			// takes
			arguments.put(remaining, remainingSegments(request.path()));
		}
		if (request.method().equals("POST")) {
			arguments.putAll(body(request, predicate));
		}
		request.queryParameters()
			.forEach((name, values) -> arguments.put(name, values.size() == 1 ? values.get(0) : values));
		return arguments;
	}

	private String[] remainingSegments(String path) {
		String[] segments = Arrays.stream(path.split("/")).filter(segment -> !segment.isEmpty()).toArray(String[]::new);
		return Arrays.copyOfRange(segments, Math.min(fixedSegments, segments.length), segments.length);
	}

	private Map<String, Object> body(Request request, WebOperationRequestPredicate predicate) {
		if (request.body().isEmpty()) {
			return NO_BODY;
		}
		if (!ContentNegotiation.consumable(request.header("Content-Type"), predicate.getConsumes())) {
			throw new BadBodyException(415, "Content-Type must be one of " + predicate.getConsumes());
		}
		JsonNode tree;
		try {
			tree = bodyReader.readTree(new String(request.body().bytes(), StandardCharsets.UTF_8));
		}
		catch (JacksonException e) {
			tree = null;
		}
		if (tree == null || !tree.isObject()) {
			throw new BadBodyException(400, "The body must be a JSON object of strings");
		}
		Map<String, Object> members = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> member : tree.properties()) {
			if (!member.getValue().isValueNode()) {
				throw new BadBodyException(400, "The body must be a JSON object of strings");
			}
			members.put(member.getKey(), member.getValue().isNull() ? null : member.getValue().asString());
		}
		return members;
	}

	@Override
	public String toString() {
		return "Actuator web operation '" + name + "'";
	}

	/** A request body that cannot be handed to the operation. */
	private static final class BadBodyException extends RuntimeException {

		private final int status;

		BadBodyException(int status, String message) {
			super(message, null, false, false);
			this.status = status;
		}

	}

}
