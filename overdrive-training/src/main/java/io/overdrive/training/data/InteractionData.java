package io.overdrive.training.data;

import io.overdrive.domain.Item;
import io.overdrive.domain.UserProfile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Implicit-feedback interactions as the models see them: items and users numbered densely from 0,
 * each user's items in time order (an item counts once per user, at its first interaction), plus
 * what is known about items (hashtags, text, media, engagement) and users (declared interests).
 */
public final class InteractionData {
  private final String source;
  private final List<String> itemIds;
  private final List<Item> items;
  private final List<String> userIds;
  private final List<UserProfile> profiles;
  private final int[][] sequences;
  private final Map<String, Integer> itemIndex;
  private String fingerprint;

  private InteractionData(
      String source,
      List<String> itemIds,
      List<Item> items,
      List<String> userIds,
      List<UserProfile> profiles,
      int[][] sequences) {
    this.source = source;
    this.itemIds = List.copyOf(itemIds);
    this.items = List.copyOf(items);
    this.userIds = List.copyOf(userIds);
    this.profiles = List.copyOf(profiles);
    this.sequences = sequences;
    this.itemIndex = new HashMap<>();
    for (int i = 0; i < itemIds.size(); i++) {
      itemIndex.put(itemIds.get(i), i);
    }
  }

  /** Where the data came from (a path), for the report. */
  public String source() {
    return source;
  }

  public int itemCount() {
    return itemIds.size();
  }

  public int userCount() {
    return userIds.size();
  }

  public long interactionCount() {
    long n = 0;
    for (int[] s : sequences) {
      n += s.length;
    }
    return n;
  }

  public String itemId(int item) {
    return itemIds.get(item);
  }

  public List<String> itemIds() {
    return itemIds;
  }

  /** Index of an item id, or -1. */
  public int itemIndex(String id) {
    return itemIndex.getOrDefault(id, -1);
  }

  public Item item(int item) {
    return items.get(item);
  }

  public List<String> userIds() {
    return userIds;
  }

  public String userId(int user) {
    return userIds.get(user);
  }

  public UserProfile profile(int user) {
    return profiles.get(user);
  }

  /**
   * Items with content the item tower can read beyond their id: text, hashtags or media types (from
   * the catalogue, or an event's hashtags).
   */
  public int itemsWithContent() {
    int n = 0;
    for (Item i : items) {
      if (i.text() != null || !i.hashtags().isEmpty() || !i.mediaTypes().isEmpty()) {
        n++;
      }
    }
    return n;
  }

  /** Users with a signup profile: declared interests, a bio or follows. */
  public int usersWithProfile() {
    int n = 0;
    for (UserProfile p : profiles) {
      if (!p.interests().isEmpty() || !p.bio().isBlank() || !p.follows().isEmpty()) {
        n++;
      }
    }
    return n;
  }

  /** The user's items in time order (do not modify). */
  public int[] sequence(int user) {
    return sequences[user];
  }

  /**
   * SHA-256 of the interactions (user and item ids in order): the same data gives the same
   * fingerprint whatever file layout it came in.
   */
  public synchronized String fingerprint() {
    if (fingerprint == null) {
      try {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (int u = 0; u < sequences.length; u++) {
          md.update(userIds.get(u).getBytes(StandardCharsets.UTF_8));
          md.update((byte) 0);
          for (int item : sequences[u]) {
            md.update(itemIds.get(item).getBytes(StandardCharsets.UTF_8));
            md.update((byte) 1);
          }
          md.update((byte) 2);
        }
        fingerprint = HexFormat.of().formatHex(md.digest());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
    return fingerprint;
  }

  public static Builder builder(String source) {
    return new Builder(source);
  }

  /** Collects interactions in any order; {@link #build} orders each user's by time. */
  public static final class Builder {
    private final String source;
    private final List<String> itemIds = new ArrayList<>();
    private final Map<String, Integer> items = new HashMap<>();
    private final Map<String, Item> itemInfo = new HashMap<>();
    private final List<String> userIds = new ArrayList<>();
    private final Map<String, Integer> users = new HashMap<>();
    private final Map<String, UserProfile> profiles = new HashMap<>();
    private final List<long[]> events = new ArrayList<>();
    private long order;
    private int minInteractions;

    private Builder(String source) {
      this.source = source;
    }

    public int user(String id) {
      return users.computeIfAbsent(
          id,
          k -> {
            userIds.add(k);
            return userIds.size() - 1;
          });
    }

    public int item(String id) {
      return items.computeIfAbsent(
          id,
          k -> {
            itemIds.add(k);
            return itemIds.size() - 1;
          });
    }

    /** Records that the user interacted with the item at {@code time} (any monotone unit). */
    public Builder interaction(String userId, String itemId, long time) {
      events.add(new long[] {user(userId), item(itemId), time, order++});
      return this;
    }

    /** What is known about an item; an item that is never interacted with is not kept. */
    public Builder itemInfo(Item item) {
      itemInfo.put(item.id(), item);
      return this;
    }

    public boolean hasItemInfo(String id) {
      return itemInfo.containsKey(id);
    }

    public Builder profile(UserProfile profile) {
      profiles.put(profile.userId(), profile);
      return this;
    }

    /**
     * Drops users and items with fewer than {@code min} interactions, counted once over the raw
     * data (SASRec's preprocessing, which its published figures use).
     */
    public Builder minInteractions(int min) {
      this.minInteractions = min;
      return this;
    }

    public InteractionData build() {
      int[] userRaw = new int[userIds.size()];
      int[] itemRaw = new int[itemIds.size()];
      for (long[] e : events) {
        userRaw[(int) e[0]]++;
        itemRaw[(int) e[1]]++;
      }
      // dense indices of what is kept, in order of first appearance
      int[] userMap = new int[userIds.size()];
      int[] itemMap = new int[itemIds.size()];
      java.util.Arrays.fill(userMap, -1);
      java.util.Arrays.fill(itemMap, -1);
      List<String> keptUsers = new ArrayList<>();
      List<String> keptItems = new ArrayList<>();
      List<long[]> kept = new ArrayList<>(events.size());
      for (long[] e : events) {
        int u = (int) e[0];
        int i = (int) e[1];
        if (userRaw[u] < minInteractions || itemRaw[i] < minInteractions) {
          continue;
        }
        if (userMap[u] < 0) {
          userMap[u] = keptUsers.size();
          keptUsers.add(userIds.get(u));
        }
        if (itemMap[i] < 0) {
          itemMap[i] = keptItems.size();
          keptItems.add(itemIds.get(i));
        }
        kept.add(new long[] {userMap[u], itemMap[i], e[2], e[3]});
      }
      int[] counts = new int[keptUsers.size()];
      for (long[] e : kept) {
        counts[(int) e[0]]++;
      }
      long[][][] perUser = new long[keptUsers.size()][][];
      for (int u = 0; u < perUser.length; u++) {
        perUser[u] = new long[counts[u]][];
      }
      int[] fill = new int[keptUsers.size()];
      for (long[] e : kept) {
        int u = (int) e[0];
        perUser[u][fill[u]++] = e;
      }
      int[][] sequences = new int[keptUsers.size()][];
      for (int u = 0; u < perUser.length; u++) {
        long[][] es = perUser[u];
        Arrays.sort(
            es, (a, b) -> a[2] != b[2] ? Long.compare(a[2], b[2]) : Long.compare(a[3], b[3]));
        java.util.BitSet seen = new java.util.BitSet(keptItems.size());
        int[] seq = new int[es.length];
        int n = 0;
        for (long[] e : es) {
          int item = (int) e[1];
          if (!seen.get(item)) {
            seen.set(item);
            seq[n++] = item;
          }
        }
        sequences[u] = Arrays.copyOf(seq, n);
      }
      List<Item> info = new ArrayList<>(keptItems.size());
      for (String id : keptItems) {
        info.add(itemInfo.getOrDefault(id, Item.withId(id)));
      }
      List<UserProfile> ps = new ArrayList<>(keptUsers.size());
      for (String id : keptUsers) {
        ps.add(profiles.getOrDefault(id, UserProfile.empty(id)));
      }
      return new InteractionData(source, keptItems, info, keptUsers, ps, sequences);
    }
  }
}
