package io.overdrive.api.web;

import io.overdrive.events.IsoInstant;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;

/**
 * Jackson's {@link Instant} reader with {@link IsoInstant}'s fast path for the usual {@code
 * 2026-12-06T18:00:00Z}: a described candidate list carries one per candidate, and the stock reader
 * spends a {@code DateTimeFormatter} parse on each (measured: docs/benchmarks.md, "Ranking
 * latency"). Every other string, number or token goes to the stock reader, so what is accepted and
 * every error message stay Jackson's.
 */
final class FastInstantDeserializer extends InstantDeserializer<Instant> {
  FastInstantDeserializer() {
    super(InstantDeserializer.INSTANT, DateTimeFormatter.ISO_INSTANT);
  }

  @Override
  protected Instant _fromString(JsonParser p, DeserializationContext ctxt, String string) {
    Instant fast = IsoInstant.parseFast(string);
    return fast != null ? fast : super._fromString(p, ctxt, string);
  }
}
