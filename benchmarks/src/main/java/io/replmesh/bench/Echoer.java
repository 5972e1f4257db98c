package io.replmesh.bench;

/** Something that echoes a key typed into a terminal: the mesh, or one of its floors. */
interface Echoer extends AutoCloseable {
  /** Types {@code key} and returns the nanoseconds until its echo arrived. */
  long echo(char key) throws Exception;

  /** Clears the typed line (Ctrl-U) so that it never wraps; not measured. */
  void clearLine() throws Exception;
}
