package dev.webserv.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains a failure caused by overriding one element of {@code webserv.servers} from
 * another property source (typically {@code --webserv.servers[0].root=...} on the command
 * line), which replaces the whole list.
 */
@Order(Ordered.HIGHEST_PRECEDENCE) // before Boot's analyzer of the property error it
									// wraps
public final class WebservServerListFailureAnalyzer extends AbstractFailureAnalyzer<ServerListReplacedException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ServerListReplacedException cause) {
		String winner = cause.getSources().get(0);
		String others = String.join(", ", cause.getSources().subList(1, cause.getSources().size()));
		return new FailureAnalysis("webserv could not be configured: " + cause.getCause().getMessage() + "\n\n"
				+ "webserv.servers is set in " + winner + " and in " + others + ". Spring Boot binds a list from one "
				+ "property source only, so the elements given in " + winner + " replaced the whole list from " + others
				+ " instead of changing one setting of it: the servers of " + others
				+ " (their names, listen addresses, roots and locations) are not configured.",
				"Give the whole webserv.servers list in one place, or make the setting you want to change a "
						+ "placeholder in application.yml (for example root: ${site.root:classpath:/static/}) and set "
						+ "that property instead (--site.root=/srv/www). Ports have their own properties: "
						+ "--server.port for a server without listen addresses.",
				cause);
	}

}
