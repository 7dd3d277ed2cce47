package io.overdrive.features;

import java.util.List;
import java.util.Locale;

/**
 * What media a post carries. Clients name media types freely; common spellings are folded ({@code
 * photo}, {@code picture}, {@code carousel} -> image; {@code reel}, {@code clip}, {@code live} ->
 * video).
 *
 * @param count distinct media types
 */
public record MediaFeatures(boolean image, boolean video, boolean audio, boolean link, int count) {
  public static final MediaFeatures NONE = new MediaFeatures(false, false, false, false, 0);

  public static MediaFeatures of(List<String> mediaTypes) {
    if (mediaTypes == null || mediaTypes.isEmpty()) {
      return NONE;
    }
    boolean image = false;
    boolean video = false;
    boolean audio = false;
    boolean link = false;
    for (String raw : mediaTypes) {
      if (raw == null) {
        continue;
      }
      switch (raw.strip().toLowerCase(Locale.ROOT)) {
        case "image", "photo", "picture", "img", "gif", "carousel" -> image = true;
        case "video", "reel", "clip", "live", "short" -> video = true;
        case "audio", "podcast", "sound", "music" -> audio = true;
        case "link", "url", "article" -> link = true;
        default -> {}
      }
    }
    return new MediaFeatures(
        image, video, audio, link, (int) mediaTypes.stream().distinct().count());
  }

  public boolean any() {
    return count > 0;
  }
}
