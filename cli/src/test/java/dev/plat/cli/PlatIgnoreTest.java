package dev.plat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatIgnoreTest {
  private static final PlatIgnore RULES = new PlatIgnore(List.of(
    "# a comment line",
    "",
    "*.pyc",
    "__pycache__/",
    "/secrets.txt",
    "docs/*.md",
    "!docs/KEEP.md",
    "build/**",
    "**/tmp",
    "a/**/z.txt",
    "data?.csv",
    "[Tt]est_*.py",
    "\\#literal"));

  @ParameterizedTest(name = "{0} (dir={1}) ignored={2}")
  @CsvSource({
    "handler.py, false, false",
    "x.pyc, false, true",
    "lib/deep/x.pyc, false, true",
    "__pycache__, true, true",
    "lib/__pycache__/m.cpython.py, false, true",
    "__pycache__, false, false",
    "secrets.txt, false, true",
    "lib/secrets.txt, false, false",
    "docs/readme.md, false, true",
    "docs/KEEP.md, false, false",
    "docs/sub/readme.md, false, false",
    "build/out.bin, false, true",
    "build/x/y, false, true",
    "tmp, true, true",
    "src/tmp/cache, false, true",
    "a/z.txt, false, true",
    "a/b/c/z.txt, false, true",
    "a/b/y.txt, false, false",
    "data1.csv, false, true",
    "data12.csv, false, false",
    "test_x.py, false, true",
    "Test_x.py, false, true",
    "best_x.py, false, false",
    "'#literal', false, true",
    "'# a comment line', false, false",
    ".git, true, true",
    ".git/config, false, true",
    "sub/.git/HEAD, false, true"})
  void matchesLikeGitignore(String path, boolean isDir, boolean ignored) {
    assertEquals(ignored, RULES.isIgnored(path, isDir));
  }

  @Test
  void lastMatchingRuleWinsAndNegationReincludes() {
    PlatIgnore rules = new PlatIgnore(Arrays.asList("*.log", "!important.log", "important.log"));
    assertEquals(true, rules.isIgnored("important.log", false));
    PlatIgnore reincluded = new PlatIgnore(Arrays.asList("*.log", "!important.log"));
    assertEquals(false, reincluded.isIgnored("important.log", false));
    assertEquals(true, reincluded.isIgnored("other.log", false));
  }

  @Test
  void nothingInsideAnIgnoredFolderComesBack() {
    PlatIgnore rules = new PlatIgnore(List.of("cache/", "!cache/keep.txt"));
    assertEquals(true, rules.isIgnored("cache/keep.txt", false));
  }

  @Test
  void noRulesIgnoreOnlyGit() {
    PlatIgnore none = new PlatIgnore(List.of());
    assertEquals(false, none.isIgnored("anything/at/all.txt", false));
    assertEquals(true, none.isIgnored(".git/objects/ab", false));
  }
}
