package io.overdrive.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParamFileTest {
  @TempDir Path dir;

  @Test
  void writesAndReadsNamedTensorsBitForBit() throws IOException {
    Map<String, Tensor> in = new LinkedHashMap<>();
    in.put(
        "block0.attention.query.weight",
        new Tensor(new int[] {2, 3}, new float[] {1, -2, 3.5f, 0, Float.MIN_VALUE, 1e30f}));
    in.put("bias", new Tensor(new int[] {3}, new float[] {0.25f, -0.5f, 7}));
    in.put("empty", new Tensor(new int[] {0, 4}, new float[0]));
    Path f = dir.resolve("m.params");
    ParamFile.write(f, in);

    Map<String, Tensor> out = ParamFile.read(f);

    assertThat(out.keySet()).containsExactly("block0.attention.query.weight", "bias", "empty");
    assertThat(out).isEqualTo(in);
    // header: magic, version 1, count 3, little-endian
    byte[] bytes = Files.readAllBytes(f);
    assertThat(new String(bytes, 0, 8)).isEqualTo("ODPARAMS");
    assertThat(bytes[8]).isEqualTo((byte) 1);
    assertThat(bytes[12]).isEqualTo((byte) 3);
  }

  @Test
  void rejectsFilesThatAreNotParameterFiles() throws IOException {
    Path f = dir.resolve("x.params");
    Files.writeString(f, "not a parameter file at all");
    assertThatThrownBy(() -> ParamFile.read(f))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bad magic");
  }

  @Test
  void rejectsTruncatedFiles() throws IOException {
    Path f = dir.resolve("t.params");
    ParamFile.write(f, Map.of("w", new Tensor(new int[] {4, 4}, new float[16])));
    byte[] bytes = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(bytes, bytes.length - 10));
    assertThatThrownBy(() -> ParamFile.read(f))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void tensorShapeMustMatchItsValues() {
    assertThatThrownBy(() -> new Tensor(new int[] {2, 2}, new float[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
