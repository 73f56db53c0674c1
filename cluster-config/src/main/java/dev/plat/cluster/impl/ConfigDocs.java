package dev.plat.cluster.impl;

import dev.plat.cluster.ConfigKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates {@code docs/configuration.md} from {@link ConfigKey}. Run from the repository root:
 * {@code java -cp cluster-config/target/classes dev.plat.cluster.impl.ConfigDocs docs/configuration.md}.
 */
public final class ConfigDocs {
  private static final String HEAD = """
    # Configuration

    <!-- Generated from dev.plat.cluster.ConfigKey by dev.plat.cluster.impl.ConfigDocs: do not edit by hand.
         Regenerate: java -cp cluster-config/target/classes dev.plat.cluster.impl.ConfigDocs docs/configuration.md -->

    A node reads its configuration once, at start-up. Each setting comes from, in increasing precedence:

    1. its default;
    2. the configuration file: the one named by `--config FILE` (or `PLAT_CONFIG`), else `plat.yaml`
       or `plat.json` in the data directory when one exists;
    3. its environment variable (an empty variable counts as unset);
    4. its command-line flag, `--http-port 8080` or `--http-port=8080`.

    Every value is checked before anything starts. A bad one stops the node with a message naming the
    key, what it must be, what it got and where it came from, one line per problem:

    ```
    httpPort must be 0-65535 (0: a free port), got 'abc' (from PLAT_HTTP_PORT)
    unknown key 'htpPort' in /home/me/.plat/plat.yaml (did you mean httpPort?)
    ```

    Unknown flags and unknown keys in the file are errors. Unknown environment variables are ignored.
    `httpPort`, `proxyPort` and `clusterPort` must differ, unless 0: each 0 is a free port picked at
    start, and the node writes the ports it listens on to `<dataDir>/ports.json` once every role has
    started (`{"http": 41235, "proxy": 41236, "cluster": 41237}`, a key per listener it has; rewritten
    at each start), so a script or a test can start it on free ports and then read them.

    """;

  private static final String TAIL = """

    Lists (`roles`, `clusterMembers`) are comma-separated in flags and variables; in a file they may
    also be YAML or JSON lists. A leading `~` in a path is the user's home directory.

    ## File format

    `plat.yaml`:

    ```yaml
    nodeId: node-a
    roles: [gateway, proxy]
    httpPort: 8080
    clusterHost: 192.0.2.10
    clusterMembers: 192.0.2.10:5701,192.0.2.11:5701
    ```

    `plat.json`:

    ```json
    {"nodeId": "node-a", "roles": ["gateway", "proxy"], "httpPort": 8080}
    ```

    ## Cluster

    With `clusterMembers` empty the node is a single-member cluster. Otherwise it joins the listed
    members over TCP (multicast, auto-detection and phone-home are off), binding Hazelcast and the
    event bus to `clusterHost` only. Members need the same `clusterName`.
    """;

  private ConfigDocs() {
  }

  /** The whole markdown page. */
  public static String markdown() {
    StringBuilder md = new StringBuilder(HEAD);
    md.append("| key | flag | env | default | accepted values | meaning |\n");
    md.append("|---|---|---|---|---|---|\n");
    for (ConfigKey key : ConfigKey.values()) {
      md.append("| `").append(key.key()).append("` | `").append(key.flag()).append("` | `").append(key.env())
        .append("` | ").append(key.defaultText().isEmpty() ? "(empty)" : "`" + key.defaultText() + "`")
        .append(" | ").append(cell(key.type().requirement())).append(" | ").append(cell(key.description()))
        .append(" |\n");
    }
    return md.append(TAIL).toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|");
  }

  /** Writes the page to {@code args[0]}, or prints it when no argument is given. */
  public static void main(String[] args) throws IOException {
    if (args.length == 0) {
      System.out.print(markdown());
    } else {
      Files.writeString(Path.of(args[0]), markdown());
    }
  }
}
