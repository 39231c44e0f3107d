package dev.webserv.demo.webflux;

import org.springframework.test.context.TestPropertySource;

/** The reference: the management server on Reactor Netty. */
@TestPropertySource(properties = "webserv.enabled=false")
class ManagementPortOnReactorNettyTests extends SeparateManagementPortTests {

}
