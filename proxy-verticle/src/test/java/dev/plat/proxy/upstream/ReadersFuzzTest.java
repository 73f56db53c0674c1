package dev.plat.proxy.upstream;


import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of the request and response readers: {@link ReaderProperties}
 * on any bytes. One fuzz test for both readers (the first input byte picks one): Jazzer fuzzes
 * one fuzz test per JVM.
 *
 * <p>How it runs. Jazzer's JUnit integration fuzzes only when {@code JAZZER_FUZZ} is set (an
 * environment variable or a system property); without it a {@code @FuzzTest} runs in regression
 * mode, once on the empty input and once per file in {@code ReadersFuzzTestInputs/readers/} (the
 * seeds, and any finding saved there): deterministic, about 6 s, most of it loading the agent.
 * This module's default test run leaves it out ({@code excludedGroups jazzer}: the Jazzer agent is
 * not loaded into the JVM of the other tests); its {@code fuzz} execution (its own JVM, in every {@code mvn verify}) sets
 * {@code JAZZER_FUZZ=1} and libFuzzer flags (proxy-verticle/pom.xml, which override the
 * annotation's bounds): a fixed {@code -seed}, {@code -runs=${jazzer.runs}} inputs, the seeds
 * first, so a fresh clone (CI) tries the same inputs every run, and
 * {@code -max_total_time=${jazzer.seconds}}, which only stops a slow machine early: 150,000 inputs
 * take about 9 s here, 15 s for the whole execution. Locally the corpus it grows is kept in
 * {@code target/jazzer/} for the next run. A finding fails the build and its input is written to
 * {@code target/jazzer/} (crash-*): copy it into the inputs folder to keep it as a regression case. A
 * longer run: {@code mvn -o -pl proxy-verticle surefire:test@fuzz -Djazzer.runs=-1 -Djazzer.seconds=600}.
 */
class ReadersFuzzTest {

  @FuzzTest(maxDuration = "20s", maxExecutions = 200_000)
  void readers(byte[] input) {
    ReaderProperties.check(input);
  }
}
