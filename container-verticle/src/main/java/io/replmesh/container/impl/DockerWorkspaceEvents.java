package io.replmesh.container.impl;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says which workspaces are being written to, through inotify (Java's WatchService on Linux), so
 * the monitor walks those right away and leaves idle ones alone. Best effort: a directory that
 * cannot be watched (inotify limits) is still covered by the monitor's periodic walk.
 *
 * <p>One inotify instance and one thread for the whole JVM: instances are few per user.
 */
final class DockerWorkspaceEvents {
  private static final Logger log = LoggerFactory.getLogger(DockerWorkspaceEvents.class);
  private static volatile DockerWorkspaceEvents shared;

  /** The watching of one workspace, until closed. */
  final class Subscription implements AutoCloseable {
    private final Runnable onChange;
    private final Set<WatchKey> keys = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private Subscription(Runnable onChange) {
      this.onChange = onChange;
    }

    /** Watches {@code dir} and every directory below it. */
    private void registerTree(Path dir) {
      try (Stream<Path> dirs = Files.walk(dir)) {
        dirs.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).forEach(this::register);
      } catch (IOException | UncheckedIOException e) {
        log.debug("cannot watch all of {}: {}", dir, e.toString());
      }
    }

    private void register(Path dir) {
      try {
        WatchKey key = dir.register(service, ENTRY_CREATE, ENTRY_MODIFY);
        keys.add(key);
        owners.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(this);
        if (closed) {
          close();
        }
      } catch (IOException e) {
        log.debug("cannot watch {}: {}", dir, e.toString());
      }
    }

    /** A directory has one key for all who watch it (a process and its restart): the last one cancels it. */
    @Override
    public void close() {
      closed = true;
      keys.forEach(key -> owners.computeIfPresent(key, (k, subscribers) -> {
        subscribers.remove(this);
        if (subscribers.isEmpty()) {
          k.cancel();
          return null;
        }
        return subscribers;
      }));
    }
  }

  private final WatchService service;
  private final Map<WatchKey, Set<Subscription>> owners = new ConcurrentHashMap<>();

  private DockerWorkspaceEvents(WatchService service) {
    this.service = service;
  }

  /** The JVM's instance, or null where file events are not available. */
  static DockerWorkspaceEvents shared() {
    if (shared == null) {
      synchronized (DockerWorkspaceEvents.class) {
        if (shared == null) {
          try {
            DockerWorkspaceEvents events = new DockerWorkspaceEvents(FileSystems.getDefault().newWatchService());
            Thread thread = new Thread(events::run, "docker-workspace-events");
            thread.setDaemon(true);
            thread.start();
            shared = events;
          } catch (IOException e) {
            log.warn("no file events ({}); workspaces are only checked periodically", e.toString());
            return null;
          }
        }
      }
    }
    return shared;
  }

  /** Calls {@code onChange}, on the one event thread, when anything under {@code dir} is created or written. */
  Subscription subscribe(Path dir, Runnable onChange) {
    Subscription subscription = new Subscription(onChange);
    subscription.registerTree(dir);
    return subscription;
  }

  private void run() {
    while (true) {
      WatchKey key;
      try {
        key = service.take();
      } catch (InterruptedException e) {
        return;
      }
      Set<Subscription> subscribers = owners.getOrDefault(key, Set.of());
      for (WatchEvent<?> event : key.pollEvents()) {
        // A new directory must be watched too, or files written in it would go unnoticed.
        if (event.kind() == ENTRY_CREATE && event.context() instanceof Path name) {
          Path created = ((Path) key.watchable()).resolve(name);
          if (Files.isDirectory(created, LinkOption.NOFOLLOW_LINKS)) {
            subscribers.forEach(subscriber -> subscriber.registerTree(created));
          }
        }
      }
      key.reset();
      subscribers.forEach(subscriber -> subscriber.onChange.run());
    }
  }
}
