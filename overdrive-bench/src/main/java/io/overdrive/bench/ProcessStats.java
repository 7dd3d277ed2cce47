package io.overdrive.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
        String stat = Files.readString(Path.of("/proc", Long.toString(pids[i]), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields 14 and 15 of stat (utime, stime) are 12 and 13 after the command name; USER_HZ
        // is 100 on Linux
        out[i] = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
      } catch (IOException | RuntimeException e) {
        out[i] = 0;
      }
    }
    return out;
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
