package dev.plat.docker.impl;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;

/**
 * Splits a stream of concatenated JSON objects (the daemon's progress and event streams) into one
 * buffer per object, whatever the chunk boundaries: an object, a string or a UTF-8 sequence may be
 * split anywhere. Whitespace between objects is skipped.
 */
public final class JsonObjectSplitter {

  /** Largest object accepted, so a broken stream cannot exhaust memory. */
  public static final int DEFAULT_MAX_OBJECT_SIZE = 16 * 1024 * 1024;

  private final Handler<Buffer> objectHandler;
  private final int maxObjectSize;
  private Buffer pending = Buffer.buffer();
  private int start = -1;
  private int depth;
  private boolean inString;
  private boolean escaped;

  public JsonObjectSplitter(Handler<Buffer> objectHandler) {
    this(objectHandler, DEFAULT_MAX_OBJECT_SIZE);
  }

  public JsonObjectSplitter(Handler<Buffer> objectHandler, int maxObjectSize) {
    this.objectHandler = objectHandler;
    this.maxObjectSize = maxObjectSize;
  }

  /**
   * Feeds the next chunk; every object it completes goes to the handler before this returns.
   *
   * @throws DecodeException when a byte outside an object is not whitespace or an object is too large
   */
  public void feed(Buffer chunk) {
    int from = pending.length();
    pending.appendBuffer(chunk);
    int consumed = 0;
    for (int i = from; i < pending.length(); i++) {
      byte b = pending.getByte(i);
      if (depth == 0) {
        if (b == '{') {
          depth = 1;
          start = i;
        } else if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
          consumed = i + 1;
        } else {
          throw new DecodeException("unexpected '" + (char) b + "' between JSON objects");
        }
      } else if (inString) {
        if (escaped) {
          escaped = false;
        } else if (b == '\\') {
          escaped = true;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == '{' || b == '[') {
        depth++;
      } else if ((b == '}' || b == ']') && --depth == 0) {
        objectHandler.handle(pending.getBuffer(start, i + 1));
        start = -1;
        consumed = i + 1;
      }
    }
    if (consumed > 0) {
      pending = pending.getBuffer(consumed, pending.length());
      start = start < 0 ? -1 : start - consumed;
    }
    if (pending.length() > maxObjectSize) {
      throw new DecodeException("JSON object larger than " + maxObjectSize + " bytes");
    }
  }

  /** @return {@code true} when an object was started and not finished (a truncated stream at its end) */
  public boolean hasPartialObject() {
    return depth > 0;
  }
}
