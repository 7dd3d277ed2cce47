package io.overdrive.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What Linux's /proc says about processes and the machine. On a shared machine the CPU a unit of
 * work costs is steadier than its wall-clock time, and the load average says how shared it was.
 */
public final class ProcessStats {
  private ProcessStats() {}

  /** CPU seconds (user + system) used so far by each process; 0 where unknown (or not Linux). */
  public static double[] cpuSeconds(long... pids) {
    double[] out = new double[pids.length];
    for (int i = 0; i < pids.length; i++) {
      if (pids[i] <= 0) {
        continue;
      }
      try {
        out[i] = cpuSecondsOf(Files.readString(Path.of("/proc", Long.toString(pids[i]), "stat")));
      } catch (IOException | RuntimeException e) {
        out[i] = 0;
      }
    }
    return out;
  }

  /**
   * CPU seconds (user + system) used so far by the threads of a process, summed by thread name as
   * Linux keeps it (the first 15 characters of the JVM's name for it: "GC Thread#0", "C2
   * CompilerThre", "VM Thread"); empty where unknown. Threads that ended are not counted.
   */
  public static Map<String, Double> threadCpuSeconds(long pid) {
    Map<String, Double> out = new TreeMap<>();
    if (pid <= 0) {
      return out;
    }
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          out.merge(name, cpuSecondsOf(stat), Double::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended between the listing and the read
        }
      }
    } catch (IOException | RuntimeException e) {
      return out;
    }
    return out;
  }

  /** User + system CPU seconds of a /proc {@code stat} line (a process's or a thread's). */
  private static double cpuSecondsOf(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // fields 14 and 15 of stat (utime, stime) are 12 and 13 after the command name; USER_HZ is 100
    // on Linux
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
  }

  /** The 1-minute load average; -1 where unknown. */
  public static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
