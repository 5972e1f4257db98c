package io.replmesh.container.impl;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The streams of a running process and what can be done to it: a pseudo-terminal (one
 * output stream, resizable, Ctrl-C through the line discipline) or plain pipes (stdout and
 * stderr apart, as further-link's clients expect without {@code ?pty=1}).
 */
public interface ProcessIo {

  Process process();

  OutputStream input();

  /** Output streams by name: {@code stdout}, and {@code stderr} for pipes. */
  Map<String, InputStream> outputs();

  void resize(int cols, int rows);

  static ProcessIo of(PtyProcess pty) {
    return new ProcessIo() {
      @Override
      public Process process() {
        return pty;
      }

      @Override
      public OutputStream input() {
        return pty.getOutputStream();
      }

      @Override
      public Map<String, InputStream> outputs() {
        return Map.of("stdout", pty.getInputStream());
      }

      @Override
      public void resize(int cols, int rows) {
        if (pty.isAlive()) {
          pty.setWinSize(new WinSize(cols, rows));
        }
      }
    };
  }

  static ProcessIo pipes(Process process) {
    return new ProcessIo() {
      @Override
      public Process process() {
        return process;
      }

      @Override
      public OutputStream input() {
        return process.getOutputStream();
      }

      @Override
      public Map<String, InputStream> outputs() {
        return Map.of("stdout", process.getInputStream(), "stderr", process.getErrorStream());
      }

      @Override
      public void resize(int cols, int rows) {
        // No terminal, no size.
      }
    };
  }
}
