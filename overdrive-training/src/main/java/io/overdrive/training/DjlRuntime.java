package io.overdrive.training;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * DJL settings that must be in place before the PyTorch engine loads: offline (the native library
 * ships in the jar; nothing is downloaded) and a thread count that suits a small shared machine.
 */
public final class DjlRuntime {
  private DjlRuntime() {}

  /**
   * @param threads PyTorch intra-op threads (0 = number of cores)
   */
  public static void configure(int threads) {
    System.setProperty("ai.djl.offline", "true");
    int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
    // one inter-op thread: the models run one op at a time, extra pools only contend for cores
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    System.setProperty("ai.djl.default_engine", "PyTorch");
    // GPUs are counted in this process (DJL's default: JNA looks for libcudart and, without one,
    // counts none). Not with ai.djl.util.cuda.fork: the child it starts runs
    // `java -cp <java.class.path> ai.djl.util.cuda.CudaUtils`, and in the executable jar the class
    // path is the jar, whose classes sit under BOOT-INF/, so the child failed on every run: a WARN
    // and a stack trace on the CPU, and zero GPUs counted on a machine that has them.
  }

  /**
   * The intra-op threads the engine runs with. Two runs of the same jar, data and seed give the
   * same model bit for bit on the same thread count (and CPU type): the threads split reductions
   * into that many partial sums, so another count rounds differently.
   */
  public static int engineThreads() {
    Engine.getInstance(); // loads the engine, which applies the thread count
    return JniUtils.getNumThreads();
  }

  /**
   * The device for {@code --device}: {@code cpu}, or {@code cuda} when DJL finds a GPU.
   *
   * @throws IllegalArgumentException when cuda is asked for and no GPU is usable
   */
  public static Device device(String name) {
    return switch (name) {
      case "cpu" -> Device.cpu();
      case "cuda", "gpu" -> {
        int gpus = Engine.getInstance().getGpuCount();
        if (gpus == 0) {
          throw new IllegalArgumentException(
              "--device cuda: DJL found no CUDA GPU. The jar ships the CPU build of PyTorch;"
                  + " add ai.djl.pytorch:pytorch-native-cu128 (see docs/training.md) and run on a"
                  + " machine with an NVIDIA driver");
        }
        yield Device.gpu();
      }
      default -> throw new IllegalArgumentException("--device must be cpu or cuda, got " + name);
    };
  }
}
