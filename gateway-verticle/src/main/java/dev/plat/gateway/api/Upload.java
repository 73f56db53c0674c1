package dev.plat.gateway.api;

/**
 * A zip received for a deploy and spooled to disk.
 *
 * @param path   where it is, under {@code <dataDir>/uploads}
 * @param sha256 hex SHA-256 of its bytes
 * @param size   its length in bytes
 */
public record Upload(String path, String sha256, long size) {
}
