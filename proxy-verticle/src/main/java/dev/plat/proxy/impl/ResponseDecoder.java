package dev.plat.proxy.impl;

import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;

/**
 * Decodes upstream responses; knows when the request was a HEAD (whose response has no body
 * whatever its Content-Length says), since the proxy writes request heads itself. Header
 * validation is left to the Vert.x response the headers are copied to.
 */
final class ResponseDecoder extends HttpResponseDecoder {
  private static final int MAX_INITIAL_LINE = 4096;
  private static final int MAX_HEADER_SIZE = 64 * 1024;
  private static final int MAX_CHUNK = 64 * 1024;

  /** The request being answered is a HEAD. */
  boolean head;

  ResponseDecoder() {
    super(new HttpDecoderConfig().setMaxInitialLineLength(MAX_INITIAL_LINE).setMaxHeaderSize(MAX_HEADER_SIZE)
      .setMaxChunkSize(MAX_CHUNK).setHeadersFactory(DefaultHttpHeadersFactory.headersFactory().withValidation(false)));
  }

  @Override
  protected boolean isContentAlwaysEmpty(HttpMessage msg) {
    if (head && msg instanceof HttpResponse response && response.status().code() >= 200) {
      return true;
    }
    return super.isContentAlwaysEmpty(msg);
  }
}
