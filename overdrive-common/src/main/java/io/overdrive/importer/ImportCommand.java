package io.overdrive.importer;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar overdrive-api.jar import [options] PATH...} (or {@code bin/import}): loads an
 * archive into a running deployment through its REST API ({@link BulkImporter}).
 *
 * <pre>
 *   --url URL            the API (default http://localhost:8088)
 *   --token TOKEN        bearer token (default: $OVERDRIVE_IMPORT_TOKEN; none when auth is off)
 *   --batch N            items or events per request, 1..1000 (default 500)
 *   --checkpoint FILE    progress, for resuming (default: overdrive-import.checkpoint here)
 *   --attempts N         tries of a request on 429/503/network errors before stopping (default 8)
 * </pre>
 *
 * Exit status: 0 everything accepted, 3 some lines rejected (listed with file:line), 1 the import
 * stopped (run the same command again to resume), 2 bad arguments.
 */
public final class ImportCommand {
  private ImportCommand() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String[] args) {
    URI url = URI.create("http://localhost:8088");
    String token = System.getenv("OVERDRIVE_IMPORT_TOKEN");
    int batch = 500;
    int attempts = 8;
    Path checkpoint = Path.of("overdrive-import.checkpoint");
    List<Path> paths = new ArrayList<>();
    try {
      for (int k = 0; k < args.length; k++) {
        String a = args[k];
        switch (a) {
          case "--url" -> url = URI.create(value(args, ++k, a));
          case "--token" -> token = value(args, ++k, a);
          case "--batch" -> batch = Integer.parseInt(value(args, ++k, a));
          case "--attempts" -> attempts = Integer.parseInt(value(args, ++k, a));
          case "--checkpoint" -> checkpoint = Path.of(value(args, ++k, a));
          case "-h", "--help" -> {
            usage();
            return 0;
          }
          default -> {
            if (a.startsWith("--")) {
              throw new IllegalArgumentException("unknown option " + a);
            }
            paths.add(Path.of(a));
          }
        }
      }
      if (paths.isEmpty()) {
        throw new IllegalArgumentException("name at least one file or archive directory");
      }
      BulkImporter.Options options =
          new BulkImporter.Options(
              url,
              token,
              batch,
              checkpoint,
              attempts,
              java.time.Duration.ofSeconds(60),
              System.err);
      BulkImporter.Report r = new BulkImporter(options).run(paths);
      return r.rejected() > 0 ? 3 : 0;
    } catch (IllegalArgumentException e) {
      System.err.println("import: " + e.getMessage());
      usage();
      return 2;
    } catch (BulkImporter.ImportFailedException | IllegalStateException e) {
      System.err.println();
      System.err.println("import stopped: " + e.getMessage());
      return 1;
    }
  }

  private static String value(String[] args, int k, String option) {
    if (k >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[k];
  }

  private static void usage() {
    System.err.println(
        "usage: import [--url http://localhost:8088] [--token T] [--batch 500] [--checkpoint FILE]"
            + " [--attempts 8] PATH...\n"
            + "  PATH: users*.jsonl, items*.jsonl, events*.jsonl (or .gz), or a directory holding"
            + " them (an archive)");
  }
}
