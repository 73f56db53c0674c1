package dev.plat.node;

import dev.plat.cluster.testing.ChildJvm;

/** {@link NodeMain} in a child JVM of a test: the node halts when the test JVM is gone, so none is left running. */
public final class NodeChildMain {
  private NodeChildMain() {
  }

  public static void main(String[] args) throws Exception {
    ChildJvm.exitWhenParentDies();
    NodeMain.main(args);
  }
}
