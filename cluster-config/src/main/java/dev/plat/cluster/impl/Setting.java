package dev.plat.cluster.impl;

/**
 * A configuration value as text with where it came from: {@code default}, a file path, an
 * environment variable name, a flag or {@code given}.
 */
public record Setting(String text, String source) {
}
