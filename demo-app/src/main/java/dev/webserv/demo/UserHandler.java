package dev.webserv.demo;

import org.springframework.stereotype.Component;

import dev.webserv.Request;
import dev.webserv.Response;
import dev.webserv.boot.ResultHandler;
import dev.webserv.boot.WebservRoute;

/**
 * A handler bean with a path variable; a non-numeric id gets 400, ids above 1000 get 404.
 */
@Component
@WebservRoute(path = "/api/users/{id}", methods = "GET", servers = "public")
class UserHandler implements ResultHandler {

	@Override
	public Object handle(Request request) {
		long id;
		try {
			id = Long.parseLong(request.pathVariable("id"));
		}
		catch (NumberFormatException e) {
			return Response.status(400).body("id must be a number\n");
		}
		return id > 1000 ? Response.error(404) : new User(id, "User " + id);
	}

	record User(long id, String name) {
	}

}
