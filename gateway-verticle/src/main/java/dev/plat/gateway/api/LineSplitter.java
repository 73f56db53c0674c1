package dev.plat.gateway.api;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * Cuts a byte stream into lines (each with its {@code \n}); a line longer than the bound is handed
 * on in pieces so memory stays bounded. Splitting on the newline byte keeps UTF-8 intact.
 */
final class LineSplitter {
  static final int MAX_LINE = 64 * 1024;

  private final Handler<Buffer> lines;
  private Buffer partial = Buffer.buffer();

  LineSplitter(Handler<Buffer> lines) {
    this.lines = lines;
  }

  void feed(Buffer chunk) {
    int start = 0;
    for (int i = 0; i < chunk.length(); i++) {
      if (chunk.getByte(i) == '\n') {
        emit(chunk.slice(start, i + 1));
        start = i + 1;
      }
    }
    if (start < chunk.length()) {
      partial.appendBuffer(chunk.getBuffer(start, chunk.length()));
      if (partial.length() >= MAX_LINE) {
        Buffer piece = partial.appendString("\n");
        partial = Buffer.buffer();
        lines.handle(piece);
      }
    }
  }

  /** Hands on an unfinished last line, with a newline added. */
  void flush() {
    if (partial.length() > 0) {
      Buffer last = partial.appendString("\n");
      partial = Buffer.buffer();
      lines.handle(last);
    }
  }

  private void emit(Buffer tail) {
    if (partial.length() == 0) {
      lines.handle(tail.copy());
    } else {
      Buffer line = partial.appendBuffer(tail);
      partial = Buffer.buffer();
      lines.handle(line);
    }
  }
}
