package dev.plat.cluster.api;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a user may give as a secret: {@code {"name", "data": {"key": "value", ...}, "encoding"}}.
 * The name is a function name (a DNS label); each key a file name of {@code [A-Za-z0-9._-]}
 * without {@code ..} (it becomes {@code /run/secrets/<name>/<key>}); the values at most
 * {@link #MAX_BYTES} together: text, stored as its UTF-8 bytes ({@code "encoding": "utf-8"}, the
 * default), or any bytes in standard base64 ({@code "encoding": "base64"}). A bad field is a 400
 * naming it, never quoting a value.
 */
public final class SecretData {
  /** The most bytes the values of one secret may hold together. */
  public static final int MAX_BYTES = 64 * 1024;
  /** The most keys one secret may have. */
  public static final int MAX_KEYS = 100;
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private SecretData() {
  }

  /** Throws a 400 {@code bad_secret_name} unless {@code name} is a DNS label. */
  public static String requireValidName(String name) {
    if (!FunctionSpec.isValidName(name)) {
      throw PlatError.badRequest("bad_secret_name", "name must be 1-63 characters of a-z, 0-9 and '-', "
        + "starting and ending with a letter or digit; got '" + name + "'");
    }
    return name;
  }

  /** True when {@code key} may name a file of a secret. */
  public static boolean isValidKey(String key) {
    return key != null && KEY.matcher(key).matches() && !key.contains("..") && !".".equals(key);
  }

  /** The {@code encoding} of text values (the default). */
  public static final String UTF_8 = "utf-8";
  /** The {@code encoding} of values given as standard base64 (any bytes). */
  public static final String BASE64 = "base64";

  /**
   * The checked {@code data} of a request body whose values are text: key to value bytes, sorted by key.
   *
   * @throws PlatError 400 {@code bad_secret_data} naming the field at fault
   */
  public static Map<String, byte[]> values(Object data) {
    return values(data, null);
  }

  /**
   * The checked {@code data} of a request body in {@code encoding} ({@code null} or {@link #UTF_8}:
   * text; {@link #BASE64}: base64 of any bytes): key to value bytes, sorted by key.
   *
   * @throws PlatError 400 {@code bad_secret_data} naming the field at fault
   */
  public static Map<String, byte[]> values(Object data, Object encoding) {
    boolean base64;
    if (encoding == null || UTF_8.equals(encoding)) {
      base64 = false;
    } else if (BASE64.equals(encoding)) {
      base64 = true;
    } else {
      throw PlatError.badRequest("bad_secret_data", "encoding must be \"" + UTF_8 + "\" (the default) or \""
        + BASE64 + "\"");
    }
    if (!(data instanceof JsonObject json) || json.isEmpty()) {
      throw PlatError.badRequest("bad_secret_data", "data must be a non-empty object of key to string value");
    }
    if (json.size() > MAX_KEYS) {
      throw PlatError.badRequest("bad_secret_data", "data has " + json.size() + " keys; at most " + MAX_KEYS);
    }
    Map<String, byte[]> values = new TreeMap<>();
    long total = 0;
    for (Map.Entry<String, Object> e : json) {
      if (!isValidKey(e.getKey())) {
        throw PlatError.badRequest("bad_secret_data", "data key '" + e.getKey() + "' must be 1-128 characters of"
          + " A-Z, a-z, 0-9, '.', '_' and '-', without '..' (it names a file)");
      }
      if (!(e.getValue() instanceof String text)) {
        throw PlatError.badRequest("bad_secret_data", "data." + e.getKey() + " must be a string");
      }
      byte[] bytes;
      if (base64) {
        try {
          bytes = java.util.Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException notBase64) {
          throw PlatError.badRequest("bad_secret_data", "data." + e.getKey() + " is not standard base64 (encoding is base64)");
        }
      } else {
        bytes = text.getBytes(StandardCharsets.UTF_8);
      }
      total += bytes.length;
      if (total > MAX_BYTES) {
        throw PlatError.badRequest("secret_too_large", "data holds more than " + MAX_BYTES
          + " bytes (at data." + e.getKey() + "); a secret's values may hold " + MAX_BYTES + " bytes together");
      }
      values.put(e.getKey(), bytes);
    }
    return values;
  }
}
