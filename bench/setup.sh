#!/bin/sh
# The benchmarks' own set-up: the peers the runner is compared with, from Debian's packages
# (cram3, bats, shelltestrunner). As root it installs them; otherwise it says what is missing, and the
# benchmark leaves those rows out.
missing=""
command -v cram3 >/dev/null 2>&1 || missing="$missing python3-cram"
command -v bats >/dev/null 2>&1 || missing="$missing bats"
command -v shelltest >/dev/null 2>&1 || missing="$missing shelltestrunner"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
else
  echo "bench: not installed:$missing (apt-get install them to compare with repro run)" >&2
fi
exit 0
