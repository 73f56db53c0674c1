package dev.plat.cli;

/** The {@code plat} executable: runs {@link PlatCommand} on the real terminal and exits with its code. */
public final class CliMain {
  private CliMain() {
  }

  public static void main(String[] args) {
    System.exit(PlatCommand.commandLine(CliContext.system(), args).execute(args));
  }
}
