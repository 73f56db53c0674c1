package dev.plat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code plat}: the root command. Holds the global options (inherited by every subcommand, so
 * they go before or after it) and the {@link CliContext}; builds the {@link ApiClient} on demand.
 */
@Command(name = "plat", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT, versionProvider = PlatCommand.Version.class,
    description = "Deploy and run functions on a Plat platform.",
    subcommands = {InitCommand.class, DeployCommand.class, ListCommand.class, GetCommand.class,
      UrlCommand.class, InvokeCommand.class, LogsCommand.class, StartCommand.class, StopCommand.class,
      RemoveCommand.class, CommandLine.HelpCommand.class})
public final class PlatCommand implements Runnable {
  @Option(names = "--api-url", scope = ScopeType.INHERIT, paramLabel = "URL",
      description = "Gateway URL (env API_URL, then ~/.plat/cli.json; default " + CliConfig.DEFAULT_API_URL + ").")
  String apiUrl;

  @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
      description = "API token (env AUTH_TOKEN, then ~/.plat/cli.json; default " + CliConfig.DEFAULT_TOKEN + ").")
  String token;

  @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT",
      description = "Result format on stdout: ${COMPLETION-CANDIDATES} (default text).")
  Output output = Output.text;

  @Spec
  CommandSpec spec;

  private final CliContext ctx;
  private ApiClient api;

  public PlatCommand() {
    this(CliContext.system());
  }

  public PlatCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  /** A ready command line: streams from the context, failures mapped by {@link FailureHandler}. */
  public static CommandLine commandLine(CliContext ctx) {
    return new CommandLine(new PlatCommand(ctx))
      .setOut(new PrintWriter(ctx.out(), true))
      .setErr(new PrintWriter(ctx.err(), true))
      .setCaseInsensitiveEnumValuesAllowed(true)
      .setExecutionExceptionHandler(new FailureHandler(ctx.err()));
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command (see plat --help)");
  }

  CliContext context() {
    return ctx;
  }

  boolean json() {
    return output == Output.json;
  }

  /** The API client, configured once from flags, environment and config file. */
  ApiClient api() {
    if (api == null) {
      api = new ApiClient(CliConfig.resolve(apiUrl, token, ctx));
    }
    return api;
  }

  /** This build's version, from the filtered {@code version.properties}. */
  static String version() {
    Properties props = new Properties();
    try (InputStream in = PlatCommand.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        props.load(in);
      }
    } catch (IOException e) {
      // unknown version
    }
    return props.getProperty("version", "dev");
  }

  /** Prints {@link #version()} for {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"plat " + version()};
    }
  }
}
