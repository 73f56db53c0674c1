package dev.plat.builder.impl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextWriterTest {
  @TempDir
  Path tmp;
  private Runtime runtime;

  @BeforeEach
  void runtime() throws IOException {
    runtime = Zips.runtime(tmp.resolve("runtimes"), "python-flask");
  }

  private Path context(Zips zips, String name) throws IOException {
    Path zip = zips.writeTo(tmp.resolve(name + ".zip"));
    ZipManifest manifest = new ZipValidator(100, 1 << 20, 100).validate(zip, runtime);
    Path out = tmp.resolve("builds").resolve(name + ".tar");
    ContextWriter.write(runtime, zip, manifest, Map.of(), out);
    return out;
  }

  private static Map<String, TarArchiveEntry> entries(Path tar, Map<String, String> contents) throws IOException {
    Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    try (InputStream file = Files.newInputStream(tar); TarArchiveInputStream in = new TarArchiveInputStream(file)) {
      for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), e);
        if (e.isFile()) {
          contents.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    return entries;
  }

  @Test
  void putsTheRuntimeAtTheRootAndTheCodeUnderFunction() throws IOException {
    Map<String, String> contents = new LinkedHashMap<>();
    Map<String, TarArchiveEntry> entries = entries(context(Zips.of().file("handler.py", "def handle(r): pass\n")
      .file("requirements.txt", "flask\n").file("lib/util.py", "x = 1\n"), "a"), contents);
    assertEquals(List.of("Dockerfile", "runtime.json", "shim.py", "start.sh", "function/", "function/handler.py",
      "function/lib/util.py", "function/requirements.txt"), List.copyOf(entries.keySet()));
    assertEquals("flask\n", contents.get("function/requirements.txt"));
    assertEquals("def handle(r): pass\n", contents.get("function/handler.py"));
    assertTrue(contents.get("Dockerfile").contains("COPY function/requirements.tx[t]"));
  }

  @Test
  void writesTheContentOfAnUnwrappedTopFolderUnderFunction() throws IOException {
    Map<String, String> contents = new LinkedHashMap<>();
    Map<String, TarArchiveEntry> entries = entries(context(Zips.of().file("f/handler.py", "code").file("f/requirements.txt", "flask\n"),
      "a"), contents);
    assertEquals("code", contents.get("function/handler.py"));
    assertEquals("flask\n", contents.get("function/requirements.txt"));
    assertFalse(entries.containsKey("function/f/"));
  }

  private String dockerfileWithLabels(Map<String, String> labels) throws IOException {
    Path zip = Zips.of().file("handler.py", "").writeTo(tmp.resolve("l.zip"));
    ZipManifest manifest = new ZipValidator(100, 1 << 20, 100).validate(zip, runtime);
    Path out = tmp.resolve("l.tar");
    ContextWriter.write(runtime, zip, manifest, labels, out);
    Map<String, String> contents = new LinkedHashMap<>();
    entries(out, contents);
    return contents.get("Dockerfile");
  }

  @Test
  void putsTheLabelsInOneInstructionJustBeforeTheFinalCopyOfTheCode() throws IOException {
    String dockerfile = dockerfileWithLabels(Map.of("plat.function", "hello", "odd", "a\"$HOME\\"));
    assertEquals("FROM scratch\nCOPY function/requirements.tx[t] /deps/\n# Added by the Plat builder.\n"
      + "LABEL \"odd\"=\"a\\\"\\$HOME\\\\\" \"plat.function\"=\"hello\"\nCOPY function/ /function/\n", dockerfile);
  }

  @Test
  void appendsTheLabelsWhenTheDockerfileDoesNotEndWithACopy() throws IOException {
    Files.writeString(runtime.dir().resolve("Dockerfile"), "FROM scratch\nCOPY function/ /function/\nCMD [\"run\", \\\n  \"x\"]");
    String dockerfile = dockerfileWithLabels(Map.of("plat.function", "hello"));
    assertEquals("FROM scratch\nCOPY function/ /function/\nCMD [\"run\", \\\n  \"x\"]\n# Added by the Plat builder.\n"
      + "LABEL \"plat.function\"=\"hello\"\n", dockerfile);
  }

  @Test
  void findsTheLastInstructionAcrossContinuationsCommentsAndIndentation() {
    String dockerfile = "FROM x\n  COPY --chown=1:1 \\\n  # a comment inside\n\n  function/ /function/\n# trailing comment\n\n";
    assertEquals(dockerfile.indexOf("COPY"), ContextWriter.lastInstruction(dockerfile));
    assertEquals(0, ContextWriter.lastInstruction("RUN a \\\n b"));
    assertEquals(-1, ContextWriter.lastInstruction("# nothing\n\n"));
  }

  @Test
  void leavesTheRuntimeTemplateOut() throws IOException {
    Map<String, TarArchiveEntry> entries = entries(context(Zips.of().file("handler.py", ""), "a"), new LinkedHashMap<>());
    assertFalse(entries.keySet().stream().anyMatch(n -> n.startsWith("template")), entries.keySet().toString());
  }

  @Test
  void givesEveryEntryTheSameTimeAndOwnerAndPlainModes() throws IOException {
    Map<String, TarArchiveEntry> entries = entries(context(Zips.of().file("handler.py", "")
      .executable("run.sh", "#!/bin/sh\n").dir("data").symlink("h.py", "handler.py"), "a"), new LinkedHashMap<>());
    long mtime = entries.get("Dockerfile").getModTime().getTime();
    for (TarArchiveEntry e : entries.values()) {
      assertEquals(mtime, e.getModTime().getTime(), e.getName());
      assertEquals(0, e.getLongUserId(), e.getName());
      assertEquals(0, e.getLongGroupId(), e.getName());
    }
    assertEquals(0644, entries.get("function/handler.py").getMode() & 07777);
    assertEquals(0755, entries.get("function/run.sh").getMode() & 07777);
    assertEquals(0755, entries.get("start.sh").getMode() & 07777);
    assertTrue(entries.get("function/data/").isDirectory());
    assertTrue(entries.get("function/h.py").isSymbolicLink());
    assertEquals("handler.py", entries.get("function/h.py").getLinkName());
  }

  @Test
  void writesTheSameBytesForTheSameInputWhateverTheZipOrder() throws IOException {
    Path first = context(Zips.of().file("handler.py", "v1").file("requirements.txt", "flask\n"), "first");
    Path second = context(Zips.of().file("requirements.txt", "flask\n").file("handler.py", "v1"), "second");
    assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
  }

  @Test
  void aCodeChangeLeavesTheRuntimeAndDependencyEntriesIdentical() throws IOException {
    Map<String, String> v1 = new LinkedHashMap<>();
    Map<String, String> v2 = new LinkedHashMap<>();
    Map<String, TarArchiveEntry> e1 = entries(context(Zips.of().file("handler.py", "v1").file("requirements.txt", "flask\n"), "v1"), v1);
    Map<String, TarArchiveEntry> e2 = entries(context(Zips.of().file("handler.py", "v2").file("requirements.txt", "flask\n"), "v2"), v2);
    for (String name : List.of("Dockerfile", "shim.py", "function/requirements.txt")) {
      assertEquals(v1.get(name), v2.get(name), name);
      assertEquals(e1.get(name).getModTime(), e2.get(name).getModTime(), name);
      assertEquals(e1.get(name).getMode(), e2.get(name).getMode(), name);
    }
    assertEquals("v2", v2.get("function/handler.py"));
  }
}
