/**
 * An example, not API: the core run from a plain {@code main}, without Spring.
 *
 * <p>
 * May use: the public API only (the root package and {@code config}), as any user would.
 * Nothing depends on it.
 */
package dev.webserv.example;
