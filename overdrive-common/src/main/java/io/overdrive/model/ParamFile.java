package io.overdrive.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameter file of an exported model ({@code two_tower.params}, {@code sequence.params}):
 * named float32 tensors, little-endian, readable without DJL or PyTorch. Layout (docs/models.md):
 *
 * <pre>
 * "ODPARAMS"  8 ASCII bytes
 * int32       format version (1)
 * int32       tensor count
 * per tensor: int32 name length, UTF-8 name, int32 rank, rank x int32 dims,
 *             prod(dims) x float32 values (row-major)
 * </pre>
 */
public final class ParamFile {
  public static final String MAGIC = "ODPARAMS";
  public static final int VERSION = 1;
  private static final int MAX_NAME = 1024;
  private static final int MAX_RANK = 8;

  private ParamFile() {}

  public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      ByteBuffer header = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
      header.put(MAGIC.getBytes(StandardCharsets.US_ASCII));
      header.putInt(VERSION);
      header.putInt(tensors.size());
      out.write(header.array());
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
        Tensor t = e.getValue();
        ByteBuffer b =
            ByteBuffer.allocate(8 + name.length + 4 * t.rank()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(name.length).put(name).putInt(t.rank());
        for (int d : t.shape()) {
          b.putInt(d);
        }
        out.write(b.array());
        writeFloats(out, t.data());
      }
    }
  }

  /**
   * Reads every tensor, in file order.
   *
   * @throws IOException when the file is not a parameter file or is truncated
   */
  public static Map<String, Tensor> read(Path file) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
      byte[] magic = new byte[8];
      in.readFully(magic);
      if (!MAGIC.equals(new String(magic, StandardCharsets.US_ASCII))) {
        throw new IOException(file + " is not an Overdrive parameter file (bad magic)");
      }
      int version = readInt(in);
      if (version != VERSION) {
        throw new IOException(file + ": unsupported parameter format version " + version);
      }
      int count = readInt(in);
      Map<String, Tensor> out = new LinkedHashMap<>();
      for (int k = 0; k < count; k++) {
        int nameLength = readInt(in);
        if (nameLength < 0 || nameLength > MAX_NAME) {
          throw new IOException(file + ": corrupt tensor name length " + nameLength);
        }
        byte[] name = new byte[nameLength];
        in.readFully(name);
        int rank = readInt(in);
        if (rank < 0 || rank > MAX_RANK) {
          throw new IOException(file + ": corrupt tensor rank " + rank);
        }
        int[] shape = new int[rank];
        long n = 1;
        for (int d = 0; d < rank; d++) {
          shape[d] = readInt(in);
          n *= shape[d];
        }
        if (shape.length > 0 && (n < 0 || n > Integer.MAX_VALUE - 8)) {
          throw new IOException(file + ": tensor too large");
        }
        float[] data = readFloats(in, (int) n);
        out.put(new String(name, StandardCharsets.UTF_8), new Tensor(shape, data));
      }
      return out;
    } catch (EOFException e) {
      throw new IOException(file + " is truncated", e);
    }
  }

  private static int readInt(DataInputStream in) throws IOException {
    return Integer.reverseBytes(in.readInt());
  }

  static void writeFloats(OutputStream out, float[] data) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 * 8192).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < data.length; ) {
      b.clear();
      int n = Math.min(8192, data.length - i);
      b.asFloatBuffer().put(data, i, n);
      out.write(b.array(), 0, 4 * n);
      i += n;
    }
  }

  static float[] readFloats(InputStream in, int n) throws IOException {
    float[] out = new float[n];
    byte[] buf = new byte[4 * 8192];
    ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; ) {
      int k = Math.min(8192, n - i);
      int need = 4 * k;
      int got = 0;
      while (got < need) {
        int r = in.read(buf, got, need - got);
        if (r < 0) {
          throw new EOFException();
        }
        got += r;
      }
      b.clear();
      b.asFloatBuffer().get(out, i, k);
      i += k;
    }
    return out;
  }
}
