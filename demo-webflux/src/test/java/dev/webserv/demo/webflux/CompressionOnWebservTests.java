package dev.webserv.demo.webflux;

/** {@link CompressionTests} on webserv. */
class CompressionOnWebservTests extends CompressionTests {

}
