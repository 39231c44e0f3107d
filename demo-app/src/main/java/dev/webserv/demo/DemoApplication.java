package dev.webserv.demo;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The webserv demo: handler beans ({@link ApiHandlers}, {@link UserHandler},
 * {@link AdminHandlers}) plus the static site, uploads, CGI, redirect and error pages
 * configured in application.yml. No servlet container: webserv is the application's only
 * server, and its event-loop threads keep the JVM running.
 */
@SpringBootApplication
public class DemoApplication {

	public static void main(String[] args) {
		SpringApplication.run(DemoApplication.class, args);
	}

}
