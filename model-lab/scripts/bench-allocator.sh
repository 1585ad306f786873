#!/usr/bin/env bash
# Training throughput of model-lab under glibc's allocator settings, measured side by side: each
# round runs a few steps of `pretrain`, then of `tune`, once per setting, and the table gives the
# median of the tokens per second each run reports (compute only: start-up and validation are not
# in it) and its ratio to glibc's defaults.
#
#   bash model-lab/scripts/bench-allocator.sh [DATA_DIR] [ROUNDS] [STEPS] [CONFIG]
#
# DATA_DIR (default: lab/data) is a data step's output with its tokenizer; ROUNDS (default: 3);
# STEPS (default: 10) of each stage per run; CONFIG (default: default) the model preset.
set -euo pipefail

cd "$(dirname "$0")/../.."
data=${1:-lab/data}
rounds=${2:-3}
steps=${3:-10}
config=${4:-default}
jar=${MODEL_LAB_JAR:-model-lab/target/model-lab.jar}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

launcher=$(sed -n 's/^export GLIBC_TUNABLES=\${GLIBC_TUNABLES:-\(.*\)}$/\1/p' bin/model-lab)
names=(glibc-defaults huge-pages-only bin/model-lab)
settings=("" "glibc.malloc.hugetlb=1" "$launcher")

run() { # stage, setting, out dir, extra options...
	local stage=$1 setting=$2 out=$3
	shift 3
	rm -rf "$out"
	env ${setting:+GLIBC_TUNABLES="$setting"} java -jar "$jar" "$stage" --data "$data" --out "$out" \
		--stop-after "$steps" "$@" 2>&1 | tr '\r' '\n' | sed -n 's/.*stopped after step [0-9]*: .*, \([0-9]*\) tokens\/s.*/\1/p'
}

# a pre-trained checkpoint for tune to start from
env GLIBC_TUNABLES="$launcher" java -jar "$jar" pretrain --data "$data" --config "$config" --out "$work/base" \
	--stop-after "$steps" >/dev/null 2>&1

for ((r = 1; r <= rounds; r++)); do
	for i in "${!names[@]}"; do
		p=$(run pretrain "${settings[$i]}" "$work/p" --config "$config")
		t=$(run tune "${settings[$i]}" "$work/t" --from "$work/base")
		echo "round $r  ${names[$i]}  pretrain $p tokens/s  tune $t tokens/s"
		echo "${names[$i]} pretrain $p" >>"$work/results"
		echo "${names[$i]} tune $t" >>"$work/results"
	done
done

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
echo
echo "| setting | pretrain, tokens/s | ratio | tune, tokens/s | ratio |"
echo "|---|---:|---:|---:|---:|"
bp=$(awk '$1 == "glibc-defaults" && $2 == "pretrain" {print $3}' "$work/results" | median)
bt=$(awk '$1 == "glibc-defaults" && $2 == "tune" {print $3}' "$work/results" | median)
for name in "${names[@]}"; do
	p=$(awk -v n="$name" '$1 == n && $2 == "pretrain" {print $3}' "$work/results" | median)
	t=$(awk -v n="$name" '$1 == n && $2 == "tune" {print $3}' "$work/results" | median)
	awk -v n="$name" -v p="$p" -v t="$t" -v bp="$bp" -v bt="$bt" \
		'BEGIN {printf "| %s | %d | %.2f | %d | %.2f |\n", n, p, p / bp, t, t / bt}'
done
echo
echo "GLIBC_TUNABLES of bin/model-lab: $launcher"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $rounds rounds of $steps steps, config $config"
