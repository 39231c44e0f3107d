package dev.webserv.boot.autoconfigure.actuate;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;

/**
 * Refuses traffic (readiness OUT_OF_SERVICE) when the context starts closing, before the
 * lifecycle phases stop anything, so a graceful shutdown is announced before it drains.
 * Boot's servlet and reactive contexts do this themselves; a plain context, where webserv
 * is the only server, does not.
 */
public class ReadinessOnClose implements ApplicationListener<ContextClosedEvent>, ApplicationContextAware, Ordered {

	private ApplicationContext context;

	@Override
	public void setApplicationContext(ApplicationContext context) {
		this.context = context;
	}

	/**
	 * Before any other listener of the closing context, so they already see traffic
	 * refused.
	 */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void onApplicationEvent(ContextClosedEvent event) {
		if (event.getApplicationContext() == context && !(context instanceof WebServerApplicationContext)) {
			AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
		}
	}

}
