package dev.plat.builder.impl;

import java.nio.file.Path;

/**
 * A validated build waiting for or holding a slot.
 *
 * @param buildId  the id the registry gave it
 * @param function the function name
 * @param version  the image tag
 * @param runtime  the runtime whose folder makes the rest of the context
 * @param upload   the spooled zip; deleted when the build ends
 * @param manifest what the zip holds
 */
public record BuildJob(String buildId, String function, String version, Runtime runtime, Path upload,
                       ZipManifest manifest) {
}
