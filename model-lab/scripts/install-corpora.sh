#!/usr/bin/env bash
# Installs the Debian packages that model-lab's data step reads (see docs/model-lab.md for what each
# ships and its license). Idempotent: does nothing when all are installed. Needs root (or sudo).
set -euo pipefail

packages=(wordnet-base bible-kjv-text fortunes fortunes-min dict-gcide dict-jargon)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# quiet unless it fails; dict-gcide and dict-jargon pull in the dictd server, which need not run
if ! { "${as_root[@]}" apt-get update -q \
	&& "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
	cat "$log" >&2
	echo "install-corpora: could not install ${missing[*]}" >&2
	exit 1
fi
