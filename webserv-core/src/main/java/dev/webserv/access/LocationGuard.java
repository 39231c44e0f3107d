package dev.webserv.access;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.webserv.ExchangeHandler;
import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.Response;
import dev.webserv.config.AddHeader;
import dev.webserv.config.Expires;
import dev.webserv.config.LimitConn;
import dev.webserv.config.LimitReq;
import dev.webserv.config.Location;
import dev.webserv.config.VirtualServer;
import dev.webserv.events.ServerEvents;

/**
 * Runs a location's checks around its handler, in nginx's phase order: the rewrite phase
 * first (a {@code return} redirect skips every check), then preaccess ({@code limit_req},
 * then {@code limit_conn}), then access ({@code allow}/{@code deny}, then
 * {@code auth_basic}), then the handler; the headers filter ({@code add_header},
 * {@code expires}) runs on the response, refusals included. A refusal is told to
 * {@link ServerEvents#requestRefused}.
 *
 * <p>
 * Checking a password (bcrypt) blocks, so a location with {@code auth_basic} runs its
 * requests on a worker; the other checks are a few comparisons and a short lock, fine on
 * the event loop. A location with {@code limit_req} is {@link RateLimited}: the exchange
 * takes the rate decision and waits out a delay on the server's timer, then runs the rest
 * as if there were no {@code limit_req}, on the loop when nothing else blocks.
 */
public final class LocationGuard {

	private final AccessRules access;

	private final BasicAuth auth;

	private final RateZone rateZone;

	private final LimitReq limitReq;

	private final ConnectionZone connectionZone;

	private final LimitConn limitConn;

	private final ResponseHeaders headers;

	private final HeldSlots slots;

	private final ServerEvents events;

	private final boolean checks;

	private final Map<Handler, Handler> wrapped = new ConcurrentHashMap<>();

	private LocationGuard(Builder parts) {
		this.access = parts.access;
		this.auth = parts.auth;
		this.rateZone = parts.rateZone;
		this.limitReq = parts.limitReq;
		this.connectionZone = parts.connectionZone;
		this.limitConn = parts.limitConn;
		this.headers = parts.headers;
		this.slots = parts.slots;
		this.events = parts.events;
		this.checks = !access.isEmpty() || auth != null || rateZone != null || connectionZone != null;
	}

	static LocationGuard build(VirtualServer server, Location location, Guards guards) {
		String where = location == null ? "server " + server.name() : "location " + location.path();
		Builder parts = new Builder();
		parts.slots = guards.held();
		parts.events = guards.events();
		List<String> rules = location != null && !location.access().isEmpty() ? location.access() : server.access();
		List<AddHeader> added = location != null && !location.addHeaders().isEmpty() ? location.addHeaders()
				: server.addHeaders();
		parts.access = AccessRules.parse(rules, where + ": access");
		Expires expires = location == null ? null : Expires.parse(location.expires()); // checked
																						// by
																						// Location
		parts.headers = new ResponseHeaders(added, expires);
		if (location != null && location.redirect() != null) {
			parts.access = AccessRules.NONE; // nginx's return runs before the access
												// phase
			return new LocationGuard(parts);
		}
		if (location != null) {
			limits(server, location, guards, parts);
			if (location.authBasic() != null) {
				UserFile users = guards.userFile(location.authBasic().userFile());
				parts.auth = new BasicAuth(location.authBasic().realm(), users, guards.passwordChecks());
			}
		}
		return new LocationGuard(parts);
	}

	private static void limits(VirtualServer server, Location location, Guards guards, Builder parts) {
		if (location.limitReq() != null) {
			parts.limitReq = location.limitReq();
			parts.rateZone = guards.rateZone(server, parts.limitReq.zone());
		}
		if (location.limitConn() != null) {
			parts.limitConn = location.limitConn();
			parts.connectionZone = guards.connectionZone(server, parts.limitConn.zone());
		}
	}

	/**
	 * The handler with this location's checks and headers around it; the handler itself
	 * when there are none. The same handler always gets the same wrapper.
	 */
	public Handler wrap(Handler handler) {
		if (!checks && headers.isEmpty()) {
			return handler;
		}
		return wrapped.computeIfAbsent(handler,
				rateZone != null ? Limited::new : unlimited -> new Guarded(unlimited, false));
	}

	/**
	 * An exchange handler behind this guard's {@code allow}/{@code deny} (the exchange
	 * asks {@link GuardedExchange#admits} before calling it); the handler itself when
	 * there are none. Its body streams, so the other checks do not apply, nor
	 * {@code add_header}.
	 */
	public ExchangeHandler wrap(ExchangeHandler exchange) {
		return access.isEmpty() ? exchange : new GuardedExchange(exchange, access, events);
	}

	private class Guarded implements Handler {

		private final Handler handler;

		/** whether handle() takes the rate decision (when no exchange took it) */
		private final boolean takesRate;

		private final boolean blocking;

		Guarded(Handler handler, boolean takesRate) {
			this.handler = handler;
			this.takesRate = takesRate;
			this.blocking = handler.blocking() || auth != null
					|| (takesRate && limitReq != null && !limitReq.nodelay());
		}

		@Override
		public Response handle(Request request) throws Exception {
			Response response = checks ? admit(request, handler, takesRate) : handler.handle(request);
			if (response != null) {
				headers.apply(response);
			}
			return response;
		}

		@Override
		public boolean blocking() {
			return blocking;
		}

		@Override
		public Duration timeout() {
			return handler.timeout();
		}

	}

	/**
	 * The location's handler behind {@code limit_req}: the exchange calls {@link #take},
	 * then runs {@code next}; a direct call (a CGI local redirect, on a worker) takes the
	 * decision in {@link #handle} and sleeps out its delay.
	 */
	private final class Limited extends Guarded implements RateLimited {

		private final Guarded next;

		Limited(Handler handler) {
			super(handler, true);
			this.next = new Guarded(handler, false);
		}

		@Override
		public Turn take(Request request) {
			Turn turn = takeRate(request, next);
			if (turn.refusal() != null) {
				headers.apply(turn.refusal());
			}
			return turn;
		}

	}

	/** Counts the request in the zone: its refusal, or its delay before {@code next}. */
	private RateLimited.Turn takeRate(Request request, Handler next) {
		// the exchange resolved the real client already (Guards.begin)
		RateZone.Decision decision = rateZone.take(request.remoteAddress().getAddress(), limitReq.burst(),
				limitReq.nodelay());
		if (!decision.allowed()) {
			return new RateLimited.Turn(refuse(request, "limit_req", limitReq.status(), decision.retryAfterSeconds()),
					0, null);
		}
		return new RateLimited.Turn(null, decision.delayMillis(), next);
	}

	private Response admit(Request request, Handler handler, boolean takesRate) throws Exception {
		InetAddress client = request.remoteAddress().getAddress();
		if (takesRate) {
			RateLimited.Turn turn = takeRate(request, handler);
			if (turn.refusal() != null) {
				return turn.refusal();
			}
			if (turn.delayMillis() > 0) {
				Thread.sleep(turn.delayMillis()); // on a worker: blocking() says so
			}
		}
		if (connectionZone != null && !connectionZone.acquire(client, limitConn.max())) {
			return refuse(request, "limit_conn", limitConn.status(), 1);
		}
		// held until the last byte of the answer is written, as nginx does
		boolean held = connectionZone != null && slots.hold(request, () -> connectionZone.release(client));
		try {
			if (!access.allows(client)) {
				return refuse(request, "access", 403, 0);
			}
			if (auth != null) {
				Response challenge = auth.check(request);
				if (challenge != null) {
					events.requestRefused(request.route(),
							BasicAuth.busy(challenge) ? "auth_basic_busy" : "auth_basic");
					return challenge;
				}
			}
			return handler.handle(request);
		}
		finally {
			if (connectionZone != null && !held) {
				connectionZone.release(client);
			}
		}
	}

	private Response refuse(Request request, String reason, int status, long retryAfterSeconds) {
		events.requestRefused(request.route(), reason);
		Response response = Response.error(status);
		if (retryAfterSeconds > 0) {
			response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
		}
		return response;
	}

	private static final class Builder {

		AccessRules access = AccessRules.NONE;

		BasicAuth auth;

		RateZone rateZone;

		LimitReq limitReq;

		ConnectionZone connectionZone;

		LimitConn limitConn;

		ResponseHeaders headers;

		HeldSlots slots;

		ServerEvents events;

	}

}
