package io.overdrive.synthetic;

import io.overdrive.events.CatalogueJson;
import io.overdrive.events.EventJson;
import io.overdrive.synthetic.SyntheticWorld.SyntheticItem;
import io.overdrive.synthetic.SyntheticWorld.SyntheticUser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A world as the archive format of docs/architecture.md: {@code items.jsonl}, {@code users.jsonl}
 * and {@code events.jsonl[.gz]}, plus the hidden truth for evaluation ({@code truth_users.jsonl}:
 * user_id, true_interests; {@code truth_items.jsonl}: id, topic, popularity, series, series_index).
 */
final class WorldFiles {
  private WorldFiles() {}

  /**
   * @return the number of events written
   */
  static long write(SyntheticWorld world, Path dir, boolean gzipEvents) {
    JsonMapper mapper = new JsonMapper();
    try {
      Files.createDirectories(dir);
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("items.jsonl"))) {
        for (SyntheticItem i : world.items()) {
          w.write(CatalogueJson.itemToJson(i.item()));
          w.newLine();
        }
      }
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("users.jsonl"))) {
        for (SyntheticUser u : world.users()) {
          w.write(CatalogueJson.userToJson(u.profile()));
          w.newLine();
        }
      }
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("truth_users.jsonl"))) {
        for (SyntheticUser u : world.users()) {
          ObjectNode n = mapper.createObjectNode();
          n.put("user_id", u.id());
          ObjectNode truth = n.putObject("true_interests");
          u.trueInterests().forEach((k, v) -> truth.put(k, SyntheticWorld.round(v)));
          w.write(mapper.writeValueAsString(n));
          w.newLine();
        }
      }
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve("truth_items.jsonl"))) {
        for (SyntheticItem i : world.items()) {
          ObjectNode n = mapper.createObjectNode();
          n.put("id", i.item().id());
          n.put("topic", i.topic());
          n.put("popularity", SyntheticWorld.round(i.popularity()));
          n.put("series", i.series());
          n.put("series_index", i.index());
          w.write(mapper.writeValueAsString(n));
          w.newLine();
        }
      }
      Path events = dir.resolve(gzipEvents ? "events.jsonl.gz" : "events.jsonl");
      long[] count = {0};
      try (OutputStream raw = Files.newOutputStream(events);
          OutputStream out = gzipEvents ? new GZIPOutputStream(raw, 1 << 16) : raw;
          Writer w =
              new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16)) {
        world.forEachInteraction(
            e -> {
              try {
                w.write(EventJson.toJson(e));
                w.write('\n');
                count[0]++;
              } catch (IOException ex) {
                throw new UncheckedIOException(ex);
              }
            });
      }
      return count[0];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
