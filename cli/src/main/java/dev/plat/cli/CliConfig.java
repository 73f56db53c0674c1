package dev.plat.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the API is and how to authenticate, read once per run. Each value comes from, in order:
 * the flag, the environment ({@code API_URL}, {@code AUTH_TOKEN}), {@code ~/.plat/cli.json}
 * ({@code {"apiUrl","token","caFile"}}), the default.
 *
 * @param apiUrl the gateway's base URL, without a trailing slash
 * @param token  the bearer token
 * @param caFile a PEM file of the certificates to trust for an https gateway instead of the JDK's
 *               CAs (a self-signed set-up), or null
 */
record CliConfig(URI apiUrl, String token, Path caFile) {
  static final String DEFAULT_API_URL = "http://127.0.0.1:8080";
  static final String DEFAULT_TOKEN = "dev-token";
  static final String ENV_API_URL = "API_URL";
  static final String ENV_TOKEN = "AUTH_TOKEN";
  static final String ENV_CA_FILE = "PLAT_CA_FILE";

  /** A configuration trusting the JDK's CAs. */
  CliConfig(URI apiUrl, String token) {
    this(apiUrl, token, null);
  }
  /** Variables of the platform Plat was seeded from that name services plat does not talk to. */
  private static final String[][] IGNORED = {{"BUILDER_URL", "builder"}, {"CONTROLLER_URL", "controller"},
    {"PROXY_URL", "proxy"}};

  /** The config file under a home folder. */
  static Path file(Path userHome) {
    return userHome.resolve(".plat").resolve("cli.json");
  }

  /**
   * Resolves the API's URL and token, and says on {@code ctx}'s stderr, one line each, that
   * {@code BUILDER_URL}, {@code CONTROLLER_URL} or {@code PROXY_URL} is ignored when set.
   */
  static CliConfig resolve(String flagUrl, String flagToken, CliContext ctx) {
    return resolve(flagUrl, flagToken, null, ctx);
  }

  /** {@link #resolve(String, String, CliContext)} with the {@code --ca-file} flag (null when not given). */
  static CliConfig resolve(String flagUrl, String flagToken, String flagCaFile, CliContext ctx) {
    for (String[] ignored : IGNORED) {
      if (ctx.env(ignored[0]) != null) {
        ctx.err().println("plat: " + ignored[0] + " is ignored: plat talks only to the gateway (" + ENV_API_URL
          + " or --api-url); the " + ignored[1] + " is a role of the nodes behind it (--roles " + ignored[1]
          + "), found through the cluster's members, not by URL");
      }
    }
    Path path = file(ctx.userHome());
    ObjectNode file = readFile(path);
    String[][] urls = {{flagUrl, "--api-url"}, {ctx.env(ENV_API_URL), ENV_API_URL},
      {file.path("apiUrl").asText(null), "apiUrl in " + path}, {DEFAULT_API_URL, "the default"}};
    String[] url = first(urls);
    String[] token = first(new String[][] {{flagToken, "--token"}, {ctx.env(ENV_TOKEN), ENV_TOKEN},
      {file.path("token").asText(null), "token in " + path}, {DEFAULT_TOKEN, "the default"}});
    String[] ca = firstOrNull(new String[][] {{flagCaFile, "--ca-file"}, {ctx.env(ENV_CA_FILE), ENV_CA_FILE},
      {file.path("caFile").asText(null), "caFile in " + path}});
    return new CliConfig(parseUrl(url[0], url[1]), token[0], ca == null ? null : ctx.resolve(ca[0]));
  }

  private static ObjectNode readFile(Path file) {
    if (!Files.isRegularFile(file)) {
      return JsonTrees.object();
    }
    try {
      return JsonTrees.parseObject(Files.readAllBytes(file), file.toString());
    } catch (IOException e) {
      throw CliException.usage("cannot read " + file + ": " + e.getMessage());
    } catch (CliException e) {
      throw CliException.usage(e.getMessage());
    }
  }

  /** The first {value, source} pair whose value is not blank, stripped; null when none is. */
  private static String[] firstOrNull(String[][] candidates) {
    for (String[] candidate : candidates) {
      if (candidate[0] != null && !candidate[0].isBlank()) {
        return new String[] {candidate[0].strip(), candidate[1]};
      }
    }
    return null;
  }

  /** The first {value, source} pair whose value is not blank, stripped. */
  private static String[] first(String[][] candidates) {
    for (String[] candidate : candidates) {
      if (candidate[0] != null && !candidate[0].isBlank()) {
        return new String[] {candidate[0].strip(), candidate[1]};
      }
    }
    throw new IllegalStateException("no default");
  }

  private static URI parseUrl(String url, String source) {
    try {
      URI uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw CliException.usage("bad API URL '" + url + "' (from " + source + "): expected http(s)://host[:port]");
  }
}
