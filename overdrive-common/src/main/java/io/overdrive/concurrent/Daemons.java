package io.overdrive.concurrent;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The background pollers and tickers of the services: one named daemon thread each. */
public final class Daemons {
  private Daemons() {}

  /**
   * A single-thread scheduler whose thread is named {@code name} (thread dumps and logs say which
   * poller it is) and is a daemon (it never keeps a JVM alive; owners still shut it down on close).
   */
  public static ScheduledExecutorService scheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(
        task -> {
          Thread t = new Thread(task, name);
          t.setDaemon(true);
          return t;
        });
  }
}
