package dev.plat.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
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
    description = "Deploy and run functions on a Plat platform.")
public final class PlatCommand implements Runnable {
  /** The subcommands by name, in the order {@code --help} lists them. */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands(InitCommand.class, DeployCommand.class,
    ListCommand.class, GetCommand.class, UrlCommand.class, InvokeCommand.class, InvocationsCommand.class,
    SchedulesCommand.class, LogsCommand.class, StartCommand.class, StopCommand.class, VersionsCommand.class,
    RollbackCommand.class, TrafficCommand.class, RemoveCommand.class, SecretCommand.class, RegistryCommand.class,
    StartupTrainingCommand.class,
    CommandLine.HelpCommand.class);
  /** Root options followed by a value in the next argument. */
  private static final Set<String> OPTIONS_WITH_VALUE = Set.of("--api-url", "--token", "--ca-file", "-o", "--output");

  @Option(names = "--api-url", scope = ScopeType.INHERIT, paramLabel = "URL",
      description = "Gateway URL (env API_URL, then ~/.plat/cli.json; default " + CliConfig.DEFAULT_API_URL + ").")
  String apiUrl;

  @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN",
      description = "API token (env AUTH_TOKEN, then ~/.plat/cli.json; default " + CliConfig.DEFAULT_TOKEN + ").")
  String token;

  @Option(names = "--ca-file", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "PEM file of the certificate(s) to trust for an https API URL, e.g. a self-signed gateway's "
        + "(env PLAT_CA_FILE, then caFile in ~/.plat/cli.json; default: the JDK's CAs).")
  String caFile;

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

  /** A ready command line with every subcommand: streams from the context, failures mapped by {@link ExitOnFailure}. */
  public static CommandLine commandLine(CliContext ctx) {
    return commandLine(ctx, new java.util.LinkedHashSet<>(SUBCOMMANDS.values()));
  }

  /**
   * The command line for running {@code args} once: with only the subcommand they name when they
   * name one (picocli reads the annotations of every registered command at start, a third of a
   * short run's time), else with all of them (help, usage errors).
   */
  public static CommandLine commandLine(CliContext ctx, String[] args) {
    Class<?> only = SUBCOMMANDS.get(subcommandName(args));
    return commandLine(ctx, only == null || only == CommandLine.HelpCommand.class
      ? new java.util.LinkedHashSet<>(SUBCOMMANDS.values()) : List.of(only));
  }

  /** The first argument that is not a root option or its value; null when there is none. */
  static String subcommandName(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (OPTIONS_WITH_VALUE.contains(args[i])) {
        i++;
      } else if (!args[i].startsWith("-")) {
        return args[i];
      }
    }
    return null;
  }

  private static CommandLine commandLine(CliContext ctx, Collection<Class<?>> subcommands) {
    CommandLine line = new CommandLine(new PlatCommand(ctx));
    subcommands.forEach(line::addSubcommand);
    return line
      .setOut(new PrintWriter(ctx.out(), true))
      .setErr(new PrintWriter(ctx.err(), true))
      .setCaseInsensitiveEnumValuesAllowed(true)
      .setParameterExceptionHandler(new UsageErrors(ctx.err()))
      .setExecutionExceptionHandler(new ExitOnFailure(ctx.err()));
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
      api = new ApiClient(CliConfig.resolve(apiUrl, token, caFile, ctx));
    }
    return api;
  }

  private static Map<String, Class<?>> subcommands(Class<?>... classes) {
    Map<String, Class<?>> byName = new LinkedHashMap<>();
    for (Class<?> c : classes) {
      Command command = c.getAnnotation(Command.class);
      byName.put(command.name(), c);
      for (String alias : command.aliases()) {
        byName.put(alias, c);
      }
    }
    return Collections.unmodifiableMap(byName);
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
