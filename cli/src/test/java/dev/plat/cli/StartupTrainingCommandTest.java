package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupTrainingCommandTest {
  @TempDir
  Path tmp;

  @Test
  void runsEveryCommandAgainstItsOwnStandInGatewayQuietly() {
    CliRun.Result r = CliRun.against("http://127.0.0.1:1", tmp).run("startup-training");
    assertEquals(0, r.exit(), r.toString());
    assertEquals("", r.out());
    assertEquals("", r.err());
  }

  @Test
  void isNotListedInTheHelp() {
    CliRun.Result r = CliRun.against("http://127.0.0.1:1", tmp).run("--help");
    assertFalse(r.out().contains("startup-training"), r.out());
  }

  @Test
  void onlyTheNamedSubcommandIsRegisteredForARun() {
    CliContext ctx = new CliContext(System.out, System.err, System.in, java.util.Map.of(), tmp, tmp, false);
    assertEquals(java.util.Set.of("ls"), PlatCommand.commandLine(ctx, new String[] {"--api-url", "http://x", "ls"})
      .getSubcommands().keySet().stream().filter(n -> !n.equals("list")).collect(java.util.stream.Collectors.toSet()));
    assertEquals(PlatCommand.commandLine(ctx).getSubcommands().keySet(),
      PlatCommand.commandLine(ctx, new String[] {"--help"}).getSubcommands().keySet());
  }
}
