#!/usr/bin/env bash
# Makes the node's embedded default model from scratch, and the figures of docs/model-lab.md:
# data, tokenizer, pre-training, tuning, elastification (Taylor, and magnitude and random order to
# compare), recovery, the tiny model, recovery on compressed prompts, export, evaluation through the
# engine, and the smaller off-the-shelf model. About 4 hours on 2 cores at glibc's defaults, far less
# through bin/model-lab (pre-training plus tuning: 51 minutes, docs/benchmarks/model-lab-training.md). Every step is skipped when its output exists, and training steps
# resume from their last checkpoint, so the script can be stopped and started again.
#
#   bash model-lab/scripts/make-default-model.sh [WORK_DIR] [ITEMS_PER_TASK]
#
# WORK_DIR (default: lab) gets every run, package and result; ITEMS_PER_TASK (default: 200) is how
# many test items of each task are scored per level. The shipped package is WORK_DIR/package; copy
# it to inference-node/src/main/resources/default-model/ to make it the node's default.
set -euo pipefail

cd "$(dirname "$0")/../.."
work=${1:-lab}
items=${2:-200}
jar=${MODEL_LAB_JAR:-model-lab/target/model-lab.jar}
lab() { MODEL_LAB_JAR="$jar" bin/model-lab "$@"; }
resume() { [ -f "$1/checkpoint/state.json" ] && echo --resume || true; }

bash model-lab/scripts/install-corpora.sh
[ -f "$jar" ] || ./mvnw -q -pl model-lab -am -DskipTests package
mkdir -p "$work"

[ -f "$work/data/data.json" ] || lab data --out "$work/data"
[ -f "$work/data/tokenizer.json" ] || lab tokenizer --data "$work/data"

train() {
	local model=$1
	lab pretrain --data "$work/data" --config "$model" --out "$work/$model-pretrain" $(resume "$work/$model-pretrain")
	if [ -f "$work/$model-tune/checkpoint/state.json" ]; then
		lab tune --data "$work/data" --out "$work/$model-tune" --resume
	else
		lab tune --data "$work/data" --from "$work/$model-pretrain" --out "$work/$model-tune"
	fi
}

train default
[ -f "$work/elastic-taylor/elastic.json" ] \
	|| lab elasticize --run "$work/default-tune" --data "$work/data" --order taylor --out "$work/elastic-taylor"
if [ -f "$work/recovered/checkpoint/state.json" ]; then
	lab recover --data "$work/data" --out "$work/recovered" --resume
else
	lab recover --data "$work/data" --from "$work/elastic-taylor" --out "$work/recovered"
fi
[ -f "$work/package-joint/manifest.json" ] \
	|| lab export --run "$work/recovered" --data "$work/data" --out "$work/package-joint" --name elms-default
# the tiny model, trained on what the recovered package itself induces
bash model-lab/scripts/make-tiny-model.sh "$work" "$work/package-joint"
# recovery goes on with half of its batches on system prompts that tiny model compressed, as the
# node serves them; the shipped package keeps that tiny model
if [ -f "$work/recovered-compressed/checkpoint/state.json" ]; then
	lab recover --data "$work/data" --out "$work/recovered-compressed" --resume
else
	lab recover --data "$work/data" --from "$work/package-joint" --compress-with "$work/package-joint" \
		--out "$work/recovered-compressed"
fi
if [ ! -f "$work/package/manifest.json" ]; then
	lab export --run "$work/recovered-compressed" --data "$work/data" --out "$work/package" --name elms-default
	cp "$work/package-joint/tlm.json" "$work/package-joint/tlm.onnx" "$work/package/"
	# the LaCo baseline's ladder, chosen on the package through the engine
	lab collapse --package "$work/package" --data "$work/data"
fi

mkdir -p "$work/results"
evaluate() {
	local name=$1
	shift
	[ -f "$work/results/$name.json" ] \
		|| lab evaluate --data "$work/data" --items "$items" --out "$work/results/$name.json" "$@"
}
evaluate recovered --package "$work/package"

# what the reordering and the recovery buy: Taylor order without recovery, magnitude and random
# order (and, next, the published per-level low-rank adapters)
for order in magnitude random; do
	[ -f "$work/elastic-$order/elastic.json" ] \
		|| lab elasticize --run "$work/default-tune" --data "$work/data" --order "$order" --out "$work/elastic-$order"
done
for order in taylor magnitude random; do
	[ -f "$work/package-$order/manifest.json" ] \
		|| lab export --run "$work/elastic-$order" --data "$work/data" --out "$work/package-$order" --name "elms-default-$order"
done
evaluate taylor --package "$work/package-taylor"
# the orderings compared at every other level
for order in magnitude random; do
	evaluate "$order" --package "$work/package-$order" --levels 0.2,0.4,0.6,0.8,1.0
done

# the published per-level low-rank adapters at the smallest level, against the joint recovery
[ -f "$work/low-rank-0.2/adapters.safetensors" ] || lab recover --method low-rank --level 0.2 --data "$work/data" \
	--from "$work/elastic-taylor" --out "$work/low-rank-0.2"

train small
[ -f "$work/package-small/manifest.json" ] \
	|| lab export --run "$work/small-tune" --data "$work/data" --out "$work/package-small" --name elms-small
evaluate small --package "$work/package-small" --levels 1.0

echo "done: the package is $work/package, the results are in $work/results/"
