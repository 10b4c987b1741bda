#!/bin/sh
# SPDX-License-Identifier: MIT
# report.sh - the machine outputs of `lingerlab run`: the JSON of every
# built-in scenario (and the sandbox with linger=0) is valid against the
# JSON Schema in assets/schema/run.schema.json, typed (numbers, booleans,
# null: no "0"/"yes" strings), versioned; `--format events` prints no
# negative duration and no result on a call that has not returned yet.
# The schema part skips with the reason when python3-jsonschema is missing.
set -u
. "${top_srcdir:-.}/tests/lib.sh"
ll="$top_builddir/src/lingerlab"
schema="$top_srcdir/assets/schema/run.schema.json"
export LANGUAGE=en LC_ALL=C.UTF-8
tap_tmpdir rep
run() { timeout 60 "$ll" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }

run run graceful --format events
check "[ $rc = 0 ] && grep -q ' call ' '$tmp/out' && grep -q ' ret ' '$tmp/out'" \
	"run --format events lists calls and returns"
check "! grep -q '\[-' '$tmp/out'" "--format events: no negative duration"
check "! grep ' call ' '$tmp/out' | grep -q ' = '" \
	"--format events: a call line shows no result (the call has not returned)"
check "grep ' ret  write(' '$tmp/out' | grep -q ' = 5000 .*\[[0-9.]* ms\]'" \
	"--format events: a return line shows its result and its duration"

# Every built-in scenario's JSON.
for scn in "$top_srcdir"/assets/scenarios/*.scn; do
	name=$(basename "$scn" .scn)
	run run "$name" --format json
	cp "$tmp/out" "$tmp/$name.json"
	check "[ $rc = 0 ] && [ -s '$tmp/$name.json' ]" "run $name --format json"
done
run run sandbox --set linger=0 --format json
cp "$tmp/out" "$tmp/sandbox-linger0.json"
check "[ $rc = 0 ]" "run sandbox --set linger=0 --format json"

check "grep -q '\"format_version\": 1,' '$tmp/graceful.json'" "the JSON has a format_version"
check "grep -q '\"client.written\": 5000,' '$tmp/graceful.json' && grep -q '\"client.close_blocked\": false,' '$tmp/graceful.json'" \
	"facts are typed: a number is a number, a yes/no a boolean"
check "grep -q '\"params\": {\"bytes\": 5000, \"closer\": \"client\", \"wire\": \"off\"}' '$tmp/graceful.json'" \
	"parameters are an object"
check "! grep -Eq '\"(yes|no|[0-9]+)\"' '$tmp/graceful.json'" \
	"no number or yes/no written as a string"
check "grep -q '\"client.close_us\": [0-9]' '$tmp/graceful.json'" "close times in microseconds"

if ! command -v python3 >/dev/null 2>&1 || ! python3 -c 'import jsonschema' 2>/dev/null; then
	n=$((n + 1))
	echo "ok $n # SKIP python3-jsonschema is not installed (apt-get install python3-jsonschema)"
	tap_plan
	exit 0
fi
python3 - "$schema" "$tmp"/*.json >"$tmp/val" 2>"$tmp/err" <<'EOF'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
print("schema ok")
for path in sys.argv[2:]:
    try:
        errors = [e.message for e in v.iter_errors(json.load(open(path)))]
    except ValueError as e:
        errors = ["not JSON: %s" % e]
    print("%s %s %s" % ("valid" if not errors else "invalid", path.rsplit("/", 1)[-1],
                        "; ".join(errors[:3])))
EOF
check "grep -qx 'schema ok' '$tmp/val'" "assets/schema/run.schema.json is a valid JSON Schema (2020-12)"
for f in "$tmp"/*.json; do
	b=$(basename "$f")
	check "grep -q '^valid $b' '$tmp/val'" "$b is valid against the schema"
	grep "^invalid $b" "$tmp/val" | sed 's/^/# /'
done
tap_plan
