package io.overdrive.api.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/** Jackson with the fast instant reader reads and refuses exactly what stock Jackson does. */
class FastInstantDeserializerTest {
  record Post(Instant createdAt) {}

  private static final ObjectMapper STOCK = JsonMapper.builder().build();
  private static final ObjectMapper FAST =
      JsonMapper.builder()
          .addModule(
              new SimpleModule().addDeserializer(Instant.class, new FastInstantDeserializer()))
          .build();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"2026-12-06T18:00:00Z\"",
        "\"2026-12-06T18:00:00.123Z\"",
        "\"2026-12-06T18:00:00.123456789Z\"",
        "\"2026-12-06T19:00:00+01:00\"",
        "\"2026-12-31T23:59:60Z\"",
        "1765044000",
        "1765044000.5",
        "null"
      })
  void readsWhatStockJacksonReads(String value) {
    String json = "{\"createdAt\": " + value + "}";
    assertThat(FAST.readValue(json, Post.class)).isEqualTo(STOCK.readValue(json, Post.class));
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"now\"", "\"2026-02-30T10:00:00Z\"", "\"\"", "true", "[1]"})
  void refusesWhatStockJacksonRefusesWithTheSameMessage(String value) {
    String json = "{\"createdAt\": " + value + "}";
    Throwable stock = catchThrowable(() -> STOCK.readValue(json, Post.class));
    Throwable fast = catchThrowable(() -> FAST.readValue(json, Post.class));
    if (stock == null) {
      assertThat(fast).isNull();
      assertThat(FAST.readValue(json, Post.class)).isEqualTo(STOCK.readValue(json, Post.class));
    } else {
      assertThat(fast).isNotNull().hasSameClassAs(stock).hasMessage(stock.getMessage());
    }
  }
}
