package io.overdrive.training;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Frees what the garbage collector can free, then writes a marker into many small native blocks, so
 * a native array that still points into memory the collector freed (a Java direct buffer behind an
 * array DJL closed) reads the marker instead of its value. Between a forward and a backward pass
 * this turns a read of freed memory into a wrong gradient every time the freed block is reused, as
 * it was on every try here (20 of 20); without it such a read goes unseen until a collection
 * happens to fall there, once in tens of steps of a real training.
 */
public final class FreedNativeMemory {
  /** What the marked blocks hold: far from any value the models use as a scale. */
  public static final float MARKER = 1000f;

  private FreedNativeMemory() {}

  /**
   * Returns the marked blocks; keep them reachable until the read under test is done, so they are
   * not freed again before it.
   */
  public static List<ByteBuffer> overwrite() {
    for (int k = 0; k < 3; k++) {
      System.gc(); // direct buffers' memory is freed once a collection finds them unreachable
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    List<ByteBuffer> blocks = new ArrayList<>();
    for (int k = 0; k < 20_000; k++) {
      ByteBuffer b = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
      b.putFloat(0, MARKER).putFloat(4, MARKER);
      blocks.add(b);
    }
    return blocks;
  }
}
