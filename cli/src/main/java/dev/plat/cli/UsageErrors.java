package dev.plat.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * Prints a usage error (picocli's message, its suggestions and the command's usage) with every
 * argument that may hold a secret value redacted: the value of {@code --from-literal} (and of any
 * mistyped {@code --option=...}) becomes {@code KEY=***}, and in {@code plat secret ...} every other
 * argument the message quotes becomes {@code ***} (a value with a space, given unquoted, arrives as
 * stray arguments). Exit code 2.
 */
final class UsageErrors implements IParameterExceptionHandler {
  private static final Set<String> SECRET_COMMANDS = Set.of("secret", "secrets");
  private static final String MASK = "***";
  private final PrintStream err;

  UsageErrors(PrintStream err) {
    this.err = err;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    err.println("plat: " + redact(String.valueOf(ex.getMessage()), args));
    PrintWriter writer = new PrintWriter(err, true);
    CommandLine.UnmatchedArgumentException.printSuggestions(ex, writer);
    ex.getCommandLine().usage(writer);
    writer.flush();
    return ExitCode.USAGE;
  }

  /** {@code message} with the arguments of {@code args} that may hold a secret value masked. */
  static String redact(String message, String[] args) {
    Map<String, String> masks = new LinkedHashMap<>();
    boolean secretCommand = SECRET_COMMANDS.contains(PlatCommand.subcommandName(args));
    boolean afterSubcommand = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if ("--from-literal".equals(arg) && i + 1 < args.length) {
        masks.put(args[i + 1], masked(args[i + 1]));
        i++;
      } else if (arg.startsWith("-") && arg.indexOf('=') > 0) {
        int eq = arg.indexOf('=');
        masks.put(arg, arg.substring(0, eq + 1) + masked(arg.substring(eq + 1)));
      } else if (secretCommand && afterSubcommand && !arg.startsWith("-")) {
        masks.put(arg, masked(arg));
      }
      if (SECRET_COMMANDS.contains(arg)) {
        afterSubcommand = true;
      }
    }
    List<String> tokens = new ArrayList<>(masks.keySet());
    tokens.removeIf(String::isEmpty);
    tokens.sort(Comparator.comparingInt(String::length).reversed());
    String out = message;
    for (String token : tokens) {
      out = out.replace("'" + token + "'", "'" + masks.get(token) + "'");
      if (token.indexOf('=') > 0 && token.indexOf('=') < token.length() - 1) {
        out = out.replace(token, masks.get(token)); // KEY=VALUE is specific enough to mask anywhere
      }
    }
    return out;
  }

  /** {@code KEY=***} of {@code KEY=VALUE}; {@code ***} of anything else. */
  private static String masked(String arg) {
    int eq = arg.indexOf('=');
    return eq > 0 ? arg.substring(0, eq + 1) + MASK : MASK;
  }
}
