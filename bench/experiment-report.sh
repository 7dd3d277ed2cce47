#!/usr/bin/env bash
# The offline experiment report: re-counts an archive's served rankings (rankings-*.jsonl.gz) and
# events (events-*.jsonl.gz) into the per-arm outcome figures GET /experiments gives (rankings,
# impressions, engagement and like rates, mean dwell with 95% intervals, lift against control and
# verdict). Prints one JSON object.
#
#   bench/experiment-report.sh ARCHIVE_DIR [--experiment NAME]
#
# ARCHIVE_DIR is the consumer's OVERDRIVE_ARCHIVE_DIR (or the standalone API's), or a directory
# the trainer fetched from OVERDRIVE_ARCHIVE_STORE.
source "$(dirname "$0")/lib.sh"
[ $# -ge 1 ] || { echo "usage: bench/experiment-report.sh ARCHIVE_DIR [--experiment NAME]" >&2; exit 2; }
ARCHIVE="$1"; shift
[[ "$ARCHIVE" == /* ]] || ARCHIVE="$CALLER_PWD/$ARCHIVE"
build
java -cp "$BENCH_CP" io.overdrive.outcomes.ExperimentReportCli "$ARCHIVE" "$@"
