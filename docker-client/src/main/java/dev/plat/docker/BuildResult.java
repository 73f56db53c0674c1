package dev.plat.docker;

import java.util.List;

/**
 * A successful build.
 *
 * @param imageId the image id, {@code sha256:...}
 * @param tags the references it was tagged with
 */
public record BuildResult(String imageId, List<String> tags) {

  public BuildResult {
    tags = List.copyOf(tags);
  }
}
