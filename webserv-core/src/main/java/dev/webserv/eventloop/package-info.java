/**
 * Internal (public only for the core's own wiring; not API): one thread, one Selector.
 * {@link dev.webserv.eventloop.EventLoop} serves the channels registered with it, runs
 * tasks other threads hand over (a queue and {@code wakeup()}), and sweeps deadlines.
 *
 * <p>
 * May use: the JDK and the API types only; it knows nothing of HTTP.
 */
package dev.webserv.eventloop;
