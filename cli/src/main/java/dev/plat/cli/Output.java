package dev.plat.cli;

/** The format of a command's result on stdout. */
enum Output {
  /** For people: tables and sentences. */
  text,
  /** For scripts: the API's JSON, pretty-printed. */
  json
}
