package io.replmesh.session.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to read one kind of REPL from the outside: its prompts, how it reports an uncaught
 * error, and how a multi-line snippet must be typed. Used to run a snippet in the shared
 * REPL and report its printed result without the echo and the prompts (repl-server's
 * {@code execute}, the native {@code execute} frame).
 */
public record ReplDialect(Pattern primaryPrompt, Pattern anyPrompt, Pattern error, boolean pythonBlocks,
                          Pattern noise) {
  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-?]*[ -/]*[@-~]|\u001B\\][^\u0007\u001B]*(?:\u0007|\u001B\\\\)|\u001B[()][A-Za-z0-9]|\u001B[=>]");

  public static ReplDialect forRuntime(String runtime, List<String> command) {
    String program = command.isEmpty() ? runtime : command.get(0);
    if (program.contains("python")) {
      return new ReplDialect(Pattern.compile(">>> $"), Pattern.compile("^(?:>>>|\\.\\.\\.) ?"),
          Pattern.compile("(?m)^(\\w[\\w.]*(?:Error|Exception|Exit|Interrupt)\\b.*)$"), true, null);
    }
    if (program.contains("node")) {
      return new ReplDialect(Pattern.compile("> $"), Pattern.compile("^(?:>|\\.\\.\\.) ?"),
          Pattern.compile("(?m)^Uncaught:? ?(.+)$"), false,
          // Node prints "undefined" for every declaration; repl-server's result is the snippet's value.
          Pattern.compile("^undefined$"));
    }
    if (program.contains("irb") || program.contains("ruby")) {
      return new ReplDialect(Pattern.compile("irb\\([^)]*\\):\\d+:\\d+> $"),
          Pattern.compile("^irb\\([^)]*\\):\\d+:\\d+[>*\"'] ?"), Pattern.compile("(?m)^\\(irb\\):\\d+:in [^:]*: (.+)$"), false, null);
    }
    if (program.contains("jshell")) {
      return new ReplDialect(Pattern.compile("jshell> $"), Pattern.compile("^(?:jshell>|\\s+\\.\\.\\.>) ?"),
          Pattern.compile("(?m)^\\|  (?:Error:\\s*\\n\\|  )?((?:Exception |cannot |incompatible |illegal ).*)$"), false,
          null);
    }
    return new ReplDialect(Pattern.compile("\\$ $"), Pattern.compile("^\\$ ?"), Pattern.compile("(?m)^bash: (.+)$"), false, null);
  }

  /**
   * The keystrokes that type {@code code}: lines end with Enter; for Python an empty line
   * closes an indented block before the next top-level statement and at the end, as a
   * person at the prompt would type it.
   */
  public List<String> lines(String code) {
    List<String> typed = new ArrayList<>();
    boolean inBlock = false;
    for (String line : code.replace("\r\n", "\n").split("\n", -1)) {
      if (pythonBlocks && line.isBlank()) {
        continue; // at the prompt an empty line would end the block early; the rule below places them
      }
      boolean indented = !line.isEmpty() && Character.isWhitespace(line.charAt(0));
      boolean continuesBlock = line.matches("\\s*(else|elif|except|finally)\\b.*");
      if (pythonBlocks && inBlock && !indented && !continuesBlock && !line.isBlank()) {
        typed.add("");
      }
      typed.add(line);
      inBlock = indented || line.stripTrailing().endsWith(":") || (inBlock && continuesBlock);
    }
    while (!typed.isEmpty() && typed.get(typed.size() - 1).isEmpty()) {
      typed.remove(typed.size() - 1);
    }
    if (pythonBlocks && inBlock) {
      typed.add("");
    }
    return typed;
  }

  /** Whether the REPL's latest output ends at its primary prompt: it waits for input. */
  public boolean atPrompt(String recentOutput) {
    return primaryPrompt.matcher(clean(recentOutput)).find();
  }

  /** Whether the REPL is back at its prompt after echoing every typed line. */
  public boolean finished(String captured, List<String> typed) {
    String text = clean(captured);
    return primaryPrompt.matcher(text).find() && echoedLines(text, typed) >= typed.stream().filter(l -> !l.isBlank()).count();
  }

  /** The printed result (echo and prompts removed), or the error an uncaught failure printed. */
  public Outcome outcome(String captured, List<String> typed) {
    List<String> result = new ArrayList<>();
    int next = 0;
    for (String line : clean(captured).split("\n", -1)) {
      next = skipBlank(typed, next);
      String content = stripPrompt(line);
      if (next < typed.size() && content.strip().equals(typed.get(next).strip())) {
        next++; // the echo of a typed line
      } else if (next > 0 && content.strip().equals(typed.get(next - 1).strip())) {
        continue; // echoed twice: by the terminal, then by the REPL's line editor
      } else if (!content.isBlank()) {
        result.add(content.stripTrailing());
      }
    }
    if (noise != null && result.size() > 1) {
      result.removeIf(line -> noise.matcher(line).matches());
    }
    String printed = String.join("\n", result);
    Matcher failure = error.matcher(printed);
    String message = null;
    while (failure.find()) {
      message = failure.group(1).strip(); // the last one: a traceback ends with the error itself
    }
    return message == null ? Outcome.ok(printed) : Outcome.failed(message);
  }

  private long echoedLines(String text, List<String> typed) {
    int next = 0;
    for (String line : text.split("\n", -1)) {
      next = skipBlank(typed, next);
      if (next < typed.size() && stripPrompt(line).strip().equals(typed.get(next).strip())) {
        next++;
      }
    }
    return typed.subList(0, next).stream().filter(l -> !l.isBlank()).count();
  }

  private static int skipBlank(List<String> typed, int from) {
    int next = from;
    while (next < typed.size() && typed.get(next).isBlank()) {
      next++;
    }
    return next;
  }

  private String stripPrompt(String line) {
    String rest = line;
    Matcher prompt;
    while ((prompt = anyPrompt.matcher(rest)).find() && prompt.end() > 0) {
      rest = rest.substring(prompt.end());
    }
    return rest;
  }

  /** Terminal output as plain lines: no escape sequences, no carriage returns. */
  static String clean(String raw) {
    String text = ANSI.matcher(raw).replaceAll("").replace("\r\n", "\n");
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      int cr = line.lastIndexOf('\r');
      out.append(cr >= 0 ? line.substring(cr + 1) : line).append('\n');
    }
    return out.substring(0, out.length() - 1);
  }

  /** What running a snippet came to. */
  public record Outcome(boolean ok, String result, String error) {
    static Outcome ok(String result) {
      return new Outcome(true, result, null);
    }

    static Outcome failed(String error) {
      return new Outcome(false, null, error);
    }
  }
}
