package dev.webserv.boot.autoconfigure.actuate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.web.EndpointLinksResolver;
import org.springframework.boot.actuate.endpoint.web.EndpointMapping;
import org.springframework.boot.actuate.endpoint.web.EndpointMediaTypes;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.Link;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.boot.actuate.endpoint.web.WebOperationRequestPredicate;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.http.MediaType;

import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.Response;

/**
 * Turns the exposed web endpoints into webserv routes under a base path: one route per
 * operation (its path template, its method), and the discovery page ({@code _links}) at
 * the base path itself.
 *
 * <p>
 * A remaining-segments selector ({@code health/{*path}}, the health groups and
 * components) is mounted as the core's catch-all template, tagged
 * {@code /actuator/health/{*path}} as WebFlux tags it.
 */
final class EndpointRoutes {

	private final Collection<ExposableWebEndpoint> endpoints;

	private final EndpointMediaTypes mediaTypes;

	private final EndpointBodies bodies;

	private final JsonMapper bodyReader;

	EndpointRoutes(Collection<ExposableWebEndpoint> endpoints, EndpointMediaTypes mediaTypes, EndpointBodies bodies,
			JsonMapper bodyReader) {
		this.endpoints = endpoints;
		this.mediaTypes = mediaTypes;
		this.bodies = bodies;
		this.bodyReader = bodyReader;
	}

	/**
	 * @param basePath where the endpoints go ("/actuator"; empty for the root)
	 * @param namespace the server namespace operations see (SERVER, or MANAGEMENT on a
	 * port of its own)
	 * @param links whether the discovery page is served at the base path
	 */
	List<EndpointRoute> routes(String basePath, WebServerNamespace namespace, boolean links) {
		EndpointMapping mapping = new EndpointMapping(basePath);
		List<EndpointRoute> routes = new ArrayList<>();
		if (links) {
			String path = mapping.getPath().isEmpty() ? "/" : mapping.getPath();
			routes.add(new EndpointRoute("GET", path, new LinksHandler(mapping.getPath()), "Actuator links"));
		}
		Map<String, List<WebOperation>> byMethodAndPath = new LinkedHashMap<>();
		for (ExposableWebEndpoint endpoint : endpoints) {
			for (WebOperation operation : endpoint.getOperations()) {
				WebOperationRequestPredicate predicate = operation.getRequestPredicate();
				byMethodAndPath
					.computeIfAbsent(predicate.getHttpMethod() + " " + predicate.getPath(), key -> new ArrayList<>())
					.add(operation);
			}
		}
		byMethodAndPath.values().forEach(operations -> routes.addAll(routes(mapping, operations, namespace)));
		return routes;
	}

	private List<EndpointRoute> routes(EndpointMapping mapping, List<WebOperation> operations,
			WebServerNamespace namespace) {
		WebOperationRequestPredicate predicate = operations.get(0).getRequestPredicate();
		String method = predicate.getHttpMethod().name();
		String path = mapping.createSubPath(predicate.getPath());
		String name = "Actuator operation '" + operations.get(0).getId() + "'";
		String remaining = predicate.getMatchAllRemainingPathSegmentsVariable();
		if (remaining == null) {
			Handler handler = new OperationHandler(operations, namespace, bodies, bodyReader, -1);
			return List.of(new EndpointRoute(method, path.isEmpty() ? "/" : path, handler, name));
		}
		String selector = "/{*" + remaining + "}";
		String prefix = path.substring(0, path.length() - selector.length());
		int fixed = prefix.isEmpty() ? 0 : prefix.substring(1).split("/").length;
		Handler handler = new OperationHandler(operations, namespace, bodies, bodyReader, fixed);
		return List.of(new EndpointRoute(method, prefix + selector, handler, name));
	}

	/** The discovery page: a link to every operation, from the URL the client used. */
	private final class LinksHandler implements Handler {

		private final EndpointLinksResolver resolver;

		private final ContentNegotiation<String> negotiation = new ContentNegotiation<>();

		LinksHandler(String basePath) {
			this.resolver = new EndpointLinksResolver(endpoints, basePath);
			negotiation.add("links", mediaTypes.getProduced());
		}

		@Override
		public Response handle(Request request) throws Exception {
			MediaType chosen;
			try {
				chosen = negotiation.select(request.headers().getAll("Accept")).type();
			}
			catch (ContentNegotiation.NotAcceptableException e) {
				return EndpointErrors.of(406, "None of " + mediaTypes.getProduced() + " is acceptable", request);
			}
			Map<String, Link> links = resolver.resolveLinks(requestUrl(request));
			return bodies.write(200, OperationResponseBody.of(Map.of("_links", links)), chosen);
		}

		/**
		 * The URL the client asked for (behind a trusted proxy: as the proxy names it).
		 */
		private static String requestUrl(Request request) {
			String authority = request.header("Host");
			boolean forwardedHost = request.host() != null && !request.host().equals(request.head().host());
			if (authority == null || forwardedHost) {
				String host = request.host() != null ? request.host()
						: request.localAddress().getAddress().getHostAddress();
				int port = request.serverPort();
				boolean defaultPort = port == ("https".equals(request.scheme()) ? 443 : 80);
				authority = (host.contains(":") ? "[" + host + "]" : host) + (defaultPort ? "" : ":" + port);
			}
			return request.scheme() + "://" + authority + request.path();
		}

	}

}
