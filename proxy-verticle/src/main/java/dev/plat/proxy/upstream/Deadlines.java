package dev.plat.proxy.upstream;

import java.util.ArrayList;
import java.util.List;

/**
 * The timeouts of the invocations of one event loop, checked by one sweep every {@link #TICK_MS}
 * instead of a scheduled task per invocation: arming and disarming is linking and unlinking a
 * node. Timeouts fire up to one tick late. Used from its event loop only.
 */
public final class Deadlines implements Runnable {
  static final long TICK_MS = 50;

  /** A timed thing: an intrusive list node. */
  public abstract static class Node implements Runnable {
    private Node prev;
    private Node next;
    private long deadline;
    private boolean armed;

    public boolean armed() {
      return armed;
    }
  }

  private Node head;
  private Node tail;

  /** Arms {@code node} to run {@code ms} from now; re-arms it when it was armed. */
  public void arm(Node node, long ms) {
    disarm(node);
    node.deadline = System.nanoTime() + ms * 1_000_000L;
    node.armed = true;
    node.prev = tail;
    if (tail == null) {
      head = node;
    } else {
      tail.next = node;
    }
    tail = node;
  }

  public void disarm(Node node) {
    if (!node.armed) {
      return;
    }
    node.armed = false;
    if (node.prev == null) {
      head = node.next;
    } else {
      node.prev.next = node.next;
    }
    if (node.next == null) {
      tail = node.prev;
    } else {
      node.next.prev = node.prev;
    }
    node.prev = null;
    node.next = null;
  }

  /** The sweep: runs every node whose deadline passed. */
  @Override
  public void run() {
    long now = System.nanoTime();
    List<Node> due = null;
    for (Node n = head; n != null; n = n.next) {
      if (now - n.deadline >= 0) {
        if (due == null) {
          due = new ArrayList<>();
        }
        due.add(n);
      }
    }
    if (due != null) {
      due.forEach(this::disarm);
      due.forEach(Node::run);
    }
  }
}
