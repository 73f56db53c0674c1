package dev.plat.docker.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PullCallTest {

  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  @Test
  void aDigestReferenceGoesAsFromImageAndTagAsTheDockerCliSendsIt() {
    assertArrayEquals(new String[] {"127.0.0.1:5000/plat/fn", DIGEST}, PullCall.split("127.0.0.1:5000/plat/fn@" + DIGEST));
    assertArrayEquals(new String[] {"127.0.0.1:5000/plat/fn", DIGEST}, PullCall.split("127.0.0.1:5000/plat/fn:3@" + DIGEST));
  }

  @Test
  void aTagIsSplitAfterTheLastSlashSoARegistryPortIsNoTag() {
    assertArrayEquals(new String[] {"127.0.0.1:5000/plat/fn", "3"}, PullCall.split("127.0.0.1:5000/plat/fn:3"));
    assertArrayEquals(new String[] {"127.0.0.1:5000/plat/fn", "latest"}, PullCall.split("127.0.0.1:5000/plat/fn"));
    assertArrayEquals(new String[] {"busybox", "latest"}, PullCall.split("busybox"));
  }

  @Test
  void malformedReferencesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> PullCall.split(""));
    assertThrows(IllegalArgumentException.class, () -> PullCall.split("a b"));
    assertThrows(IllegalArgumentException.class, () -> PullCall.split("@" + DIGEST));
    assertThrows(IllegalArgumentException.class, () -> PullCall.split("repo@sha256:xyz"));
    assertThrows(IllegalArgumentException.class, () -> PullCall.split(null));
  }
}
