/**
 * Public API: the immutable description of a server, built in code or mapped from the
 * starter's properties. {@link dev.webserv.config.ServerConfig} holds virtual servers
 * ({@link dev.webserv.config.VirtualServer}: listen addresses, names, locations, routes),
 * {@link dev.webserv.config.Limits} and {@link dev.webserv.config.Timeouts}, each with
 * its defaults written once. A value out of range fails construction with an
 * {@link dev.webserv.config.InvalidSettingException} naming the setting.
 *
 * <p>
 * May use: the JDK, the root package's API types and {@code events}.
 */
package dev.webserv.config;
