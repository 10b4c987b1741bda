#!/bin/sh
# SPDX-License-Identifier: MIT
# cli.sh - the command line as a user meets it: help and version, exit
# codes, clear errors with file:line for bad scenarios, refused --set
# values, an unwritable --pcap, a run's text and JSON, the time limit, and
# that an interrupted run leaves no process behind.
set -u
. "${top_srcdir:-.}/tests/lib.sh"
ll="$top_builddir/src/lingerlab"
export LANGUAGE=en LC_ALL=C.UTF-8
tap_tmpdir cli
run() { timeout 30 "$ll" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }

run --help
check "[ $rc = 0 ] && grep -q '^Usage: lingerlab' '$tmp/out'" "--help prints the usage, exit 0"
run --version
check "[ $rc = 0 ] && grep -qx 'lingerlab [0-9.]*' '$tmp/out'" "--version prints the version, exit 0"
run --frobnicate
check "[ $rc = 2 ] && grep -q \"unknown option '--frobnicate'\" '$tmp/err'" "an unknown option: exit 2 with its name"
run dance
check "[ $rc = 2 ] && grep -q \"unknown command 'dance'\" '$tmp/err'" "an unknown command: exit 2"
run --lang klingon run graceful
check "[ $rc = 2 ] && grep -q 'klingon' '$tmp/err'" "an unknown language: exit 2"
for c in run view scenarios lessons analyze doctor; do
	run $c --help
	check "[ $rc = 0 ] && grep -qi '^usage: lingerlab $c' '$tmp/out' && grep -q -- '--lang' '$tmp/out' && [ ! -s '$tmp/err' ]" \
		"$c --help prints its own usage on stdout, exit 0"
done
run run --frobnicate
check "[ $rc = 2 ] && grep -q \"unknown option '--frobnicate'\" '$tmp/err' && grep -q \"lingerlab run --help\" '$tmp/err'" \
	"an unknown option of a command: exit 2, names the option and the command's --help"
run run graceful --set
check "[ $rc = 2 ] && grep -q -- '--set' '$tmp/err'" "an option without its value: exit 2, named"
run scenarios --lang fr --frobnicate
check "[ $rc = 2 ] && grep -q -- '--frobnicate' '$tmp/err' && grep -q 'inconnue' '$tmp/err'" \
	"--lang after the command applies to its messages"
run doctor --lang=zh_CN --help
check "[ $rc = 0 ] && grep -q '用法' '$tmp/out'" "--lang=LANG after the command: the usage in that language"
run scenarios --lang
check "[ $rc = 2 ] && grep -q -- '--lang' '$tmp/err'" "--lang without a value: exit 2"
run scenarios -- --help
check "[ $rc = 2 ] && grep -q \"unexpected argument '--help'\" '$tmp/err'" "-- ends the options: what follows is an operand"
run lessons --check --dir "$tmp" -- "$tmp/none"
check "[ $rc = 1 ] && grep -q '$tmp/none' '$tmp/err'" "lessons --check -- DIR: the folder after -- is checked"
run run
check "[ $rc = 2 ] && grep -q 'scenarios' '$tmp/err'" "run without a scenario: exit 2, points to 'lingerlab scenarios'"
run run no-such-thing
check "[ $rc = 2 ] && grep -q \"no scenario 'no-such-thing'\" '$tmp/err'" "an unknown scenario: exit 2"

printf 'scenario broken\nserver\n    listen\nclient\n    connect\n    write many\n' >"$tmp/broken.scn"
run run "$tmp/broken.scn"
check "[ $rc = 1 ] && grep -q 'broken.scn:6: expected: write BYTES' '$tmp/err'" "a malformed scenario (a damaged input file): file:line and what was expected, exit 1"

run run abortive --set linger=-1
check "[ $rc = 2 ] && grep -q 'wait forever' '$tmp/err'" "--set linger=-1 is refused, explaining what the kernel would do"
run run abortive --set nosuch=1
check "[ $rc = 2 ] && grep -q \"no parameter 'nosuch'\" '$tmp/err'" "an unknown --set parameter: exit 2"
run run abortive --set bytes=lots
check "[ $rc = 2 ] && grep -q 'bytes' '$tmp/err'" "a bad --set value: exit 2"
run run abortive --set linger=100000
check "[ $rc = 2 ] && grep -q 'out of range' '$tmp/err'" "an out-of-range --set value: exit 2"
run run graceful --format yaml
check "[ $rc = 2 ]" "an unknown --format: exit 2"

# No hangs, no injection: a FIFO where a file is expected is refused at
# once; control characters from files are shown escaped.
mkfifo "$tmp/fifo.scn"
run run "$tmp/fifo.scn"
check "[ $rc = 1 ] && grep -q 'fifo.scn: not a regular file' '$tmp/err'" "a FIFO as the scenario file: refused at once, exit 1"
mkdir "$tmp/les" && mkfifo "$tmp/les/01-fifo.en.lesson"
run lessons --show fifo --dir "$tmp/les"
check "[ $rc = 1 ] && grep -q '01-fifo.en.lesson: not a regular file' '$tmp/err'" "a FIFO as a lesson file: refused at once, exit 1"
run lessons --check "$tmp/les"
check "[ $rc = 1 ] && grep -q 'not a regular file' '$tmp/err'" "lessons --check with a FIFO in the folder: a problem, no hang"
mkdir "$tmp/evil"
printf 'scenario evil\ntitle \033]0;pwned\007 \342\200\256gnp.exe\nparam x 1 0..9 \033[2J\nserver\n    listen\nclient\n    connect\n' >"$tmp/evil/evil.scn"
LINGERLAB_SCENARIOS="$tmp/evil" run scenarios
check "! grep -q \"\$(printf '\\033')\" '$tmp/out' && grep -q 'x1b]0;pwned.x07 .u202egnp.exe' '$tmp/out' && grep -qF '\\x1b[2J' '$tmp/out'" \
	"scenarios shows control characters of a scenario file escaped (\\x1b, \\u202e), never raw"
printf 'scenario evil\n\033[2Jbad\n' >"$tmp/evil2.scn"
run run "$tmp/evil2.scn"
check "[ $rc = 1 ] && ! grep -q \"\$(printf '\\033')\" '$tmp/err' && grep -qF '\\x1b[2Jbad' '$tmp/err'" \
	"an error message echoing a file's bytes shows them escaped"

# Exit codes: a folder that is not there is an error.
run lessons --dir /nonexistent
check "[ $rc = 1 ] && grep -q '/nonexistent: No such file or directory' '$tmp/err'" "lessons --dir /nonexistent: exit 1, said"
run --lessons-dir /nonexistent lessons
check "[ $rc = 1 ] && grep -q '/nonexistent' '$tmp/err'" "--lessons-dir /nonexistent: exit 1, said"

# Plural forms and translated scenarios.
mkdir "$tmp/one" && cp "$top_srcdir/lessons/01-getting-around.en.lesson" "$tmp/one/"
run lessons --check "$tmp/one"
check "grep -q '1 lesson file,' '$tmp/out'" "lessons --check: '1 lesson file' (singular)"
run --lang fr lessons --check "$tmp/one"
check "grep -q '1 fichier de leçon,' '$tmp/out'" "lessons --check in French: « 1 fichier de leçon » (singular)"
run --lang fr scenarios
check "[ $rc = 0 ] && grep -q 'Fermeture ordonnée' '$tmp/out' && grep -q 'qui appelle close() en premier' '$tmp/out'" \
	"scenarios in French: titles and parameter help translated"
run --lang zh_CN scenarios
check "[ $rc = 0 ] && grep -q '正常关闭' '$tmp/out'" "scenarios in Chinese: titles translated"
"$top_srcdir/po/scenario-strings.sh" "$top_srcdir" >"$tmp/strings.c"
check "cmp -s '$tmp/strings.c' '$top_srcdir/po/scenario-strings.c'" \
	"po/scenario-strings.c is up to date with assets/scenarios (else run po/scenario-strings.sh and translate)"

run scenarios
check "[ $rc = 0 ] && [ \$(grep -c '^[a-z]' '$tmp/out') -ge 14 ] && grep -q -- '--set linger=0' '$tmp/out'" \
	"scenarios lists at least 14 scenarios with their parameters"

run run graceful --pcap "$tmp/g.pcap"
check "[ $rc = 0 ] && grep -q '\[F\.\]' '$tmp/out' && grep -q 'TIME_WAIT' '$tmp/out' && grep -q 'First to close: the client' '$tmp/out'" \
	"run graceful: a ladder with FIN and TIME_WAIT, and the verdict"
check "[ -s '$tmp/g.pcap' ]" "run --pcap writes the capture"
run run abortive --format json
check "[ $rc = 0 ] && grep -q '\"client.sent\": \"rst\"' '$tmp/out' && grep -q '\"server.read_end\": \"reset\"' '$tmp/out' && grep -q '\"kind\": \"packet\"' '$tmp/out'" \
	"run --format json carries events and facts"
LC_ALL=C LANG=C run run abortive
check "[ $rc = 0 ] && grep -q '\[R' '$tmp/out'" "under LANG=C the run works too"

printf 'scenario stuck\nlimit 300ms\nserver\n    listen\n    accept\n    read eof\nclient\n    connect\n    read eof\n' >"$tmp/stuck.scn"
run run "$tmp/stuck.scn"
check "[ $rc = 1 ] && grep -q 'Time limit reached' '$tmp/out'" "a run that hangs hits its time limit: exit 1, said on the ladder"

run doctor
check "[ $rc = 0 ] && grep -q 'private network namespace' '$tmp/out' && ! grep -q 'FAIL' '$tmp/out'" \
	"doctor finds everything the lab needs here"

# Interrupted runs leave nothing behind: the lab and both sides are gone.
descendants() {
	for c in $(pgrep -P "$1"); do echo "$c"; descendants "$c"; done
}
for sig in TERM INT HUP; do
	"$ll" run linger-timeout --set linger=20 >/dev/null 2>&1 &
	pid=$!
	sleep 0.5
	kids=$(descendants $pid)
	kill -$sig $pid
	wait $pid; rc=$?
	sleep 0.2
	left=""
	for k in $kids; do kill -0 "$k" 2>/dev/null && left="$left $k"; done
	check "[ -n '$kids' ] && [ -z '$left' ] && [ $rc -gt 128 ]" \
		"SIG$sig during a lingering close: exit by the signal ($rc), no process left (had: $(echo $kids))"
done
tap_plan
