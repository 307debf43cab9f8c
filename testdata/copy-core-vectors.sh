#!/usr/bin/env bash
# Copies the core set of golden vectors from the full set (../shared/vectors, or the directory
# given) into testdata/vectors. The files are the Rust crate's, byte for byte; nothing here writes
# a vector. max_batch.log.json (6.3 MB, mostly its 1 MiB records in hex) is stored gzip-compressed
# to keep the core set under 15 MB; the tests unpack it and check every file against SHA256SUMS.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
full="${1:-$here/../../shared/vectors}"
core="$here/vectors"
[ -f "$full/SHA256SUMS" ] || { echo "no full vector set at $full" >&2; exit 1; }

files=(
  README.md SHA256SUMS
  bad/ gc/ setsum/
  log/empty.log log/empty.log.json log/empty.log.dump.txt
  log/one.log log/one.log.json log/one.log.dump.txt
  log/small.log log/small.log.json log/small.log.dump.txt
  log/empty_kv.log log/empty_kv.log.json log/empty_kv.log.dump.txt
  log/max_batch.log
  sst/one.sst sst/one.sst.json sst/one.sst.dump.txt
  sst/one.default.sst sst/one.default.sst.json sst/one.default.sst.dump.txt
  sst/small.sst sst/small.sst.json sst/small.sst.dump.txt
  sst/small.default.sst sst/small.default.sst.json sst/small.default.sst.dump.txt
  sst/bloom_default.sst sst/bloom_default.sst.json sst/bloom_default.sst.dump.txt
  sst/bloom_bits4.sst sst/bloom_bits4.sst.json sst/bloom_bits4.sst.dump.txt
  sst/bloom_bits1.sst sst/bloom_bits1.sst.json sst/bloom_bits1.sst.dump.txt
  sst/prefixes.sst sst/prefixes.sst.json sst/prefixes.sst.dump.txt
  sst/prefixes_restart1.sst sst/prefixes_restart1.sst.json sst/prefixes_restart1.sst.dump.txt
  sst/many_bigblocks.sst sst/many_bigblocks.sst.json
  sst/empty_kv.default.sst.fail.json
)
compressed=(log/max_batch.log.json)

rm -rf "$core"
mkdir -p "$core"
for f in "${files[@]}"; do
  mkdir -p "$core/$(dirname "$f")"
  cp -R "$full/$f" "$core/$(dirname "$f")/"
done
for f in "${compressed[@]}"; do
  gzip -9 -n -c "$full/$f" > "$core/$f.gz"
done
chmod -R u+w "$core"
du -sb "$core"
