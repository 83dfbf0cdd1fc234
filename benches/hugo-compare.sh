#!/usr/bin/env bash
# Compare lembar, Hugo and the floor (../shared/bench/floor: read, pulldown-cmark,
# write; no templates) building the same generated bilingual site (content from
# ../shared/bench/gen_site.py). Prints a Markdown report on stdout; progress
# goes to stderr, so `benches/hugo-compare.sh > report.md` works.
#
# Usage: benches/hugo-compare.sh [--pages N] [--runs R] [--lembar PATH]
#   --pages N      content pages per language (default 5000 -> 10,010 Markdown files)
#   --runs R       timed runs per tool (default 5), after one untimed warm-up each
#   --lembar PATH  lembar binary to test (default: cargo build --release in this repo)
# Env: GEN_SITE=path/to/gen_site.py overrides the generator;
#      SKIP_LEMBAR=1 runs only the Hugo half (to test the script itself).
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
GEN_SITE=${GEN_SITE:-$REPO/../shared/bench/gen_site.py}
FLOOR_SRC=${FLOOR_SRC:-$REPO/../shared/bench/floor}
SKIP_LEMBAR=${SKIP_LEMBAR:-0}
PAGES=5000 RUNS=5 LEMBAR=

usage() { sed -n '2,11s/^# \{0,1\}//p' "$0"; exit "${1:-0}"; }
while (($#)); do
  case $1 in
    --pages) PAGES=${2:?--pages needs a value}; shift 2 ;;
    --runs) RUNS=${2:?--runs needs a value}; shift 2 ;;
    --lembar) LEMBAR=${2:?--lembar needs a value}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage 2 >&2 ;;
  esac
done
[[ $PAGES =~ ^[1-9][0-9]*$ && $RUNS =~ ^[1-9][0-9]*$ ]] || { echo "--pages and --runs must be positive integers" >&2; exit 2; }
[[ -f $GEN_SITE ]] || { echo "generator not found: $GEN_SITE (set GEN_SITE)" >&2; exit 2; }
log() { echo "hugo-compare: $*" >&2; }

# 1. Tools. GNU time gives peak RSS (%M); bash's `time` keyword cannot.
if ! command -v hugo >/dev/null || [[ ! -x /usr/bin/time ]]; then
  log "installing hugo and GNU time from Debian"
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y hugo time; } >&2
fi

# 2. The lembar binary: build it first, so a broken build fails before the slow steps.
if [[ $SKIP_LEMBAR != 1 ]]; then
  if [[ -z $LEMBAR ]]; then
    log "cargo build --release"
    cargo build --release --manifest-path "$REPO/Cargo.toml" >&2
    LEMBAR=${CARGO_TARGET_DIR:-$REPO/target}/release/lembar
  fi
  [[ -x $LEMBAR ]] || { echo "not executable: $LEMBAR" >&2; exit 2; }
  LEMBAR=$(realpath "$LEMBAR")  # absolute, since the runs below use paths in $W
  # The floor, built in its own target folder (it is not part of this package).
  log "cargo build --release (floor)"
  CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$REPO/target}/floor \
    cargo build --release --manifest-path "$FLOOR_SRC/Cargo.toml" >&2
  FLOOR=${CARGO_TARGET_DIR:-$REPO/target}/floor/release/floor
fi

# 3. Everything on tmpfs: creating/deleting ~10k files on the root disk here is slow
#    and erratic, which would measure the disk rather than the generators.
W=/dev/shm/lembar-bench-$$
trap 'rm -rf "$W"' EXIT
trap 'exit 130' INT; trap 'exit 143' TERM   # so the EXIT trap also cleans up on ^C
mkdir -p "$W"
TOOLS=(hugo); [[ $SKIP_LEMBAR == 1 ]] || TOOLS=(lembar hugo floor)
flavor_of() { case $1 in hugo) echo hugo ;; *) echo ours ;; esac; }
for t in lembar hugo; do
  [[ $t == lembar && $SKIP_LEMBAR == 1 ]] && continue
  flavor=$(flavor_of "$t")
  log "generating site-$flavor ($PAGES pages per language)"
  python3 "$GEN_SITE" --pages "$PAGES" --out "$W/site-$flavor" --flavor "$flavor" >&2
done

# Run one build of tool $1 under GNU time; set WALL (s), CPU (user + system s)
# and RSS_KIB. Aborts with the tool's stderr if it fails. Absolute paths: Hugo
# resolves a relative -d against -s, which would put the output inside the site.
# lembar runs with --no-cache: every run is a full build.
run() {
  local tool=$1 out
  out=$W/out-$tool
  rm -rf "$out"   # delete the previous output outside the timing
  local cmd
  case $tool in
    lembar) cmd=("$LEMBAR" build --no-cache --root "$W/site-ours" --out "$out") ;;
    floor) cmd=("$FLOOR" "$W/site-ours/content" "$out") ;;
    *) cmd=(hugo --quiet -s "$W/site-hugo" -d "$out") ;;
  esac
  # -o keeps time's own line apart from the tool's stderr.
  if ! /usr/bin/time -o "$W/time.txt" -f '%e %U %S %M' "${cmd[@]}" >"$W/stdout.txt" 2>"$W/stderr.txt"; then
    echo "$tool build failed: ${cmd[*]}" >&2
    cat "$W/stderr.txt" "$W/time.txt" >&2
    exit 1
  fi
  local user sys
  read -r WALL user sys RSS_KIB < <(tail -n1 "$W/time.txt")
  CPU=$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u+s}')
}

# 4. One untimed warm-up each (page cache, lazy allocations), then alternate the
#    timed runs so that drift in the machine's state hits both tools alike.
declare -A WALLS CPUS MEMS
for t in "${TOOLS[@]}"; do log "warm-up: $t"; run "$t"; done
for ((i = 1; i <= RUNS; i++)); do
  for t in "${TOOLS[@]}"; do
    run "$t"
    WALLS[$t]+="$WALL " CPUS[$t]+="$CPU " MEMS[$t]+="$(awk -v k="$RSS_KIB" 'BEGIN{printf "%.1f", k/1024}') "
    log "run $i/$RUNS $t: ${WALL} s, ${CPU} s CPU, ${RSS_KIB} KiB"
  done
done

# Statistics over a space-separated list of numbers.
median() { tr ' ' '\n' <<<"$1" | grep . | sort -g | awk '{a[NR]=$1} END{printf "%.2f", NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
minmax() { tr ' ' '\n' <<<"$1" | grep . | sort -g | sed -n "$2p" | xargs printf '%.2f'; }
count_html() { find "$1" -name '*.html' | wc -l; }

# 5. Report. The output of the last timed run is still in place for the counts.
echo "# lembar vs Hugo and the floor"
echo
echo "- machine: $(nproc) CPUs, kernel $(uname -r), memory $(free -h | awk '/^Mem:/{print $2}')"
if [[ $SKIP_LEMBAR != 1 ]]; then echo "- lembar: \`$("$LEMBAR" --version 2>&1 || echo "unknown (--version failed)")\`"; fi
echo "- hugo: \`$(hugo version)\`"
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- pages: $PAGES per language ($((2 * PAGES + 10)) Markdown files), runs: $RUNS per tool after 1 warm-up, output on tmpfs"
for t in "${TOOLS[@]}"; do
  echo "- HTML files written by $t: $(count_html "$W/out-$t"), $(du -sm "$W/out-$t" | cut -f1) MB"
done
echo "  (Hugo is expected to write $((2 * PAGES + 11)), root redirect included)"
echo
echo "| tool | median wall (s) | min | max | median CPU (s) | median peak memory (MiB) |"
echo "| --- | ---: | ---: | ---: | ---: | ---: |"
for t in "${TOOLS[@]}"; do
  echo "| $t | $(median "${WALLS[$t]}") | $(minmax "${WALLS[$t]}" 1) | $(minmax "${WALLS[$t]}" '$') | $(median "${CPUS[$t]}") | $(median "${MEMS[$t]}" | xargs printf '%.0f') |"
done
echo
if [[ $SKIP_LEMBAR == 1 ]]; then echo "ratio lembar/hugo (median wall): n/a (SKIP_LEMBAR=1)"
else
  for other in hugo floor; do
    awk -v o="$other" -v l="$(median "${WALLS[lembar]}")" -v h="$(median "${WALLS[$other]}")" \
      -v lc="$(median "${CPUS[lembar]}")" -v hc="$(median "${CPUS[$other]}")" \
      'BEGIN{printf "- ratio lembar/%s: wall %.2f, CPU %.2f\n", o, l/h, lc/hc}'
  done
fi
echo
echo "Individual runs (wall s / peak MiB; GNU time's wall clock has 10 ms resolution):"
echo
echo "| run |$(printf ' %s |' "${TOOLS[@]}")"
echo "| ---: |$(printf ' ---: |%.0s' "${TOOLS[@]}")"
for ((i = 1; i <= RUNS; i++)); do
  row="| $i |"
  for t in "${TOOLS[@]}"; do
    read -ra w <<<"${WALLS[$t]}"; read -ra m <<<"${MEMS[$t]}"
    row+=" ${w[i-1]} / ${m[i-1]} |"
  done
  echo "$row"
done

# 6. lembar's second build after a one-page edit, with the build cache, against
#    a clean build (--no-cache) of the same edited site, alternating.
if [[ $SKIP_LEMBAR != 1 ]]; then
  out=$W/out-incremental
  page=$(find "$W/site-ours/content" -name '*.en.md' ! -name '_index*' | sort | sed -n 7p)
  rm -rf "$out" "$(dirname "$out")/.$(basename "$out").lembar-cache"
  "$LEMBAR" build --root "$W/site-ours" --out "$out" >/dev/null 2>&1   # fills the cache
  declare -a IW IC CW CC
  for ((i = 1; i <= RUNS; i++)); do
    echo "A sentence added for run $i of the benchmark." >>"$page"
    /usr/bin/time -o "$W/time.txt" -f '%e %U %S %M' "$LEMBAR" build --root "$W/site-ours" --out "$out" >/dev/null 2>&1
    read -r wall user sys _ < <(tail -n1 "$W/time.txt")
    IW+=("$wall"); IC+=("$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u+s}')")
    rm -rf "$W/out-clean"
    /usr/bin/time -o "$W/time.txt" -f '%e %U %S %M' "$LEMBAR" build --no-cache --root "$W/site-ours" --out "$W/out-clean" >/dev/null 2>&1
    read -r wall user sys _ < <(tail -n1 "$W/time.txt")
    CW+=("$wall"); CC+=("$(awk -v u="$user" -v s="$sys" 'BEGIN{printf "%.2f", u+s}')")
    log "incremental run $i: ${IW[-1]} s (${IC[-1]} s CPU) vs clean ${CW[-1]} s (${CC[-1]} s CPU)"
  done
  if diff -rq "$out" "$W/out-clean" >/dev/null; then same=yes; else same=NO; fi
  echo
  echo "After editing one page's body (a sentence appended, $RUNS times), with the cache, against a clean build of the same site:"
  echo
  echo "| build | median wall (s) | median CPU (s) |"
  echo "| --- | ---: | ---: |"
  echo "| clean (\`--no-cache\`) | $(median "${CW[*]}") | $(median "${CC[*]}") |"
  echo "| after a one-page edit (cache) | $(median "${IW[*]}") | $(median "${IC[*]}") |"
  echo
  awk -v i="$(median "${IC[*]}")" -v c="$(median "${CC[*]}")" -v iw="$(median "${IW[*]}")" -v cw="$(median "${CW[*]}")" \
    'BEGIN{printf "- incremental / clean: CPU %.2f, wall %.2f\n", i/c, iw/cw}'
  echo "- output identical to the clean build's (diff -r): $same"
fi
