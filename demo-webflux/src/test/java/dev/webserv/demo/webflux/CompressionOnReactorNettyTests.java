package dev.webserv.demo.webflux;

import org.springframework.test.context.TestPropertySource;

/** {@link CompressionTests} on Reactor Netty, the reference. */
@TestPropertySource(properties = "webserv.enabled=false")
class CompressionOnReactorNettyTests extends CompressionTests {

}
