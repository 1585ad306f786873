#!/usr/bin/env bash
# Trains the tiny dual-head model (TLM) on what an elastic package itself induces, and ships it in
# the package: self-induced keep labels, the score head, the outcomes of every (prompt ratio, model
# level) on the calibration items (right when the greedy answer is the gold one), then the decision
# head. 20 to 40 minutes on 2 cores for the default package. Every step is skipped when its output
# exists.
#
#   bash model-lab/scripts/make-tiny-model.sh [WORK_DIR] [PACKAGE_DIR] [PROFILE]
#
# WORK_DIR (default: lab) gets the data and the runs; PACKAGE_DIR (default: the node's embedded
# default model) gets tlm.json and tlm.onnx; PROFILE (default: the one tlm-outcomes measures) is the
# latency profile the decision labels follow, e.g. a node's `GET /v1/elastic/profile` on the target
# device, as the shipped default's tiny model was trained.
set -euo pipefail

cd "$(dirname "$0")/../.."
work=${1:-lab}
package=${2:-inference-node/src/main/resources/default-model}
profile=${3:-}
jar=${MODEL_LAB_JAR:-model-lab/target/model-lab.jar}
lab() { MODEL_LAB_JAR="$jar" bin/model-lab "$@"; }

bash model-lab/scripts/install-corpora.sh
[ -f "$jar" ] || ./mvnw -q -pl model-lab -am -DskipTests package
mkdir -p "$work"
[ -f "$work/data/data.json" ] || lab data --out "$work/data"

[ -f "$work/tlm-labels/keep-labels.jsonl" ] \
	|| lab tlm-labels --package "$package" --data "$work/data" --out "$work/tlm-labels"
[ -f "$work/tlm-keep/tlm.onnx" ] || lab tlm-train --stage keep --labels "$work/tlm-labels" --out "$work/tlm-keep"
[ -f "$work/tlm-outcomes/outcomes.jsonl" ] \
	|| lab tlm-outcomes --package "$package" --tlm "$work/tlm-keep" --data "$work/data" --out "$work/tlm-outcomes" \
		--scoring exact
[ -f "$work/tlm/tlm.onnx" ] \
	|| lab tlm-train --stage decision --outcomes "$work/tlm-outcomes" --from "$work/tlm-keep" --out "$work/tlm" \
		${profile:+--profile "$profile"}
cp "$work/tlm/tlm.json" "$work/tlm/tlm.onnx" "$package/"
echo "done: $package has the tiny model"
